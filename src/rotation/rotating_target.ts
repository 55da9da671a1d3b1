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
 * it: reopen) and reads the file's real size. Two locks (`O_EXCL` lock
 * files, see {@linkcode FileLock}) split the work:
 *
 * - `app.log.rotate.lock` (the rename lock) is held only for check → fsync
 *   → rename → open the new file → fsync the directory. Under it the
 *   process checks again that the live file is still the one it has open
 *   and still due, so of two processes that decide at once exactly one
 *   renames and the other reopens. A writer whose batch would take the
 *   file past `maxBytes` while another process holds it waits (briefly,
 *   bounded) for that rename instead of appending more batches to a file
 *   that is already full, so an archive exceeds `maxBytes` by at most one
 *   batch of each other writer (the batches already checked and on their
 *   way when the file filled up).
 * - `app.log.maint.lock` (the maintenance lock): only its holder cleans
 *   leftovers (`.gz.tmp`, sources of complete `.gz`), compresses and
 *   applies retention, so no two processes ever work on the same archive
 *   and nobody deletes a `.tmp` that is being written. A process that
 *   rotated tries to take it (never waits); the holder compresses every
 *   uncompressed archive it finds, scanning the directory again after each
 *   batch (archives rotated meanwhile by processes that found the lock
 *   taken), applies retention, lets the lock go and scans once more: work
 *   that appeared in between (its rotator found the lock still taken) makes
 *   it take the lock again, so no archive is left uncompressed. A rotator
 *   that found the lock taken also looks again on a timer.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import {
  type DiagnosticKind,
  type DiagnosticListener,
  emitDiagnostic,
} from "../diagnostics.ts";
import { describeError } from "../errors.ts";
import type {
  Compressor,
  FileDriver,
  Platform,
  UnrefTimer,
} from "../runtime/driver.ts";
import { ArchiveNames } from "./archive_names.ts";
import {
  CompressionQueue,
  hasArchiveWork,
  recoverArchives,
} from "./compression_queue.ts";
import { describeOwner, FileLock } from "../file/file_lock.ts";
import { FileTarget } from "../file/file_target.ts";
import {
  applyRetention,
  isSymlink,
  listArchives,
  type RetentionPolicy,
  selectExpired,
} from "./retention.ts";
import type { RotationSchedule } from "./schedule.ts";
import { type Target, TargetWriteError } from "../buffer/target.ts";

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
   * write, rotation under `<path>.rotate.lock`, compression and retention
   * under `<path>.maint.lock`, a rename check on every write.
   * @default {false}
   */
  readonly shared?: boolean;
  /**
   * The mode of every live file this target creates (exactly, not masked by
   * the umask). Unset: a new live file gets the mode of the file it
   * replaces (rotated or moved away), the first one the umask's.
   */
  readonly fileMode?: number | undefined;
}

/**
 * Counters of a rotating file, merged into the sink's `stats()`.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink } from "logrotor";
 * import { type RotationStats } from "logrotor/compose";
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
  /** Archives deleted by retention or by the disk-full cleanup. */
  readonly archivesDeleted: number;
  /**
   * Lines in the archives the disk-full cleanup deleted (each deletion is
   * also reported with its line count). Leftovers it removes first
   * (`.gz.tmp`, sources of complete `.gz`) hold no line that is not kept
   * elsewhere and do not count.
   */
  readonly linesDeletedOnDiskFull: number;
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
/**
 * Shared mode: a writer whose batch would overfill the live file waits at
 * most this long for another process's rename (normally a few ms: fsync,
 * rename, open, fsync the directory) before it appends anyway.
 */
const renameWaitMs = 250;
/** Shared mode: a rotator that found the maintenance lock taken looks again after this. */
const maintRetryMs = 1000;

/** What a shared-mode rotation attempt did. */
type SharedOutcome = "rotated" | "reopened" | "not-due" | "busy" | "failed";
const mib = 1024 * 1024;
/**
 * An archive name more than this far after now is "in the future" (clocks
 * of processes sharing a file may differ a little).
 */
