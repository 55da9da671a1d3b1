/**
 * The options every network sink shares, their shape check (shared by the
 * syslog and RELP factories) and their resolution into the settings a
 * {@linkcode NetworkSink} runs with.
 *
 * @module
 */
import { type DiagnosticListener, printDiagnostic } from "../diagnostics.ts";
import {
  integerOption,
  optionsObject,
  rejectUnknownKeys,
} from "../options/validate.ts";
import { keysOf, resolveOptions } from "../options/option_table.ts";
import type { EveryKeyHasARow, OptionRow } from "../options/option_row.ts";
import { networkOptionTable } from "./network_option_table.ts";
import type { QueueOverflowPolicy } from "./replay_queue.ts";
import type { SyslogHeaderOptions } from "./syslog_fields.ts";
import { SyslogFormatter } from "./syslog_format.ts";
import { severityNumber, type SyslogSeverity } from "./syslog_priority.ts";

/**
 * Options every network sink shares.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({ host: "127.0.0.1", port: 514, maxQueuedMessages: 50_000 });
 * sink.write("hello\n");
 * const { sent, dropped, reconnects, lastError } = sink.stats();
 * const { state, connected, pending } = sink.status();
 * await sink.close();
 * ```
 */
export interface NetworkSinkOptions extends SyslogHeaderOptions {
  /** The server's host name or IP address (give this or `path`). */
  readonly host?: string;
  /**
   * The path of a Unix stream socket to connect to instead of `host` and
   * `port` (no TLS over it).
   */
  readonly path?: string;
  /** The server's port (1–65535). */
  readonly port?: number;
  /**
   * The severity of every line, or a function that picks it per line
   * (returning `undefined` falls back to `"info"`).
   * @default {"info"}
   */
  readonly severity?:
    | SyslogSeverity
    | ((line: string) => SyslogSeverity | undefined);
  /**
   * Queue bound in messages (waiting to be sent, and put back after a
   * break).
   * @default {100000}
   */
  readonly maxQueuedMessages?: number;
  /**
   * Queue bound in bytes of message text.
   * @default {16777216}
   */
  readonly maxQueuedBytes?: number;
  /**
   * What a full queue drops: `"drop-old"` (default) keeps the newest
   * messages, which usually explain an outage best; `"drop-new"` keeps the
   * oldest. Every drop is counted in `stats().dropped`, reported on the
   * diagnostics channel, and announced to the server by a marker message
   * (`dropMarker`) once delivery resumes. There is no `"block"` or
   * `"timeout"` here: `write()` is synchronous and the queue drains only
   * on the event loop, so waiting inside `write()` could never make room.
   * @default {"drop-old"}
   */
  readonly overflow?: QueueOverflowPolicy;
  /**
   * Send a warning message `logrotor: N messages dropped …` after drops.
   * @default {true}
   */
  readonly dropMarker?: boolean;
  /**
   * Longest message in bytes (header included); longer ones are cut at a
   * UTF-8 boundary and counted in `stats().truncated`. rsyslog's default
   * `maxMessageSize` is 8 KiB.
   * @default {8192}
   */
  readonly maxMessageBytes?: number;
  /**
   * Bytes per socket write.
   * @default {65536}
   */
  readonly batchBytes?: number;
  /**
   * First reconnect delay; doubles per failed attempt, with jitter
   * (each delay is drawn from [d/2, d]).
   * @default {100}
   */
  readonly reconnectMinMs?: number;
  /**
   * Longest reconnect delay.
   * @default {30000}
   */
  readonly reconnectMaxMs?: number;
  /**
   * A connection attempt (and the RELP `open` handshake) fails after this.
   * @default {10000}
   */
  readonly connectTimeoutMs?: number;
  /**
   * `close()` waits at most this long for delivery (RELP: acks); what is
   * left is then counted in `stats().lost` and reported.
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

const networkSinkKeys: {
  readonly [K in keyof NetworkSinkOptions]-?: true;
} = keysOf(networkOptionTable) as {
  readonly [K in keyof NetworkSinkOptions]-?: true;
};

// Every option has a row (a missing one fails to type-check here).
const _covered: EveryKeyHasARow<
  keyof NetworkSinkOptions,
  typeof networkOptionTable
> = true;
void _covered;

/**
 * Checks what every network sink's options share: an object, no unknown
 * key (a `TypeError` suggests the nearest known one), and the upper bounds
 * of the timer and memory options (`RangeError`), from
 * {@linkcode networkOptionTable}; the lower bounds and defaults are checked
 * by {@linkcode resolveNetworkOptions}.
 *
 * @param subject What is created (`"syslog sink"`).
 * @param options The user's options.
 * @param extraKeys The sink's own keys beyond the shared ones.
 * @returns The options.
 *
 * @example Usage
 * ```ts
 * import { checkNetworkOptions } from "./network_options.ts";
 *
 * checkNetworkOptions("RELP sink", { host: "127.0.0.1", windowSize: 64 }, {
 *   windowSize: true,
 * });
 * ```
 */
export function checkNetworkOptions<T extends NetworkSinkOptions>(
  subject: string,
  options: T,
  extraKeys: Readonly<Record<string, true>>,
): T {
  options = optionsObject(subject, options);
  rejectUnknownKeys(subject, options, { ...networkSinkKeys, ...extraKeys });
  const given = options as Readonly<Record<string, unknown>>;
  for (const row of networkOptionTable as readonly OptionRow[]) {
    if ("max" in row && row.max !== undefined && row.name !== "port") {
      integerOption(subject, row.name, given[row.name], 0, 0, row.max);
    }
  }
  return options;
}

/**
 * The settings a {@linkcode NetworkSink} runs with, every default applied.
 *
 * @example Usage
 * ```ts
 * import { resolveNetworkOptions } from "./network_options.ts";
 *
 * const settings = resolveNetworkOptions({ host: "127.0.0.1" }, {
 *   subject: "syslog sink",
 *   defaultPort: 514,
 *   hostname: "web1",
 *   procId: "42",
 * });
 * settings.port; // 514
 * ```
 */
/**
 * Turns a line (and a syslog severity number) into one message's bytes:
 * an RFC 5424 message for syslog and RELP, a MessagePack record for the
 * socket sink.
 *
 * @example Usage
 * ```ts
 * import type { MessageFormat } from "./network_options.ts";
 *
 * const plain: MessageFormat = {
 *   format: (line, _severity, _now) => new TextEncoder().encode(line),
 * };
 * ```
 */
export interface MessageFormat {
  /**
   * @param line The text (no trailing line feed).
   * @param severity The syslog severity number (0–7).
   * @param now Milliseconds since the epoch.
   * @returns The message bytes (unframed).
   */
  format(line: string, severity: number, now: number): Uint8Array;
}

export interface NetworkSettings {
  /** The server's host. */
  readonly host: string;
  /** The server's port. */
  readonly port: number;
  /** A Unix stream socket's path instead of host and port. */
  readonly path: string | undefined;
  /** Builds the messages (RFC 5424 for syslog and RELP). */
  readonly formatter: MessageFormat;
  /** What happens to a longer message: cut (syslog) or dropped and counted. */
  readonly oversize: "truncate" | "drop";
  /** A write that does not drain within this breaks the connection; none when undefined. */
  readonly writeTimeoutMs: number | undefined;
  /**
   * A connection must stay up this long to reset the backoff (0: every
   * successful connect resets it).
   */
  readonly resetAfterMs: number;
  /**
   * After this long without a connection the queued messages are given up
   * (counted in `stats().lost`); 0 keeps them until the queue bounds drop them.
   */
  readonly deadlineMs: number;
  /** The default severity number. */
  readonly severity: number;
  /** The per-line severity function, if any. */
  readonly severityOf:
    | ((line: string) => SyslogSeverity | undefined)
    | undefined;
  /** Queue bound in messages. */
  readonly maxQueuedMessages: number;
  /** Queue bound in bytes. */
  readonly maxQueuedBytes: number;
  /** The queue's overflow policy. */
  readonly overflow: QueueOverflowPolicy;
  /** Whether a drop marker is sent. */
  readonly dropMarker: boolean;
  /** Longest message in bytes. */
  readonly maxMessageBytes: number;
  /** Bytes per socket write. */
  readonly batchBytes: number;
  /** First reconnect delay. */
  readonly reconnectMinMs: number;
  /** Longest reconnect delay. */
  readonly reconnectMaxMs: number;
  /** Connection (and handshake) timeout. */
  readonly connectTimeoutMs: number;
  /** Longest wait of `close()`. */
  readonly closeTimeoutMs: number;
  /** Whether loss at exit is counted and reported. */
  readonly reportLossOnExit: boolean;
  /** The diagnostics listener. */
  readonly listener: DiagnosticListener;
}

function validateHost(subject: string, host: unknown): string {
  if (typeof host !== "string" || host.length === 0) {
    throw new TypeError(
      `Cannot create ${subject} as host must be a non-empty string: current value is ${
        typeof host === "string" ? '""' : String(host)
      }`,
    );
  }
  return host;
}

/**
 * Validates the options of a network sink (lower bounds, defaults, the
 * header fields) and resolves them; throws `TypeError`/`RangeError` for
 * misuse.
 *
 * @param options The user's options.
 * @param context The wire's subject and default port, and the host name and process id for the header.
 * @returns The resolved settings.
 *
 * @example Usage
 * ```ts
 * import { resolveNetworkOptions } from "./network_options.ts";
 *
 * resolveNetworkOptions({ host: "127.0.0.1", port: 2514 }, {
 *   subject: "RELP sink",
 *   defaultPort: 2514,
 *   hostname: "web1",
 *   procId: "42",
 * }).batchBytes; // 65536
 * ```
 */
export function resolveNetworkOptions(
  options: NetworkSinkOptions,
  context: {
    readonly subject: string;
    readonly defaultPort: number;
    readonly hostname: string;
    readonly procId: string;
  },
): NetworkSettings & { readonly formatter: SyslogFormatter } {
  const subject = context.subject;
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot create ${subject} as options must be an object: current value is ${
        String(options)
      }`,
    );
  }
  let host = "localhost";
  let path: string | undefined;
  if (options.path !== undefined) {
    if (typeof options.path !== "string" || options.path.length === 0) {
      throw new TypeError(
        `Cannot create ${subject} as path must be a non-empty string: current value is ${
          options.path === "" ? '""' : String(options.path)
        }`,
      );
    }
    if (options.host !== undefined || options.port !== undefined) {
      throw new TypeError(
        `Cannot create ${subject} as path (a Unix socket) excludes host and port: current value is ${
          JSON.stringify({ host: options.host, port: options.port })
        }`,
      );
    }
    path = options.path;
  } else {
    host = validateHost(subject, options.host);
  }
  if ((options.overflow as string | undefined) === "timeout") {
    // A write is synchronous and the queue drains only on the event loop:
    // waiting in write() cannot make room, it would only stall the caller.
    throw new TypeError(
      `Cannot create ${subject} as overflow must be "drop-old" or "drop-new" (a network queue drains only while the caller is not blocked, so "timeout" would wait for nothing): current value is "timeout"`,
    );
  }
  const r = resolveOptions(subject, networkOptionTable, options);
  const port = (r.port as number | undefined) ?? context.defaultPort;
  const formatter = new SyslogFormatter(options, {
    hostname: context.hostname,
    procId: context.procId,
    subject,
  });
  const severity = options.severity ?? "info";
  const severityOf = typeof severity === "function" ? severity : undefined;
  const severityNo = typeof severity === "function"
    ? 6
    : severityNumber(severity, subject);
  const listener = (r.onDiagnostic as DiagnosticListener | undefined) ??
    printDiagnostic;
  return {
    host,
    port,
    path,
    formatter,
    severity: severityNo,
    severityOf,
    maxQueuedMessages: r.maxQueuedMessages as number,
    maxQueuedBytes: r.maxQueuedBytes as number,
    overflow: r.overflow as QueueOverflowPolicy,
    dropMarker: r.dropMarker as boolean,
    maxMessageBytes: r.maxMessageBytes as number,
    oversize: "truncate",
    batchBytes: r.batchBytes as number,
    reconnectMinMs: r.reconnectMinMs as number,
    reconnectMaxMs: r.reconnectMaxMs as number,
    connectTimeoutMs: r.connectTimeoutMs as number,
    writeTimeoutMs: undefined,
    resetAfterMs: 0,
    deadlineMs: 0,
    closeTimeoutMs: r.closeTimeoutMs as number,
    reportLossOnExit: r.reportLossOnExit as boolean,
    listener,
  };
}
