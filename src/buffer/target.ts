/**
 * A target is where a sink's batches of whole lines go: a file, a rotating
 * file, a fallback. Targets are synchronous and small; the sink above them
 * does buffering, line boundaries, overflow and exit safety.
 *
 * @module
 */
import { errorCode } from "../errors.ts";
import type { SinkStatus } from "./sink_status.ts";

/**
 * Where a sink's flushed bytes go.
 *
 * @example Usage
 * ```ts
 * import type { Target } from "logrotor/compose";
 *
 * const chunks: Uint8Array[] = [];
 * const memory: Target = {
 *   name: "memory",
 *   write(bytes, offset, length) {
 *     chunks.push(bytes.slice(offset, offset + length));
 *   },
 *   sync() {},
 *   close() {},
 * };
 * ```
 */
export interface Target {
  /** A name for diagnostics (usually the path). */
  readonly name: string;
  /**
   * Writes `length` bytes from `offset`, all of them, or throws a
   * {@linkcode TargetWriteError} that says how many landed.
   */
  write(bytes: Uint8Array, offset: number, length: number): void;
  /** Makes written data durable (fsync). */
  sync(): void;
  /**
   * Makes written data durable without blocking the event loop (used by
   * `close()`; the exit path keeps `sync()`). Optional.
   */
  syncAsync?(): Promise<void>;
  /**
   * Releases the target. A target with background work (compression of
   * archives) returns a promise that settles when that work is done.
   */
  close(): void | Promise<void>;
  /**
   * Runs synchronously at process exit after the final flush: finish or
   * leave in a recoverable state whatever is in progress. Optional.
   */
  closeSync?(): void;
  /**
   * Closes and reopens the file by its path (after an external tool such
   * as logrotate renamed it). Optional.
   */
  reopen?(): void;
  /**
   * Removes the last `bytes` bytes this target wrote (the head of a line
   * that could not be finished) when no other process writes to the file.
   * Returns false when it cannot. Optional.
   */
  cutTail?(bytes: number): boolean;
  /** Health and trouble counters (degraded mode, variants). Optional. */
  status?(): SinkStatus;
}

/**
 * A failed {@linkcode Target.write}: `written` bytes reached the target
 * before `cause` stopped it.
 *
 * @example Usage
 * ```ts
 * import { TargetWriteError } from "logrotor/compose";
 *
 * const full = Object.assign(new Error("full"), { code: "ENOSPC" });
 * const err = new TargetWriteError(full, 10);
 * err.code; // "ENOSPC"
 * ```
 */
export class TargetWriteError extends Error {
  /** The underlying error's code (`ENOSPC`, `EACCES`, …). */
  readonly code: string;
  /** Bytes that reached the target before the failure. */
  readonly written: number;

  /**
   * @param cause The underlying error.
   * @param written Bytes that landed before it.
   */
  constructor(cause: unknown, written: number) {
    super(
      `Cannot write as the target failed after ${written} bytes: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { cause },
    );
    this.name = "TargetWriteError";
    this.code = errorCode(cause);
    this.written = written;
  }
}
