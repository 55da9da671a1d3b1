/**
 * Where a captured process's output goes: the log file of each stream
 * (separate or merged) and the sink that writes it.
 *
 * @module
 */
import { join } from "../file/_path.ts";

/**
 * What capture needs from a sink: the shape every logrotor sink has.
 *
 * @example Usage
 * ```ts
 * import type { LineSink } from "logrotor/compose";
 *
 * const decoder = new TextDecoder();
 * const lines: string[] = [];
 * const memory: LineSink = {
 *   write(chunk) {
 *     lines.push(typeof chunk === "string" ? chunk : decoder.decode(chunk));
 *     return true;
 *   },
 *   close: () => Promise.resolve(),
 * };
 * ```
 */
export interface LineSink {
  /** Accepts whole lines synchronously; false when dropped. */
  write(chunk: string | Uint8Array): boolean;
  /** Flushes and releases. */
  close(): Promise<void>;
}

/**
 * Makes the sink for one log file.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink } from "logrotor";
 * import type { SinkFactory } from "logrotor/compose";
 *
 * const rotating: SinkFactory = (path) =>
 *   createRotatingFileSink(path, { maxSize: "10M", keep: 5 });
 * ```
 */
export type SinkFactory = (path: string) => LineSink;

/**
 * Which of the child's streams a batch of lines came from.
 *
 * @example Usage
 * ```ts
 * import type { OutputStream } from "logrotor/compose";
 *
 * function label(stream: OutputStream): string {
 *   return stream === "stderr" ? "ERR" : "OUT";
 * }
 * ```
 */
export type OutputStream = "stdout" | "stderr";

/**
 * The log file paths of an app.
 *
 * @param dir The log directory.
 * @param name The app name.
 * @param files Separate or merged streams.
 * @returns The path for each stream.
 *
 * @example Usage
 * ```ts
 * import { captureFiles } from "logrotor/compose";
 *
 * captureFiles("logs", "web", "separate").stdout; // "logs/web.out.log"
 * ```
 */
export function captureFiles(
  dir: string,
  name: string,
  files: "separate" | "merged",
): Record<OutputStream, string> {
  if (files === "merged") {
    const path = join(dir, `${name}.log`);
    return { stdout: path, stderr: path };
  }
  return {
    stdout: join(dir, `${name}.out.log`),
    stderr: join(dir, `${name}.err.log`),
  };
}
