/**
 * Outgoing TCP, TLS and Unix stream socket connections for the network sinks, built on
 * `node:net` and `node:tls`, which behave the same on Deno 2, Bun and Node
 * (see `research/runtime-facts.md` §2). The rest of logrotor sees only the
 * {@linkcode NetDriver} interface.
 *
 * @module
 */
import * as net from "node:net";
import * as os from "node:os";
import * as tls from "node:tls";
import { Buffer } from "node:buffer";
import { clearTimeout, setTimeout } from "node:timers";

/**
 * TLS settings of a connection.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({
 *   host: "127.0.0.1",
 *   port: 6514,
 *   transport: "tls",
 *   tls: { ca: "-----BEGIN CERTIFICATE-----\n…", servername: "logs.example.com" },
 * });
 * await sink.close();
 * ```
 */
export interface NetTlsOptions {
  /** Trusted CA certificates (PEM); the system store when absent. */
  readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Reject a server whose certificate does not verify. */
  readonly rejectUnauthorized?: boolean;
  /** The SNI name and the name the certificate must carry. */
  readonly servername?: string;
  /** A client certificate (PEM), for mutual TLS. */
  readonly cert?: string | Uint8Array;
  /** The client certificate's private key (PEM). */
  readonly key?: string | Uint8Array;
}

/**
 * Where and how to connect.
 *
 * @example Usage
 * ```ts
 * import { getNetDriver } from "./net_driver.ts";
 *
 * const options = { host: "127.0.0.1", port: 514, connectTimeoutMs: 5000 };
 * getNetDriver().connect(options, {
 *   onConnect: () => {},
 *   onData: () => {},
 *   onDrain: () => {},
 *   onClose: () => {},
 * }).destroy();
 * ```
 */
export interface NetConnectOptions {
  /** Host name or IP address (ignored with `path`). */
  readonly host: string;
  /** TCP port (ignored with `path`). */
  readonly port: number;
  /** A Unix stream socket's path instead of host and port (no TLS). */
  readonly path?: string;
  /**
   * Destroy the connection (an `ETIMEDOUT` error) when a write stays
   * unsent this long: the send buffer did not drain. No limit when absent.
   */
  readonly writeTimeoutMs?: number;
  /** Use TLS with these settings; plain TCP when absent. */
  readonly tls?: NetTlsOptions;
  /** Give up connecting (an `ETIMEDOUT` error) after this many ms. */
  readonly connectTimeoutMs: number;
}

/** Callbacks of a connection; each is called on the event loop, never re-entrantly from `write`. */
export interface NetConnectionEvents {
  /** The connection is established (for TLS: after the handshake). */
  onConnect(): void;
  /** Bytes arrived. */
  onData(bytes: Uint8Array): void;
  /** The send buffer drained after `write()` returned false. */
  onDrain(): void;
  /**
   * The connection is gone (called once). `error` is the failure, or
   * `undefined` for a clean close; a FIN from the peer counts as a close.
   */
  onClose(error: unknown): void;
}

/** One open (or opening) connection. */
export interface NetConnection {
  /**
   * Queues bytes for sending. Returns false when the send buffer is full:
   * wait for `onDrain` before writing more. Never throws.
   */
  write(bytes: Uint8Array): boolean;
  /** Sends a FIN after everything queued; `onClose` follows. */
  end(): void;
  /** Closes at once, discarding anything unsent; `onClose` follows. */
  destroy(): void;
  /** Lets the connection keep the process alive. */
  ref(): void;
  /** Lets the process end although the connection is open. */
  unref(): void;
  /** TLS protocol and cipher, when TLS is used and established. */
  describeTls(): string | undefined;
}

/**
 * Opens connections and provides a process-keeping timer.
 *
 * @example Usage
 * ```ts
 * import { getNetDriver } from "./net_driver.ts";
 *
 * const driver = getNetDriver();
 * const conn = driver.connect({ host: "127.0.0.1", port: 9, connectTimeoutMs: 1000 }, {
 *   onConnect: () => conn.end(),
 *   onData: () => {},
 *   onDrain: () => {},
 *   onClose: () => {},
 * });
 * ```
 */
export interface NetDriver {
  /** Starts connecting; the result is reported through `events`. */
  connect(
    options: NetConnectOptions,
    events: NetConnectionEvents,
  ): NetConnection;
  /** The machine's host name. */
  hostname(): string;
}

function toBuffer(value: string | Uint8Array): string | Buffer {
  return typeof value === "string" ? value : Buffer.from(value);
}

/**
 * Runs `connect`; when it throws instead of reporting through events
 * (Deno's `NotCapable` for a Unix socket path without `--allow-read`), an
 * unconnected socket is returned that fails with that error on the next
 * turn, once its listeners are in place: the caller sees a failed
 * connection, never a throw.
 */
function failLater<S extends net.Socket>(connect: () => S): S {
  try {
    return connect();
  } catch (err) {
    const socket = new net.Socket() as S;
    setTimeout(
      () => socket.destroy(err instanceof Error ? err : new Error(String(err))),
      0,
    );
    return socket;
  }
}

class SocketConnection implements NetConnection {
  readonly #socket: net.Socket;
  readonly #events: NetConnectionEvents;
  #closed = false;
  #lastError: unknown;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writeTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #writeTimeoutMs: number | undefined;
  #refd = true;

