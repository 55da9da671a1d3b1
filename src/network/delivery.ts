/**
 * The delivery half of a {@linkcode NetworkSink}: it takes messages from
 * the {@linkcode ReplayQueue} and sends them in batches, through the sink's
 * {@linkcode Wire}, over one connection at a time; after a break it puts
 * what the wire wants resent back at the front of the queue and reconnects
 * with exponential backoff and jitter; on close it delivers what is left,
 * ends the session, and gives up after the close timeout.
 *
 * @module
 */
import { describeError } from "../errors.ts";
import type { Platform } from "../runtime/driver.ts";
import type { NetConnectionEvents, NetDriver } from "../runtime/net_driver.ts";
import { DeliveryConnection } from "./delivery_connection.ts";
import { createDeliverySession } from "./delivery_session.ts";
import type { NetworkLedger } from "./network_ledger.ts";
import type { NetworkSettings } from "./network_options.ts";
import type { NetworkSinkState } from "./network_stats.ts";
import type { ReplayQueue } from "./replay_queue.ts";
import type { Wire, WireMessage, WireSession } from "./wire.ts";

/** What a {@linkcode Delivery} works with, all owned by its sink. */
export interface DeliveryParts {
  /** The wire protocol. */
  readonly wire: Wire;
  /** Opens connections. */
  readonly net: NetDriver;
  /** Clocks and timers. */
  readonly platform: Platform;
  /** The resolved options. */
  readonly settings: NetworkSettings;
  /** The messages waiting. */
  readonly queue: ReplayQueue;
  /** Counters and diagnostics. */
  readonly ledger: NetworkLedger;
  /** Called once when the delivery has closed for good. */
  readonly onClosed: () => void;
  /**
   * Called when a message is settled: acknowledged or refused by the server
   * (a wire with acknowledgements), or written to the socket (without).
   */
  readonly onSettled?: (message: WireMessage) => void;
}

