/**
 * Archive maintenance when several processes share one live file: only
 * the holder of `app.log.maint.lock` (the maintenance lock) cleans
 * leftovers (`.gz.tmp`, sources of complete `.gz`), compresses and applies
 * retention, so no two processes ever work on the same archive and nobody
 * deletes a `.tmp` that is being written.
 *
 * A process that rotated tries to take the lock (never waits); the holder
 * compresses every uncompressed archive it finds, scanning the directory
 * again after each batch (archives rotated meanwhile by processes that
 * found the lock taken), applies retention, lets the lock go and scans
 * once more: work that appeared in between (its rotator found the lock
 * still taken) makes it take the lock again, so no archive is left
 * uncompressed. A rotator that found the lock taken also looks again on a
 * timer.
 *
 * @module
 */
import type { FileLock } from "../file/file_lock.ts";
import type { UnrefTimer } from "../runtime/driver.ts";
import {
  ArchiveMaintenance,
  type MaintenancePolicy,
} from "./archive_maintenance.ts";
import { hasArchiveWork } from "./compression_queue.ts";
import { listArchives, selectExpired } from "./retention.ts";
import type { RotationContext } from "./rotation_context.ts";

/** A rotator that found the maintenance lock taken looks again after this. */
const maintRetryMs = 1000;

/**
 * Archive maintenance under the maintenance lock, for processes sharing a
 * live file. {@linkcode request} is called after each rotation (once the
 * rename lock is let go) and at start.
 *
 * @example Usage
 * ```ts
 * import { SharedMaintenance } from "./shared_maintenance.ts";
 * import { RotationContext } from "./rotation_context.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const ctx = new RotationContext({
 *   path: "/tmp/logrotor-doc/shared.log",
 *   fs: platform.fs,
 *   platform,
 *   now: () => Date.now(),
 *   mkdir: true,
 *   onDiagnostic: () => {},
 * });
 * const maintenance = new SharedMaintenance(ctx, {
 *   retention: { keep: 3 },
 *   compressor: undefined,
 *   compressionLevel: 6,
 * });
 * maintenance.start(); // takes app.log.maint.lock if free, scans, lets go
 * maintenance.stop();
 * await maintenance.finish();
 * maintenance.release();
 * ```
 */
export class SharedMaintenance extends ArchiveMaintenance {
  /** `<path>.maint.lock`. */
  readonly lock: FileLock;
  #closed = false;
  #running = false; // #maintain() is under way
  #done: Promise<void> = Promise.resolve();
  #skip = new Set<string>(); // paths that failed in this maintenance run
  #timer: UnrefTimer | undefined;

  /**
   * @param ctx The rotating file.
   * @param policy Retention and compression.
   */
  constructor(ctx: RotationContext, policy: MaintenancePolicy) {
    super(ctx, policy);
    this.lock = ctx.lock(".maint.lock");
  }

  /** Start-up: only the maintenance lock's holder touches leftovers. */
  override start(): void {
    this.request();
  }

  /** Nothing here: the rotation asks {@linkcode request} once its rename lock is let go. */
  override rotated(): void {}

  /**
   * A compression job ended: a failure is reported and skipped for the
   * rest of this run (the maintenance loop applies retention after each
   * batch).
   */
  override onCompressed(archive: string, error?: unknown): void {
    if (error === undefined) return;
    this.ctx.report(
      "error",
      `cannot compress ${archive}; it stays uncompressed and is retried by the next maintenance run`,
      error,
    );
    this.#skip.add(archive);
  }

