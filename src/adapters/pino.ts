/**
 * logrotor as a pino transport target: pino runs it in its worker thread,
 * the application thread only copies lines into pino's shared buffer.
 *
 * ```ts
 * import pino from "pino";
 *
 * const transport = pino.transport({
 *   target: "logrotor/pino",
 *   options: { path: "./logs/app.log", maxSize: "16M" },
 * });
 * const logger = pino(transport);
 * ```
 *
 * Any logrotor sink is also a direct pino destination
 * (`pino(options, createRotatingFileSink(…))`), and `logger.flush(cb)` calls
 * `cb` once the lines are with the file.
 *
 * @module
 */
import {
  createRotatingFileSink,
  type RotatingFileSinkOptions,
} from "../sinks/rotating_file_sink.ts";
import { parseSize } from "../options/units.ts";
import { optionsObject } from "../options/validate.ts";
import type { AdapterSink } from "./adapter_sink.ts";

export type { AdapterSink } from "./adapter_sink.ts";

/**
 * The `options` of `pino.transport({ target: "logrotor/pino", options })`:
 * the options of `createRotatingFileSink` that survive the copy into pino's
 * worker (no functions), plus `path` and `maxSize`.
 *
 * @example Usage
 * ```ts
 * import type { PinoTransportOptions } from "logrotor/pino";
 *
 * const options: PinoTransportOptions = {
 *   path: "./logs/app.log",
 *   maxSize: "16M",
 *   every: "daily",
 *   keep: 14,
 *   compress: "gzip",
 * };
 * ```
 */
export interface PinoTransportOptions
  extends Omit<RotatingFileSinkOptions, "now" | "onDiagnostic" | "fallback"> {
  /** The live log file. */
  readonly path: string;
  /**
   * Rotate before the file grows past this size: bytes, or a size such as
   * `"16M"` (K, M, G, T are binary units). Same as `maxBytes`.
   */
  readonly maxSize?: string | number;
}

const subject = "pino transport";

// Keys pino adds to a transport's options (thread-stream adds `$context`).
const pinoKeys = new Set(["pinoWillSendConfig", "dedupe"]);

/**
 * The stream pino's worker thread writes to (the part of a Node stream
 * pino's `thread-stream` uses): each chunk goes to the sink; `end()` closes
 * the sink and emits `close` only then, so pino's exit waits until every
 * line is on disk.
 *
 * @example Usage
 * ```ts
 * import pinoTransport from "logrotor/pino";
 *
 * const stream = await pinoTransport({ path: "/tmp/logrotor-doc/p.log" });
 * stream.on("close", () => console.log("all lines on disk"));
 * stream.write('{"msg":"hello"}\n');
 * stream.end();
 * ```
 */
export interface PinoTransportStream {
  /** Hands a chunk to the sink; always `true` (the sink bounds memory). */
  write(chunk: string): boolean;
  /** Flushes the sink; `callback` is called when done. */
  flush(callback?: (error?: Error) => void): Promise<void>;
  /** Closes the sink, then emits `close` (or `error`). */
  end(): void;
  /** Adds a listener for `close` or `error`. */
  on(event: string, listener: (arg?: unknown) => void): this;
  /** Adds a listener called at most once. */
  once(event: string, listener: (arg?: unknown) => void): this;
  /** Removes a listener. */
  off(event: string, listener: (arg?: unknown) => void): this;
}

class TransportStream implements PinoTransportStream {
  readonly #sink: AdapterSink;
  readonly #listeners = new Map<string, ((arg?: unknown) => void)[]>();
  #ending: Promise<void> | undefined;

  constructor(sink: AdapterSink) {
    this.#sink = sink;
  }

  write(chunk: string): boolean {
    this.#sink.write(chunk);
    return true;
  }

  flush(callback?: (error?: Error) => void): Promise<void> {
    const done = this.#sink.flush();
    if (callback) done.then(() => callback(), callback);
    return done;
  }

  end(): void {
    this.#ending ??= this.#sink.close().then(
      () => this.#emit("close"),
      (error: unknown) => this.#emit("error", error),
    );
  }

  on(event: string, listener: (arg?: unknown) => void): this {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
    return this;
  }

  once(event: string, listener: (arg?: unknown) => void): this {
    const wrapped = (arg?: unknown): void => {
      this.off(event, wrapped);
      listener(arg);
    };
    return this.on(event, wrapped);
  }

  off(event: string, listener: (arg?: unknown) => void): this {
    const list = this.#listeners.get(event);
    if (list) list.splice(list.indexOf(listener) >>> 0, 1);
    return this;
  }

  #emit(event: string, arg?: unknown): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      listener(arg);
    }
  }
}

function sizeOption(text: unknown): number {
  try {
    if (typeof text === "string") return parseSize(text);
  } catch {
    // Reported below with the option's name.
  }
  throw new TypeError(
    `Cannot create ${subject} as maxSize must be a number of bytes or a size such as "16M": current value is ${
      JSON.stringify(text)
    }`,
  );
}

/**
 * The pino transport entry: pino's worker calls it with the `options` of
 * `pino.transport({ target: "logrotor/pino", options })`; it opens a
 * rotating file sink and returns the stream pino writes to. Bad options
 * fail the transport with the sink's typed error.
 *
 * @param options The live file and the rotating sink's options.
 * @returns The stream for pino's worker.
 *
 * @example Usage
 * ```ts
 * import pino from "pino";
 *
 * const transport = pino.transport({
 *   target: "logrotor/pino",
 *   options: { path: "/tmp/logrotor-doc/pino.log", maxSize: "16M" },
 * });
 * const logger = pino(transport);
 * logger.info("hello");
 * ```
 */
export default function pinoTransport(
  options: PinoTransportOptions,
): Promise<PinoTransportStream> {
  const given = Object.fromEntries(
    Object.entries(optionsObject(subject, options)).filter(([key]) =>
      !key.startsWith("$") && !pinoKeys.has(key)
    ),
  ) as unknown as PinoTransportOptions;
  const { path, maxSize, ...rest } = given;
  if (typeof path !== "string" || path === "") {
    throw new TypeError(
      `Cannot create ${subject} as path must be a non-empty string: current value is ${
        JSON.stringify(path)
      }`,
    );
  }
  let maxBytes = rest.maxBytes;
  if (maxSize !== undefined) {
    if (maxBytes !== undefined) {
      throw new TypeError(
        `Cannot create ${subject} as only one of maxSize and maxBytes may be set: current value is ${
          JSON.stringify({ maxSize, maxBytes })
        }`,
      );
    }
    maxBytes = typeof maxSize === "number" ? maxSize : sizeOption(maxSize);
  }
  const sink = createRotatingFileSink(
    path,
    maxBytes === undefined ? rest : { ...rest, maxBytes },
  );
  return Promise.resolve(new TransportStream(sink));
}
