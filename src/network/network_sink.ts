/**
 * The engine behind the syslog and RELP sinks: lines become RFC 5424
 * messages in a bounded {@linkcode ReplayQueue}, go out in batches over one
 * connection, and survive a broken connection through reconnects with
 * exponential backoff and jitter.
 *
 * - TCP/TLS (`wire: "syslog"`): no acknowledgements exist, so the last
 *   `resendWindow` messages written within `resendWindowMs` before a break
 *   are resent after the reconnect (possible duplicates, counted in
 *   `resent`); older messages on the broken connection cannot be confirmed
 *   and are counted in `unconfirmed`.
 * - RELP (`wire: "relp"`): every message is held until the server's
 *   `rsp 200`; after a break all unacknowledged messages are resent
 *   (at-least-once; a duplicate happens only when the server stored a
 *   message whose ack was lost).
 *
 * @module
 */
import { writableFor } from "../buffer/sink_writable.ts";
import {
  choiceOption,
  functionOption,
  integerOption,
} from "../options/validate.ts";
import {
  type DiagnosticKind,
  type DiagnosticListener,
  emitDiagnostic,
  printDiagnostic,
} from "../diagnostics.ts";
import { describeError } from "../errors.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { Platform, UnrefTimer } from "../runtime/driver.ts";
import {
  getNetDriver,
  type NetConnection,
  type NetDriver,
  type NetTlsOptions,
} from "../runtime/net_driver.ts";
import {
  type QueuedMessage,
  type QueueOverflowPolicy,
  ReplayQueue,
} from "./replay_queue.ts";
import {
  nextTxnr,
  parseRelpResponse,
  type RelpFrame,
  relpFrameLength,
  relpOpenOffer,
  RelpParser,
  writeRelpFrame,
} from "./relp_session.ts";
import {
  frameLength,
  severityNumber,
  SyslogFormatter,
  type SyslogFraming,
  type SyslogHeaderOptions,
  type SyslogSeverity,
  truncateUtf8,
  writeFrame,
} from "./syslog_format.ts";

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
  /** The server's host name or IP address. */
  readonly host: string;
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
   * (`dropMarker`) once delivery resumes.
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

/**
 * What a sink is doing now.
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
export type NetworkSinkState =
  | "idle"
  | "connecting"
  | "connected"
  | "backoff"
  | "closing"
  | "closed";

/**
 * Counters of a network sink, from `stats()`.
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
export interface NetworkSinkStats {
  /** Messages accepted by `write()` (one per line). */
  readonly written: number;
  /** Messages handed to a connection for the first time. */
  readonly sent: number;
  /** Messages handed to a connection again after a reconnect (possible duplicates). */
  readonly resent: number;
  /** RELP: messages the server acknowledged (`rsp 200`). Always 0 for TCP/TLS. */
  readonly acked: number;
  /** RELP: messages the server refused (non-200 `rsp`); lost, not retried. */
  readonly rejected: number;
  /** Messages waiting in the queue. */
  readonly queued: number;
  /** RELP: messages sent and not yet acknowledged. */
  readonly unacked: number;
  /** Messages dropped by the overflow policy. */
  readonly dropped: number;
  /** Bytes of those messages. */
  readonly droppedBytes: number;
  /** Messages lost otherwise: after `close()`, at the close timeout, at exit. */
  readonly lost: number;
  /**
   * TCP/TLS: messages written to a connection that then broke, older than
   * the resend window: probably delivered, but plain TCP cannot confirm it.
   */
  readonly unconfirmed: number;
  /** Messages cut to `maxMessageBytes`. */
  readonly truncated: number;
  /** Successful connections after the first. */
  readonly reconnects: number;
  /** Failed connection attempts and broken connections. */
  readonly errors: number;
  /** Bytes written to connections (framing included). */
  readonly bytesSent: number;
  /** The last failure, or `undefined`. */
  readonly lastError: string | undefined;
  /** When it happened (ms since the epoch). */
  readonly lastErrorTime: number | undefined;
}

