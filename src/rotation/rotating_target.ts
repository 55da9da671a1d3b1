/**
 * The rotating file target: a live file that keeps its name, rotated by
 * size and/or calendar into archives named once and never renamed again,
 * with retention from a directory scan and gzip off the writer's thread.
 *
 * Rotation: fsync the live file → close → rename it to its archive name →
 * open a new live file → fsync the directory. Rotation happens only at a
 * line boundary: a batch that would cross `maxBytes` is split after its
 * last newline that still fits; a single line bigger than `maxBytes` goes
 * whole into a file of its own.
 *
 * Shared mode (several processes, any runtimes, append to one live file):
 * each batch goes whole in one write; before it, the process checks that
 * the path still names the file it has open (else another process rotated
 * it: reopen) and reads the file's real size. The rename happens under
 * `app.log.rotate.lock` (see `shared_rotation.ts`); compression and
 * retention under `app.log.maint.lock` (see `shared_maintenance.ts`). The
 * mode is fixed at construction: a {@linkcode RotationMode} and an
 * {@linkcode ArchiveMaintenance} for a single writer or for shared files.
 *
 * @module
 */
import { type Target, TargetWriteError } from "../buffer/target.ts";
import { archivePathsOnDisk } from "./archive_files.ts";
import { ArchiveMaintenance } from "./archive_maintenance.ts";
import { LiveFile } from "./live_file.ts";
import {
  RotationContext,
  type RotationHost,
  type RotationMode,
} from "./rotation_context.ts";
import { BoundaryTrigger } from "./schedule.ts";
import { SharedMaintenance } from "./shared_maintenance.ts";
import { SharedRotation } from "./shared_rotation.ts";
import { SingleWriterRotation } from "./single_writer_rotation.ts";
import type { RotatingTargetOptions, RotationStats } from "./rotation_types.ts";

export type { RotatingTargetOptions, RotationStats } from "./rotation_types.ts";

/**
 * A {@linkcode Target} that rotates. Create it through
 * `createRotatingFileSink()`.
 *
 * @example Usage
 * ```ts
 * import { RotatingTarget } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 * import { printDiagnostic } from "../diagnostics.ts";
 *
 * const platform = getPlatform();
 * const target = new RotatingTarget({
 *   path: "/tmp/logrotor-rt/app.log",
 *   fs: platform.fs,
 *   platform,
 *   now: () => Date.now(),
 *   maxBytes: 1024 * 1024,
 *   schedule: undefined,
 *   retention: { keep: 3 },
 *   compressor: undefined,
 *   compressionLevel: 6,
 *   checkIntervalMs: 250,
 *   mkdir: true,
 *   fsync: true,
 *   onDiagnostic: printDiagnostic,
 * });
 * ```
 */
export class RotatingTarget implements Target {
  readonly name: string;
  readonly #o: RotatingTargetOptions;
  readonly #ctx: RotationContext;
  readonly #live: LiveFile;
  readonly #trigger: BoundaryTrigger;
  readonly #maintenance: ArchiveMaintenance;
  readonly #mode: RotationMode;
  #started = false; // start-up recovery done
  #staleChecked = false; // a live file from an earlier period archived
  #closed = false;

