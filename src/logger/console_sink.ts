/**
 * `createConsoleSink()`: lines to standard output or standard error through
 * the platform's synchronous writes (no `console.*`, no streams).
 *
 * @module
 */
import { choiceOption } from "../options/validate.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { Platform } from "../runtime/driver.ts";
import type { LogSink } from "./log_sink.ts";

/**
 * Options of {@linkcode createConsoleSink}.
 *
 * @example Usage
 * ```ts
 * import { createConsoleSink, type ConsoleSinkOptions } from "logrotor";
 *
 * const options: ConsoleSinkOptions = { stream: "stderr" };
 * const sink = createConsoleSink(options);
 * sink.write("to standard error\n");
 * await sink.close();
 * ```
 */
export interface ConsoleSinkOptions {
  /**
   * Where the lines go.
   * @default {"stdout"}
   */
  readonly stream?: "stdout" | "stderr";
  /** The platform to use instead of the detected one (tests). */
  readonly platform?: Platform;
}

/**
 * A sink writing to standard output or error; see {@linkcode createConsoleSink}.
 *
 * @example Usage
 * ```ts
 * import { createConsoleSink } from "logrotor";
 * import { type ConsoleSink } from "logrotor/compose";
 *
 * const sink: ConsoleSink = createConsoleSink();
 * if (!sink.write("hello\n")) {
 *   // standard output is closed or broken; the line is lost
 * }
 * await sink.close();
 * ```
 */
export interface ConsoleSink extends LogSink {
  /** Writes one line synchronously; `false` when the write failed. */
  write(line: string): boolean;
  /** Nothing to flush: every write is synchronous. */
  flush(): Promise<void>;
  /** Later writes are ignored. */
  close(): Promise<void>;
}

/**
 * Creates a sink that writes each line synchronously to standard output
 * (or error). Unbuffered, so lines interleave correctly with other output
 * and nothing is lost at exit; a failed write returns `false` and never
 * throws.
 *
 * @param options Which stream.
 * @returns The sink.
 * @throws {TypeError} When `stream` is not `"stdout"` or `"stderr"`.
 *
 * @example Usage
 * ```ts
 * import { createConsoleSink } from "logrotor";
 *
 * const sink = createConsoleSink({ stream: "stderr" });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export function createConsoleSink(
  options: ConsoleSinkOptions = {},
): ConsoleSink {
  const stream = choiceOption("console sink", "stream", options.stream, [
    "stdout",
    "stderr",
  ]);
  const platform = options.platform ?? getPlatform();
  const encoder = new TextEncoder();
  let closed = false;
  return {
    write(line: string): boolean {
      if (closed) return false;
      const bytes = encoder.encode(line);
      try {
        return stream === "stdout"
          ? platform.writeStdout(bytes)
          : platform.writeStderr(bytes);
      } catch {
        return false;
      }
    },
    flush(): Promise<void> {
      return Promise.resolve();
    },
    close(): Promise<void> {
      closed = true;
      return Promise.resolve();
    },
  };
}
