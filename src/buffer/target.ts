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
 * Where a sink's flushed bytes go. `Stats` is the type of the counters
 * {@linkcode Target.stats} returns (a rotating chain's `RotationStats`).
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
export interface Target<Stats extends object = object> {
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

  // Capabilities a decorator passes through to the target it wraps, so an
  // outer layer (or the factory) reaches the inner one only through this
  // interface. Each is optional: a target that lacks one does not have it.

  /** Opens now, ahead of the first write; throws the open's error. Optional. */
  open?(): void;
  /** Which file is written now, for messages and status. Optional. */
  describe?(): TargetPlace;
  /**
   * Empties the file in use (the opt-in last resort on a full disk) and
   * reopens it. Returns the bytes freed (0: nothing there). Optional.
   */
  truncate?(): number;
  /** Archives the file in use now if it holds anything. Optional. */
  rotate?(): boolean;
  /** Archives the file in use if a calendar boundary has passed. Optional. */
  rotateIfDue?(): boolean;
  /** Milliseconds until the next calendar boundary (`Infinity`: none). Optional. */
  msUntilBoundary?(): number;
  /** Paths of the archives of the file in use, oldest first. Optional. */
  archives?(): string[];
  /** Deletes the oldest archives to free `bytesWanted`; returns bytes freed. Optional. */
  deleteOldestArchives?(bytesWanted: number): number;
  /** Counters of this layer (a rotating target's rotations). Optional. */
  stats?(): Stats | undefined;
}

/**
 * Where a target writes now (see {@linkcode Target.describe}).
 *
 * @example Usage
 * ```ts
 * import type { TargetPlace } from "./target.ts";
 *
 * const place: TargetPlace = {
 *   path: "/var/log/app.001.log",
 *   shared: false,
 *   variant: true,
 * };
 * ```
 */
export interface TargetPlace {
  /** The file written now, `undefined` before the first open. */
  readonly path: string | undefined;
  /** Whether several processes append to it (no lock). */
  readonly shared: boolean;
  /** Whether it is a numbered variant rather than the configured file. */
  readonly variant: boolean;
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