  /** @param options Validated options. */
  constructor(options: RotatingTargetOptions) {
    this.#o = options;
    this.name = options.path;
    const ctx = new RotationContext(options);
    const shared = options.shared ?? false;
    const live = new LiveFile(ctx, { ...options, shared });
    const trigger = new BoundaryTrigger(options.schedule);
    this.#ctx = ctx;
    this.#live = live;
    this.#trigger = trigger;
    const host: RotationHost = {
      rotate: (reason, stampHint) => this.#rotate(reason, stampHint),
      rotateForTime: (now) => this.#rotateForTime(now),
      rotated: () => {},
    };
    if (shared) {
      const maintenance = new SharedMaintenance(ctx, options);
      host.rotated = () => maintenance.request();
      this.#maintenance = maintenance;
      this.#mode = new SharedRotation(
        ctx,
        live,
        trigger,
        options.maxBytes,
        host,
      );
    } else {
      this.#maintenance = new ArchiveMaintenance(ctx, options);
      this.#mode = new SingleWriterRotation(
        ctx,
        live,
        trigger,
        options.maxBytes,
        host,
      );
    }
  }

  /**
   * Start-up work, run once the sink around it is built: finish or clean
   * what a crash left, apply retention, start the compression worker.
   */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#maintenance.start();
    try {
      this.#o.compressor?.warmUp();
    } catch (error) {
      this.#ctx.report("error", "cannot start the compression worker", error);
    }
  }

  /** Opens the live file (first write, after a rotation or a reopen). */
  #open(): void {
    if (!this.#staleChecked) {
      this.start();
      this.#staleChecked = true;
      this.#rotateStaleAtStart();
    }
    this.#live.open();
  }

  /**
   * Opens the live file now (runs the start-up work first, once); throws
   * the driver's error (`EACCES`, `EISDIR`…).
   */
  open(): void {
    this.#open();
  }

  /** A live file left from an earlier period is archived before writing. */
  #rotateStaleAtStart(): void {
    const schedule = this.#o.schedule;
    const now = this.#o.now();
    if (schedule !== undefined) {
      const info = this.#o.fs.stat(this.#o.path);
      const stale = (i: { size: number; mtimeMs: number } | undefined) =>
        i !== undefined && i.size > 0 &&
        schedule.periodKey(i.mtimeMs) !== schedule.periodKey(now);
      if (stale(info)) {
        this.#mode.rotateDue(
          "the live file is from an earlier period",
          Math.min(now, schedule.nextBoundary(info!.mtimeMs)),
          (current) => stale(current),
          false,
        );
      }
      this.#trigger.begin(now);
    }
  }

  write(bytes: Uint8Array, offset: number, length: number): void {
    try {
      this.#open();
      this.#live.checkMoved();
      this.#open();
    } catch (err) {
      throw new TargetWriteError(err, 0);
    }
    this.#mode.write(bytes, offset, length);
  }

  /**
   * Archives the live file now (if it holds anything). Never throws: a
   * failure is counted and reported, and writing goes on in the live file.
   *
   * @param reason For the diagnostic.
   * @param stampHint The moment to name the archive after (default now).
   * @returns Whether an archive was made.
   */
  #rotate(reason: string, stampHint = this.#o.now()): boolean {
    const archive = this.#live.rotate(reason, stampHint);
    if (archive === undefined) return false;
    // Shared: nothing yet; SharedRotation asks for maintenance once the
    // rename lock is let go.
    this.#maintenance.rotated(archive);
    return true;
  }

  /**
   * Rotates for a calendar boundary that has passed. Shared mode: due
   * unless an archive named at or after the boundary exists (then the live
   * file was begun after it, by another process's rotation).
   */
  #rotateForTime(now: number): boolean {
    const boundary = this.#trigger.pass(now);
    return this.#mode.rotateDue(
      "time",
      boundary,
      (info, newest) => info.size > 0 && newest < boundary,
      true,
    );
  }

  /**
   * Milliseconds until the next calendar boundary, by the configured
   * clock; `Infinity` without `every`. Before the file was first opened,
   * the next boundary from now (a stale file is rotated by the open).
   */
  msUntilBoundary(): number {
    return this.#trigger.msUntil(this.#o.now());
  }

  /**
   * Rotates when a calendar boundary has passed, without waiting for the
   * next write (the sink calls this from a timer, so an idle file is still
   * rotated on time). An empty live file is not archived. Never throws.
   *
   * @returns Whether an archive was made.
   */
  rotateIfDue(): boolean {
    if (this.#closed || this.#live.openLine) return false;
    const now = this.#o.now();
    if (now < this.#trigger.next) return false;
    try {
      return this.#rotateForTime(now);
    } catch (error) {
      this.#ctx.report("error", `cannot rotate ${this.#o.path}`, error);
      return false;
    }
  }

  /**
   * Archives the live file now, if it holds anything.
   *
   * @returns Whether an archive was made.
   */
  rotate(): boolean {
    if (this.#closed) return false;
    if (!this.#staleChecked) {
      try {
        this.#open();
      } catch {
        // rotate what is there anyway
      }
    }
    return this.#mode.rotateDue("on demand", this.#o.now(), () => true, false);
  }

  /**
   * Emergency cleanup on a full disk. First removes leftovers that hold no
   * line of their own: `.gz.tmp` files of failed compressions and sources
   * of complete `.gz` archives (never the one being compressed now). Then
   * deletes this file's oldest archives (its own naming pattern only; never
   * the live file, lock files, foreign files or symbolic links; not an
   * archive being compressed) until `bytesWanted` are freed. Each archive
   * deleted is counted in `archivesDeleted`, its lines in
   * `linesDeletedOnDiskFull`, and reported as a `"deleted"` diagnostic
   * naming the files, bytes and lines. Shared mode: only while holding the
   * maintenance lock (0 when another process holds it).
   *
   * @param bytesWanted Bytes to free.
   * @returns Bytes freed.
   */
  deleteOldestArchives(bytesWanted: number): number {
    return this.#maintenance.deleteOldestArchives(bytesWanted);
  }

  /** Closes the live file; the next write opens the path again. */
  reopen(): void {
    if (this.#closed) return;
    this.#live.reopen();
  }

  /**
   * Removes the last `bytes` bytes written to the live file (the head of a
   * line that could not be finished); see {@linkcode Target.cutTail}.
   */
  cutTail(bytes: number): boolean {
    return this.#live.cutTail(bytes);
  }

  sync(): void {
    this.#live.sync();
  }

  /** fsync the live file off the calling thread (used by `close()`). */
  syncAsync(): Promise<void> {
    return this.#live.syncAsync();
  }

  closeSync(): void {
    this.#closed = true;
    this.#maintenance.stop();
    try {
      this.#live.close();
    } finally {
      this.#mode.release();
      this.#maintenance.releaseIfIdle();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#maintenance.stop();
    try {
      this.#live.close();
    } catch (error) {
      // still wait for the archives below; the sink counts this error
      this.#ctx.report("error", "cannot close the live file", error);
    }
    await this.#maintenance.finish();
    this.#mode.release();
    this.#maintenance.release();
  }

  /** The counters. */
  stats(): RotationStats {
    const c = this.#maintenance.compressionStats();
    return {
      rotations: this.#live.rotations,
      rotationFailures: this.#live.rotationFailures,
      reopens: this.#live.reopens,
      archivesWritten: c?.archivesWritten ?? 0,
      archivesDeleted: this.#maintenance.archivesDeleted,
      linesDeletedOnDiskFull: this.#maintenance.linesDeletedOnDiskFull,
      linesUnshippedDeleted: this.#maintenance.linesUnshippedDeleted,
      compressionFailures: c?.compressionFailures ?? 0,
      compressionMs: c?.compressionMs ?? 0,
      compressedBytesIn: c?.compressedBytesIn ?? 0,
      compressedBytesOut: c?.compressedBytesOut ?? 0,
      compressionsPending: c?.compressionsPending ?? 0,
      liveBytes: this.#live.size,
      tornLinesEnded: this.#live.tornLinesEnded,
      rotationsByOthers: this.#mode.rotationsByOthers,
    };
  }

  /** The directory holding the live file and its archives. */
  get dir(): string {
    return this.#ctx.names.dir;
  }

  /** Paths of this file's archives on disk now, oldest first. */
  archives(): string[] {
    return archivePathsOnDisk(this.#o.fs, this.#ctx.names);
  }
}
