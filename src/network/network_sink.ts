/**
 * The engine behind the syslog and RELP sinks: lines become RFC 5424
 * messages in a bounded {@linkcode ReplayQueue}, go out in batches over one
 * connection, and survive a broken connection through reconnects with
 * exponential backoff and jitter. What goes on the wire (framing, a
 * handshake, acknowledgements, what to resend after a break) is the
 * {@linkcode Wire}'s business: `SyslogWire` (TCP/TLS) or `RelpWire`.
 *
 * @module
 */
import { writableFor } from "../buffer/sink_writable.ts";
import { type DiagnosticKind, emitDiagnostic } from "../diagnostics.ts";
import { describeError } from "../errors.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { Platform, UnrefTimer } from "../runtime/driver.ts";
import {
  getNetDriver,
  type NetConnection,
  type NetDriver,
} from "../runtime/net_driver.ts";
import { backoffDelay } from "./backoff.ts";
import {
  type NetworkSettings,
  type NetworkSinkOptions,
  resolveNetworkOptions,
} from "./network_options.ts";
import type {
  NetworkSinkState,
  NetworkSinkStats,
  NetworkSinkStatus,
} from "./network_stats.ts";
import { ReplayQueue } from "./replay_queue.ts";
import { truncateUtf8 } from "./syslog_format.ts";
import { severityNumber, type SyslogSeverity } from "./syslog_priority.ts";
import type { Wire, WireMessage, WireSession } from "./wire.ts";

const decoder = () => new TextDecoder("utf-8", { fatal: false });

