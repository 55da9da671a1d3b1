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
 * it: reopen) and reads the file's real size. Rotation is done by one
 * process at a time under `app.log.rotate.lock` (an `O_EXCL` lock file,
 * see {@linkcode FileLock}); under the lock it checks again that the live
 * file is still the one it has open and still due, so of two processes
 * that decide at once exactly one renames and the other reopens. The
 * process that rotated finishes what a dead rotator left, compresses and
 * applies retention, and keeps the lock until its compression jobs are
 * done, so no two processes ever work on the same archive.
 *
 * @module
 */
import { join } from "../_path.ts";
import {
  type DiagnosticKind,
  type DiagnosticListener,
  emitDiagnostic,
} from "../diagnostics.ts";
import { describeError } from "../errors.ts";
import type { Compressor, FileDriver, Platform } from "../runtime/driver.ts";
import { ArchiveNames } from "./archive_names.ts";
import { CompressionQueue, recoverArchives } from "./compress.ts";
import { FileLock } from "./file_lock.ts";
import { FileTarget } from "./file_target.ts";
import {
  applyRetention,
  listArchives,
  type RetentionPolicy,
} from "./retention.ts";
import type { RotationSchedule } from "./rotation_schedule.ts";
import { type Target, TargetWriteError } from "./target.ts";

/** Everything a {@linkcode RotatingTarget} needs, already validated. */
export interface RotatingTargetOptions {
  /** The live file. */
  readonly path: string;
  /** File operations. */
  readonly fs: FileDriver;
  /** Monotonic clock for throttling. */
  readonly platform: Platform;
  /** Wall clock for calendar boundaries, archive names and ages. */
  readonly now: () => number;
  /** Rotate before the live file would exceed this (Infinity: never). */
  readonly maxBytes: number;
  /** Calendar rotation, or `undefined`. */
  readonly schedule: RotationSchedule | undefined;
  /** Which archives to keep. */
  readonly retention: RetentionPolicy;
  /** Gzip archives with this compressor, or `undefined` for no compression. */
  readonly compressor: Compressor | undefined;
  /** The zlib level for compression (1–9). */
  readonly compressionLevel: number;
  /** Check at most this often whether the live file was moved away (0: never). */
  readonly checkIntervalMs: number;
  /** Create missing parent directories. */
  readonly mkdir: boolean;
  /** fsync before rotating (false with the sink's `fsync: "never"`). */
  readonly fsync: boolean;
  /** Receives rotation, deletion and error diagnostics. */
  readonly onDiagnostic: DiagnosticListener;
  /**
   * Other processes append to the same live file: whole batches in one
   * write, rotation under `<path>.rotate.lock`, a rename check on every
   * write.
   * @default {false}
   */
  readonly shared?: boolean;
}

/**
 * Counters of a rotating file, merged into the sink's `stats()`.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink, type RotationStats } from "../../mod.ts";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/stats.log");
 * await sink.close();
 * const { rotations, archivesWritten }: RotationStats = sink.stats();
 * ```
 */
export interface RotationStats {
  /** Rotations done (by size, by time, or on demand). */
  readonly rotations: number;
  /** Rotations that failed (writing continued in the live file). */
  readonly rotationFailures: number;
  /** Times the live file was reopened (`reopen()` or after it was moved away). */
  readonly reopens: number;
  /** `.gz` archives completed. */
  readonly archivesWritten: number;
  /** Archives deleted by retention. */
  readonly archivesDeleted: number;
  /** Compression jobs that failed. */
  readonly compressionFailures: number;
  /** Time spent compressing (ms, in the worker). */
  readonly compressionMs: number;
  /** Bytes fed to compression. */
  readonly compressedBytesIn: number;
  /** Bytes of `.gz` written. */
  readonly compressedBytesOut: number;
  /** Compression jobs waiting or running. */
  readonly compressionsPending: number;
  /** Bytes in the live file. */
  readonly liveBytes: number;
  /** Torn last lines (left by a killed process) ended with a newline at start. */
  readonly tornLinesEnded: number;
  /**
   * Shared mode: rotations this process found already done by another
   * process under the rotate lock (it reopened instead of renaming).
   */
  readonly rotationsByOthers: number;
}

const newline = 10;
const rotationRetryMs = 1000;
/** Shared mode: wait this long after finding the rotate lock taken. */
const sharedRetryMs = 20;
const mib = 1024 * 1024;

