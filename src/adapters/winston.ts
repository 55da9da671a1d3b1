/**
 * logrotor as a winston transport: `new LogrotorTransport({ sink })`.
 *
 * @module
 */
import winston from "winston";
import { optionsObject, rejectUnknownKeys } from "../options/validate.ts";
import { type AdapterSink, checkAdapterSink } from "./adapter_sink.ts";

export type { AdapterSink } from "./adapter_sink.ts";

/** A winston transport instance, as winston's own types name it. */
type TransportStream = Extract<
  NonNullable<winston.LoggerOptions["transports"]>,
  readonly unknown[]
>[number];

/** winston's options of every transport. */
interface TransportStreamOptions {
  /** The lowest level this transport writes. */
  readonly level?: string;
  /** A format applied to entries for this transport only. */
  readonly format?: winston.Logform.Format;
  /** Write nothing. */
  readonly silent?: boolean;
  /** Log uncaught exceptions through this transport. */
  readonly handleExceptions?: boolean;
  /** Log unhandled rejections through this transport. */
  readonly handleRejections?: boolean;
}

// The base class is winston's (`winston.Transport`, from winston-transport);
// winston's types call it `transport` and type it as a namespace.
const Transport = (winston as unknown as {
  Transport: new (options?: TransportStreamOptions) => TransportStream;
}).Transport;

/** winston's formatted line (triple-beam's `MESSAGE`). */
const message = Symbol.for("message");

/**
 * Options of {@linkcode LogrotorTransport}: the sink plus winston's own
 * transport options (`level`, `format`, `silent`, `handleExceptions`,
 * `handleRejections`).
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { LogrotorTransportOptions } from "logrotor/winston";
 *
 * const options: LogrotorTransportOptions = {
 *   sink: createFileSink("/tmp/logrotor-doc/winston-options.log"),
 *   level: "info",
 * };
 * await options.sink.close();
 * ```
 */
export interface LogrotorTransportOptions extends TransportStreamOptions {
  /** Any logrotor sink (file, rotating, syslog, RELP). */
  readonly sink: AdapterSink;
}

const subject = "winston transport";
const keys = {
  sink: true,
  level: true,
  format: true,
  silent: true,
  handleExceptions: true,
  handleRejections: true,
} as const satisfies Record<keyof LogrotorTransportOptions, true>;

/**
 * A winston transport writing each formatted entry as one line into a
 * logrotor sink. When the logger ends (`logger.end()`), the transport
 * closes the sink; {@linkcode LogrotorTransport.sinkClosed} resolves when every
 * line is written.
 *
 * @example Usage
 * ```ts
 * import winston from "winston";
 * import { createRotatingFileSink } from "logrotor";
 * import { LogrotorTransport } from "logrotor/winston";
 *
 * const transport = new LogrotorTransport({
 *   sink: createRotatingFileSink("/tmp/logrotor-doc/winston.log", {
 *     maxBytes: 16 * 1024 * 1024,
 *   }),
 * });
 * const logger = winston.createLogger({ transports: [transport] });
 * logger.info("hello");
 * logger.end();
 * await transport.sinkClosed; // every line is on disk
 * ```
 */
export class LogrotorTransport extends Transport {
  /** The sink the lines go to. */
  readonly sink: AdapterSink;
  /** Resolves once the logger ended and the sink closed. */
  readonly sinkClosed: Promise<void>;
  #resolveClosed!: () => void;

  /**
   * @param options The sink and winston's transport options.
   * @throws {TypeError} When `sink` is not a sink or an option is unknown.
   */
  constructor(options: LogrotorTransportOptions) {
    const given = optionsObject(subject, options);
    rejectUnknownKeys(subject, given, keys);
    const { sink, ...rest } = given;
    checkAdapterSink(subject, sink);
    super(rest);
    this.sink = sink;
    this.sinkClosed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
  }

  /**
   * Called by winston for each entry: writes its formatted message as a
   * line.
   *
   * @param info The entry.
   * @param next Called when the entry is accepted.
   */
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    const text = info[message] ?? info.message;
    const line = typeof text === "string" ? text : JSON.stringify(text);
    this.sink.write(line.endsWith("\n") ? line : `${line}\n`);
    next();
  }

  /**
   * Node's `Writable` end hook: closes the sink once every entry written
   * before `end()` is in it.
   *
   * @param callback Called when the sink is closed.
   */
  override _final(callback: (error?: Error | null) => void): void {
    this.sink.close().then(() => {
      this.#resolveClosed();
      callback();
    }, (error: unknown) => {
      this.#resolveClosed();
      callback(error instanceof Error ? error : new Error(String(error)));
    });
  }
}