  /**
   * Runs maintenance (leftovers, compression, retention) if this process
   * can take the maintenance lock; if another process holds it, that
   * holder's next directory scan finds the work, and this process looks
   * again on a timer in case the holder was just letting go.
   */
  request(): void {
    if (this.#running) return;
    if (this.ctx.tryLock(this.lock) !== "held") {
      this.#armRetry();
      return;
    }
    this.#running = true;
    this.#skip = new Set();
    // #maintain() clears #running itself, in the tick it lets go.
    this.#done = this.#maintain();
  }

  #armRetry(): void {
    if (this.#closed || this.#timer !== undefined) return;
    try {
      this.#timer = this.ctx.platform.after(maintRetryMs, () => {
        this.#timer = undefined;
        if (this.#closed || this.#running) return;
        if (this.#workLeft(new Set())) this.request();
      });
    } catch (error) {
      this.ctx.report("error", "cannot arm the maintenance timer", error);
    }
  }

  /**
   * Holding the maintenance lock: cleans leftovers, compresses every
   * uncompressed archive (scanning again after each batch, for the
   * archives other processes rotated meanwhile), applies retention, lets
   * the lock go, then scans once more and starts over if work appeared
   * after the last scan (a rotator that found the lock still taken left it
   * to this process). Stops early if `closeSync()` let the lock go.
   */
  async #maintain(): Promise<void> {
    const lock = this.lock;
    const skip = this.#skip;
    try {
      for (;;) {
        if (!lock.held) return;
        const todo = this.#scanQuietly(skip);
        if (todo.length > 0 && this.queue !== undefined) {
          for (const archive of todo) this.queue.add(archive);
          await this.queue.drain();
          if (!lock.held) return;
          this.applyRetention(skip);
          continue;
        }
        this.applyRetention(skip);
        lock.release();
        if (!this.#workLeft(skip)) return;
        const again = this.ctx.tryLock(lock);
        if (again !== "held") {
          // Its new holder scans after taking it and finds the work.
          if (again === "error") this.#armRetry();
          return;
        }
      }
    } catch (error) {
      this.ctx.report("error", "maintenance of archives failed", error);
    } finally {
      this.#running = false;
      if (lock.held && this.pendingJobs() === 0) lock.release();
    }
  }

  /**
   * Holding the lock with no compression running here (so any `.tmp` is a
   * dead holder's): {@linkcode scan}, a failure reported as nothing to do.
   */
  #scanQuietly(skip: Set<string>): string[] {
    try {
      return this.scan(skip);
    } catch (error) {
      this.ctx.report("error", "cannot scan for archives", error);
      return [];
    }
  }

  /**
   * Whether the directory holds maintenance work (a leftover, an archive
   * to compress, an archive retention expires), ignoring the paths in
   * `skip`. Reads only.
   */
  #workLeft(skip: Set<string>): boolean {
    const { fs, names } = this.ctx;
    try {
      if (hasArchiveWork(fs, names, this.queue !== undefined, skip)) {
        return true;
      }
      const policy = this.retention;
      if (
        policy.keep === undefined && policy.maxAgeMs === undefined &&
        policy.maxTotalBytes === undefined
      ) {
        return false;
      }
      return selectExpired(listArchives(fs, names), policy, this.ctx.now())
        .some((entry) =>
          !skip.has(entry.archive) && !entry.files.some((f) => skip.has(f))
        );
    } catch {
      return false; // the next rotation's maintenance scans again
    }
  }

  /**
   * Disk-full cleanup, only while holding the maintenance lock (taken just
   * for this unless held already; 0 when another process holds it).
   */
  override deleteOldestArchives(bytesWanted: number): number {
    const lock = this.lock;
    const tookIt = !lock.held;
    if (this.ctx.tryLock(lock) !== "held") return 0;
    try {
      return super.deleteOldestArchives(bytesWanted);
    } finally {
      if (tookIt && !this.#running) {
        lock.release();
        // A rotator that found the lock taken meanwhile left its archive.
        if (this.#workLeft(new Set())) this.request();
      }
    }
  }

  /** No more maintenance runs start; the retry timer is cancelled. */
  override stop(): void {
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /**
   * Waits for this process's maintenance run (it ends when a scan after
   * letting the lock go finds no work left), then for the compressions.
   */
  override async finish(): Promise<void> {
    while (this.#running) await this.#done;
    await super.finish();
  }

  /** Lets go of the maintenance lock. */
  override release(): void {
    this.lock.release();
  }

  /**
   * The process is ending. With a compression still running, the
   * maintenance lock stays: its `.gz.tmp` is not a leftover until this
   * process is gone, and then the lock is stale and taken over (pid dead)
   * by the next process, which cleans and compresses again.
   */
  override releaseIfIdle(): void {
    if (this.pendingJobs() === 0) this.lock.release();
  }
}
