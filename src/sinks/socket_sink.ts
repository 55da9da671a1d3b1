/**
 * The socket sink (femtologging's socket handler): each record is one
 * frame, a 4-byte big-endian length and a MessagePack map
 * `{logger, level, message, timestamp_ns, filename, line_number,
 * module_path, thread_id, thread_name, key_values}`, sent over TCP (default
 * `localhost:9020`), TLS (verified by default) or a Unix stream socket.
 *
 * Delivery is at-least-once with a resend window, like the syslog sink's:
 * the receiver sends no acknowledgements, so after a broken connection the
 * last `resendWindow` frames are sent again (possible duplicates, counted
 * in `stats().resent`) and older frames on that connection (those that were
 * in the kernel's buffers when the receiver went away) are counted in
 * `stats().unconfirmed`. Records written while the receiver is down wait
 * in the bounded queue and are sent once it is up.
 *
 * @module
 */
import {
  choiceOption,
  functionOption,
  integerOption,
  maxTimerMs,
  optionsObject,
  rejectUnknownKeys,
} from "../options/validate.ts";
import type { NetTlsOptions } from "../runtime/net_driver.ts";
import type { DiagnosticListener } from "../diagnostics.ts";
import { FrameWire } from "../network/frame_wire.ts";
import type { NetworkSinkOptions } from "../network/network_options.ts";
import { SocketSink } from "../network/record_sink.ts";
import type { QueueOverflowPolicy } from "../network/replay_queue.ts";
import {
  SocketLineFormat,
  SocketRecordEncoder,
} from "../network/socket_record.ts";

/**
 * Reconnect backoff of the socket sink, with femtologging's knobs.
 *
 * @example Usage
 * ```ts
 * import { createSocketSink } from "logrotor";
 *
 * const sink = createSocketSink({
 *   backoff: { baseMs: 100, capMs: 5000, resetAfterMs: 30_000, deadlineMs: 120_000 },
 * });
 * await sink.close();
 * ```
 */
export interface SocketBackoffOptions {
  /**
   * First delay; it doubles per failed attempt (each drawn from [d/2, d]).
   * @default {100}
   */
  readonly baseMs?: number;
  /**
   * Longest delay.
   * @default {30000}
   */
  readonly capMs?: number;
  /**
   * A connection must stay up this long before a break starts the backoff
   * from `baseMs` again (a receiver that accepts and drops at once is not
   * hammered).
   * @default {30000}
   */
  readonly resetAfterMs?: number;
  /**
   * Give up the queued records after this long without a connection
   * (counted in `stats().lost` and reported); the next record starts new
   * attempts. 0: never (the queue bounds decide).
   * @default {0}
   */
  readonly deadlineMs?: number;
}

/**
 * Options of {@linkcode createSocketSink}.
 *
 * @example Usage
 * ```ts
 * import { createSocketSink } from "logrotor";
 *
 * const tcp = createSocketSink({ host: "127.0.0.1", port: 9020, name: "api" });
 * const unix = createSocketSink({ path: "/tmp/logrotor-doc.sock" });
 * await Promise.all([tcp.close(), unix.close()]);
 * ```
 */
