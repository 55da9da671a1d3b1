/**
 * The socket sink's records: femtologging's MessagePack map
 * `{logger, level, message, timestamp_ns, filename, line_number,
 * module_path, thread_id, thread_name, key_values}`, built from a text line
 * or from a logger record.
 *
 * What JavaScript gives cheaply is filled: `logger`, `level` (femtologging's
 * names `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `CRITICAL`), `message`,
 * `timestamp_ns` (the record's millisecond time × 10^6, a uint64),
 * `key_values` (the record's fields as a real map; `{}` for a text line).
 * `thread_id` is 0 and `thread_name` `"main"` (one JavaScript thread runs
 * the logger). `filename`, `line_number` and `module_path` are nil: they
 * would need a stack trace per record.
 *
 * @module
 */
import { MsgpackEncoder } from "./msgpack.ts";
import type { MessageFormat } from "./network_options.ts";

/**
 * What a socket record is made of; a logger `LogRecord` fits.
 *
 * @example Usage
 * ```ts
 * import type { SocketRecord } from "logrotor/compose";
 *
 * const record: SocketRecord = {
 *   time: Date.now(),
 *   level: "info",
 *   logger: "app.db",
 *   message: "connected",
 *   fields: { pool: 4 },
 * };
 * ```
 */
export interface SocketRecord {
  /** Milliseconds since the epoch. */
  readonly time: number;
  /** A logrotor level (`"info"`, sent as `"INFO"`) or a name sent as it is. */
  readonly level: string;
  /** The logger's name. */
  readonly logger: string;
  /** The message. */
  readonly message: string;
  /** Structured fields: sent as the `key_values` map. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

const levelNames: Readonly<Record<string, string>> = {
  trace: "TRACE",
  debug: "DEBUG",
  info: "INFO",
  warn: "WARN",
  error: "ERROR",
  fatal: "CRITICAL",
};

/**
 * femtologging's level name for a logrotor level (`fatal` → `CRITICAL`).
 *
 * @param level A logrotor level or another name.
 * @returns femtologging's name; other names as they are.
 *
 * @example Usage
 * ```ts
 * import { socketLevelName } from "./socket_record.ts";
 *
 * socketLevelName("fatal"); // "CRITICAL"
 * socketLevelName("warn"); // "WARN"
 * ```
 */
export function socketLevelName(level: string): string {
  return levelNames[level] ?? String(level);
}

const keyBytes = (() => {
  const enc = new MsgpackEncoder();
  const key = (k: string) => enc.encode(k);
  return {
    head: Uint8Array.of(0x8a), // a map of 10 entries
    logger: key("logger"),
    level: key("level"),
    message: key("message"),
    timestamp: key("timestamp_ns"),
    // filename, line_number, module_path: nil; thread_id 0, thread_name "main"
    fixed: enc.encode([
      "filename",
      null,
      "line_number",
      null,
      "module_path",
      null,
      "thread_id",
      0,
      "thread_name",
      "main",
    ]).subarray(1), // the array's items without its header: keys and values
    keyValues: key("key_values"),
  };
})();

const noFields: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Encodes socket records as MessagePack maps with femtologging's keys.
 *
 * @example Usage
 * ```ts
 * import { SocketRecordEncoder } from "./socket_record.ts";
 *
 * const enc = new SocketRecordEncoder();
 * const bytes = enc.encode({
 *   time: 1_700_000_000_000,
 *   level: "warn",
 *   logger: "app",
 *   message: "disk 91% full",
 *   fields: { mount: "/var" },
 * });
 * bytes[0]; // 0x8a: a map of 10 entries
 * ```
 */
export class SocketRecordEncoder {
  readonly #enc = new MsgpackEncoder();

  /**
   * Encodes one record.
   *
   * @param record The record.
   * @returns Its MessagePack map.
   */
  encode(record: SocketRecord): Uint8Array {
    const enc = this.#enc;
    enc.start(0);
    enc.raw(keyBytes.head);
    enc.raw(keyBytes.logger);
    enc.write(String(record.logger));
    enc.raw(keyBytes.level);
    enc.write(socketLevelName(record.level));
    enc.raw(keyBytes.message);
    enc.write(String(record.message));
    enc.raw(keyBytes.timestamp);
    // ms × 10^6 as a uint64, exactly, without a BigInt per record.
    let ms = Math.trunc(Number(record.time));
    if (!(ms >= 0 && ms < 2 ** 52)) ms = 0;
    const msHi = Math.floor(ms / 2 ** 32);
    const low = (ms - msHi * 2 ** 32) * 1_000_000; // < 2^52: exact
    const carry = Math.floor(low / 2 ** 32);
    enc.uint64(msHi * 1_000_000 + carry, low - carry * 2 ** 32);
    enc.raw(keyBytes.fixed);
    enc.raw(keyBytes.keyValues);
    const fields = record.fields;
    try {
      enc.write(
        typeof fields === "object" && fields !== null ? fields : noFields,
      );
    } catch (err) {
      // A getter or toJSON() that throws: the record goes without its fields.
      return this.encode({
        time: record.time,
        level: record.level,
        logger: record.logger,
        message: record.message,
        fields: {
          logrotor_error: `fields could not be encoded: ${
            err instanceof Error ? err.message : String(err)
          }`,
        },
      });
    }
    return enc.end();
  }
}

/** femtologging's level for a syslog severity number (markers are 4: WARN). */
function severityLevel(severity: number): string {
  return severity <= 2
    ? "CRITICAL"
    : severity === 3
    ? "ERROR"
    : severity === 4
    ? "WARN"
    : severity === 7
    ? "DEBUG"
    : "INFO";
}

/**
 * The socket sink's {@linkcode MessageFormat} for text lines: each line is
 * a record of the sink's logger `name` at level `INFO` (the sink's own drop
 * markers are `WARN`), with empty `key_values`.
 *
 * @example Usage
 * ```ts
 * import { SocketLineFormat } from "./socket_record.ts";
 *
 * const format = new SocketLineFormat("app");
 * format.format("started", 6, Date.now())[0]; // 0x8a
 * ```
 */
export class SocketLineFormat implements MessageFormat {
  readonly #name: string;
  readonly #encoder: SocketRecordEncoder;

  /**
   * @param name The logger name of written lines.
   * @param encoder The record encoder (shared with `writeRecord`).
   */
  constructor(name: string, encoder = new SocketRecordEncoder()) {
    this.#name = name;
    this.#encoder = encoder;
  }

  /** One line → one record. */
  format(line: string, severity: number, now: number): Uint8Array {
    return this.#encoder.encode({
      time: now,
      level: severityLevel(severity),
      logger: this.#name,
      message: line,
    });
  }
}