/**
 * Sends a queue's messages over a reconnecting connection.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * // A Delivery is made and driven by its NetworkSink.
 * const sink = createSyslogSink({ host: "127.0.0.1" });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export class Delivery {
  readonly #p: DeliveryParts;
  readonly #session: WireSession;
  readonly #link: DeliveryConnection;
  readonly #events: NetConnectionEvents;
  #state: NetworkSinkState = "idle";
  #blocked = false;
  #pumpScheduled = false;
  #flushWaiters: Array<() => void> = [];
  #closing = false;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #shuttingDown = false;

  /** @param parts The sink's pieces. */
  constructor(parts: DeliveryParts) {
    this.#p = parts;
    this.#link = new DeliveryConnection(
      parts.net,
      parts.platform,
      parts.settings,
      parts.wire,
    );
    const link = this.#link;
    this.#session = createDeliverySession(
      {
        get conn() {
          return link.conn;
        },
        ready: () => this.#ready(),
        fail: (error) => this.#fail(error),
        progressed: () => this.#pump(),
        shuttingDown: () => this.#shuttingDown,
      },
      parts.ledger,
      parts.wire.protocol,
      parts.onSettled,
    );
    this.#events = {
      onConnect: () => this.#onConnect(),
      onData: (bytes) => parts.wire.receive(bytes, this.#session),
      onDrain: () => {
        this.#blocked = false;
        this.#pump();
      },
      onClose: (error) => this.#onClose(error),
    };
  }

  /** The connection state (`"closing"` is the sink's view, not kept here). */
  get state(): NetworkSinkState {
    return this.#state;
  }

  /** Since when the server is unreachable, or `undefined`. */
  get downSince(): number | undefined {
    return this.#link.downSince;
  }

  /** Consecutive failed attempts in the current outage. */
  get failedAttempts(): number {
    return this.#link.failedAttempts;
  }

  /** Nothing queued and nothing in flight. */
  idle(): boolean {
    return this.#p.queue.length === 0 && this.#p.wire.inFlight === 0;
  }

  /** New messages are queued: connect, or send now (`now`) or in a microtask. */
  kick(now: boolean): void {
    if (this.#state === "idle") {
      this.#connect();
      return;
    }
    if (this.#state !== "connected" || this.#blocked) return;
    this.#link.conn?.ref();
    if (now || this.#p.queue.bytes >= this.#p.settings.batchBytes) {
      this.#pump();
    } else if (!this.#pumpScheduled) {
      this.#pumpScheduled = true;
      queueMicrotask(() => {
        this.#pumpScheduled = false;
        this.#pump();
      });
    }
  }

  /** Resolves when everything is handed over (or the server is unreachable now). */
  flush(): Promise<void> {
    if (this.idle() || this.#state === "closed") return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#flushWaiters.push(resolve);
      this.kick(true);
    });
  }

  /** Marks the close before the sink queues its last partial line. */
  beginClose(): void {
    this.#closing = true;
  }

  /** Delivers what is left, then ends the session; gives up after the close timeout. */
  close(): void {
    if (this.idle() && this.#link.conn === undefined) {
      this.#finishClose();
      return;
    }
    this.#closeTimer = setTimeout(
      () => this.#abortClose(),
      this.#p.settings.closeTimeoutMs,
    );
    this.#link.conn?.ref();
    if (this.#state === "backoff") {
      this.#link.cancelRetry();
      this.#connect();
    } else if (this.#state === "idle") {
      this.#connect();
    } else {
      this.kick(true);
      this.#checkIdle();
    }
  }

  // ---- sending --------------------------------------------------------

  #markerItem(): WireMessage {
    const bytes = this.#p.settings.formatter.format(
      this.#p.ledger.takeDropNotice(),
      4,
      this.#p.platform.now(),
    );
    return { bytes, attempts: 0, sentAt: 0, marker: true };
  }

  #pump(): void {
    const { wire, queue, ledger, settings } = this.#p;
    while (
      this.#state === "connected" && !this.#blocked && !this.#shuttingDown &&
      this.#link.conn !== undefined
    ) {
      if (queue.length === 0 && ledger.unreportedDrops === 0) break;
      const room = wire.room();
      if (room <= 0) break;
      const items: WireMessage[] = [];
      if (ledger.unreportedDrops > 0 && settings.dropMarker) {
        items.push(this.#markerItem());
      } else {
        ledger.unreportedDrops = 0;
      }
      let size = 0;
      while (items.length < room && size < settings.batchBytes) {
        const item = queue.shift() as WireMessage | undefined;
        if (item === undefined) break;
        items.push(item);
        size += item.bytes.length + 16;
      }
      if (items.length === 0) break;
      const batch = wire.encode(items);
      const now = this.#p.platform.monotonic();
      for (const item of items) {
        if (!item.marker) {
          if (item.attempts > 0) ledger.resent++;
          else ledger.sent++;
        }
        item.attempts++;
        item.sentAt = now;
      }
      ledger.bytesSent += batch.length;
      const conn = this.#link.conn;
      if (!conn.write(batch)) this.#blocked = true;
      const settled = this.#p.onSettled;
      if (settled !== undefined && wire.acknowledges !== true) {
        for (const item of items) settled(item);
      }
    }
    this.#checkIdle();
  }

  /** Called after progress: resolves waiters, unrefs an idle connection, ends a close. */
  #checkIdle(): void {
    if (!this.idle()) return;
    this.#resolveFlushWaiters();
    if (this.#closing) {
      this.#beginShutdown();
    } else if (!this.#blocked) {
      this.#link.conn?.unref();
    }
  }

  #resolveFlushWaiters(): void {
    const waiters = this.#flushWaiters;
    this.#flushWaiters = [];
    for (const resolve of waiters) resolve();
  }

  // ---- connection -----------------------------------------------------

  #connect(): void {
    if (this.#state === "closed") return;
    this.#state = "connecting";
    this.#blocked = false;
    const conn = this.#link.open(this.#events);
    if (!this.#closing && this.idle()) conn.unref();
  }

  #onConnect(): void {
    if (this.#p.wire.open(this.#session)) {
      this.#ready();
      return;
    }
    this.#link.startHandshake((error) => this.#fail(error));
  }

  #ready(): void {
    const recovered = this.#link.up();
    this.#state = "connected";
    const ledger = this.#p.ledger;
    if (recovered !== undefined) {
      ledger.reconnects++;
      ledger.report(
        "recovered",
        `reconnected after ${recovered.attempts} failed attempt(s), ${recovered.downMs} ms down; ${this.#p.queue.length} message(s) to (re)send${
          ledger.episodeDrops > 0
            ? `; ${ledger.episodeDrops} dropped meanwhile`
            : ""
        }`,
      );
    }
    ledger.episodeDrops = 0;
    if (this.#closing) this.#link.conn?.ref();
    this.#pump();
  }

  #fail(err: unknown): void {
    this.#p.ledger.setError(describeError(err));
    this.#link.conn?.destroy();
  }

  #onClose(error: unknown): void {
    const { ledger, wire, platform, queue } = this.#p;
    this.#link.closed();
    this.#blocked = false;
    const wasConnected = this.#state === "connected";
    if (this.#shuttingDown && this.idle()) {
      // Our own close after everything was delivered.
      ledger.unconfirmed += wire.ended(error);
      this.#finishClose();
      return;
    }
    this.#shuttingDown = false;
    this.#link.broke(wasConnected);
    const reason = error === undefined
      ? (wasConnected ? "connection closed by the server" : "connection closed")
      : describeError(error);
    ledger.setError(reason);
    ledger.errors++;
    const lost = wire.broken(wasConnected, platform.monotonic());
    ledger.unconfirmed += lost.unconfirmed;
    const dropped = queue.requeueFront(lost.resend.filter((m) => !m.marker));
    if (dropped.messages > 0) {
      ledger.countDrops(
        dropped.messages,
        dropped.bytes,
        queue.length,
        queue.bytes,
      );
    }
    if (this.#link.markDown()) {
      ledger.report(
        "error",
        `${wasConnected ? "connection lost" : "cannot connect"}: ${reason}${
          lost.detail === "" ? "" : `; ${lost.detail}`
        }; retrying with backoff`,
        error,
      );
    }
    // Nothing to deliver: wait for the next write instead of reconnecting.
    if (this.idle() && !this.#closing) {
      this.#state = "idle";
      this.#link.reset();
      this.#resolveFlushWaiters();
      return;
    }
    if (!this.#closing && this.#link.expired()) {
      this.#giveUp();
      return;
    }
    this.#state = "backoff";
    this.#resolveFlushWaiters();
    this.#link.scheduleRetry(this.#closing, () => {
      if (this.#state === "backoff") this.#connect();
    });
  }

  /** The outage outlasted deadlineMs: the queue is lost; wait for new messages. */
  #giveUp(): void {
    const { queue, ledger, settings } = this.#p;
    const lost = queue.clear().messages;
    ledger.lost += lost;
    ledger.report(
      "dropped",
      `no connection for ${settings.deadlineMs} ms (deadlineMs): ${lost} queued message(s) given up, counted in stats().lost; the next message starts a new attempt`,
    );
    this.#state = "idle";
    this.#link.reset();
    this.#resolveFlushWaiters();
  }

  // ---- close ----------------------------------------------------------

  #beginShutdown(): void {
    if (this.#shuttingDown || this.#state === "closed") return;
    const conn = this.#link.conn;
    if (conn === undefined || this.#state !== "connected") {
      if (this.#state === "backoff" || this.#state === "idle") {
        this.#finishClose();
      }
      return;
    }
    this.#shuttingDown = true;
    conn.ref();
    this.#p.wire.shutdown(this.#session);
  }

  #abortClose(): void {
    this.#closeTimer = undefined;
    if (this.#state === "closed") return;
    const { queue, wire, ledger, settings } = this.#p;
    const left = queue.length + wire.inFlight;
    if (left > 0) {
      ledger.lost += queue.clear().messages;
      ledger.lost += wire.discard();
      ledger.report(
        "dropped",
        `close() timed out after ${settings.closeTimeoutMs} ms: ${left} undelivered message(s) lost; counted in stats().lost`,
      );
    }
    this.#finishClose();
  }

  #finishClose(): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    if (this.#closeTimer !== undefined) clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    this.#link.dispose();
    this.#resolveFlushWaiters();
    this.#p.onClosed();
  }
}
