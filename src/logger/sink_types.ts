/**
 * The registry of sink types that `configure()` can build from plain
 * objects (`{ type: "file", path: "./logs/app.log", flushBytes: "64K" }`),
 * and the option reader that validates their options with error messages
 * naming the configuration path. Built in: `file` and `console`; other
 * sinks join with {@linkcode registerSinkType}.
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import { getPlatform } from "../runtime/detect.ts";
import { createFileSink } from "../sinks/file_sink.ts";
import { createRelpSink } from "../sinks/relp_sink.ts";
import { createRotatingFileSink } from "../sinks/rotating_file_sink.ts";
import { syslogSeverities } from "../network/syslog_priority.ts";
import { createSyslogSink } from "../sinks/syslog_sink.ts";
import { parseDuration, parseSize } from "../options/units.ts";
import { safeJson } from "./_safe_json.ts";
import { createConsoleSink } from "./console_sink.ts";
import type { LogSink } from "./log_sink.ts";

/**
 * How an option is read: a string, a size (`"64K"` or bytes), a duration
 * (`"200ms"` or milliseconds), a non-negative integer, a boolean, a list
 * of strings, or one of the given strings.
 *
 * @example Usage
 * ```ts
 * import { registerSinkType } from "logrotor";
 * import { type OptionKind } from "logrotor/compose";
 *
 * const schema: Record<string, OptionKind> = {
 *   url: "string",
 *   batchBytes: "size",
 *   timeout: "duration",
 *   retries: "integer",
 *   gzip: "boolean",
 *   tags: "strings",
 *   method: ["POST", "PUT"],
 * };
 * registerSinkType("http-doc-example", (options) => {
 *   const settings = options.pick(schema);
 *   return { write: (line: string) => void [settings, line] };
 * });
 * ```
 */
export type OptionKind =
  | "string"
  | "size"
  | "duration"
  | "integer"
  | "boolean"
  | "strings"
  | readonly string[];

/**
 * Reads and checks the options of one configured sink. Every read marks
 * the key as known; keys nobody read are reported as unknown after the
 * factory returns. Errors name the configuration path, such as
 * `sinks.file.flushBytes`.
 *
 * @example Usage
 * ```ts
 * import { registerSinkType } from "logrotor";
 *
 * registerSinkType("reader-doc-example", (options) => {
 *   const path = options.require("path", "string") as string;
 *   const rest = options.pick({ flushBytes: "size", mode: ["append", "truncate"] });
 *   return { write: (line: string) => void [path, rest, line] };
 * });
 * ```
 */
export interface SinkOptionReader {
  /** The configuration path of the sink (`sinks.file`). */
  readonly path: string;
  /**
   * The `onDiagnostic` listener given to `configure()`, for the factory to
   * hand to its sink (so the sink's reports reach it); `undefined` when
   * none was given.
   */
  readonly onDiagnostic: DiagnosticListener | undefined;
  /**
   * Reads one option; `undefined` when it is absent.
   * @throws {TypeError} When the value has the wrong type or is not
   * allowed (also a size or duration that cannot be parsed).
   * @throws {RangeError} When a number is negative.
   */
  get(key: string, kind: OptionKind): unknown;
  /**
   * Reads one option that must be present.
   * @throws {TypeError} When it is absent or has the wrong type.
   */
  require(key: string, kind: OptionKind): unknown;
  /**
   * Reads several options at once into an object holding only the keys
   * that are present: `pick({ flushBytes: "size", mode: ["append",
   * "truncate"] })`.
   */
  pick(schema: Readonly<Record<string, OptionKind>>): Record<string, unknown>;
}

/**
 * Builds a sink from its checked options. Errors it throws become
 * configuration errors naming the sink's path.
 *
 * @example Usage
 * ```ts
 * import type { SinkTypeFactory } from "logrotor/compose";
 *
 * const memory: SinkTypeFactory = (options) => {
 *   const limit = options.get("limit", "size") as number | undefined;
 *   const lines: string[] = [];
 *   return {
 *     write: (line: string) => {
 *       if (limit === undefined || lines.length < limit) lines.push(line);
 *     },
 *   };
 * };
 * ```
 */