const futureSlackMs = 60_000;

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
  #futureReported = new Set<string>();
  #replacedMode: number | undefined; // mode of the last live file seen
  #symlinkReported = false;
  #lastCheck = -Infinity;
  #rotationRetryAt = -Infinity;
  #presyncEvery: number;
  #presyncedAt = 0; // live size at the last background fsync
  #presyncing = false;
  #openLine = false; // the live file ends inside a line this sink is writing
  #tornRepairs = 0;
  readonly #shared: boolean;
  readonly #rotateLock: FileLock | undefined; // shared: the rename lock
  readonly #maintLock: FileLock | undefined; // shared: compression, retention
  #maintRunning = false; // shared: #maintain() is under way
  #maintDone: Promise<void> = Promise.resolve();
  #maintSkip = new Set<string>(); // paths that failed in this maintenance run
  #maintTimer: UnrefTimer | undefined;
  #rotationsByOthers = 0;

  #rotations = 0;
  #rotationFailures = 0;
  #reopens = 0;
  #archivesDeleted = 0;
  #linesDeletedOnDiskFull = 0;
  /** Not shared: archives whose compression failed, retried at the next rotation. */
  #retryCompress = new Set<string>();

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
    this.#maintLock = this.#shared
      ? new FileLock(
        options.fs,
        options.platform,
        `${options.path}.maint.lock`,
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
    // Shared: only the maintenance lock's holder touches leftovers.
    if (this.#shared) this.#requestMaintenance();
    else this.#recover();
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
      fileMode: this.#o.fileMode ?? this.#replacedMode,
    });
  }

  /**
   * Shared mode: tries a lock once, never waiting. `"error"` (reported)
   * when the lock file cannot be created at all.
   */
  #tryLock(lock: FileLock): "held" | "busy" | "error" {
    if (lock.held) return "held";
    try {
      if (this.#o.mkdir) this.#fs.mkdirp(this.#names.dir);
      return lock.tryAcquire() ? "held" : "busy";
    } catch (error) {
      this.#report("error", `cannot take ${lock.path}`, error);
      return "error";
    }
  }

  #pendingJobs(): number {
    return this.#queue?.stats().compressionsPending ?? 0;
  }

  /**
   * Shared mode: runs maintenance (leftovers, compression, retention) if
   * this process can take the maintenance lock; if another process holds
   * it, that holder's next directory scan finds the work, and this process
   * looks again on a timer in case the holder was just letting go.
   */
  #requestMaintenance(): void {
    const lock = this.#maintLock;
    if (lock === undefined || this.#maintRunning) return;
    if (this.#tryLock(lock) !== "held") {
      this.#armMaintRetry();
      return;
    }
    this.#maintRunning = true;
    this.#maintSkip = new Set();
    // #maintain() clears #maintRunning itself, in the tick it lets go.
    this.#maintDone = this.#maintain();
  }

  #armMaintRetry(): void {
    if (this.#closed || this.#maintTimer !== undefined) return;
    try {
      this.#maintTimer = this.#o.platform.after(maintRetryMs, () => {
        this.#maintTimer = undefined;
        if (this.#closed || this.#maintRunning) return;
        if (this.#workLeft(new Set())) this.#requestMaintenance();
      });
    } catch (error) {
      this.#report("error", "cannot arm the maintenance timer", error);
    }
  }

  /**
   * Shared mode, holding the maintenance lock: cleans leftovers, compresses
   * every uncompressed archive (scanning again after each batch, for the
   * archives other processes rotated meanwhile), applies retention, lets
   * the lock go, then scans once more and starts over if work appeared
   * after the last scan (a rotator that found the lock still taken left it
   * to this process). Stops early if `closeSync()` let the lock go.
   */
  async #maintain(): Promise<void> {
    const lock = this.#maintLock!;
    const skip = this.#maintSkip;
    try {
      for (;;) {
        if (!lock.held) return;
        const todo = this.#recoverShared(skip);
        if (todo.length > 0 && this.#queue !== undefined) {
          for (const archive of todo) this.#queue.add(archive);
          await this.#queue.drain();
          if (!lock.held) return;
          this.#applyRetention(skip);
          continue;
        }
        this.#applyRetention(skip);
        lock.release();
        if (!this.#workLeft(skip)) return;
        const again = this.#tryLock(lock);
        if (again !== "held") {
          // Its new holder scans after taking it and finds the work.
          if (again === "error") this.#armMaintRetry();
          return;
        }
      }
    } catch (error) {
      this.#report("error", "maintenance of archives failed", error);
    } finally {
      this.#maintRunning = false;
      if (lock.held && this.#pendingJobs() === 0) lock.release();
    }
  }

  /**
   * Shared mode, holding the maintenance lock with no compression running
   * here (so any `.tmp` is a dead holder's): finishes or cleans leftovers
   * and returns the archives to compress, minus those that failed in this
   * run (retried by the next run).
   */
  #recoverShared(skip: Set<string>): string[] {
    try {
      const found = recoverArchives(
        this.#fs,
        this.#names,
        this.#queue !== undefined,
        this.#o.now(),
        futureSlackMs,
      );
      this.#reportFuture(found.future);
      for (const path of found.removed) {
        this.#report("info", `removed leftover ${path}`);
      }
      for (const { path, error } of found.failures) {
        skip.add(path);
        this.#report("error", `cannot remove leftover ${path}`, error);
      }
      return found.toCompress.filter((archive) => !skip.has(archive));
    } catch (error) {
      this.#report("error", "cannot scan for archives", error);
      return [];
    }
  }

  /**
   * Shared mode: whether the directory holds maintenance work (a leftover,
   * an archive to compress, an archive retention expires), ignoring the
   * paths in `skip`. Reads only.
   */
  #workLeft(skip: Set<string>): boolean {
    try {
      if (
        hasArchiveWork(
          this.#fs,
          this.#names,
          this.#queue !== undefined,
          skip,
        )
      ) {
        return true;
      }
      const policy = this.#o.retention;
      if (
        policy.keep === undefined && policy.maxAgeMs === undefined &&
        policy.maxTotalBytes === undefined
      ) {
        return false;
      }
      return selectExpired(
        listArchives(this.#fs, this.#names),
        policy,
        this.#o.now(),
      ).some((entry) =>
        !skip.has(entry.archive) && !entry.files.some((f) => skip.has(f))
      );
    } catch {
      return false; // the next rotation's maintenance scans again
    }
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
        this.#o.now(),
        futureSlackMs,
      );
      this.#reportFuture(found.future);
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
    if (info?.mode !== undefined) this.#replacedMode = info.mode & 0o777;
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
      this.#rotateForTime(now);
    } else if (
      this.#o.maxBytes !== Infinity &&
      this.#o.platform.monotonic() >= this.#rotationRetryAt
    ) {
      const max = this.#o.maxBytes;
      // After following another process's rename, check the new file too.
      for (let round = 0; round < 3; round++) {
        const size = this.#live.refresh()?.size ?? this.#live.size;
        if (size === 0 || size + length <= max) break;
        const outcome = this.#rotateShared(
          "size",
          now,
          (info) => info.size > 0 && info.size + length > max,
          true,
          true,
        );
        if (outcome !== "reopened") break;
      }
    }
    this.#writeLive(bytes, offset, length, 0);
  }

  /**
   * Rotates when `due` says so. Not shared: at once. Shared: under the
   * rename lock, without waiting for it (see `#rotateShared`).
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
    return this.#rotateShared(reason, stampHint, due, sameFile, false) ===
      "rotated";
  }

  /**
   * Shared mode: rotates under the rename lock, after checking again
   * (another process may have rotated first: if the path no longer names
   * the file this process has open, it reopens instead of renaming). The
   * lock is let go right after the new file is open; compression and
   * retention are then asked of the maintenance lock's holder.
   *
   * With `wait`, a lock held by another live process is waited for (up to
   * `renameWaitMs`, polling), and the wait ends early as soon as that
   * process's rename shows (the path names another file: reopen). Without
   * it, or when the holder is this very process (it cannot make progress
   * while this thread sleeps), or after the wait: `"busy"`, and the caller
   * writes to the file it has.
   */
  #rotateShared(
    reason: string,
    stampHint: number,
    due: (
      info: { size: number; mtimeMs: number },
      newestStamp: number,
    ) => boolean,
    sameFile: boolean,
    wait: boolean,
  ): SharedOutcome {
    const lock = this.#rotateLock!;
    const platform = this.#o.platform;
    const deadline = platform.monotonic() + renameWaitMs;
    let pause = 1;
    for (;;) {
      const got = this.#tryLock(lock);
      if (got === "held") break;
      if (sameFile && this.#pathMoved()) {
        this.#followRotation();
        return "reopened";
      }
      const holder = lock.holder;
      const self = holder !== undefined && holder.pid === platform.pid &&
        holder.host === platform.hostname();
      if (got === "error" || !wait || self) {
        // Another process is rotating: it will rename; we notice and reopen.
        this.#rotationRetryAt = platform.monotonic() +
          (got === "error" ? rotationRetryMs : sharedRetryMs);
        return "busy";
      }
      if (platform.monotonic() >= deadline) {
        this.#rotationRetryAt = platform.monotonic() + rotationRetryMs;
        this.#report(
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
      const newest = this.#newestArchiveOnDisk().stamp;
      let info;
      try {
        info = this.#fs.stat(this.#o.path);
      } catch {
        info = undefined;
      }
      if (
        sameFile && this.#live.isOpen && this.#liveIno !== 0 &&
        (info === undefined || info.ino !== this.#liveIno ||
          info.dev !== this.#liveDev)
      ) {
        this.#followRotation();
        return "reopened";
      }
      if (info === undefined || !due(info, newest)) return "not-due";
      rotated = this.#rotate(reason, stampHint);
      return rotated ? "rotated" : "failed";
    } finally {
      lock.release();
      if (rotated) this.#requestMaintenance();
    }
  }

  /** Shared: whether the path no longer names the file this process has open. */
  #pathMoved(): boolean {
    if (!this.#live.isOpen || this.#liveIno === 0) return false;
    let info;
    try {
      info = this.#fs.stat(this.#o.path);
    } catch {
      return false;
    }
    return info === undefined || info.ino !== this.#liveIno ||
      info.dev !== this.#liveDev;
  }

  /** Shared: another process rotated the live file first: reopen the path. */
  #followRotation(): void {
    this.#rotationsByOthers++;
    this.#report(
      "info",
      `another process rotated ${this.#o.path} first; reopening`,
    );
    this.#reopen();
    this.#open();
  }

  /**
   * The newest archive name in the directory (shared: others rotate too),
   * not counting names in the future (reported at start): its stamp and
   * suffix, or stamp `-Infinity` when there is none.
   */
  #newestArchiveOnDisk(): { stamp: number; seq: number } {
    const newest = { stamp: -Infinity, seq: 0 };
    const limit = this.#o.now() + futureSlackMs;
    try {
      for (const name of this.#fs.readdir(this.#names.dir)) {
        const parsed = this.#names.parse(name);
        if (
          parsed !== undefined && parsed.stamp <= limit &&
          (parsed.stamp > newest.stamp ||
            (parsed.stamp === newest.stamp && parsed.seq > newest.seq))
        ) {
          newest.stamp = parsed.stamp;
          newest.seq = parsed.seq;
        }
      }
    } catch {
      // the name check in #freeArchivePath still prevents overwriting
    }
    return newest;
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
    if (this.#isSymlink(path)) {
      // Like logrotate: a symlinked log is written through, never rotated
      // (renaming the link or its target could touch files elsewhere).
      this.#rotationFailures++;
      this.#rotationRetryAt = this.#o.platform.monotonic() + rotationRetryMs;
      if (!this.#symlinkReported) {
        this.#symlinkReported = true;
        this.#report(
          "error",
          `${path} is a symbolic link: it is written through but never rotated (as logrotate does); point the sink at the real file`,
        );
      }
      return false;
    }
    this.#symlinkReported = false;
    // The new live file keeps the mode of the one it replaces.
    if (info.mode !== undefined) this.#replacedMode = info.mode & 0o777;
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
    // Shared: the maintenance lock's holder compresses it (#rotateShared
    // asks for maintenance once the rename lock is let go).
    if (this.#shared) return true;
    if (this.#queue !== undefined) {
      // Archives whose compression failed earlier (a full disk) go first.
      for (const earlier of this.#retryCompress) {
        if (this.#fs.stat(earlier) !== undefined) this.#queue.add(earlier);
      }
      this.#retryCompress.clear();
      this.#queue.add(archive);
    } else this.#applyRetention();
    return true;
  }

  /**
   * The archive name for the rotation moment. Names sort in rotation
   * order: when an archive on disk is as new as this moment or newer
   * (another process rotated while this one waited for the rename lock,
   * two rotations in one millisecond, the clock stepped back by less than
   * a minute), this one takes that stamp with the next suffix (`_001`,
   * `_002`, …) — never a later stamp, so a name says when its archive was
   * rotated to within that minute. Names more than a minute in the future
   * are ignored (reported at start): no file can steer naming.
   */
  #freeArchivePath(stampHint: number): string {
    let stamp = Math.floor(stampHint);
    let seq = 0;
    const newest = this.#newestArchiveOnDisk();
    if (newest.stamp >= stamp) {
      stamp = newest.stamp;
      seq = newest.seq + 1;
    }
    for (;; seq++) {
      if (seq > 999) {
        throw new Error(`every archive name for ${stamp} is taken`);
      }
      const archive = this.#names.archivePath(stamp, seq);
      if (
        this.#lstat(archive) === undefined &&
        this.#lstat(`${archive}.gz`) === undefined &&
        this.#lstat(`${archive}.gz.tmp`) === undefined
      ) {
        return archive;
      }
    }
  }

  /** Whatever is at `path` (a dangling symlink too), or `undefined`. */
  #lstat(path: string): unknown {
    return this.#fs.lstat === undefined
      ? this.#fs.stat(path)
      : this.#fs.lstat(path);
  }

  /**
   * Reports archive-shaped names dated after now (a restored backup, a
   * clock that was wrong once): they are kept, age retention does not
   * expire them, and they never steer naming or time rotation.
   */
  #reportFuture(future: readonly string[]): void {
    for (const path of future) {
      if (this.#futureReported.has(path)) continue;
      this.#futureReported.add(path);
      this.#report(
        "error",
        `${path} is named after a moment in the future; it is kept, age retention does not expire it, and it does not affect how new archives are named`,
      );
    }
  }

  #compressed(archive: string, error?: unknown): void {
    if (error !== undefined) {
      this.#report(
        "error",
        `cannot compress ${archive}; it stays uncompressed and is retried ${
          this.#shared
            ? "by the next maintenance run"
            : "at the next rotation or start"
        }`,
        error,
      );
      if (!this.#shared) this.#retryCompress.add(archive);
    }
    // Shared: the maintenance loop applies retention after each batch.
    if (!this.#shared) this.#applyRetention();
    else if (error !== undefined) this.#maintSkip.add(archive);
  }

  /**
   * Deletes what the retention policy expires (never an archive being
   * compressed); paths that fail go to `skip` when given.
   */
  #applyRetention(skip?: Set<string>): void {
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
        skip?.add(path);
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
  /**
   * Rotates for a calendar boundary that has passed. Shared mode: due
   * unless an archive named at or after the boundary exists (then the live
   * file was begun after it, by another process's rotation).
   */
  #rotateForTime(now: number): boolean {
    const boundary = this.#nextBoundary;
    this.#nextBoundary = this.#o.schedule!.nextBoundary(now);
    return this.#rotateDue(
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
    const now = this.#o.now();
    const schedule = this.#o.schedule;
    if (this.#nextBoundary === Infinity && schedule !== undefined) {
      return schedule.nextBoundary(now) - now;
    }
    return this.#nextBoundary - now;
  }

  /**
   * Rotates when a calendar boundary has passed, without waiting for the
   * next write (the sink calls this from a timer, so an idle file is still
   * rotated on time). An empty live file is not archived. Never throws.
   *
   * @returns Whether an archive was made.
   */
  rotateIfDue(): boolean {
    if (this.#closed || this.#openLine) return false;
    const now = this.#o.now();
    if (now < this.#nextBoundary) return false;
    try {
      return this.#rotateForTime(now);
    } catch (error) {
      this.#report("error", `cannot rotate ${this.#o.path}`, error);
      return false;
    }
  }

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
    const lock = this.#maintLock;
    // Shared: take the maintenance lock just for this, unless held already.
    const tookIt = lock !== undefined && !lock.held;
    if (lock !== undefined && this.#tryLock(lock) !== "held") return 0;
    let freed = 0;
    try {
      freed += this.#removeLeftovers();
      for (const entry of listArchives(this.#fs, this.#names)) {
        if (freed >= bytesWanted) break;
        if (this.#queue?.has(entry.archive)) continue;
        let removed = 0;
        let lines = 0;
        let unknown = false;
        for (const path of entry.files) {
          if (this.#isSymlink(path)) continue;
          try {
            const size = this.#fs.stat(path)?.size ?? 0;
            let count: number | undefined;
            try {
              count = this.#fs.countLines?.(path);
            } catch {
              count = undefined;
            }
            this.#fs.unlink(path);
            removed += size;
            if (count === undefined) unknown = true;
            // x and x.gz both present: the same lines, count them once
            else lines = Math.max(lines, count);
          } catch (error) {
            this.#report("error", `cannot delete ${path}`, error);
          }
        }
        if (removed > 0) {
          freed += removed;
          this.#archivesDeleted++;
          this.#linesDeletedOnDiskFull += lines;
          this.#report(
            "deleted",
            `disk full: deleted ${entry.files.join(", ")} (${removed} bytes, ${
              unknown ? `at least ${lines}` : lines
            } lines lost)`,
          );
        }
      }
    } catch (error) {
      this.#report("error", "cannot list archives for cleanup", error);
    } finally {
      if (tookIt && !this.#maintRunning) {
        lock!.release();
        // A rotator that found the lock taken meanwhile left its archive.
        if (this.#workLeft(new Set())) this.#requestMaintenance();
      }
    }
    return freed;
  }

  /** Whether `path` is a symbolic link (never ours: left alone). */
  #isSymlink(path: string): boolean {
    return isSymlink(this.#fs, path);
  }

  /**
   * Disk-full cleanup, first step: deletes `.gz.tmp` files and sources of
   * complete `.gz` archives, except those of the archive being compressed
   * now. No line is lost. Returns the bytes freed.
   */
  #removeLeftovers(): number {
    let freed = 0;
    const gz = new Set<string>();
    const candidates: Array<{ path: string; archive: string; tmp: boolean }> =
      [];
    for (const name of this.#fs.readdir(this.#names.dir)) {
      const parsed = this.#names.parse(name);
      if (parsed === undefined) continue;
      const archive = join(this.#names.dir, parsed.archive);
      const path = join(this.#names.dir, name);
      if (parsed.temporary) candidates.push({ path, archive, tmp: true });
      else if (parsed.compressed) gz.add(archive);
      else candidates.push({ path, archive, tmp: false });
    }
    for (const { path, archive, tmp } of candidates) {
      if (!tmp && !gz.has(archive)) continue;
      if (this.#queue?.has(archive) || this.#isSymlink(path)) continue;
      try {
        const size = this.#fs.stat(path)?.size ?? 0;
        this.#fs.unlink(path);
        freed += size;
        this.#report(
          "deleted",
          `disk full: removed leftover ${path} (${size} bytes, 0 lines lost: ${
            tmp ? "an unfinished compression" : "its .gz is complete"
          })`,
        );
      } catch (error) {
        this.#report("error", `cannot remove leftover ${path}`, error);
      }
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

  /** fsync the live file off the calling thread (used by `close()`). */
  syncAsync(): Promise<void> {
    return this.#live.syncAsync();
  }

  closeSync(): void {
    this.#closed = true;
    this.#maintTimer?.cancel();
    this.#maintTimer = undefined;
    try {
      this.#live.close();
    } finally {
      this.#rotateLock?.release();
      // The process is ending. With a compression still running, the
      // maintenance lock stays: its `.gz.tmp` is not a leftover until this
      // process is gone, and then the lock is stale and taken over (pid
      // dead) by the next process, which cleans and compresses again.
      if (this.#pendingJobs() === 0) this.#maintLock?.release();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#maintTimer?.cancel();
    this.#maintTimer = undefined;
    try {
      this.#live.close();
    } catch (error) {
      // still wait for the archives below; the sink counts this error
      this.#report("error", "cannot close the live file", error);
    }
    // Shared: the maintenance run (if this process holds the lock) ends
    // when a scan after letting the lock go finds no work left.
    while (this.#maintRunning) await this.#maintDone;
    if (this.#queue !== undefined) {
      await this.#queue.drain();
      this.#queue.dispose();
    }
    this.#rotateLock?.release();
    this.#maintLock?.release();
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
      linesDeletedOnDiskFull: this.#linesDeletedOnDiskFull,
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
    const out: Array<{ path: string; stamp: number; seq: number }> = [];
    for (const name of this.#fs.readdir(this.#names.dir)) {
      const parsed = this.#names.parse(name);
      if (parsed !== undefined && !parsed.temporary) {
        out.push({
          path: join(this.#names.dir, name),
          stamp: parsed.stamp,
          seq: parsed.seq,
        });
      }
    }
    return out.sort((a, b) =>
      a.stamp - b.stamp || a.seq - b.seq ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
    ).map((a) => a.path);
  }
}
