/**
 * What every part of a rotating file shares: the live path, its file
 * driver and clocks, its archive naming scheme, the diagnostics it sends,
 * and the one way it takes a lock file (once, never waiting).
 *
 * @module
 */
import {
  type DiagnosticKind,
  type DiagnosticListener,
  emitDiagnostic,
} from "../diagnostics.ts";
import { describeError } from "../errors.ts";
import { FileLock } from "../file/file_lock.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import { ArchiveNames } from "../file/archive_names.ts";

/** The facts a {@linkcode RotationContext} is built from. */
export interface RotationContextOptions {
  /** The live file. */
  readonly path: string;
  /** File operations. */
  readonly fs: FileDriver;
  /** Monotonic clock, timers, sleeps, pid. */
  readonly platform: Platform;
  /** Wall clock for archive names, ages and diagnostics. */
  readonly now: () => number;
  /** Create missing parent directories. */
  readonly mkdir: boolean;
  /** Receives the diagnostics. */
  readonly onDiagnostic: DiagnosticListener;
}

/**
 * The live path, driver, clocks, naming scheme and diagnostics of one
 * rotating file, shared by its rotation, maintenance and cleanup.
 *
 * @example Usage
 * ```ts
 * import { RotationContext } from "./rotation_context.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const ctx = new RotationContext({
 *   path: "/tmp/logrotor-doc/ctx.log",
 *   fs: platform.fs,
 *   platform,
 *   now: () => Date.now(),
 *   mkdir: true,
 *   onDiagnostic: (d) => console.log(d.message),
 * });
 * ctx.report("info", "hello"); // prints "hello"
 * ```
 */
export class RotationContext {
  /** The live file. */
  readonly path: string;
  /** File operations. */
  readonly fs: FileDriver;
  /** Monotonic clock, timers, sleeps, pid. */
  readonly platform: Platform;
  /** Wall clock. */
  readonly now: () => number;
  /** Create missing parent directories. */
  readonly mkdir: boolean;
  /** The live file's archive names (and its directory). */
  readonly names: ArchiveNames;
  readonly #onDiagnostic: DiagnosticListener;

  /** @param options The live path, driver, clocks and listener. */
  constructor(options: RotationContextOptions) {
    this.path = options.path;
    this.fs = options.fs;
    this.platform = options.platform;
    this.now = options.now;
    this.mkdir = options.mkdir;
    this.names = new ArchiveNames(options.path);
    this.#onDiagnostic = options.onDiagnostic;
  }

  /**
   * Sends a diagnostic about the live file (a broken listener is ignored).
   *
   * @param kind What happened.
   * @param message One line; the error's description is appended.
   * @param error The underlying error, if any.
   */
  report(kind: DiagnosticKind, message: string, error?: unknown): void {
    emitDiagnostic(this.#onDiagnostic, {
      kind,
      target: this.path,
      message: error === undefined
        ? message
        : `${message} (${describeError(error)})`,
      ...(error === undefined ? {} : { error }),
      time: this.now(),
    });
  }

  /**
   * A lock file next to the live file (`<path><suffix>`).
   *
   * @param suffix `.rotate.lock`, `.maint.lock`.
   * @returns The lock, not taken.
   */
  lock(suffix: string): FileLock {
    return new FileLock(this.fs, this.platform, `${this.path}${suffix}`);
  }

  /**
   * Tries a lock once, never waiting. `"error"` (reported) when the lock
   * file cannot be created at all.
   *
   * @param lock A lock from {@linkcode lock}.
   * @returns `"held"` (now or already), `"busy"` or `"error"`.
   */
  tryLock(lock: FileLock): "held" | "busy" | "error" {
    if (lock.held) return "held";
    try {
      if (this.mkdir) this.fs.mkdirp(this.names.dir);
      return lock.tryAcquire() ? "held" : "busy";
    } catch (error) {
      this.report("error", `cannot take ${lock.path}`, error);
      return "error";
    }
  }
}

/** Wait this long after a failed rotation (or an unusable lock) before trying again. */
export const rotationRetryMs = 1000;

/**
 * Whether the file at the live path still needs rotating, from its facts
 * and the newest archive stamp on disk.
 */
export type RotationDue = (
  info: { size: number; mtimeMs: number },
  newestStamp: number,
) => boolean;

/**
 * How a rotating target rotates and writes its batches, fixed at
 * construction: alone (`SingleWriterRotation`) or shared with other
 * processes (`SharedRotation`).
 */
export interface RotationMode {
  /** Rotations another process did first (this one reopened instead). */
  readonly rotationsByOthers: number;
  /**
   * Rotates when `due` says so; alone: at once.
   *
   * @param reason For the diagnostic.
   * @param stampHint The moment to name the archive after.
   * @param due Whether the file at the path still needs rotating.
   * @param sameFile Shared: require the path to still name the open file.
   * @returns Whether an archive was made.
   */
  rotateDue(
    reason: string,
    stampHint: number,
    due: RotationDue,
    sameFile: boolean,
  ): boolean;
  /**
   * Writes a batch to the (open) live file, rotating before or inside it
   * when due; throws a `TargetWriteError` saying how much landed.
   */
  write(bytes: Uint8Array, offset: number, length: number): void;
  /** Lets go of any lock held. */
  release(): void;
}

/** What a {@linkcode RotationMode} needs of the target it rotates. */
export interface RotationHost {
  /**
   * Archives the live file now (at a line boundary, if it holds anything);
   * `false` when it did not. Never throws.
   */
  rotate(reason: string, stampHint?: number): boolean;
  /** Rotates for the calendar boundary that passed (by `now`). */
  rotateForTime(now: number): boolean;
  /** Shared: a rotation was made and the rename lock let go. */
  rotated(): void;
}
