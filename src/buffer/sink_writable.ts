/**
 * The Web Streams face of a sink: a `WritableStream` whose chunks go to the
 * sink's synchronous `write()`.
 *
 * @module
 */

/** What a sink offers that a `WritableStream` can drive. */
export interface WritableTarget {
  /** Accepts a chunk synchronously. */
  write(chunk: string | Uint8Array): unknown;
  /** Flushes and releases. */
  close(): Promise<void>;
}

/**
 * A `WritableStream` over a sink, for `readable.pipeTo(writableFor(sink))`.
 * Closing the stream closes the sink; aborting it flushes and closes (the
 * lines already accepted are kept).
 *
 * @param sink The sink.
 * @returns A stream that writes into it.
 *
 * @example Usage
 * ```ts
 * import { writableFor } from "./sink_writable.ts";
 *
 * const lines: string[] = [];
 * const sink = {
 *   write: (chunk: string | Uint8Array) => lines.push(String(chunk)),
 *   close: () => Promise.resolve(),
 * };
 * await ReadableStream.from(["a\n", "b\n"]).pipeTo(writableFor(sink));
 * ```
 */
export function writableFor(
  sink: WritableTarget,
): WritableStream<string | Uint8Array> {
  return new WritableStream<string | Uint8Array>({
    write: (chunk) => {
      sink.write(chunk);
    },
    close: () => sink.close(),
    abort: () => sink.close(),
  });
}
