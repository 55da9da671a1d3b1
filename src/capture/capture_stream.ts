/**
 * One captured stream: the child's bytes split into whole lines (cut at
 * `maxLineBytes`), stamped when asked, written to the stream's sink and
 * handed to listeners. Bytes all the way: lines are split on 0x0A and never
 * decoded, so the log holds exactly what the child wrote.
 *
 * @module
 */
import { countLineBreakBytes } from "../buffer/_lines.ts";
import { LineBufferStream } from "../buffer/line_buffer.ts";
import type { LineSink, OutputStream } from "./capture_files.ts";

/**
 * A batch of whole lines from a captured process.
 *
 * @example Usage
 * ```ts
 * import type { CapturedLines } from "logrotor/compose";
 *
 * const text = "listening on :8080\nready\n";
 * const batch: CapturedLines = {
 *   app: "web",
 *   stream: "stdout",
 *   bytes: new TextEncoder().encode(text),
 *   text,
 * };
 * batch.text.split("\n").length - 1; // 2 lines
 * ```
 */
export interface CapturedLines {
  /** The app name. */
  readonly app: string;
  /** Which stream. */
  readonly stream: OutputStream;
  /**
   * One or more lines, each ending in `\n`, exactly as written to the log
   * (the child's bytes, with the time stamps when asked for).
   */
  readonly bytes: Uint8Array;
  /**
   * The same lines decoded as UTF-8 (invalid bytes become U+FFFD here
   * only; the log file keeps the bytes). Decoded when first read.
   */
  readonly text: string;
}

/**
 * Receives captured lines as they are written.
 *
 * @example Usage
 * ```ts
 * import type { LinesListener } from "logrotor/compose";
 *
 * const echoErrors: LinesListener = ({ app, stream, text }) => {
 *   if (stream === "stderr") console.error(`[${app}] ${text.trimEnd()}`);
 * };
 * ```
 */
export type LinesListener = (lines: CapturedLines) => void;

const encoder = new TextEncoder();

/** Prefixes every line of a block of whole lines with an ISO 8601 time. */
function stampLines(lines: Uint8Array, count: number, now: number): Uint8Array {
  const stamp = encoder.encode(new Date(now).toISOString() + " ");
  const out = new Uint8Array(lines.length + count * stamp.length);
  let from = 0;
  let at = 0;
  while (from < lines.length) {
    const end = lines.indexOf(10, from) + 1 || lines.length;
    out.set(stamp, at);
    at += stamp.length;
    out.set(lines.subarray(from, end), at);
    at += end - from;
    from = end;
  }
  return out;
}

/** Where a {@linkcode StreamCapture} delivers its lines. */
export interface StreamCaptureOptions {
  /** The app name, for listeners. */
  readonly app: string;
  /** Which of the child's streams this is. */
  readonly stream: OutputStream;
  /** Writes the lines to the log. */
  readonly sink: LineSink;
  /** Cut lines longer than this many bytes. */
  readonly maxLineBytes: number;
  /** Prefix every line with an ISO 8601 time stamp. */
  readonly timestamps?: boolean;
  /** Sees every batch of lines as it is written. */
  readonly onLines?: LinesListener;
}

/**
 * Captures one stream of a child: splits it into lines, counts them, and
 * writes each batch to the sink, then to the listener.
 *
 * @example Usage
 * ```ts
 * import { StreamCapture } from "./capture_stream.ts";
 *
 * const written: Uint8Array[] = [];
 * const capture = new StreamCapture({
 *   app: "web",
 *   stream: "stdout",
 *   sink: {
 *     write: (chunk) => written.push(chunk as Uint8Array) > 0,
 *     close: () => Promise.resolve(),
 *   },
 *   maxLineBytes: 1024,
 * });
 * await capture.pump(new Blob(["a\nb\n"]).stream());
 * capture.lines; // 2
 * ```
 */
export class StreamCapture {
  /** Lines captured so far. */
  lines = 0;
  readonly #options: StreamCaptureOptions;
  readonly #splitter: LineBufferStream;

  /** @param options The stream, its sink, and its listener. */
  constructor(options: StreamCaptureOptions) {
    this.#options = options;
    this.#splitter = new LineBufferStream({
      maxLineBytes: options.maxLineBytes,
    });
  }

  /** Cuts made in lines longer than `maxLineBytes`. */
  get cutLines(): number {
    return this.#splitter.splitLines;
  }

  /**
   * Reads `source` to its end through the line splitter into the sink.
   *
   * @param source The child's stream.
   * @returns Settles when the stream has ended and every line is written.
   */
  pump(source: ReadableStream<Uint8Array>): Promise<void> {
    const { app, stream, sink, timestamps, onLines } = this.#options;
    return source.pipeThrough(this.#splitter).pipeTo(
      new WritableStream<Uint8Array>({
        write: (chunk) => {
          const lines = countLineBreakBytes(chunk, 0, chunk.length);
          this.lines += lines;
          const bytes = timestamps
            ? stampLines(chunk, lines, Date.now())
            : chunk;
          sink.write(bytes);
          if (onLines === undefined) return;
          let text: string | undefined;
          try {
            onLines({
              app,
              stream,
              bytes,
              get text() {
                return text ??= new TextDecoder().decode(bytes);
              },
            });
          } catch {
            // a listener must not stop the capture
          }
        },
      }),
    );
  }
}
