/**
 * How a rotation is carried out among processes that append to one live
 * file (any runtimes): under `app.log.rotate.lock`, the rename lock.
 *
 * The lock is held only for check → fsync → rename → open the new file →
 * fsync the directory. Under it the process checks again that the live
 * file is still the one it has open and still due, so of two processes
 * that decide at once exactly one renames and the other reopens (it
 * follows the rotation). A writer whose batch would take the file past
 * `maxBytes` while another process holds the lock waits (briefly, bounded)
 * for that rename instead of appending more batches to a file that is
 * already full, so an archive exceeds `maxBytes` by at most one batch of
 * each other writer (the batches already checked and on their way when the
 * file filled up). Compression and retention are then asked of the
 * maintenance lock's holder (`shared_maintenance.ts`).
 *
 * @module
 */
import { describeOwner, type FileLock } from "../file/file_lock.ts";
import { newestArchiveOnDisk } from "./archive_files.ts";
import type { LiveFile } from "./live_file.ts";
import {
  type RotationContext,
  type RotationDue,
  type RotationHost,
  type RotationMode,
  rotationRetryMs,
} from "./rotation_context.ts";
import type { BoundaryTrigger } from "./schedule.ts";

/** Shared mode: wait this long after finding the rotate lock taken. */
const sharedRetryMs = 20;
/**
 * Shared mode: a writer whose batch would overfill the live file waits at
 * most this long for another process's rename (normally a few ms: fsync,
 * rename, open, fsync the directory) before it appends anyway.
 */
const renameWaitMs = 250;

/** What a shared-mode rotation attempt did. */
type SharedOutcome = "rotated" | "reopened" | "not-due" | "busy" | "failed";

/**
 * Rotation under the rename lock, for processes sharing a live file.
 *
 * @example Usage
 * ```ts
 * import { SharedRotation } from "./shared_rotation.ts";
 * import { RotationContext } from "./rotation_context.ts";
 * import { LiveFile } from "./live_file.ts";
 * import { BoundaryTrigger } from "./schedule.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const ctx = new RotationContext({
 *   path: "/tmp/logrotor-doc/shared-rotation.log",
 *   fs: platform.fs,
 *   platform,
 *   now: () => Date.now(),
 *   mkdir: true,
 *   onDiagnostic: () => {},
 * });
 * const live = new LiveFile(ctx, {
 *   shared: true,
 *   checkIntervalMs: 0,
 *   fsync: false,
 *   maxBytes: 1024,
 * });
 * const trigger = new BoundaryTrigger(undefined);
 * const rotation = new SharedRotation(ctx, live, trigger, 1024, {
 *   rotate: () => false,
 *   rotateForTime: () => false,
 *   rotated: () => {},
 * });
 * live.open();
 * const line = new TextEncoder().encode("hello\n");
 * rotation.write(line, 0, line.length);
 * live.close();
 * rotation.release();
 * ```
 */
export class SharedRotation implements RotationMode {
  /** `<path>.rotate.lock`. */
  readonly lock: FileLock;
  readonly #ctx: RotationContext;
  readonly #live: LiveFile;
  readonly #trigger: BoundaryTrigger;
  readonly #maxBytes: number;
  readonly #host: RotationHost;
  #rotationsByOthers = 0;

  /**
   * @param ctx The rotating file.
   * @param live The live file.
   * @param trigger The next calendar boundary.
   * @param maxBytes Rotate before the live file would exceed this.
   * @param host The target (its rename and retry state).
   */
  constructor(
    ctx: RotationContext,
    live: LiveFile,
    trigger: BoundaryTrigger,
    maxBytes: number,
    host: RotationHost,
  ) {
    this.#ctx = ctx;
    this.#live = live;
    this.#trigger = trigger;
    this.#maxBytes = maxBytes;
    this.#host = host;
    this.lock = ctx.lock(".rotate.lock");
  }

  get rotationsByOthers(): number {
    return this.#rotationsByOthers;
  }

  /** Under the rename lock, without waiting for it. */
  rotateDue(
    reason: string,
    stampHint: number,
    due: RotationDue,
    sameFile: boolean,
  ): boolean {
    return this.#rotate(reason, stampHint, due, sameFile, false) ===
      "rotated";
  }