  constructor(options: NetConnectOptions, events: NetConnectionEvents) {
    this.#events = events;
    this.#writeTimeoutMs = options.writeTimeoutMs;
    const t = options.tls;
    const where = options.path ?? `${options.host}:${options.port}`;
    const path = options.path;
    if (path !== undefined) {
      this.#socket = failLater(() => net.connect({ path }));
      this.#socket.once("connect", () => this.#connected());
    } else if (t === undefined) {
      this.#socket = failLater(() =>
        net.connect({ host: options.host, port: options.port })
      );
      this.#socket.once("connect", () => this.#connected());
    } else {
      const tlsOptions: tls.ConnectionOptions = {
        host: options.host,
        port: options.port,
        rejectUnauthorized: t.rejectUnauthorized ?? true,
      };
      if (t.ca !== undefined) {
        tlsOptions.ca = Array.isArray(t.ca)
          ? (t.ca as (string | Uint8Array)[]).map(toBuffer)
          : toBuffer(t.ca as string | Uint8Array);
      }
      const servername = t.servername ??
        (net.isIP(options.host) === 0 ? options.host : undefined);
      if (servername !== undefined) tlsOptions.servername = servername;
      if (t.cert !== undefined) tlsOptions.cert = toBuffer(t.cert);
      if (t.key !== undefined) tlsOptions.key = toBuffer(t.key);
      this.#socket = failLater(() => tls.connect(tlsOptions));
      this.#socket.once("secureConnect", () => this.#connected());
    }
    const socket = this.#socket;
    if (options.path === undefined) socket.setNoDelay(true);
    this.#timer = setTimeout(() => {
      const err = Object.assign(
        new Error(
          `connect to ${where} timed out after ${options.connectTimeoutMs} ms`,
        ),
        { code: "ETIMEDOUT" },
      );
      socket.destroy(err);
    }, options.connectTimeoutMs);
    socket.on(
      "data",
      (data: Uint8Array) => this.#safe(() => events.onData(data)),
    );
    socket.on("drain", () => {
      this.#clearWriteTimer();
      this.#safe(() => events.onDrain());
    });
    socket.on("error", (err: unknown) => {
      this.#lastError ??= err;
    });
    socket.on("end", () => {
      // A FIN from the peer: anything written from now on would be lost.
      this.#finish(undefined);
      socket.destroy();
    });
    socket.on("close", () => this.#finish(this.#lastError));
  }

  #connected(): void {
    this.#clearTimer();
    try {
      this.#socket.setKeepAlive(true, 30_000);
    } catch {
      // not supported everywhere; harmless
    }
    this.#safe(() => this.#events.onConnect());
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#clearWriteTimer();
  }

  #clearWriteTimer(): void {
    if (this.#writeTimer !== undefined) clearTimeout(this.#writeTimer);
    this.#writeTimer = undefined;
  }

  /** Starts the write timeout when the send buffer is full. */
  #armWriteTimer(): void {
    const ms = this.#writeTimeoutMs;
    if (ms === undefined || this.#writeTimer !== undefined) return;
    const socket = this.#socket;
    this.#writeTimer = setTimeout(() => {
      this.#writeTimer = undefined;
      socket.destroy(
        Object.assign(
          new Error(`write timed out after ${ms} ms (the peer reads nothing)`),
          { code: "ETIMEDOUT" },
        ),
      );
    }, ms);
    if (!this.#refd) this.#writeTimer.unref();
  }

  #finish(error: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearTimer();
    this.#safe(() => this.#events.onClose(error));
  }

  #safe(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // A throwing callback must not become an uncaught exception.
      this.#lastError ??= err;
      this.#socket.destroy();
    }
  }

  write(bytes: Uint8Array): boolean {
    if (this.#closed || this.#socket.destroyed) return true;
    try {
      const ok = this.#socket.write(bytes);
      if (!ok) this.#armWriteTimer();
      return ok;
    } catch (err) {
      this.#lastError ??= err;
      this.#socket.destroy();
      return true;
    }
  }

  end(): void {
    if (!this.#socket.destroyed) this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  ref(): void {
    this.#refd = true;
    this.#socket.ref();
    this.#timer?.ref();
    this.#writeTimer?.ref();
  }

  unref(): void {
    this.#refd = false;
    this.#socket.unref();
    this.#timer?.unref();
    this.#writeTimer?.unref();
  }

  describeTls(): string | undefined {
    const s = this.#socket as Partial<tls.TLSSocket>;
    if (typeof s.getProtocol !== "function") return undefined;
    const cipher = s.getCipher?.();
    return `${s.getProtocol() ?? "?"} ${cipher?.name ?? "?"}`;
  }
}

let driver: NetDriver | undefined;

/**
 * The network driver (node:net / node:tls on every runtime).
 *
 * @returns The same {@linkcode NetDriver} on every call.
 *
 * @example Usage
 * ```ts
 * import { getNetDriver } from "./net_driver.ts";
 *
 * const host = getNetDriver().hostname();
 * ```
 */
export function getNetDriver(): NetDriver {
  driver ??= {
    connect: (options, events) => new SocketConnection(options, events),
    hostname: () => {
      try {
        return os.hostname();
      } catch {
        return "";
      }
    },
  };
  return driver;
}
