/**
 * The Web Streams faces of a sink: each `WritableStream` feeds the sink's
 * synchronous `write()`, and ending one face never closes the sink, so
 * several producers can pipe into one sink at once.
 *
 * @module
 */

/** What a sink offers that a `WritableStream` can drive. */
export interface WritableTarget {
  /** Accepts a chunk synchronously. */
  write(chunk: string | Uint8Array): unknown;
  /** Hands what was accepted so far to the target. */
  flush(): Promise<void>;
}

/**
 * A fresh `WritableStream` face over a sink, for
 * `readable.pipeTo(writableFor(sink))`. Each call returns a new face, so
 * several producers can pipe at once (a `WritableStream` is locked by one
 * pipe). Closing or aborting a face flushes the sink but leaves it open: the
 * sink is closed only by its own `close()`. Each face assembles its own
 * lines: a chunk's tail after its last newline is held in the face until
 * the rest of the line arrives, so concurrent producers never interleave
 * inside a line; a face that ends on a partial line hands it over with a
 * newline.
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
 *   flush: () => Promise.resolve(),
 * };
 * await Promise.all([
 *   ReadableStream.from(["a\n"]).pipeTo(writableFor(sink)),
 *   ReadableStream.from(["b\n"]).pipeTo(writableFor(sink)),
 * ]);
 * ```
 */
export function writableFor(
  sink: WritableTarget,
): WritableStream<string | Uint8Array> {
  let held: (string | Uint8Array)[] = [];
  const release = (): void => {
    for (const part of held) sink.write(part);
    held = [];
  };
  const end = (): Promise<void> => {
    if (held.length > 0) {
      release();
      sink.write("\n");
    }
    return sink.flush();
  };
  return new WritableStream<string | Uint8Array>({
    write: (chunk) => {
      const cut = lastNewline(chunk) + 1;
      if (cut === 0) {
        if (chunk.length > 0) held.push(chunk);
        return;
      }
      const whole = cut === chunk.length;
      release();
      sink.write(whole ? chunk : chunk.slice(0, cut));
      if (!whole) held.push(chunk.slice(cut));
    },
    close: end,
    abort: end,
  });
}

function lastNewline(chunk: string | Uint8Array): number {
  return typeof chunk === "string"
    ? chunk.lastIndexOf("\n")
    : chunk.lastIndexOf(0x0a);
}
