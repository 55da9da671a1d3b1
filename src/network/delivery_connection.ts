/**
 * The connection side of a {@linkcode Delivery}: one connection at a time
 * (a sequence number makes the events of an older one harmless), the
 * handshake timer, the reconnect timer, and the outage bookkeeping the
 * backoff needs (failed attempts, `resetAfterMs`, `deadlineMs`).
 *
 * @module
 */
import type { Platform, UnrefTimer } from "../runtime/driver.ts";
import type {
  NetConnection,
  NetConnectionEvents,
  NetDriver,
} from "../runtime/net_driver.ts";
import { backoffDelay } from "./backoff.ts";
import type { NetworkSettings } from "./network_options.ts";
import type { Wire } from "./wire.ts";

/**
 * Opens, times and re-opens the connection of a {@linkcode Delivery}.
 *
 * @example Usage
 * ```ts
 * import { DeliveryConnection } from "./delivery_connection.ts";
 * import { resolveNetworkOptions } from "./network_options.ts";
 * import { SyslogWire } from "./syslog_wire.ts";
 * import { getPlatform } from "../runtime/detect.ts";
 *
 * const settings = resolveNetworkOptions({ host: "127.0.0.1" }, {
 *   subject: "syslog sink",
 *   defaultPort: 514,
 *   hostname: "h",
 *   procId: "1",
 * });
 * const wire = new SyslogWire({ transport: "tcp", framing: "lf", resendWindow: 0, resendWindowMs: 0 });
 * const net = { hostname: () => "h", connect: () => { throw new Error("offline"); } };
 * const connection = new DeliveryConnection(net, getPlatform(), settings, wire);
 * connection.failedAttempts; // 0
 * ```
 */
export class DeliveryConnection {
  readonly #net: NetDriver;
  readonly #platform: Platform;
  readonly #settings: NetworkSettings;
  readonly #wire: Wire;
  #conn: NetConnection | undefined;
  #seq = 0;
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: UnrefTimer | undefined;
  /** Consecutive failed attempts in the current outage. */
  failedAttempts = 0;
  /** Since when the server is unreachable (wall clock ms), or `undefined`. */
  downSince: number | undefined;
  // For resetAfterMs: when the connection came up, and the attempts before.
  #connectedAt = 0;
  #attemptsBefore = 0;
  #everConnected = false;

  /**
   * @param net Opens connections.
   * @param platform Clocks and timers.
   * @param settings The resolved options.
   * @param wire The wire (its TLS settings and protocol name).
   */
  constructor(
    net: NetDriver,
    platform: Platform,
    settings: NetworkSettings,
    wire: Wire,
  ) {
    this.#net = net;
    this.#platform = platform;
    this.#settings = settings;
    this.#wire = wire;
  }

  /** The current connection, or `undefined`. */
  get conn(): NetConnection | undefined {
    return this.#conn;
  }

  /** Opens a new connection; events of any older one are ignored from now on. */
  open(events: NetConnectionEvents): NetConnection {
    const seq = ++this.#seq;
    const current = () => seq === this.#seq;
    const settings = this.#settings;
    const tls = this.#wire.tls;
    const conn = this.#net.connect({
      host: settings.host,
      port: settings.port,
      connectTimeoutMs: settings.connectTimeoutMs,
      ...(settings.path === undefined ? {} : { path: settings.path }),
      ...(settings.writeTimeoutMs === undefined
        ? {}
        : { writeTimeoutMs: settings.writeTimeoutMs }),
      ...(tls === undefined ? {} : { tls }),
    }, {
      onConnect: () => {
        if (current()) events.onConnect();
      },
      onData: (bytes) => {
        if (current()) events.onData(bytes);
      },
      onDrain: () => {
        if (current()) events.onDrain();
      },
      onClose: (error) => {
        if (current()) events.onClose(error);
      },
    });
    this.#conn = conn;
    return conn;
  }

  /** Fails the handshake with `onTimeout` unless it ends within `connectTimeoutMs`. */
  startHandshake(onTimeout: (error: Error) => void): void {
    const ms = this.#settings.connectTimeoutMs;
    this.#handshakeTimer = setTimeout(() => {
      onTimeout(
        new Error(`${this.#wire.protocol} open got no answer within ${ms} ms`),
      );
    }, ms);
  }

  /** The handshake ended (or the connection did). */
  clearHandshake(): void {
    if (this.#handshakeTimer !== undefined) clearTimeout(this.#handshakeTimer);
    this.#handshakeTimer = undefined;
  }

  /**
   * The session is up: ends the outage. Returns the failed attempts and the
   * downtime in ms when this is a reconnect, else `undefined`.
   */
  up(): { attempts: number; downMs: number } | undefined {
    this.clearHandshake();
    const platform = this.#platform;
    const recovered = this.#everConnected
      ? {
        attempts: this.failedAttempts,
        downMs: this.downSince === undefined
          ? 0
          : platform.now() - this.downSince,
      }
      : undefined;
    this.#everConnected = true;
    this.#attemptsBefore = this.failedAttempts;
    this.#connectedAt = platform.monotonic();
    this.failedAttempts = 0;
    this.downSince = undefined;
    return recovered;
  }

  /** The connection closed: forgets it. */
  closed(): void {
    this.clearHandshake();
    this.#conn = undefined;
    this.#seq++;
  }

  /** The connection broke: a short-lived one keeps the backoff going. */
  broke(wasConnected: boolean): void {
    if (
      wasConnected &&
      this.#platform.monotonic() - this.#connectedAt <
        this.#settings.resetAfterMs
    ) {
      // A connection that did not last resetAfterMs: the backoff goes on.
      this.failedAttempts = this.#attemptsBefore;
    }
  }

  /** Starts the outage clock if not running; returns whether it started now. */
  markDown(): boolean {
    if (this.downSince !== undefined) return false;
    this.downSince = this.#platform.now();
    return true;
  }

  /** No outage any more (nothing to deliver, or given up). */
  reset(): void {
    this.downSince = undefined;
    this.failedAttempts = 0;
  }

  /** Whether the outage outlasted `deadlineMs`. */
  expired(): boolean {
    const deadline = this.#settings.deadlineMs;
    return deadline > 0 && this.downSince !== undefined &&
      this.#platform.now() - this.downSince >= deadline;
  }

  /**
   * Counts a failed attempt and calls `retry` after the backoff delay; a
   * `strong` timer (during close) keeps the process alive.
   */
  scheduleRetry(strong: boolean, retry: () => void): void {
    // One pending reconnect at most: a second schedule replaces the first.
    this.cancelRetry();
    this.failedAttempts++;
    const settings = this.#settings;
    const delay = backoffDelay(
      this.failedAttempts,
      settings.reconnectMinMs,
      settings.reconnectMaxMs,
      Math.random(),
    );
    const fire = () => {
      this.#retryTimer = undefined;
      retry();
    };
    if (strong) {
      const t = setTimeout(fire, delay);
      this.#retryTimer = { cancel: () => clearTimeout(t) };
    } else {
      this.#retryTimer = this.#platform.after(delay, fire);
    }
  }

  /** Cancels a pending reconnect. */
  cancelRetry(): void {
    this.#retryTimer?.cancel();
    this.#retryTimer = undefined;
  }

  /** For good: cancels the timers and destroys the connection. */
  dispose(): void {
    this.cancelRetry();
    this.clearHandshake();
    const conn = this.#conn;
    this.#conn = undefined;
    this.#seq++;
    conn?.destroy();
  }
}