  /**
   * The batch goes whole, in one write; a rotation that is due (by time,
   * or by the file's real size, which every writer grows) happens before
   * it, under the rename lock.
   */
  write(bytes: Uint8Array, offset: number, length: number): void {
    const now = this.#ctx.now();
    if (now >= this.#trigger.next) this.#host.rotateForTime(now);
    else this.#makeRoom(length, now);
    this.#live.write(bytes, offset, length, 0);
  }

  /**
   * A rotation due by the file's real size happens before the batch,
   * waiting briefly for another process's rename; after following one,
   * the new file is checked too.
   */
  #makeRoom(length: number, now: number): void {
    const max = this.#maxBytes;
    if (max === Infinity || this.#live.rotationDeferred()) return;
    for (let round = 0; round < 3; round++) {
      const size = this.#live.realSize();
      if (size === 0 || size + length <= max) break;
      const outcome = this.#rotate(
        "size",
        now,
        (info) => info.size > 0 && info.size + length > max,
        true,
        true,
      );
      if (outcome !== "reopened") break;
    }
  }

  release(): void {
    this.lock.release();
  }

  /**
   * Rotates under the rename lock, after checking again (another process
   * may have rotated first: if the path no longer names the file this
   * process has open, it reopens instead of renaming). The lock is let go
   * right after the new file is open; then maintenance is asked for.
   *
   * With `wait`, a lock held by another live process is waited for (up to
   * `renameWaitMs`, polling), and the wait ends early as soon as that
   * process's rename shows (the path names another file: reopen). Without
   * it, or when the holder is this very process (it cannot make progress
   * while this thread sleeps), or after the wait: `"busy"`, and the caller
   * writes to the file it has.
   */
  #rotate(
    reason: string,
    stampHint: number,
    due: RotationDue,
    sameFile: boolean,
    wait: boolean,
  ): SharedOutcome {
    const ctx = this.#ctx;
    const host = this.#host;
    const lock = this.lock;
    const platform = ctx.platform;
    const deadline = platform.monotonic() + renameWaitMs;
    let pause = 1;
    for (;;) {
      const got = ctx.tryLock(lock);
      if (got === "held") break;
      if (sameFile && this.#pathMoved()) {
        this.#follow();
        return "reopened";
      }
      const holder = lock.holder;
      const self = holder !== undefined && holder.pid === platform.pid &&
        holder.host === platform.hostname();
      if (got === "error" || !wait || self) {
        // Another process is rotating: it will rename; we notice and reopen.
        this.#live.deferRotation(
          got === "error" ? rotationRetryMs : sharedRetryMs,
        );
        return "busy";
      }
      if (platform.monotonic() >= deadline) {
        this.#live.deferRotation(rotationRetryMs);
        ctx.report(
          "info",
          `${
            describeOwner(holder)
          } has held ${lock.path} for over ${renameWaitMs} ms; writing on without rotating`,
        );
        return "busy";
      }
      platform.sleepSync(pause);
      pause = Math.min(pause * 2, 8);
    }
    let rotated = false;
    try {
      const newest = newestArchiveOnDisk(ctx.fs, ctx.names, ctx.now()).stamp;
      let info;
      try {
        info = ctx.fs.stat(ctx.path);
      } catch {
        info = undefined;
      }
      if (
        sameFile && this.#live.knowsIdentity() &&
        (info === undefined || !this.#live.isSameFile(info))
      ) {
        this.#follow();
        return "reopened";
      }
      if (info === undefined || !due(info, newest)) return "not-due";
      rotated = host.rotate(reason, stampHint);
      return rotated ? "rotated" : "failed";
    } finally {
      lock.release();
      if (rotated) host.rotated();
    }
  }

  /** Whether the path no longer names the file this process has open. */
  #pathMoved(): boolean {
    const live = this.#live;
    if (!live.knowsIdentity()) return false;
    let info;
    try {
      info = this.#ctx.fs.stat(this.#ctx.path);
    } catch {
      return false;
    }
    return info === undefined || !live.isSameFile(info);
  }

  /** Another process rotated the live file first: reopen the path. */
  #follow(): void {
    this.#rotationsByOthers++;
    this.#ctx.report(
      "info",
      `another process rotated ${this.#ctx.path} first; reopening`,
    );
    this.#live.reopen();
    this.#live.open();
  }
}
