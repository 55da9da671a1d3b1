/**
 * The Node-style callback form of `flush()`, so a sink passed to
 * `pino(options, sink)` calls the callback of `logger.flush(cb)`.
 *
 * @module
 */

/** A Node-style completion callback (`flush(cb)` in pino and Node streams). */
export type FlushCallback = (error?: Error | null) => void;

/**
 * Calls `callback` (if any) once `done` settles and returns `done`.
 *
 * @param done The flush in progress.
 * @param callback Called with no argument on success, with the error otherwise.
 * @returns `done`.
 *
 * @example Usage
 * ```ts
 * import { withFlushCallback } from "./flush_callback.ts";
 *
 * await withFlushCallback(Promise.resolve(), () => console.log("flushed"));
 * ```
 */
export function withFlushCallback(
  done: Promise<void>,
  callback: FlushCallback | undefined,
): Promise<void> {
  if (typeof callback === "function") {
    done.then(
      () => callback(),
      (error: unknown) =>
        callback(error instanceof Error ? error : new Error(String(error))),
    );
  }
  return done;
}
