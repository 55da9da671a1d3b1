/**
 * The network sink: lines become RFC 5424 messages in a bounded
 * {@linkcode ReplayQueue}; its {@linkcode Delivery} sends them in batches
 * over one connection and survives a broken connection through reconnects
 * with exponential backoff and jitter. What goes on the wire (framing, a
 * handshake, acknowledgements, what to resend after a break) is the
 * {@linkcode Wire}'s business: `SyslogWire` (TCP/TLS) or `RelpWire`.
 *
 * @module
 */
import { writableFor } from "../buffer/sink_writable.ts";
import {
  type FlushCallback,
  withFlushCallback,
} from "../buffer/flush_callback.ts";
import { checkPermissions } from "../diagnostics.ts";
import type { PermissionNeed } from "../runtime/deno_permissions.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { Platform } from "../runtime/driver.ts";
import { getNetDriver, type NetDriver } from "../runtime/net_driver.ts";
import { Delivery } from "./delivery.ts";
import { NetworkLedger } from "./network_ledger.ts";
import {
  type NetworkSettings,
  type NetworkSinkOptions,
  resolveNetworkOptions,
} from "./network_options.ts";
import type { NetworkSinkStats, NetworkSinkStatus } from "./network_stats.ts";
import { ReplayQueue } from "./replay_queue.ts";
import { SettledWatermark } from "./settled_watermark.ts";
import { truncateUtf8 } from "./syslog_format.ts";
import { severityNumber, type SyslogSeverity } from "./syslog_priority.ts";
import type { Wire } from "./wire.ts";

const decoder = () => new TextDecoder("utf-8", { fatal: false });

/**
 * What Deno must grant a network sink: `net` for its `host:port`, `read`,
 * `write` and `net=unix:PATH` for a Unix socket path, `sys=hostname` when its messages
 * carry the host name and none was given.
 */