export interface SocketSinkOptions {
  /**
   * The receiver's host.
   * @default {"localhost"}
   */
  readonly host?: string;
  /**
   * The receiver's port.
   * @default {9020}
   */
  readonly port?: number;
  /** A Unix stream socket's path instead of host and port (no TLS). */
  readonly path?: string;
  /**
   * `"tcp"` or `"tls"` (not with `path`).
   * @default {"tcp"}
   */
  readonly transport?: "tcp" | "tls";
  /**
   * TLS settings (`ca`, `rejectUnauthorized` (default true), `servername`,
   * client `cert`/`key`); only with `transport: "tls"`.
   */
  readonly tls?: NetTlsOptions;
  /**
   * The `logger` of records made from written text lines (`level` is
   * `"INFO"`).
   * @default {"root"}
   */
  readonly name?: string;
  /**
   * A record whose frame is larger is dropped, counted in
   * `stats().oversized` and reported.
   * @default {1048576}
   */
  readonly maxFrameBytes?: number;
  /**
   * Queue bound in records (waiting to be sent, and put back after a break).
   * @default {100000}
   */
  readonly maxQueuedMessages?: number;
  /**
   * Queue bound in bytes.
   * @default {16777216}
   */
  readonly maxQueuedBytes?: number;
  /**
   * What a full queue drops (`"drop-old"` keeps the newest records).
   * @default {"drop-old"}
   */
  readonly overflow?: QueueOverflowPolicy;
  /**
   * After drops, send a `WARN` record `logrotor: N message(s) dropped …`.
   * @default {true}
   */
  readonly dropMarker?: boolean;
  /**
   * Bytes per socket write.
   * @default {65536}
   */
  readonly batchBytes?: number;
  /**
   * A connection attempt fails after this.
   * @default {10000}
   */
  readonly connectTimeoutMs?: number;
  /**
   * A write that the receiver does not read within this breaks the
   * connection (then reconnect and resend).
   * @default {10000}
   */
  readonly writeTimeoutMs?: number;
  /** Reconnect backoff; see {@linkcode SocketBackoffOptions}. */
  readonly backoff?: SocketBackoffOptions;
  /**
   * After a broken connection, resend at most this many of the last
   * frames (0: none, they may be lost instead).
   * @default {128}
   */
  readonly resendWindow?: number;
  /**
   * Resend only frames written at most this long before the break.
   * @default {2000}
   */
  readonly resendWindowMs?: number;
  /**
   * `close()` waits at most this long for delivery.
   * @default {5000}
   */
  readonly closeTimeoutMs?: number;
  /**
   * Count anything undelivered as lost (and report it) when the process
   * ends without `close()`.
   * @default {true}
   */
  readonly reportLossOnExit?: boolean;
  /** Receives diagnostics; defaults to one line on standard error. */
  readonly onDiagnostic?: DiagnosticListener;
}

const socketKeys: { readonly [K in keyof SocketSinkOptions]-?: true } = {
  host: true,
  port: true,
  path: true,
  transport: true,
  tls: true,
  name: true,
  maxFrameBytes: true,
  maxQueuedMessages: true,
  maxQueuedBytes: true,
  overflow: true,
  dropMarker: true,
  batchBytes: true,
  connectTimeoutMs: true,
  writeTimeoutMs: true,
  backoff: true,
  resendWindow: true,
  resendWindowMs: true,
  closeTimeoutMs: true,
  reportLossOnExit: true,
  onDiagnostic: true,
};

const backoffKeys: {
  readonly [K in keyof SocketBackoffOptions]-?: true;
} = { baseMs: true, capMs: true, resetAfterMs: true, deadlineMs: true };

/**
 * Creates a sink that sends each line (or logger record) as one
 * length-prefixed MessagePack frame to a femtologging-style receiver.
 * `write()` is synchronous and never throws for runtime failures; records
 * queue in a bounded queue (100,000 records / 16 MiB by default), go out in
 * batches, and survive reconnects (exponential backoff with jitter).
 *
 * @param options Where and how to send; see {@linkcode SocketSinkOptions}.
 * @returns The sink.
 * @throws {TypeError | RangeError} For invalid options (TLS with `path`
 * among them).
 *
 * @example Usage
 * ```ts
 * import { createSocketSink } from "logrotor";
 *
 * const sink = createSocketSink({ host: "127.0.0.1", port: 9020, name: "worker" });
 * sink.write("job 42 done\n");
 * await sink.close();
 * sink.stats().sent;
 * ```
 */