/**
 * A snapshot of a network sink's health.
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
export interface NetworkSinkStatus {
  /** What the sink is doing. */
  readonly state: NetworkSinkState;
  /** Where it sends (`relp://host:port`, `syslog+tls://host:port`). */
  readonly endpoint: string;
  /** Whether a connection is established now. */
  readonly connected: boolean;
  /** Since when the server is unreachable (ms since the epoch), or `undefined`. */
  readonly downSince: number | undefined;
  /** Consecutive failed attempts in the current outage. */
  readonly failedAttempts: number;
  /** Messages waiting (queued plus unacknowledged). */
  readonly pending: number;
  /** Messages dropped so far (overflow, close timeout, exit, refusals). */
  readonly dropped: number;
  /** The last failure, or `undefined`. */
  readonly lastError: string | undefined;
}

/** Settings of the wire protocol, fixed by the factory. */
export interface WireSettings {
  /** `"syslog"`: RFC 6587/5425 stream; `"relp"`: RELP. */
  readonly wire: "syslog" | "relp";
  /** TLS settings, or `undefined` for plain TCP. */
  readonly tls: NetTlsOptions | undefined;
  /** Stream framing (syslog only). */
  readonly framing: SyslogFraming;
  /** TCP/TLS resend window in messages. */
  readonly resendWindow: number;
  /** TCP/TLS resend window in ms. */
  readonly resendWindowMs: number;
  /** RELP: most unacknowledged messages in flight. */
  readonly windowSize: number;
  /** The scheme for messages (`syslog+tcp`, `syslog+tls`, `relp`). */
  readonly scheme: string;
  /** "syslog sink" / "RELP sink", for error messages. */
  readonly subject: string;
  /** The default port. */
  readonly defaultPort: number;
}

interface Item extends QueuedMessage {
  readonly marker?: boolean;
}

