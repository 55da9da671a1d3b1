/**
 * What the logger writes to: anything with a synchronous `write(line)`.
 * The file sinks (`createFileSink`, `createRotatingFileSink`), the network
 * sinks and {@linkcode createConsoleSink} all fit.
 *
 * @module
 */
import type { LogRecord } from "./record.ts";

/**
 * A destination for formatted lines. `write()` is called synchronously on
 * the logging caller's thread with one whole line (ending in `\n`); it
 * should buffer or write without awaiting. A `write()` that throws is
 * caught, counted and reported once, never passed to the caller.
 * `close()` is called by `reset()` and by `configure()` when the sink is
 * no longer configured.
 *
 * @example Usage
 * ```ts
 * import type { LogSink } from "logrotor/compose";
 *
 * const lines: string[] = [];
 * const memory: LogSink = { write: (line) => lines.push(line) };
 * memory.write("hello\n");
 * ```
 */
export interface LogSink {
  /** Accepts one formatted line, synchronously. */
  write(line: string): unknown;
  /**
   * Accepts the record itself instead of a formatted line (the socket sink
   * sends its fields as a MessagePack map); when present, the logger calls
   * this and not the formatter and `write()`.
   */
  writeRecord?(record: LogRecord): unknown;
  /** Flushes buffered lines, if the sink buffers. */
  flush?(): unknown;
  /** Flushes and releases the sink. */
  close?(): unknown;
}