function networkPermissionNeeds(
  s: {
    readonly host: string;
    readonly port: number;
    readonly path?: string | undefined;
  },
  options: { hostname: boolean },
): PermissionNeed[] {
  const hostPart = s.host.includes(":") ? `[${s.host}]` : s.host;
  return [
    ...(s.path !== undefined
      ? [
        { kind: "read" as const, value: s.path },
        { kind: "write" as const, value: s.path },
        // Deno 2.x checks `net` for `unix:PATH` too.
        { kind: "net" as const, value: `unix:${s.path}` },
      ]
      : [{ kind: "net" as const, value: `${hostPart}:${s.port}` }]),
    ...(options.hostname ? [{ kind: "sys" as const, value: "hostname" }] : []),
  ];
}

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
  readonly #s: NetworkSettings;
  readonly #queue: ReplayQueue;
  readonly #ledger: NetworkLedger;
  readonly #delivery: Delivery;
  readonly #settled = new SettledWatermark();
  #removeExitHook: (() => void) | undefined;
  #partial = "";
  #bytesDecoder: TextDecoder | undefined;
  #closing: Promise<void> | undefined;
  #resolveClose: (() => void) | undefined;

  /**
   * @param options The sink options (validated here).
   * @param wire The wire protocol.
   * @param context Injected runtime pieces (tests).
   */
  constructor(
    options: NetworkSinkOptions,
    wire: Wire,
    context: {
      platform?: Platform;
      net?: NetDriver;
      /** Adjusts the resolved settings (the socket sink's format and limits). */
      adjust?: (settings: NetworkSettings) => NetworkSettings;
    } = {},
  ) {
    this.#wire = wire;
    const platform = this.#platform = context.platform ?? getPlatform();
    const net = context.net ?? getNetDriver();
    const resolved = resolveNetworkOptions(options, {
      subject: wire.subject,
      defaultPort: wire.defaultPort,
      hostname: net.hostname(),
      procId: String(platform.pid),
    });
    const adjusted = context.adjust?.(resolved) ?? resolved;
    const hostPart = adjusted.host.includes(":")
      ? `[${adjusted.host}]`
      : adjusted.host;
    this.#endpoint = adjusted.path !== undefined
      ? `${wire.scheme}://${adjusted.path}`
      : `${wire.scheme}://${hostPart}:${adjusted.port}`;
    // Deno: one diagnostic naming the flags when a permission is missing.
    const s = context.net !== undefined ? adjusted : {
      ...adjusted,
      listener: checkPermissions(
        wire.subject,
        this.#endpoint,
        networkPermissionNeeds(adjusted, {
          // Syslog and RELP headers carry the host name; socket records do not.
          hostname: wire.subject !== "socket sink" &&
            options.hostname === undefined,
        }),
        adjusted.listener,
        (missing) =>
          missing.some((need) => need.kind !== "sys")
            ? "until then its messages are queued, then dropped and counted"
            : 'its messages carry "-" as host name (or set the hostname option)',
      ),
    };
    this.#s = s;
    this.#queue = new ReplayQueue({
      maxMessages: s.maxQueuedMessages,
      maxBytes: s.maxQueuedBytes,
      overflow: s.overflow,
    });
    this.#ledger = new NetworkLedger(
      this.#endpoint,
      s.listener,
      () => platform.now(),
    );
    this.#delivery = new Delivery({
      wire,
      net,
      platform,
      settings: s,
      queue: this.#queue,
      ledger: this.#ledger,
      onClosed: () => {
        this.#removeExitHook?.();
        this.#removeExitHook = undefined;
        this.#resolveClose?.();
      },
      onSettled: (message) => {
        if (message.seq !== undefined) this.#settled.settle(message.seq);
      },
    });
    if (s.reportLossOnExit) {
      // "flush": the app handles the signal and keeps running; delivery
      // goes on, and only the real exit counts what is left as lost.
      this.#removeExitHook = platform.onExit((mode) => {
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
        this.#ledger.lost += lines;
        this.#ledger.report(
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
      this.#ledger.lost++;
      return false;
    }
    const sev = severity === undefined
      ? undefined
      : severityNumber(severity, this.#wire.subject);
    return this.#enqueue(message, sev);
  }

  /**
   * Queues one message that is already encoded for this sink's wire (an
   * RFC 5424 message, a MessagePack record), subject to the same size
   * limit, queue bounds and counters as a written line.
   *
   * @param bytes The message bytes (unframed; the wire frames them).
   * @returns `false` when it was dropped or the sink is closed.
   */
  sendBytes(bytes: Uint8Array): boolean {
    if (this.#closing !== undefined) {
      this.#ledger.lost++;
      return false;
    }
    return this.#queueBytes(bytes);
  }

  /**
   * Resolves when everything written so far has been handed to the
   * connection (RELP: acknowledged), or when the server cannot be reached
   * right now (then the queue keeps waiting for the reconnect).
   * `callback`, if given, is called then too (pino's `logger.flush(cb)`).
   */
  flush(callback?: FlushCallback): Promise<void> {
    return withFlushCallback(this.#delivery.flush(), callback);
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
    this.#delivery.beginClose();
    const partial = this.#partial +
      (this.#bytesDecoder?.decode() ?? "");
    this.#partial = "";
    if (partial !== "") this.#enqueue(partial);
    this.#removeExitHook?.();
    this.#removeExitHook = undefined;
    this.#delivery.close();
    return this.#closing;
  }

  /**
   * A fresh `WritableStream` face per access, for `readable.pipeTo(sink.writable)`;
   * ending a pipe flushes but never closes the sink (call `close()`).
   */
  get writable(): WritableStream<string | Uint8Array> {
    return writableFor(this);
  }

  /** Counters and the last error. */
  stats(): NetworkSinkStats {
    return this.#ledger.stats(this.#queue.length, this.#wire.inFlight);
  }

  /**
   * How far delivery got, by message number: every message queued gets the
   * next number (1, 2, …); `settled` is the highest `n` such that messages
   * 1…n are all settled — acknowledged (or refused) by a RELP server, or
   * written to the socket for TCP/TLS (weaker: the kernel's buffer is not
   * the server). A dropped or lost message never settles, so `settled`
   * stops before it. The file shipper builds its cursor on this.
   *
   * @returns `queued`: the last number given; `settled`: the watermark.
   *
   * @example Usage
   * ```ts
   * import { createRelpSink } from "logrotor";
   *
   * const sink = createRelpSink({ host: "127.0.0.1", port: 2514 });
   * sink.write("one\n");
   * await sink.close();
   * const { queued, settled } = sink.progress(); // 1, 1 once acknowledged
   * ```
   */
  progress(): { readonly queued: number; readonly settled: number } {
    return { queued: this.#settled.last, settled: this.#settled.through };
  }

  /** The state of the connection and the trouble seen. */
  status(): NetworkSinkStatus {
    const state = this.#delivery.state;
    const ledger = this.#ledger;
    return {
      state: this.#closing !== undefined && state !== "closed"
        ? "closing"
        : state,
      endpoint: this.#endpoint,
      connected: state === "connected",
      downSince: this.#delivery.downSince,
      failedAttempts: this.#delivery.failedAttempts,
      pending: this.#queue.length + this.#wire.inFlight,
      dropped: ledger.dropped + ledger.lost + ledger.rejected +
        ledger.oversized,
      lastError: ledger.lastError,
    };
  }

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
    return this.#queueBytes(
      s.formatter.format(line, sev, this.#platform.now()),
    );
  }

  #queueBytes(bytes: Uint8Array): boolean {
    const s = this.#s;
    if (bytes.length > s.maxMessageBytes) {
      if (s.oversize === "drop") {
        const ledger = this.#ledger;
        ledger.written++;
        ledger.oversized++;
        ledger.setError(
          `a message of ${bytes.length} bytes exceeded the ${s.maxMessageBytes}-byte limit`,
        );
        if (ledger.oversized === 1 || ledger.oversized % 1000 === 0) {
          ledger.report(
            "dropped",
            `a message of ${bytes.length} bytes exceeds the limit of ${s.maxMessageBytes} bytes: dropped (${ledger.oversized} so far, counted in stats().oversized)`,
          );
        }
        return false;
      }
      bytes = truncateUtf8(bytes, s.maxMessageBytes);
      this.#ledger.truncated++;
    }
    this.#ledger.written++;
    const queue = this.#queue;
    const dropped = queue.push({
      bytes,
      attempts: 0,
      sentAt: 0,
      seq: this.#settled.next(),
    });
    if (dropped.messages > 0) {
      this.#ledger.countDrops(
        dropped.messages,
        dropped.bytes,
        queue.length,
        queue.bytes,
      );
    }
    this.#delivery.kick(false);
    return dropped.accepted;
  }

  #onExit(): void {
    if (this.#delivery.state === "closed") return;
    const left = this.#queue.length + this.#wire.discard();
    this.#queue.clear();
    if (left > 0) {
      this.#ledger.lost += left;
      this.#ledger.report(
        "dropped",
        `process exiting with ${left} undelivered message(s); they are lost (call and await close() to deliver them)`,
      );
    }
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
