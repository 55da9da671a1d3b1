/**
 * What the logger adapters (pino, LogTape, winston) need from a sink: every
 * logrotor sink (`createFileSink`, `createRotatingFileSink`,
 * `createSyslogSink`, `createRelpSink`) has it.
 *
 * @module
 */

/**
 * A logrotor sink as the adapters use it.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { AdapterSink } from "logrotor/logtape";
 *
 * const sink: AdapterSink = createFileSink("/tmp/logrotor-doc/adapter.log");
 * await sink.close();
 * ```
 */
export interface AdapterSink {
  /** Accepts a chunk synchronously; never throws on I/O. */
  write(chunk: string): unknown;
  /** Hands what was accepted so far to the target. */
  flush(): Promise<void>;
  /** Flushes and releases. */
  close(): Promise<void>;
}

/**
 * Checks that `sink` is a logrotor sink (has `write` and `close`), for the
 * adapters' constructors.
 *
 * @param subject What is being created, for the message.
 * @param sink The candidate.
 * @returns The sink, typed.
 * @throws {TypeError} When it is not a sink.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import { checkAdapterSink } from "./adapter_sink.ts";
 *
 * const sink = checkAdapterSink("LogTape sink", createFileSink("/tmp/logrotor-doc/a.log"));
 * await sink.close();
 * ```
 */
export function checkAdapterSink(subject: string, sink: unknown): AdapterSink {
  const candidate = sink as Partial<AdapterSink> | null;
  if (
    typeof candidate !== "object" || candidate === null ||
    typeof candidate.write !== "function" ||
    typeof candidate.close !== "function"
  ) {
    throw new TypeError(
      `Cannot create ${subject} as sink must be a logrotor sink: current value is ${
        String(sink)
      }`,
    );
  }
  return candidate as AdapterSink;
}