export type SinkTypeFactory = (options: SinkOptionReader) => LogSink;

function identifier(key: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(key);
}

/**
 * A configuration path: `loggers.app.level`, `loggers["app.db"].level`.
 *
 * @param parent The parent path (`""` at the top).
 * @param key The key below it.
 * @returns The joined path.
 */
export function configPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (identifier(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * A value as shown after "current value is": JSON, shortened.
 *
 * @param value Anything.
 * @returns Printable text.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  const text = safeJson(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Throws a configuration error in the house form.
 *
 * @param kind The error class.
 * @param path The configuration path.
 * @param rule What the value must be.
 * @param value The value given.
 */
export function configError(
  kind: typeof TypeError | typeof RangeError,
  path: string,
  rule: string,
  value: unknown,
): never {
  throw new kind(
    `Cannot configure logging as ${path} ${rule}: current value is ${
      showValue(value)
    }`,
  );
}

/**
 * Checks one configuration value.
 *
 * @param path Its configuration path.
 * @param value The value.
 * @param kind How to read it.
 * @returns The value in its canonical form (sizes and durations as numbers).
 */
export function readOption(
  path: string,
  value: unknown,
  kind: OptionKind,
): unknown {
  if (typeof kind !== "string") {
    if (typeof value !== "string" || !kind.includes(value)) {
      configError(
        TypeError,
        path,
        `must be one of ${kind.map((k) => `"${k}"`).join(", ")}`,
        value,
      );
    }
    return value;
  }
  switch (kind) {
    case "string":
      if (typeof value !== "string" || value === "") {
        configError(TypeError, path, "must be a non-empty string", value);
      }
      return value;
    case "boolean":
      if (typeof value !== "boolean") {
        configError(TypeError, path, "must be a boolean", value);
      }
      return value;
    case "strings":
      if (
        !Array.isArray(value) || !value.every((v) => typeof v === "string")
      ) {
        configError(TypeError, path, "must be an array of strings", value);
      }
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        configError(TypeError, path, "must be an integer", value);
      }
      if (value < 0) configError(RangeError, path, "must be >= 0", value);
      return value;
    case "size":
    case "duration": {
      const example = kind === "size"
        ? 'a size such as "64K" or a number of bytes'
        : 'a duration such as "200ms" or a number of milliseconds';
      if (typeof value === "number") {
        if (!Number.isInteger(value)) {
          configError(TypeError, path, `must be ${example}`, value);
        }
        if (value < 0) configError(RangeError, path, "must be >= 0", value);
        return value;
      }
      if (typeof value !== "string") {
        configError(TypeError, path, `must be ${example}`, value);
      }
      try {
        return kind === "size" ? parseSize(value) : parseDuration(value);
      } catch {
        // A wrong value like any other: the same TypeError as `true`.
        configError(TypeError, path, `must be ${example}`, value);
      }
    }
  }
}

class OptionReader implements SinkOptionReader {
  readonly path: string;
  readonly onDiagnostic: DiagnosticListener | undefined;
  readonly #options: Readonly<Record<string, unknown>>;
  readonly #read = new Set<string>();

  constructor(
    path: string,
    options: Readonly<Record<string, unknown>>,
    onDiagnostic: DiagnosticListener | undefined,
  ) {
    this.path = path;
    this.onDiagnostic = onDiagnostic;
    this.#options = options;
  }

  get(key: string, kind: OptionKind): unknown {
    this.#read.add(key);
    if (!Object.hasOwn(this.#options, key)) return undefined;
    const value = this.#options[key];
    if (value === undefined) return undefined;
    return readOption(configPath(this.path, key), value, kind);
  }

  require(key: string, kind: OptionKind): unknown {
    const value = this.get(key, kind);
    if (value === undefined) {
      configError(TypeError, configPath(this.path, key), "is required", value);
    }
    return value;
  }

  pick(schema: Readonly<Record<string, OptionKind>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, kind] of Object.entries(schema)) {
      const value = this.get(key, kind);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  unreadKeys(): string[] {
    return Object.keys(this.#options).filter((key) => !this.#read.has(key));
  }

  knownKeys(): string[] {
    return [...this.#read];
  }
}

/**
 * Runs a factory over options, then rejects keys it did not read. Internal
 * to `configure()`.
 *
 * @param factory The sink type's factory.
 * @param path The sink's configuration path.
 * @param options Its options (without `type`, `formatter`, `level`,
 * `filters`).
 * @param onUnknown Called with what was built before an unknown key is
 * reported (to close it).
 * @param onDiagnostic The listener given to `configure()`.
 * @returns The sink.
 */
export function buildWithReader<T>(
  build: (reader: SinkOptionReader) => T,
  path: string,
  options: Readonly<Record<string, unknown>>,
  onUnknown?: (built: T) => void,
  onDiagnostic?: DiagnosticListener,
): T {
  const reader = new OptionReader(path, options, onDiagnostic);
  const built = build(reader);
  const unread = reader.unreadKeys();
  if (unread.length > 0) {
    onUnknown?.(built);
    const key = unread[0] as string;
    const known = reader.knownKeys();
    throw new TypeError(
      `Cannot configure logging as ${
        configPath(path, key)
      } is not a known option: known options are ${
        ["type", ...known].join(", ")
      }`,
    );
  }
  return built;
}

const fileSinkSchema: Readonly<Record<string, OptionKind>> = {
  flushBytes: "size",
  flushIntervalMs: "duration",
  maxBufferedBytes: "size",
  overflow: ["block", "drop-new", "drop-old"],
  blockTimeoutMs: "duration",
  fsync: ["close", "flush", "never"],
  maxLineBytes: "size",
  flushOnExit: "boolean",
  mode: ["append", "truncate"],
  mkdir: "boolean",
  onLocked: ["numbered", "wait", "fail"],
  shared: "boolean",
  maxVariants: "integer",
  waitMaxDelayMs: "duration",
  onDiskFull: ["fallback", "block", "drop"],
  fallback: ["stdout", "stderr"],
  minFreeBytes: "size",
  recoveryIntervalMs: "duration",
  cleanupBytes: "size",
  truncateOnDiskFull: "boolean",
  replayBytes: "size",
};

/** `{ onDiagnostic }` when `configure()` was given a listener, else `{}`. */
function listenerOf(
  options: SinkOptionReader,
): { onDiagnostic?: DiagnosticListener } {
  return options.onDiagnostic === undefined
    ? {}
    : { onDiagnostic: options.onDiagnostic };
}

function fileSinkFactory(options: SinkOptionReader): LogSink {
  const path = options.require("path", "string") as string;
  return createFileSink(path, {
    ...options.pick(fileSinkSchema),
    ...listenerOf(options),
  });
}

const { mode: _mode, ...appendOnlySchema } = fileSinkSchema;

const rotatingSinkSchema: Readonly<Record<string, OptionKind>> = {
  ...appendOnlySchema,
  maxBytes: "size",
  every: ["never", "hourly", "daily"],
  timeZone: "string",
  keep: "integer",
  maxAgeMs: "duration",
  maxTotalBytes: "size",
  compressionLevel: "integer",
  checkIntervalMs: "duration",
};

function rotatingFileSinkFactory(options: SinkOptionReader): LogSink {
  const path = options.require("path", "string") as string;
  const picked = options.pick(rotatingSinkSchema);
  const compress = options.get("compress", ["gzip", "none"]);
  return createRotatingFileSink(path, {
    ...picked,
    ...(compress === "gzip" ? { compress: "gzip" as const } : {}),
    ...listenerOf(options),
  });
}

const networkSinkSchema: Readonly<Record<string, OptionKind>> = {
  port: "integer",
  facility: "string",
  appName: "string",
  hostname: "string",
  procId: "string",
  msgId: "string",
  bom: "boolean",
  severity: syslogSeverities,
  maxQueuedMessages: "integer",
  maxQueuedBytes: "size",
  overflow: ["drop-old", "drop-new"],
  dropMarker: "boolean",
  maxMessageBytes: "size",
  batchBytes: "size",
  reconnectMinMs: "duration",
  reconnectMaxMs: "duration",
  connectTimeoutMs: "duration",
  closeTimeoutMs: "duration",
  reportLossOnExit: "boolean",
};

const decoder = new TextDecoder();

/** TLS settings from flat keys: `tlsCaFile`, `tlsRejectUnauthorized`, `tlsServername`. */
function tlsOptions(options: SinkOptionReader): Record<string, unknown> {
  const tls: Record<string, unknown> = {};
  const caFile = options.get("tlsCaFile", "string") as string | undefined;
  if (caFile !== undefined) {
    tls["ca"] = decoder.decode(getPlatform().fs.readFile(caFile));
  }
  const reject = options.get("tlsRejectUnauthorized", "boolean");
  if (reject !== undefined) tls["rejectUnauthorized"] = reject;
  const servername = options.get("tlsServername", "string");
  if (servername !== undefined) tls["servername"] = servername;
  return tls;
}

function syslogSinkFactory(options: SinkOptionReader): LogSink {
  const host = options.require("host", "string") as string;
  const tls = tlsOptions(options);
  return createSyslogSink({
    host,
    ...options.pick({
      ...networkSinkSchema,
      transport: ["tcp", "tls"],
      framing: ["octet-counting", "lf"],
      resendWindow: "integer",
      resendWindowMs: "duration",
    }),
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
    ...listenerOf(options),
  });
}

function relpSinkFactory(options: SinkOptionReader): LogSink {
  const host = options.require("host", "string") as string;
  return createRelpSink({
    host,
    ...options.pick({ ...networkSinkSchema, windowSize: "integer" }),
    ...listenerOf(options),
  });
}

function consoleSinkFactory(options: SinkOptionReader): LogSink {
  return createConsoleSink(options.pick({ stream: ["stdout", "stderr"] }));
}

const sinkTypes = new Map<string, SinkTypeFactory>([
  ["file", fileSinkFactory],
  ["rotating-file", rotatingFileSinkFactory],
  ["syslog", syslogSinkFactory],
  ["relp", relpSinkFactory],
  ["console", consoleSinkFactory],
]);

/**
 * Makes a sink type available to `configure()`: a configured sink
 * `{ type: name, …options }` is built by `factory`, which reads its
 * options through the reader (so sizes, durations and unknown keys are
 * checked with messages naming the configuration path).
 *
 * @param name The `type` to register, such as `"rotating-file"`.
 * @param factory Builds the sink from its options.
 * @throws {TypeError} When the name is empty or already registered.
 *
 * @example Usage
 * ```ts
 * import { registerSinkType } from "logrotor";
 *
 * const lines: string[] = [];
 * registerSinkType("memory-doc-example", (options) => {
 *   const prefix = (options.get("prefix", "string") as string) ?? "";
 *   return { write: (line: string) => lines.push(prefix + line) };
 * });
 * ```
 */
export function registerSinkType(name: string, factory: SinkTypeFactory): void {
  if (typeof name !== "string" || name === "") {
    throw new TypeError(
      `Cannot register sink type as the name must be a non-empty string: current value is ${
        showValue(name)
      }`,
    );
  }
  if (typeof factory !== "function") {
    throw new TypeError(
      `Cannot register sink type as the factory must be a function: current value is ${
        showValue(factory)
      }`,
    );
  }
  if (sinkTypes.has(name)) {
    throw new TypeError(
      `Cannot register sink type as the name is already registered: current value is ${
        showValue(name)
      }`,
    );
  }
  sinkTypes.set(name, factory);
}

/**
 * The factory of a registered sink type. Internal to `configure()`.
 *
 * @param name The type.
 * @returns Its factory, or `undefined`.
 */
export function sinkFactory(name: string): SinkTypeFactory | undefined {
  return sinkTypes.get(name);
}

/**
 * The registered sink type names. Internal to `configure()`.
 *
 * @returns The names, built-in first.
 */
export function sinkTypeNames(): string[] {
  return [...sinkTypes.keys()];
}