/**
 * A {@linkcode Target} that rotates. Create it through
 * `createRotatingFileSink()`.
 *
 * @example Usage
 * ```ts ignore
 * import { RotatingTarget } from "./rotating_target.ts";
 * import { getPlatform } from "../runtime/detect.ts";
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
  readonly #fs: FileDriver;
  readonly #names: ArchiveNames;
  readonly #queue: CompressionQueue | undefined;
  #live: FileTarget;
  #liveIno = 0;
  #liveDev = 0;
  #started = false; // start-up recovery done
  #staleChecked = false; // a live file from an earlier period archived
  #closed = false;
  #nextBoundary = Infinity;
  #lastStamp = -Infinity;
  #lastCheck = -Infinity;
  #rotationRetryAt = -Infinity;
  #presyncEvery: number;
  #presyncedAt = 0; // live size at the last background fsync
  #presyncing = false;
  #openLine = false; // the live file ends inside a line this sink is writing
  #tornRepairs = 0;
  readonly #shared: boolean;
  readonly #rotateLock: FileLock | undefined;
  #maintained = false; // shared: leftovers handled since the lock was taken
  #rotationsByOthers = 0;

  #rotations = 0;
  #rotationFailures = 0;
  #reopens = 0;
  #archivesDeleted = 0;

  /** @param options Validated options. */
  constructor(options: RotatingTargetOptions) {
    this.#o = options;
    this.#fs = options.fs;
    this.name = options.path;
    this.#names = new ArchiveNames(options.path);
    this.#shared = options.shared ?? false;
    this.#rotateLock = this.#shared
      ? new FileLock(
        options.fs,
        options.platform,
        `${options.path}.rotate.lock`,
      )
      : undefined;
    // Pre-sync the live file in the background every quarter of maxBytes
    // (at most every 8 MiB, at least every 1 MiB) so the fsync before the
    // rename, on the writer's thread, only has the rest to flush.
    this.#presyncEvery = options.fsync && options.fs.syncInBackground
      ? Math.max(mib, Math.min(8 * mib, Math.floor(options.maxBytes / 4)))
      : Infinity;
    this.#live = this.#newLive();
    this.#queue = options.compressor === undefined
      ? undefined
      : new CompressionQueue(
        options.compressor,
        (archive, error) => this.#compressed(archive, error),
        options.compressionLevel,
      );
  }

  /**
   * Start-up work, run once the sink around it is built: finish or clean
   * what a crash left, apply retention, start the compression worker.
   */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    if (this.#lockForMaintenance()) {
      this.#recover();
      this.#maintained = true;
      this.#releaseIfIdle();
    }
    try {
      this.#o.compressor?.warmUp();
    } catch (error) {
      this.#report("error", "cannot start the compression worker", error);
    }
  }

  #newLive(): FileTarget {
    return new FileTarget(this.#fs, this.#o.path, {
      mode: "append",
      mkdir: this.#o.mkdir,
      shared: this.#shared,
    });
  }

  /**
   * Shared mode: takes the rotate lock (only its holder renames, compresses,
   * cleans or deletes archives). Always true when not shared.
   */
  #lockForMaintenance(): boolean {
    const lock = this.#rotateLock;
    if (lock === undefined) return true;
    if (lock.held) return true;
    try {
      if (this.#o.mkdir) this.#fs.mkdirp(this.#names.dir);
      if (!lock.tryAcquire()) return false;
    } catch (error) {
      this.#report("error", `cannot take ${lock.path}`, error);
      return false;
    }
    this.#maintained = false;
    return true;
  }

  /** Shared mode: lets the rotate lock go once no compression job is left. */
  #releaseIfIdle(): void {
    const lock = this.#rotateLock;
    if (lock === undefined || !lock.held) return;
    if ((this.#queue?.stats().compressionsPending ?? 0) > 0) return;
    lock.release();
  }

  #report(kind: DiagnosticKind, message: string, error?: unknown): void {
    emitDiagnostic(this.#o.onDiagnostic, {
      kind,
      target: this.name,
      message: error === undefined
        ? message
        : `${message} (${describeError(error)})`,
      ...(error === undefined ? {} : { error }),
      time: this.#o.now(),
    });
  }

  /** Start-up: finish or clean leftovers, queue compression, apply retention. */
  #recover(): void {
    try {
      if (this.#o.mkdir) this.#fs.mkdirp(this.#names.dir);
      const found = recoverArchives(
        this.#fs,
        this.#names,
        this.#queue !== undefined,
      );
      this.#lastStamp = found.newestStamp;
      for (const path of found.removed) {
        this.#report("info", `removed leftover ${path}`);
      }
      for (const { path, error } of found.failures) {
        this.#report("error", `cannot remove leftover ${path}`, error);
      }
      for (const archive of found.toCompress) this.#queue?.add(archive);
      this.#applyRetention();
    } catch (error) {
      this.#report("error", "cannot scan for archives", error);
    }
  }

  /** Opens the live file (first write, after a rotation or a reopen). */
  #open(): void {
    if (!this.#staleChecked) {
      this.start();
      this.#staleChecked = true;
      this.#rotateStaleAtStart();
    }
    if (this.#live.isOpen) return;
    this.#live.open();
    this.#openLine = false;
    // Shared: another process may be writing a line right now; the file's
    // last byte says nothing about a line left torn.
    if (!this.#shared) this.#endTornTail();
    const info = this.#live.refresh() ?? this.#fs.stat(this.#o.path);
    this.#liveIno = info?.ino ?? 0;
    this.#liveDev = info?.dev ?? 0;
    this.#lastCheck = this.#o.platform.monotonic();
  }

  /**
   * Opens the live file now (runs the start-up work first, once); throws
   * the driver's error (`EACCES`, `EISDIR`…).
   */
  open(): void {
    this.#open();
  }

  /**
   * A process killed in the middle of a write can leave the live file
   * ending in part of a line: end it with a newline so the next line is
   * not glued to it.
   */
  #endTornTail(): void {
    const size = this.#live.size;
    const read = this.#fs.readRange;
    if (size === 0 || read === undefined) return;
    let last: Uint8Array;
    try {
      last = read.call(this.#fs, this.#o.path, size - 1, 1);
    } catch {
      return;
    }
    if (last.length !== 1 || last[0] === newline) return;
    this.#live.write(new Uint8Array([newline]), 0, 1);
    this.#tornRepairs++;
    this.#report("info", "ended a torn last line left by an earlier process");
  }

  /** A live file left from an earlier period is archived before writing. */
  #rotateStaleAtStart(): void {
    const schedule = this.#o.schedule;
    const now = this.#o.now();
    if (schedule !== undefined) {
      const info = this.#fs.stat(this.#o.path);
      const stale = (i: { size: number; mtimeMs: number } | undefined) =>
        i !== undefined && i.size > 0 &&
        schedule.periodKey(i.mtimeMs) !== schedule.periodKey(now);
      if (stale(info)) {
        this.#rotateDue(
          "the live file is from an earlier period",
          Math.min(now, schedule.nextBoundary(info!.mtimeMs)),
          (current) => stale(current),
        );
      }
      this.#nextBoundary = schedule.nextBoundary(now);
    }
  }

  /** Reopens the live file if something else renamed or removed it. */
  #checkExternal(): void {
    const interval = this.#o.checkIntervalMs;
    if (!this.#live.isOpen) return;
    const t = this.#o.platform.monotonic();
    // Shared: before every batch, so lines never go to a file another
    // process has rotated away (and may be compressing).
    if (!this.#shared && (interval === 0 || t - this.#lastCheck < interval)) {
      return;
    }
    this.#lastCheck = t;
    let info;
    try {
      info = this.#fs.stat(this.#o.path);
    } catch {
      return;
    }
    if (
      info === undefined ||
      (this.#liveIno !== 0 &&
        (info.ino !== this.#liveIno || info.dev !== this.#liveDev))
    ) {
      this.#report(
        "info",
        this.#shared
          ? "the live file was rotated by another process; reopening"
          : "the live file was moved or removed by something else; reopening",
      );
      this.#reopen();
    }
  }

  #reopen(): void {
    try {
      this.#live.close();
    } catch (error) {
      this.#report("error", "cannot close the live file", error);
    }
    this.#live = this.#newLive();
    this.#presyncedAt = 0;
    this.#openLine = false;
    this.#reopens++;
  }

  write(bytes: Uint8Array, offset: number, length: number): void {
    let done = 0;
    try {
      this.#open();
      this.#checkExternal();
      this.#open();
    } catch (err) {
      throw new TargetWriteError(err, 0);
    }
    if (this.#shared) return this.#writeShared(bytes, offset, length);
    const max = this.#o.maxBytes;
    while (done < length) {
      const at = offset + done;
      const left = length - done;
      if (!this.#openLine && this.#o.now() >= this.#nextBoundary) {
        const boundary = this.#nextBoundary;
        this.#nextBoundary = this.#o.schedule!.nextBoundary(this.#o.now());
        this.#rotate("time", boundary);
      }
      const size = this.#live.size;
      const room = max - size;
      let n: number;
      if (this.#openLine) {
        // The rest of a line that half landed before: same file, first.
        const end = bytes.indexOf(newline, at);
        n = end === -1 || end >= at + left ? left : end + 1 - at;
      } else if (
        left <= room || this.#o.platform.monotonic() < this.#rotationRetryAt
      ) {
        n = left;
      } else {
        const lastFit = room > 0
          ? bytes.lastIndexOf(newline, at + room - 1)
          : -1;
        if (lastFit >= at) {
          n = lastFit + 1 - at;
        } else if (size > 0 && this.#rotate("size")) {
          continue;
        } else if (size > 0) {
          n = left; // cannot rotate now: keep writing here
        } else {
          // A fresh file and a line longer than maxBytes: it goes whole.
          const end = bytes.indexOf(newline, at);
          n = end === -1 || end >= at + left ? left : end + 1 - at;
        }
      }
      this.#writeLive(bytes, at, n, done);
      done += n;
      if (this.#live.size - this.#presyncedAt >= this.#presyncEvery) {
        this.#presync();
      }
    }
  }

  /**
   * Shared mode: the batch goes whole, in one write; a rotation that is due
   * (by the file's real size, which every writer grows) happens before it,
   * under the rotate lock.
   */
  #writeShared(bytes: Uint8Array, offset: number, length: number): void {
    const now = this.#o.now();
    if (now >= this.#nextBoundary) {
      const boundary = this.#nextBoundary;
      this.#nextBoundary = this.#o.schedule!.nextBoundary(now);
      // Due unless an archive named at or after the boundary exists: then
      // the live file was begun after it (by another process's rotation).
      this.#rotateDue(
        "time",
        boundary,
        (info, newest) => info.size > 0 && newest < boundary,
        true,
      );
    } else if (
      this.#o.maxBytes !== Infinity &&
      this.#o.platform.monotonic() >= this.#rotationRetryAt
    ) {
      const max = this.#o.maxBytes;
      const size = this.#live.refresh()?.size ?? this.#live.size;
      if (size > 0 && size + length > max) {
        this.#rotateDue(
          "size",
          now,
          (info) => info.size > 0 && info.size + length > max,
          true,
        );
      }
    }
    this.#writeLive(bytes, offset, length, 0);
  }

  /**
   * Rotates when `due` says so. Not shared: at once. Shared: under the
   * rotate lock, after checking again (another process may have rotated
   * first); if the path no longer names the file this process has open,
   * it reopens instead of renaming.
   *
   * @param reason For the diagnostic.
   * @param stampHint The moment to name the archive after.
   * @param due Whether the file at the path still needs rotating (its
   * facts, and the newest archive stamp on disk).
   * @param sameFile Shared: require the path to still name the open file.
   */
  #rotateDue(
    reason: string,
    stampHint: number,
    due: (
      info: { size: number; mtimeMs: number },
      newestStamp: number,
    ) => boolean,
    sameFile = false,
  ): boolean {
    if (!this.#shared) return this.#rotate(reason, stampHint);
    if (!this.#lockForMaintenance()) {
      // Another process is rotating: it will rename; we notice and reopen.
      this.#rotationRetryAt = this.#o.platform.monotonic() + sharedRetryMs;
      return false;
    }
    try {
      if (!this.#maintained) {
        // First rotation under a fresh lock: finish what a dead rotator
        // left (a .gz.tmp, an archive never compressed), learn the stamps.
        this.#maintained = true;
        this.#recoverLeftovers();
      }
      let info;
      try {
        info = this.#fs.stat(this.#o.path);
      } catch {
        info = undefined;
      }
      if (info === undefined) return false;
      if (
        sameFile && this.#live.isOpen && this.#liveIno !== 0 &&
        (info.ino !== this.#liveIno || info.dev !== this.#liveDev)
      ) {
        this.#rotationsByOthers++;
        this.#report(
          "info",
          `another process rotated ${this.#o.path} first; reopening`,
        );
        this.#reopen();
        this.#open();
        return false;
      }
      if (!due(info, this.#newestStampOnDisk())) return false;
      return this.#rotate(reason, stampHint);
    } finally {
      this.#releaseIfIdle();
    }
  }

  /** The newest archive stamp in the directory (shared: others rotate too). */
  #newestStampOnDisk(): number {
    let newest = -Infinity;
    try {
      for (const name of this.#fs.readdir(this.#names.dir)) {
        const parsed = this.#names.parse(name);
        if (parsed !== undefined) newest = Math.max(newest, parsed.stamp);
      }
    } catch {
      // the name check in #freeArchivePath still prevents overwriting
    }
    this.#lastStamp = Math.max(this.#lastStamp, newest);
    return newest;
  }

  /** Leftovers of an interrupted compression, without retention. */
  #recoverLeftovers(): void {
    try {
      const found = recoverArchives(
        this.#fs,
        this.#names,
        this.#queue !== undefined,
      );
      this.#lastStamp = Math.max(this.#lastStamp, found.newestStamp);
      for (const path of found.removed) {
        this.#report("info", `removed leftover ${path}`);
      }
      for (const { path, error } of found.failures) {
        this.#report("error", `cannot remove leftover ${path}`, error);
      }
      for (const archive of found.toCompress) this.#queue?.add(archive);
    } catch (error) {
      this.#report("error", "cannot scan for archives", error);
    }
  }

  #presync(): void {
    if (this.#presyncing) return;
    this.#presyncing = true;
    this.#presyncedAt = this.#live.size;
    this.#fs.syncInBackground!(this.#o.path).catch(() => {
      // only an optimisation: the fsync before the rename still runs
    }).finally(() => {
      this.#presyncing = false;
    });
  }

  #writeLive(bytes: Uint8Array, at: number, n: number, done: number): void {
    try {
      if (!this.#live.isOpen) this.#open();
      this.#live.write(bytes, at, n);
      this.#openLine = bytes[at + n - 1] !== newline;
    } catch (err) {
      const landed = err instanceof TargetWriteError ? err.written : 0;
      if (landed > 0) this.#openLine = bytes[at + landed - 1] !== newline;
      throw new TargetWriteError(
        err instanceof TargetWriteError ? err.cause : err,
        done + landed,
      );
    }
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
    if (this.#openLine) return false; // never split a line across files
    const path = this.#o.path;
    let info;
    try {
      info = this.#fs.stat(path);
    } catch {
      info = undefined;
    }
    if (info === undefined || info.size === 0) return false;
    let archive = "";
    try {
      if (this.#live.isOpen && this.#o.fsync) this.#live.sync();
      this.#live.close();
      archive = this.#freeArchivePath(stampHint);
      this.#fs.rename(path, archive);
    } catch (error) {
      this.#rotationFailures++;
      this.#rotationRetryAt = this.#o.platform.monotonic() + rotationRetryMs;
      this.#report("error", `cannot rotate ${path}`, error);
      this.#live = this.#newLive();
      return false;
    }
    this.#rotations++;
    this.#presyncedAt = 0;
    this.#live = this.#newLive();
    try {
      this.#open();
      if (this.#o.fsync) this.#fs.fsyncDir(this.#names.dir);
    } catch (error) {
      this.#report("error", `cannot open a new ${path} after rotating`, error);
    }
    this.#report("rotated", `rotated (${reason}) to ${archive}`);
    if (this.#queue !== undefined) this.#queue.add(archive);
    else this.#applyRetention();
    return true;
  }

  /** An archive name later than every earlier one that is not taken. */
  #freeArchivePath(stampHint: number): string {
    let stamp = Math.max(Math.floor(stampHint), this.#lastStamp + 1);
    for (;;) {
      const archive = this.#names.archivePath(stamp);
      if (
        this.#fs.stat(archive) === undefined &&
        this.#fs.stat(`${archive}.gz`) === undefined &&
        this.#fs.stat(`${archive}.gz.tmp`) === undefined
      ) {
        this.#lastStamp = stamp;
        return archive;
      }
      stamp++;
    }
  }

  #compressed(archive: string, error?: unknown): void {
    if (error !== undefined) {
      this.#report(
        "error",
        `cannot compress ${archive}; it stays uncompressed and is retried at the next start`,
        error,
      );
    }
    this.#applyRetention();
    this.#releaseIfIdle();
  }

  #applyRetention(): void {
    const queue = this.#queue;
    try {
      const result = applyRetention(
        this.#fs,
        this.#names,
        this.#o.retention,
        this.#o.now(),
        (archive) => queue?.has(archive) ?? false,
      );
      for (const entry of result.deleted) {
        this.#archivesDeleted++;
        this.#report("deleted", `deleted ${entry.files.join(", ")}`);
      }
      for (const { path, error } of result.failures) {
        this.#report("error", `cannot delete ${path}`, error);
      }
    } catch (error) {
      this.#report("error", "cannot apply retention", error);
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
    return this.#rotateDue("on demand", this.#o.now(), () => true);
  }

  /**
   * Emergency cleanup on a full disk: deletes this file's oldest archives
   * (its own naming pattern only; never the live file, lock files or
   * foreign files; not an archive being compressed) until `bytesWanted`
   * are freed. Each deletion is counted in `archivesDeleted` and reported.
   * Shared mode: only while holding the rotate lock.
   *
   * @param bytesWanted Bytes to free.
   * @returns Bytes freed.
   */
  deleteOldestArchives(bytesWanted: number): number {
    if (!this.#lockForMaintenance()) return 0;
    let freed = 0;
    try {
      for (const entry of listArchives(this.#fs, this.#names)) {
        if (freed >= bytesWanted) break;
        if (this.#queue?.has(entry.archive)) continue;
        let removed = 0;
        for (const path of entry.files) {
          try {
            const size = this.#fs.stat(path)?.size ?? 0;
            this.#fs.unlink(path);
            removed += size;
          } catch (error) {
            this.#report("error", `cannot delete ${path}`, error);
          }
        }
        if (removed > 0) {
          freed += removed;
          this.#archivesDeleted++;
          this.#report(
            "deleted",
            `disk full: deleted ${entry.files.join(", ")} (${removed} bytes)`,
          );
        }
      }
    } catch (error) {
      this.#report("error", "cannot list archives for cleanup", error);
    } finally {
      this.#releaseIfIdle();
    }
    return freed;
  }

  /** Closes the live file; the next write opens the path again. */
  reopen(): void {
    if (this.#closed) return;
    this.#reopen();
  }

  /**
   * Removes the last `bytes` bytes written to the live file (the head of a
   * line that could not be finished); see {@linkcode Target.cutTail}.
   */
  cutTail(bytes: number): boolean {
    const cut = this.#live.cutTail(bytes);
    if (cut) this.#openLine = false;
    return cut;
  }

  sync(): void {
    this.#live.sync();
  }

  closeSync(): void {
    this.#closed = true;
    try {
      this.#live.close();
    } finally {
      // A compression cut short is finished by whoever rotates next.
      this.#rotateLock?.release();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    try {
      this.#live.close();
    } catch (error) {
      // still wait for the archives below; the sink counts this error
      this.#report("error", "cannot close the live file", error);
    }
    if (this.#queue !== undefined) {
      await this.#queue.drain();
      this.#queue.dispose();
    }
    this.#rotateLock?.release();
  }

  /** The counters. */
  stats(): RotationStats {
    const c = this.#queue?.stats();
    return {
      rotations: this.#rotations,
      rotationFailures: this.#rotationFailures,
      reopens: this.#reopens,
      archivesWritten: c?.archivesWritten ?? 0,
      archivesDeleted: this.#archivesDeleted,
      compressionFailures: c?.compressionFailures ?? 0,
      compressionMs: c?.compressionMs ?? 0,
      compressedBytesIn: c?.compressedBytesIn ?? 0,
      compressedBytesOut: c?.compressedBytesOut ?? 0,
      compressionsPending: c?.compressionsPending ?? 0,
      liveBytes: this.#live.size,
      tornLinesEnded: this.#tornRepairs,
      rotationsByOthers: this.#rotationsByOthers,
    };
  }

  /** The directory holding the live file and its archives. */
  get dir(): string {
    return this.#names.dir;
  }

  /** Paths of this file's archives on disk now, oldest first. */
  archives(): string[] {
    const out: string[] = [];
    for (const name of this.#fs.readdir(this.#names.dir)) {
      const parsed = this.#names.parse(name);
      if (parsed !== undefined && !parsed.temporary) {
        out.push(join(this.#names.dir, name));
      }
    }
    return out.sort();
  }
}