const decoder = () => new TextDecoder("utf-8", { fatal: false });

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
 * A sink that ships lines as RFC 5424 syslog messages over TCP, TLS or
 * RELP. Create one with `createSyslogSink()` or `createRelpSink()`.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({ host: "127.0.0.1", port: 514, appName: "api" });
 * sink.write("service started\n");
 * await sink.close();
 * console.log(sink.stats().sent);
 * ```
 */
export class SyslogSink {
  readonly #wire: WireSettings;
  readonly #host: string;
  readonly #port: number;
  readonly #endpoint: string;
  readonly #platform: Platform;
  readonly #net: NetDriver;
  readonly #formatter: SyslogFormatter;
  readonly #severity: number;
  readonly #severityOf:
    | ((line: string) => SyslogSeverity | undefined)
    | undefined;
  readonly #queue: ReplayQueue;
  readonly #dropMarker: boolean;
  readonly #maxMessageBytes: number;
  readonly #batchBytes: number;
  readonly #reconnectMinMs: number;
  readonly #reconnectMaxMs: number;
  readonly #connectTimeoutMs: number;
  readonly #closeTimeoutMs: number;
  readonly #listener: DiagnosticListener;
  #removeExitHook: (() => void) | undefined;

  #state: NetworkSinkState = "idle";
  #conn: NetConnection | undefined;
  #connSeq = 0;
  #everConnected = false;
  #blocked = false;
  #pumpScheduled = false;
  #retryTimer: UnrefTimer | undefined;
  #failedAttempts = 0;
  #downSince: number | undefined;
  #partial = "";
  #bytesDecoder: TextDecoder | undefined;
  #writable: WritableStream<string | Uint8Array> | undefined;
  #flushWaiters: Array<() => void> = [];

  // TCP/TLS: recently written messages, the resend window.
  #recent: Item[] = [];
  #sentOnConn = 0;
  // RELP
  #parser = new RelpParser();
  #txnr = 0;
  #openTxnr = 0;
  #closeTxnr = 0;
  #unacked = new Map<number, Item>();
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;

  // close()
  #closing: Promise<void> | undefined;
  #resolveClose: (() => void) | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #shuttingDown = false;

  #written = 0;
  #sent = 0;
  #resent = 0;
  #acked = 0;
  #rejected = 0;
  #dropped = 0;
  #droppedBytes = 0;
  #unreportedDrops = 0;
  #lost = 0;
  #unconfirmed = 0;
  #truncated = 0;
  #reconnects = 0;
  #errors = 0;
  #bytesSent = 0;
  #lastError: string | undefined;
  #lastErrorTime: number | undefined;
  #episodeDrops = 0;

  /**
   * @param options The sink options (validated here).
   * @param wire The wire protocol settings.
   * @param context Injected runtime pieces (tests).
   */
  constructor(
    options: NetworkSinkOptions,
    wire: WireSettings,
    context: { platform?: Platform; net?: NetDriver } = {},
  ) {
    const subject = wire.subject;
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `Cannot create ${subject} as options must be an object: current value is ${
          String(options)
        }`,
      );
    }
    this.#wire = wire;
    this.#platform = context.platform ?? getPlatform();
    this.#net = context.net ?? getNetDriver();
    this.#host = validateHost(subject, options.host);
    this.#port = integerOption(
      subject,
      "port",
      options.port,
      wire.defaultPort,
      1,
    );
    if (this.#port > 65535) {
      throw new RangeError(
        `Cannot create ${subject} as port must be <= 65535: current value is ${this.#port}`,
      );
    }
    const hostPart = this.#host.includes(":") ? `[${this.#host}]` : this.#host;
    this.#endpoint = `${wire.scheme}://${hostPart}:${this.#port}`;
    this.#formatter = new SyslogFormatter(options, {
      hostname: this.#net.hostname(),
      procId: String(this.#platform.pid),
      subject,
    });
    const severity = options.severity ?? "info";
    if (typeof severity === "function") {
      this.#severity = 6;
      this.#severityOf = severity;
    } else {
      this.#severity = severityNumber(severity, subject);
      this.#severityOf = undefined;
    }
    const maxQueuedMessages = integerOption(
      subject,
      "maxQueuedMessages",
      options.maxQueuedMessages,
      100_000,
      1,
    );
    this.#maxMessageBytes = integerOption(
      subject,
      "maxMessageBytes",
      options.maxMessageBytes,
      8192,
      64,
    );
    const maxQueuedBytes = integerOption(
      subject,
      "maxQueuedBytes",
      options.maxQueuedBytes,
      16 * 1024 * 1024,
      1,
    );
    if (maxQueuedBytes < this.#maxMessageBytes) {
      throw new RangeError(
        `Cannot create ${subject} as maxQueuedBytes must be >= maxMessageBytes (${this.#maxMessageBytes}): current value is ${maxQueuedBytes}`,
      );
    }
    const overflow = choiceOption(subject, "overflow", options.overflow, [
      "drop-old",
      "drop-new",
    ]);
    this.#queue = new ReplayQueue({
      maxMessages: maxQueuedMessages,
      maxBytes: maxQueuedBytes,
      overflow,
    });
    this.#dropMarker = options.dropMarker ?? true;
    if (typeof this.#dropMarker !== "boolean") {
      throw new TypeError(
        `Cannot create ${subject} as dropMarker must be a boolean: current value is ${
          String(options.dropMarker)
        }`,
      );
    }
    this.#batchBytes = integerOption(
      subject,
      "batchBytes",
      options.batchBytes,
      65536,
      1,
    );
    this.#reconnectMinMs = integerOption(
      subject,
      "reconnectMinMs",
      options.reconnectMinMs,
      100,
      1,
    );
    this.#reconnectMaxMs = integerOption(
      subject,
      "reconnectMaxMs",
      options.reconnectMaxMs,
      30_000,
      1,
    );
    if (this.#reconnectMaxMs < this.#reconnectMinMs) {
      throw new RangeError(
        `Cannot create ${subject} as reconnectMaxMs must be >= reconnectMinMs (${this.#reconnectMinMs}): current value is ${this.#reconnectMaxMs}`,
      );
    }
    this.#connectTimeoutMs = integerOption(
      subject,
      "connectTimeoutMs",
      options.connectTimeoutMs,
      10_000,
      1,
    );
    this.#closeTimeoutMs = integerOption(
      subject,
      "closeTimeoutMs",
      options.closeTimeoutMs,
      5000,
      0,
    );
    this.#listener =
      functionOption(subject, "onDiagnostic", options.onDiagnostic) ??
        printDiagnostic;
    if (options.reportLossOnExit ?? true) {
      // "flush": the app handles the signal and keeps running; delivery
      // goes on, and only the real exit counts what is left as lost.
      this.#removeExitHook = this.#platform.onExit((mode) => {
        if (mode === "exit") this.#onExit();
      });
    }
  }

  /** Where the sink sends (`relp://127.0.0.1:2514`). */
  get name(): string {
    return this.#endpoint;
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * Accepts text or bytes synchronously; each line (ending in `\n`) becomes
   * one syslog message, a trailing partial line waits for its end (or
   * `close()`). Never throws for runtime failures and never blocks.
   *
   * @param chunk Text or UTF-8 bytes.
   * @returns `false` when a message of this chunk was dropped or the sink is closed.
   */
  write(chunk: string | Uint8Array): boolean {
    let text: string;
    if (typeof chunk === "string") {
      text = chunk;
    } else if (chunk instanceof Uint8Array) {
      this.#bytesDecoder ??= decoder();
      text = this.#bytesDecoder.decode(chunk, { stream: true });
    } else {
      throw new TypeError(
        `Cannot write to ${this.#endpoint} as the chunk must be a string or Uint8Array: current type is ${
          chunk === null ? "null" : typeof chunk
        }`,
      );
    }
    if (this.#closing !== undefined) {
      const lines = text.split("\n").filter((l) => l !== "").length;
      if (lines > 0) {
        this.#lost += lines;
        this.#report(
          "dropped",
          `${lines} message(s) written after close() were dropped`,
        );
      }
      return false;
    }
    if (this.#partial !== "") {
      text = this.#partial + text;
      this.#partial = "";
    }
    let ok = true;
    let start = 0;
    for (;;) {
      const at = text.indexOf("\n", start);
      if (at === -1) break;
      let end = at;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      if (end > start) ok = this.#enqueue(text.slice(start, end)) && ok;
      start = at + 1;
    }
    if (start < text.length) {
      this.#partial = start === 0 ? text : text.slice(start);
      // A partial line longer than any message can be goes out now.
      if (this.#partial.length > this.#maxMessageBytes) {
        ok = this.#enqueue(this.#partial) && ok;
        this.#partial = "";
      }
    }
    return ok;
  }

  /**
   * Sends one message (which may contain line feeds; with `"lf"` framing
   * they are sent as spaces).
   *
   * @param message The MSG text.
   * @param severity Its severity; the sink's default when absent.
   * @returns `false` when it was dropped or the sink is closed.
   */
  send(message: string, severity?: SyslogSeverity): boolean {
    if (this.#closing !== undefined) {
      this.#lost++;
      return false;
    }
    const sev = severity === undefined
      ? undefined
      : severityNumber(severity, this.#wire.subject);
    return this.#enqueue(message, sev);
  }

  /**
   * Resolves when everything written so far has been handed to the
   * connection (RELP: acknowledged), or when the server cannot be reached
   * right now (then the queue keeps waiting for the reconnect).
   */
  flush(): Promise<void> {
    if (this.#idle() || this.#state === "closed") return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#flushWaiters.push(resolve);
      this.#kick(true);
    });
  }

  /**
   * Delivers what is queued (RELP: until every message is acknowledged,
   * then sends `close`), closes the connection and resolves. Resolves at
   * the latest after `closeTimeoutMs`; undelivered messages are then
   * counted in `stats().lost` and reported. Never rejects.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closing = new Promise<void>((resolve) => {
      this.#resolveClose = resolve;
    });
    const partial = this.#partial +
      (this.#bytesDecoder?.decode() ?? "");
    this.#partial = "";
    if (partial !== "") this.#enqueue(partial);
    this.#removeExitHook?.();
    this.#removeExitHook = undefined;
    if (this.#idle() && this.#conn === undefined) {
      this.#finishClose();
      return this.#closing;
    }
    this.#closeTimer = setTimeout(
      () => this.#abortClose(),
      this.#closeTimeoutMs,
    );
    this.#conn?.ref();
    if (this.#state === "backoff") {
      this.#retryTimer?.cancel();
      this.#retryTimer = undefined;
      this.#connect();
    } else if (this.#state === "idle") {
      this.#connect();
    } else {
      this.#kick(true);
      this.#checkIdle();
    }
    return this.#closing;
  }

  /**
   * A `WritableStream` over this sink, for `readable.pipeTo(sink.writable)`.
   */
  get writable(): WritableStream<string | Uint8Array> {
    this.#writable ??= writableFor(this);
    return this.#writable;
  }

  /** Counters and the last error. */
  stats(): NetworkSinkStats {
    return {
      written: this.#written,
      sent: this.#sent,
      resent: this.#resent,
      acked: this.#acked,
      rejected: this.#rejected,
      queued: this.#queue.length,
      unacked: this.#unacked.size,
      dropped: this.#dropped,
      droppedBytes: this.#droppedBytes,
      lost: this.#lost,
      unconfirmed: this.#unconfirmed,
      truncated: this.#truncated,
      reconnects: this.#reconnects,
      errors: this.#errors,
      bytesSent: this.#bytesSent,
      lastError: this.#lastError,
      lastErrorTime: this.#lastErrorTime,
    };
  }

  /** The state of the connection and the trouble seen. */
  status(): NetworkSinkStatus {
    return {
      state: this.#closing !== undefined && this.#state !== "closed"
        ? "closing"
        : this.#state,
      endpoint: this.#endpoint,
      connected: this.#state === "connected",
      downSince: this.#downSince,
      failedAttempts: this.#failedAttempts,
      pending: this.#queue.length + this.#unacked.size,
      dropped: this.#dropped + this.#lost + this.#rejected,
      lastError: this.#lastError,
    };
  }

  // ---- queueing -------------------------------------------------------

  #enqueue(line: string, severity?: number): boolean {
    let sev = severity ?? this.#severity;
    if (severity === undefined && this.#severityOf !== undefined) {
      try {
        const picked = this.#severityOf(line);
        if (picked !== undefined) sev = severityNumber(picked);
      } catch {
        // a broken mapping must not break logging: use the default
      }
    }
    let bytes = this.#formatter.format(line, sev, this.#platform.now());
    if (bytes.length > this.#maxMessageBytes) {
      bytes = truncateUtf8(bytes, this.#maxMessageBytes);
      this.#truncated++;
    }
    this.#written++;
    const dropped = this.#queue.push({ bytes, attempts: 0, sentAt: 0 });
    if (dropped.messages > 0) this.#countDrops(dropped.messages, dropped.bytes);
    this.#kick(false);
    return dropped.accepted;
  }

  #countDrops(messages: number, bytes: number): void {
    this.#dropped += messages;
    this.#droppedBytes += bytes;
    this.#unreportedDrops += messages;
    if (this.#episodeDrops === 0) {
      this.#report(
        "dropped",
        `queue full (${this.#queue.length} messages, ${this.#queue.bytes} bytes): dropping messages; counted in stats().dropped`,
      );
    }
    this.#episodeDrops += messages;
  }

  #kick(now: boolean): void {
    if (this.#state === "idle") {
      this.#connect();
      return;
    }
    if (this.#state !== "connected" || this.#blocked) return;
    this.#conn?.ref();
    if (now || this.#queue.bytes >= this.#batchBytes) {
      this.#pump();
    } else if (!this.#pumpScheduled) {
      this.#pumpScheduled = true;
      queueMicrotask(() => {
        this.#pumpScheduled = false;
        this.#pump();
      });
    }
  }

  #idle(): boolean {
    return this.#queue.length === 0 && this.#unacked.size === 0;
  }

  #markerItem(): Item {
    const n = this.#unreportedDrops;
    this.#unreportedDrops = 0;
    const bytes = this.#formatter.format(
      `logrotor: ${n} message(s) dropped (queue full) before this one; see stats().dropped`,
      4,
      this.#platform.now(),
    );
    return { bytes, attempts: 0, sentAt: 0, marker: true };
  }

  #pump(): void {
    const relp = this.#wire.wire === "relp";
    while (
      this.#state === "connected" && !this.#blocked && !this.#shuttingDown &&
      this.#conn !== undefined
    ) {
      if (this.#queue.length === 0 && this.#unreportedDrops === 0) break;
      const room = relp
        ? this.#wire.windowSize - this.#unacked.size
        : Number.POSITIVE_INFINITY;
      if (room <= 0) break;
      const items: Item[] = [];
      if (this.#unreportedDrops > 0 && this.#dropMarker) {
        items.push(this.#markerItem());
      } else {
        this.#unreportedDrops = 0;
      }
      let size = 0;
      while (items.length < room && size < this.#batchBytes) {
        const item = this.#queue.shift() as Item | undefined;
        if (item === undefined) break;
        items.push(item);
        size += item.bytes.length + 16;
      }
      if (items.length === 0) break;
      const batch = relp ? this.#relpBatch(items) : this.#syslogBatch(items);
      const now = this.#platform.monotonic();
      for (const item of items) {
        if (!item.marker) {
          if (item.attempts > 0) this.#resent++;
          else this.#sent++;
        }
        item.attempts++;
        item.sentAt = now;
      }
      if (!relp) this.#remember(items);
      this.#bytesSent += batch.length;
      const conn = this.#conn;
      if (!conn.write(batch)) this.#blocked = true;
    }
    this.#checkIdle();
  }

  #syslogBatch(items: Item[]): Uint8Array {
    const framing = this.#wire.framing;
    let total = 0;
    for (const item of items) total += frameLength(item.bytes.length, framing);
    const out = new Uint8Array(total);
    let at = 0;
    for (const item of items) at = writeFrame(out, at, item.bytes, framing);
    return out;
  }

  #relpBatch(items: Item[]): Uint8Array {
    const txnrs: number[] = [];
    let total = 0;
    for (const item of items) {
      this.#txnr = nextTxnr(this.#txnr);
      txnrs.push(this.#txnr);
      total += relpFrameLength(this.#txnr, "syslog", item.bytes.length);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < items.length; i++) {
      const txnr = txnrs[i]!;
      at = writeRelpFrame(out, at, txnr, "syslog", items[i]!.bytes);
      this.#unacked.set(txnr, items[i]!);
    }
    return out;
  }

  #remember(items: Item[]): void {
    this.#sentOnConn += items.length;
    const max = this.#wire.resendWindow;
    if (max === 0) return;
    for (const item of items) this.#recent.push(item);
    if (this.#recent.length > max * 2) {
      this.#recent = this.#recent.slice(this.#recent.length - max);
    }
  }

  /** Called after progress: resolves waiters, unrefs an idle connection, ends a close. */
  #checkIdle(): void {
    if (!this.#idle()) return;
    const waiters = this.#flushWaiters;
    this.#flushWaiters = [];
    for (const resolve of waiters) resolve();
    if (this.#closing !== undefined) {
      this.#beginShutdown();
    } else if (!this.#blocked) {
      this.#conn?.unref();
    }
  }

  // ---- connection -----------------------------------------------------

  #connect(): void {
    if (this.#state === "closed") return;
    this.#state = "connecting";
    const seq = ++this.#connSeq;
    this.#blocked = false;
    this.#parser = new RelpParser();
    const current = () => seq === this.#connSeq;
    const conn = this.#net.connect({
      host: this.#host,
      port: this.#port,
      connectTimeoutMs: this.#connectTimeoutMs,
      ...(this.#wire.tls === undefined ? {} : { tls: this.#wire.tls }),
    }, {
      onConnect: () => {
        if (current()) this.#onConnect();
      },
      onData: (bytes) => {
        if (current()) this.#onData(bytes);
      },
      onDrain: () => {
        if (!current()) return;
        this.#blocked = false;
        this.#pump();
      },
      onClose: (error) => {
        if (current()) this.#onClose(error);
      },
    });
    this.#conn = conn;
    if (this.#closing === undefined && this.#idle()) conn.unref();
  }

  #onConnect(): void {
    if (this.#wire.wire === "relp") {
      this.#txnr = 1;
      this.#openTxnr = 1;
      this.#conn!.write(
        encodeRelp(1, "open", relpOpenOffer("logrotor,0.1.0,-")),
      );
      this.#handshakeTimer = setTimeout(() => {
        this.#fail(
          new Error(
            `RELP open got no answer within ${this.#connectTimeoutMs} ms`,
          ),
        );
      }, this.#connectTimeoutMs);
      return;
    }
    this.#ready();
  }

  #ready(): void {
    this.#clearHandshake();
    this.#state = "connected";
    this.#sentOnConn = 0;
    this.#recent = [];
    if (this.#everConnected) {
      this.#reconnects++;
      const down = this.#downSince === undefined
        ? 0
        : this.#platform.now() - this.#downSince;
      this.#report(
        "recovered",
        `reconnected after ${this.#failedAttempts} failed attempt(s), ${down} ms down; ${this.#queue.length} message(s) to (re)send${
          this.#episodeDrops > 0
            ? `; ${this.#episodeDrops} dropped meanwhile`
            : ""
        }`,
      );
    }
    this.#everConnected = true;
    this.#failedAttempts = 0;
    this.#downSince = undefined;
    this.#episodeDrops = 0;
    if (this.#closing !== undefined) this.#conn?.ref();
    this.#pump();
  }

  #onData(bytes: Uint8Array): void {
    if (this.#wire.wire !== "relp") return; // a syslog server sends nothing
    let frames: RelpFrame[];
    try {
      frames = this.#parser.push(bytes);
    } catch (err) {
      this.#fail(err);
      return;
    }
    let progressed = false;
    for (const frame of frames) {
      if (frame.command === "serverclose") {
        if (this.#shuttingDown) {
          this.#conn?.destroy();
          return;
        }
        this.#fail(new Error("RELP server closed the session (serverclose)"));
        return;
      }
      if (frame.command !== "rsp") {
        this.#fail(
          new Error(`RELP server sent an unexpected "${frame.command}" frame`),
        );
        return;
      }
      const rsp = parseRelpResponse(frame.data);
      if (this.#state === "connecting" && frame.txnr === this.#openTxnr) {
        const commands = (rsp.offers.get("commands") ?? "").split(",");
        if (rsp.code !== 200 || !commands.includes("syslog")) {
          this.#fail(
            new Error(
              `RELP open refused: ${rsp.code} ${rsp.text} (commands=${
                rsp.offers.get("commands") ?? ""
              })`,
            ),
          );
          return;
        }
        this.#ready();
        continue;
      }
      if (frame.txnr === this.#closeTxnr && this.#shuttingDown) {
        this.#conn?.end();
        continue;
      }
      const item = this.#unacked.get(frame.txnr);
      if (item === undefined) {
        this.#fail(
          new Error(`RELP server answered unknown txnr ${frame.txnr}`),
        );
        return;
      }
      this.#unacked.delete(frame.txnr);
      progressed = true;
      if (rsp.code === 200) {
        if (!item.marker) this.#acked++;
      } else if (!item.marker) {
        this.#rejected++;
        this.#setError(
          `RELP server refused a message: ${rsp.code} ${rsp.text}`,
        );
        this.#report(
          "dropped",
          `RELP server refused a message (${rsp.code} ${rsp.text}); not retried, counted in stats().rejected`,
        );
      }
    }
    if (progressed) this.#pump();
  }

  #fail(err: unknown): void {
    this.#setError(describeError(err));
    this.#conn?.destroy();
  }

  #clearHandshake(): void {
    if (this.#handshakeTimer !== undefined) clearTimeout(this.#handshakeTimer);
    this.#handshakeTimer = undefined;
  }

  #onClose(error: unknown): void {
    this.#clearHandshake();
    this.#conn = undefined;
    this.#connSeq++;
    this.#blocked = false;
    const wasConnected = this.#state === "connected";
    if (this.#shuttingDown && this.#idle()) {
      // Our own close after everything was delivered.
      if (error !== undefined && this.#wire.wire === "syslog") {
        this.#unconfirmed += this.#sentOnConn;
      }
      this.#finishClose();
      return;
    }
    this.#shuttingDown = false;
    const reason = error === undefined
      ? (wasConnected ? "connection closed by the server" : "connection closed")
      : describeError(error);
    this.#setError(reason);
    this.#errors++;
    let resend = 0;
    if (this.#wire.wire === "relp") {
      const items = [...this.#unacked.values()];
      this.#unacked.clear();
      resend = items.length;
      this.#requeue(items);
    } else if (wasConnected) {
      const cutoff = this.#platform.monotonic() - this.#wire.resendWindowMs;
      const recent = this.#recent.slice(-this.#wire.resendWindow)
        .filter((item) => item.sentAt >= cutoff && !item.marker);
      resend = recent.length;
      this.#unconfirmed += Math.max(0, this.#sentOnConn - resend);
      this.#recent = [];
      this.#requeue(recent);
    }
    if (this.#downSince === undefined) {
      this.#downSince = this.#platform.now();
      const detail = this.#wire.wire === "relp"
        ? `${resend} unacknowledged message(s) will be resent`
        : wasConnected
        ? `the last ${resend} message(s) will be resent (possible duplicates); ${
          Math.max(0, this.#sentOnConn - resend)
        } earlier one(s) on this connection cannot be confirmed over plain TCP`
        : "";
      this.#report(
        "error",
        `${wasConnected ? "connection lost" : "cannot connect"}: ${reason}${
          detail === "" ? "" : `; ${detail}`
        }; retrying with backoff`,
        error,
      );
    }
    this.#sentOnConn = 0;
    // Nothing to deliver: wait for the next write instead of reconnecting.
    if (this.#idle() && this.#closing === undefined) {
      this.#state = "idle";
      this.#downSince = undefined;
      this.#failedAttempts = 0;
      this.#resolveFlushWaiters();
      return;
    }
    this.#failedAttempts++;
    this.#state = "backoff";
    this.#resolveFlushWaiters();
    const base = Math.min(
      this.#reconnectMaxMs,
      this.#reconnectMinMs * 2 ** Math.min(this.#failedAttempts - 1, 30),
    );
    const delay = Math.round(base / 2 + Math.random() * base / 2);
    if (this.#closing !== undefined) {
      const t = setTimeout(() => this.#retry(), delay);
      this.#retryTimer = { cancel: () => clearTimeout(t) };
    } else {
      this.#retryTimer = this.#platform.after(delay, () => this.#retry());
    }
  }

  #retry(): void {
    this.#retryTimer = undefined;
    if (this.#state === "backoff") this.#connect();
  }

  #requeue(items: Item[]): void {
    const real = items.filter((item) => !item.marker);
    const dropped = this.#queue.requeueFront(real);
    if (dropped.messages > 0) this.#countDrops(dropped.messages, dropped.bytes);
  }

  #resolveFlushWaiters(): void {
    const waiters = this.#flushWaiters;
    this.#flushWaiters = [];
    for (const resolve of waiters) resolve();
  }

  // ---- close ----------------------------------------------------------

  #beginShutdown(): void {
    if (this.#shuttingDown || this.#state === "closed") return;
    const conn = this.#conn;
    if (conn === undefined || this.#state !== "connected") {
      if (this.#state === "backoff" || this.#state === "idle") {
        this.#finishClose();
      }
      return;
    }
    this.#shuttingDown = true;
    conn.ref();
    if (this.#wire.wire === "relp") {
      this.#txnr = nextTxnr(this.#txnr);
      this.#closeTxnr = this.#txnr;
      conn.write(encodeRelp(this.#closeTxnr, "close", ""));
    } else {
      conn.end();
    }
  }

  #abortClose(): void {
    this.#closeTimer = undefined;
    if (this.#state === "closed") return;
    const left = this.#queue.length + this.#unacked.size;
    if (left > 0) {
      this.#lost += this.#queue.clear().messages;
      let unacked = 0;
      for (const item of this.#unacked.values()) if (!item.marker) unacked++;
      this.#lost += unacked;
      this.#unacked.clear();
      this.#report(
        "dropped",
        `close() timed out after ${this.#closeTimeoutMs} ms: ${left} undelivered message(s) lost; counted in stats().lost`,
      );
    }
    this.#finishClose();
  }

  #finishClose(): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#retryTimer?.cancel();
    this.#retryTimer = undefined;
    this.#clearHandshake();
    if (this.#closeTimer !== undefined) clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    const conn = this.#conn;
    this.#conn = undefined;
    this.#connSeq++;
    conn?.destroy();
    this.#removeExitHook?.();
    this.#removeExitHook = undefined;
    this.#resolveFlushWaiters();
    this.#resolveClose?.();
  }

  #onExit(): void {
    if (this.#state === "closed") return;
    let left = this.#queue.length;
    for (const item of this.#unacked.values()) if (!item.marker) left++;
    this.#queue.clear();
    this.#unacked.clear();
    if (left > 0) {
      this.#lost += left;
      this.#report(
        "dropped",
        `process exiting with ${left} undelivered message(s); they are lost (call and await close() to deliver them)`,
      );
    }
  }

  // ---- reporting ------------------------------------------------------

  #setError(message: string): void {
    this.#lastError = message;
    this.#lastErrorTime = this.#platform.now();
  }

  #report(kind: DiagnosticKind, message: string, error?: unknown): void {
    emitDiagnostic(this.#listener, {
      kind,
      target: this.#endpoint,
      message,
      ...(error === undefined ? {} : { error }),
      time: this.#platform.now(),
    });
  }
}

const textEncoder = new TextEncoder();

function encodeRelp(txnr: number, command: string, data: string): Uint8Array {
  const bytes = textEncoder.encode(data);
  const out = new Uint8Array(relpFrameLength(txnr, command, bytes.length));
  writeRelpFrame(out, 0, txnr, command, bytes);
  return out;
}