export function createSocketSink(options: SocketSinkOptions = {}): SocketSink {
  const subject = "socket sink";
  options = optionsObject(subject, options);
  rejectUnknownKeys(subject, options, socketKeys);
  const transport = choiceOption(subject, "transport", options.transport, [
    "tcp",
    "tls",
  ]);
  if (options.path !== undefined && transport === "tls") {
    throw new TypeError(
      `Cannot create ${subject} as TLS needs a TCP host, not a Unix socket path: current value is ${
        JSON.stringify({ path: options.path, transport })
      }`,
    );
  }
  if (options.tls !== undefined) {
    if (transport !== "tls") {
      throw new TypeError(
        `Cannot create ${subject} as tls options need transport "tls": current value is "${transport}"`,
      );
    }
    if (typeof options.tls !== "object" || options.tls === null) {
      throw new TypeError(
        `Cannot create ${subject} as tls must be an object: current value is ${
          String(options.tls)
        }`,
      );
    }
  }
  const name = options.name ?? "root";
  if (typeof name !== "string") {
    throw new TypeError(
      `Cannot create ${subject} as name must be a string: current value is ${
        String(name)
      }`,
    );
  }
  const maxFrameBytes = integerOption(
    subject,
    "maxFrameBytes",
    options.maxFrameBytes,
    1024 * 1024,
    64,
    256 * 1024 * 1024,
  );
  const maxQueuedBytes = integerOption(
    subject,
    "maxQueuedBytes",
    options.maxQueuedBytes,
    16 * 1024 * 1024,
    1,
    1024 * 1024 * 1024,
  );
  if (maxQueuedBytes < maxFrameBytes) {
    throw new RangeError(
      `Cannot create ${subject} as maxQueuedBytes must be >= maxFrameBytes (${maxFrameBytes}): current value is ${maxQueuedBytes}`,
    );
  }
  const timer = (key: string, value: unknown, fallback: number, min = 1) =>
    integerOption(subject, key, value, fallback, min, maxTimerMs);
  const writeTimeoutMs = timer(
    "writeTimeoutMs",
    options.writeTimeoutMs,
    10_000,
  );
  const backoff: SocketBackoffOptions = optionsObject(
    `${subject} backoff`,
    options.backoff,
  );
  rejectUnknownKeys(`${subject} backoff`, backoff, backoffKeys);
  const baseMs = timer("backoff.baseMs", backoff.baseMs, 100);
  const capMs = timer("backoff.capMs", backoff.capMs, 30_000);
  if (capMs < baseMs) {
    throw new RangeError(
      `Cannot create ${subject} as backoff.capMs must be >= backoff.baseMs (${baseMs}): current value is ${capMs}`,
    );
  }
  const resetAfterMs = timer(
    "backoff.resetAfterMs",
    backoff.resetAfterMs,
    30_000,
    0,
  );
  const deadlineMs = timer("backoff.deadlineMs", backoff.deadlineMs, 0, 0);
  const wire = new FrameWire({
    transport: options.path !== undefined ? "unix" : transport,
    ...(transport === "tls" ? { tls: options.tls ?? {} } : {}),
    resendWindow: integerOption(
      subject,
      "resendWindow",
      options.resendWindow,
      128,
      0,
      1_000_000,
    ),
    resendWindowMs: timer(
      "resendWindowMs",
      options.resendWindowMs,
      2000,
      0,
    ),
  });
  const listener = functionOption(
    subject,
    "onDiagnostic",
    options.onDiagnostic,
  );
  const network: NetworkSinkOptions = {
    ...(options.path !== undefined
      ? {
        path: options.path,
        ...(options.host === undefined ? {} : { host: options.host }),
      }
      : { host: options.host ?? "localhost" }),
    ...(options.port === undefined ? {} : { port: options.port }),
    maxMessageBytes: maxFrameBytes,
    maxQueuedBytes,
    reconnectMinMs: baseMs,
    reconnectMaxMs: capMs,
    ...pick(options, [
      "maxQueuedMessages",
      "overflow",
      "dropMarker",
      "batchBytes",
      "connectTimeoutMs",
      "closeTimeoutMs",
      "reportLossOnExit",
    ]),
    ...(listener === undefined ? {} : { onDiagnostic: listener }),
  };
  const format = new SocketLineFormat(name, new SocketRecordEncoder());
  return new SocketSink(network, wire, {
    adjust: (s) => ({
      ...s,
      formatter: format,
      oversize: "drop",
      writeTimeoutMs,
      resetAfterMs,
      deadlineMs,
    }),
  });
}

function pick<T extends object, K extends keyof T>(
  from: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (from[k] !== undefined) out[k] = from[k];
  return out;
}