/**
 * A sink that ships lines as RFC 5424 syslog messages over one connection,
 * in the protocol of its {@linkcode Wire} (TCP, TLS or RELP). Create one
 * with `createSyslogSink()` or `createRelpSink()`.
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
export class NetworkSink {
  readonly #wire: Wire;
  readonly #endpoint: string;
  readonly #platform: Platform;
  readonly #net: NetDriver;
  readonly #s: NetworkSettings;
  readonly #queue: ReplayQueue;
  readonly #session: WireSession;
  #removeExitHook: (() => void) | undefined;

  #state: NetworkSinkState = "idle";
  #conn: NetConnection | undefined;
  #connSeq = 0;
  #everConnected = false;
  #blocked = false;
  #pumpScheduled = false;
  #retryTimer: UnrefTimer | undefined;
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  #failedAttempts = 0;
  #downSince: number | undefined;
  #partial = "";
  #bytesDecoder: TextDecoder | undefined;
  #writable: WritableStream<string | Uint8Array> | undefined;
  #flushWaiters: Array<() => void> = [];

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
   * @param wire The wire protocol.
   * @param context Injected runtime pieces (tests).
   */
  constructor(
    options: NetworkSinkOptions,
    wire: Wire,
    context: { platform?: Platform; net?: NetDriver } = {},
  ) {
    this.#wire = wire;
    this.#platform = context.platform ?? getPlatform();
    this.#net = context.net ?? getNetDriver();
    const s = resolveNetworkOptions(options, {
      subject: wire.subject,
      defaultPort: wire.defaultPort,
      hostname: this.#net.hostname(),
      procId: String(this.#platform.pid),
    });
    this.#s = s;
    const hostPart = s.host.includes(":") ? `[${s.host}]` : s.host;
    this.#endpoint = `${wire.scheme}://${hostPart}:${s.port}`;
    this.#queue = new ReplayQueue({
      maxMessages: s.maxQueuedMessages,
      maxBytes: s.maxQueuedBytes,
      overflow: s.overflow,
    });
    this.#session = this.#newSession();
    if (s.reportLossOnExit) {
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
      if (this.#partial.length > this.#s.maxMessageBytes) {
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
      this.#s.closeTimeoutMs,
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
      unacked: this.#wire.inFlight,
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
      pending: this.#queue.length + this.#wire.inFlight,
      dropped: this.#dropped + this.#lost + this.#rejected,
      lastError: this.#lastError,
    };
  }

  // ---- queueing -------------------------------------------------------

  #enqueue(line: string, severity?: number): boolean {
    const s = this.#s;
    let sev = severity ?? s.severity;
    if (severity === undefined && s.severityOf !== undefined) {
      try {
        const picked = s.severityOf(line);
        if (picked !== undefined) sev = severityNumber(picked);
      } catch {
        // a broken mapping must not break logging: use the default
      }
    }
    let bytes = s.formatter.format(line, sev, this.#platform.now());
    if (bytes.length > s.maxMessageBytes) {
      bytes = truncateUtf8(bytes, s.maxMessageBytes);
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
    if (now || this.#queue.bytes >= this.#s.batchBytes) {
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
    return this.#queue.length === 0 && this.#wire.inFlight === 0;
  }

  #markerItem(): WireMessage {
    const n = this.#unreportedDrops;
    this.#unreportedDrops = 0;
    const bytes = this.#s.formatter.format(
      `logrotor: ${n} message(s) dropped (queue full) before this one; see stats().dropped`,
      4,
      this.#platform.now(),
    );
    return { bytes, attempts: 0, sentAt: 0, marker: true };
  }

  #pump(): void {
    const wire = this.#wire;
    while (
      this.#state === "connected" && !this.#blocked && !this.#shuttingDown &&
      this.#conn !== undefined
    ) {
      if (this.#queue.length === 0 && this.#unreportedDrops === 0) break;
      const room = wire.room();
      if (room <= 0) break;
      const items: WireMessage[] = [];
      if (this.#unreportedDrops > 0 && this.#s.dropMarker) {
        items.push(this.#markerItem());
      } else {
        this.#unreportedDrops = 0;
      }
      let size = 0;
      while (items.length < room && size < this.#s.batchBytes) {
        const item = this.#queue.shift() as WireMessage | undefined;
        if (item === undefined) break;
        items.push(item);
        size += item.bytes.length + 16;
      }
      if (items.length === 0) break;
      const batch = wire.encode(items);
      const now = this.#platform.monotonic();
      for (const item of items) {
        if (!item.marker) {
          if (item.attempts > 0) this.#resent++;
          else this.#sent++;
        }
        item.attempts++;
        item.sentAt = now;
      }
      this.#bytesSent += batch.length;
      const conn = this.#conn;
      if (!conn.write(batch)) this.#blocked = true;
    }
    this.#checkIdle();
  }

  /** Called after progress: resolves waiters, unrefs an idle connection, ends a close. */
  #checkIdle(): void {
    if (!this.#idle()) return;
    this.#resolveFlushWaiters();
    if (this.#closing !== undefined) {
      this.#beginShutdown();
    } else if (!this.#blocked) {
      this.#conn?.unref();
    }
  }

  // ---- connection -----------------------------------------------------

  /** The face the wire talks to; its calls act on the current connection. */
  #newSession(): WireSession {
    // deno-lint-ignore no-this-alias
    const sink = this;
    return {
      write: (bytes) => this.#conn!.write(bytes),
      end: () => this.#conn?.end(),
      destroy: () => this.#conn?.destroy(),
      ready: () => this.#ready(),
      fail: (error) => this.#fail(error),
      acked: (message) => {
        if (!message.marker) this.#acked++;
      },
      rejected: (message, code, text) => this.#onRejected(message, code, text),
      progressed: () => this.#pump(),
      get shuttingDown() {
        return sink.#shuttingDown;
      },
    };
  }

  #connect(): void {
    if (this.#state === "closed") return;
    this.#state = "connecting";
    const seq = ++this.#connSeq;
    this.#blocked = false;
    const current = () => seq === this.#connSeq;
    const conn = this.#net.connect({
      host: this.#s.host,
      port: this.#s.port,
      connectTimeoutMs: this.#s.connectTimeoutMs,
      ...(this.#wire.tls === undefined ? {} : { tls: this.#wire.tls }),
    }, {
      onConnect: () => {
        if (current()) this.#onConnect();
      },
      onData: (bytes) => {
        if (current()) this.#wire.receive(bytes, this.#session);
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
    if (this.#wire.open(this.#session)) {
      this.#ready();
      return;
    }
    const ms = this.#s.connectTimeoutMs;
    this.#handshakeTimer = setTimeout(() => {
      this.#fail(
        new Error(
          `${this.#wire.protocol} open got no answer within ${ms} ms`,
        ),
      );
    }, ms);
  }

  #ready(): void {
    this.#clearHandshake();
    this.#state = "connected";
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

  #onRejected(message: WireMessage, code: number, text: string): void {
    if (message.marker) return;
    this.#rejected++;
    this.#setError(
      `${this.#wire.protocol} server refused a message: ${code} ${text}`,
    );
    this.#report(
      "dropped",
      `${this.#wire.protocol} server refused a message (${code} ${text}); not retried, counted in stats().rejected`,
    );
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
      this.#unconfirmed += this.#wire.ended(error);
      this.#finishClose();
      return;
    }
    this.#shuttingDown = false;
    const reason = error === undefined
      ? (wasConnected ? "connection closed by the server" : "connection closed")
      : describeError(error);
    this.#setError(reason);
    this.#errors++;
    const lost = this.#wire.broken(wasConnected, this.#platform.monotonic());
    this.#unconfirmed += lost.unconfirmed;
    this.#requeue(lost.resend);
    if (this.#downSince === undefined) {
      this.#downSince = this.#platform.now();
      this.#report(
        "error",
        `${wasConnected ? "connection lost" : "cannot connect"}: ${reason}${
          lost.detail === "" ? "" : `; ${lost.detail}`
        }; retrying with backoff`,
        error,
      );
    }
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
    const delay = backoffDelay(
      this.#failedAttempts,
      this.#s.reconnectMinMs,
      this.#s.reconnectMaxMs,
      Math.random(),
    );
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

  #requeue(items: WireMessage[]): void {
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
    this.#wire.shutdown(this.#session);
  }

  #abortClose(): void {
    this.#closeTimer = undefined;
    if (this.#state === "closed") return;
    const left = this.#queue.length + this.#wire.inFlight;
    if (left > 0) {
      this.#lost += this.#queue.clear().messages;
      this.#lost += this.#wire.discard();
      this.#report(
        "dropped",
        `close() timed out after ${this.#s.closeTimeoutMs} ms: ${left} undelivered message(s) lost; counted in stats().lost`,
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
    const left = this.#queue.length + this.#wire.discard();
    this.#queue.clear();
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
    emitDiagnostic(this.#s.listener, {
      kind,
      target: this.#endpoint,
      message,
      ...(error === undefined ? {} : { error }),
      time: this.#platform.now(),
    });
  }
}

/**
 * The old name of {@linkcode NetworkSink}.
 *
 * @deprecated Use NetworkSink
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink, type NetworkSink } from "logrotor";
 *
 * const sink: NetworkSink = createSyslogSink({ host: "127.0.0.1" });
 * await sink.close();
 * ```
 */
export const SyslogSink = NetworkSink;
/** @deprecated Use NetworkSink */
export type SyslogSink = NetworkSink;
