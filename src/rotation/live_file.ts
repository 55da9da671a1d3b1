/**
 * The live file of a rotating target: the {@linkcode FileTarget} at the
 * live path, replaced by a new one at each rotation or reopen. It knows
 * the inode it has open (to notice the path was moved away, by another
 * process's rotation or by something else), keeps the mode of the file it
 * replaces, ends a torn last line left by a killed process, tracks whether
 * it ends inside a line, and does the rotation itself: fsync → close →
 * rename to a free archive name → open a new file → fsync the directory.
 *
 * @module
 */
import { TargetWriteError } from "../buffer/target.ts";
import { FileTarget } from "../file/file_target.ts";
import type { FileInfo } from "../runtime/driver.ts";
import { freeArchivePath } from "./archive_files.ts";
import { BackgroundSync, presyncInterval } from "./background_sync.ts";
import { isSymlink } from "./retention.ts";
import { type RotationContext, rotationRetryMs } from "./rotation_context.ts";

const newline = 10;

/** How a {@linkcode LiveFile} behaves. */
export interface LiveFileOptions {
  /** Other processes append to the same file. */
  readonly shared: boolean;
  /** Check at most this often whether the file was moved away (0: never; shared: every batch). */
  readonly checkIntervalMs: number;
  /** fsync before the rename (and pre-sync in the background). */
  readonly fsync: boolean;
  /** The rotation size (sets the pre-sync interval). */
  readonly maxBytes: number;
  /** The mode of every new live file; unset: the mode of the one replaced. */
  readonly fileMode?: number | undefined;
}

/**
 * The live file at a rotating target's path.
 *
 * @example Usage
 * ```ts
 * import { LiveFile } from "./live_file.ts";
 * import { RotationContext } from "./rotation_context.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const ctx = new RotationContext({
 *   path: "/tmp/logrotor-doc/live.log",
 *   fs: platform.fs,
 *   platform,
 *   now: () => Date.now(),
 *   mkdir: true,
 *   onDiagnostic: () => {},
 * });
 * const live = new LiveFile(ctx, {
 *   shared: false,
 *   checkIntervalMs: 250,
 *   fsync: true,
 *   maxBytes: 1024,
 * });
 * const line = new TextEncoder().encode("hello\n");
 * live.write(line, 0, line.length, 0);
 * const archive = live.rotate("on demand", Date.now()); // …/live.<stamp>.log
 * live.close();
 * ```
 */
export class LiveFile {
  /** The file ends inside a line being written: no rotation before its end. */
  openLine = false;
  readonly #ctx: RotationContext;
  readonly #o: LiveFileOptions;
  readonly #presync: BackgroundSync;
  #file: FileTarget;
  #ino = 0;
  #dev = 0;
  #replacedMode: number | undefined; // mode of the last live file seen
  #lastCheck = -Infinity;
  #reopens = 0;
  #tornRepairs = 0;
  #rotations = 0;
  #rotationFailures = 0;
  #rotationRetryAt = -Infinity;
  #symlinkReported = false;

  /**
   * @param ctx The rotating file.
   * @param options Sharing, checks, fsync, mode.
   */
  constructor(ctx: RotationContext, options: LiveFileOptions) {
    this.#ctx = ctx;
    this.#o = options;
    this.#presync = new BackgroundSync(
      ctx.fs,
      ctx.path,
      presyncInterval(
        options.maxBytes,
        options.fsync && ctx.fs.syncInBackground !== undefined,
      ),
    );
    this.#file = this.#newFile();
  }

  #newFile(): FileTarget {
    return new FileTarget(this.#ctx.fs, this.#ctx.path, {
      mode: "append",
      mkdir: this.#ctx.mkdir,
      shared: this.#o.shared,
      fileMode: this.#o.fileMode ?? this.#replacedMode,
    });
  }

  /** Whether the file is open now. */
  get isOpen(): boolean {
    return this.#file.isOpen;
  }

  /** Bytes in the file as far as this process knows. */
  get size(): number {
    return this.#file.size;
  }

  /** Times the file was reopened (`reopen()` or after it was moved away). */
  get reopens(): number {
    return this.#reopens;
  }

  /** Torn last lines ended with a newline at open. */
  get tornLinesEnded(): number {
    return this.#tornRepairs;
  }

  /** Opens the path if not open; throws the driver's error. */
  open(): void {
    if (this.#file.isOpen) return;
    this.#file.open();
    this.openLine = false;
    // Shared: another process may be writing a line right now; the file's
    // last byte says nothing about a line left torn.
    if (!this.#o.shared) this.#endTornTail();
    const info = this.#file.refresh() ?? this.#ctx.fs.stat(this.#ctx.path);
    this.keepMode(info);
    this.#ino = info?.ino ?? 0;
    this.#dev = info?.dev ?? 0;
    this.#lastCheck = this.#ctx.platform.monotonic();
  }

  /**
   * A process killed in the middle of a write can leave the live file
   * ending in part of a line: end it with a newline so the next line is
   * not glued to it.
   */
  #endTornTail(): void {
    const size = this.#file.size;
    const fs = this.#ctx.fs;
    const read = fs.readRange;
    if (size === 0 || read === undefined) return;
    let last: Uint8Array;
    try {
      last = read.call(fs, this.#ctx.path, size - 1, 1);
    } catch {
      return;
    }
    if (last.length !== 1 || last[0] === newline) return;
    this.#file.write(new Uint8Array([newline]), 0, 1);
    this.#tornRepairs++;
    this.#ctx.report(
      "info",
      "ended a torn last line left by an earlier process",
    );
  }

  /** The next new file gets the mode in `info` (unless `fileMode` is set). */
  keepMode(info: FileInfo | undefined): void {
    if (info?.mode !== undefined) this.#replacedMode = info.mode & 0o777;
  }

  /** The file is open and its inode known. */
  knowsIdentity(): boolean {
    return this.#file.isOpen && this.#ino !== 0;
  }

  /** `info` names the file open here. */
  isSameFile(info: FileInfo): boolean {
    return info.ino === this.#ino && info.dev === this.#dev;
  }

  /** The file's real size (other processes may have grown it). */
  realSize(): number {
    return this.#file.refresh()?.size ?? this.#file.size;
  }

  /**
   * Reopens the path if something else renamed or removed the open file.
   * Alone: at most every `checkIntervalMs`; shared: on every call (before
   * each batch, so lines never go to a file another process rotated away).
   */
  checkMoved(): void {
    const interval = this.#o.checkIntervalMs;
    if (!this.#file.isOpen) return;
    const t = this.#ctx.platform.monotonic();
    const shared = this.#o.shared;
    if (!shared && (interval === 0 || t - this.#lastCheck < interval)) {
      return;
    }
    this.#lastCheck = t;
    let info;
    try {
      info = this.#ctx.fs.stat(this.#ctx.path);
    } catch {
      return;
    }
    if (
      info === undefined ||
      (this.#ino !== 0 && (info.ino !== this.#ino || info.dev !== this.#dev))
    ) {
      this.#ctx.report(
        "info",
        shared
          ? "the live file was rotated by another process; reopening"
          : "the live file was moved or removed by something else; reopening",
      );
      this.reopen();
    }
  }

  /** Closes the file (a failure is reported); the next open opens the path. */
  reopen(): void {
    try {
      this.#file.close();
    } catch (error) {
      this.#ctx.report("error", "cannot close the live file", error);
    }
    this.#file = this.#newFile();
    this.#presync.reset();
    this.openLine = false;
    this.#reopens++;
  }

  /**
   * Writes `n` bytes at `at`, opening the path if needed; on failure throws
   * a {@linkcode TargetWriteError} counting `done` plus what landed.
   */
  write(bytes: Uint8Array, at: number, n: number, done: number): void {
    try {
      if (!this.#file.isOpen) this.open();
      this.#file.write(bytes, at, n);
      this.openLine = bytes[at + n - 1] !== newline;
    } catch (err) {
      const landed = err instanceof TargetWriteError ? err.written : 0;
      if (landed > 0) this.openLine = bytes[at + landed - 1] !== newline;
      throw new TargetWriteError(
        err instanceof TargetWriteError ? err.cause : err,
        done + landed,
      );
    }
  }

  /** Starts a background fsync if the file has grown enough since the last one. */
  presyncIfDue(): void {
    this.#presync.check(this.#file.size);
  }

  /** Rotations done. */
  get rotations(): number {
    return this.#rotations;
  }

  /** Rotations that failed (writing continued in the live file). */
  get rotationFailures(): number {
    return this.#rotationFailures;
  }

  /**
   * No size rotation is tried for `ms` (another process is rotating, or
   * the last try failed).
   */
  deferRotation(ms: number): void {
    this.#rotationRetryAt = this.#ctx.platform.monotonic() + ms;
  }

  /** Whether size rotation is deferred now. */
  rotationDeferred(): boolean {
    return this.#ctx.platform.monotonic() < this.#rotationRetryAt;
  }

  /**
   * Archives the file now: fsync → close → rename it to a free archive
   * name for `stampHint` → open a new file → fsync the directory. Nothing
   * happens inside a line (never split across files) or when the file is
   * empty or missing. A symbolic link is written through but never rotated
   * (like logrotate; reported once). Never throws: a failure is counted and
   * reported, writing goes on in the live file, and size rotation waits
   * {@linkcode rotationRetryMs}.
   *
   * @param reason For the diagnostic.
   * @param stampHint The moment to name the archive after.
   * @returns The archive's path, or `undefined` when none was made.
   */
  rotate(reason: string, stampHint: number): string | undefined {
    if (this.openLine) return undefined; // never split a line across files
    const { fs, names, path } = this.#ctx;
    let info;
    try {
      info = fs.stat(path);
    } catch {
      info = undefined;
    }
    if (info === undefined || info.size === 0) return undefined;
    if (isSymlink(fs, path)) {
      // Like logrotate: a symlinked log is written through, never rotated
      // (renaming the link or its target could touch files elsewhere).
      this.#rotationFailures++;
      this.deferRotation(rotationRetryMs);
      if (!this.#symlinkReported) {
        this.#symlinkReported = true;
        this.#ctx.report(
          "error",
          `${path} is a symbolic link: it is written through but never rotated (as logrotate does); point the sink at the real file`,
        );
      }
      return undefined;
    }
    this.#symlinkReported = false;
    // The new live file keeps the mode of the one it replaces.
    this.keepMode(info);
    let archive: string;
    try {
      if (this.#file.isOpen && this.#o.fsync) this.#file.sync();
      this.#file.close();
      archive = freeArchivePath(fs, names, stampHint, this.#ctx.now());
      fs.rename(path, archive);
    } catch (error) {
      this.#rotationFailures++;
      this.deferRotation(rotationRetryMs);
      this.#ctx.report("error", `cannot rotate ${path}`, error);
      this.#file = this.#newFile();
      return undefined;
    }
    this.#rotations++;
    this.#presync.reset();
    this.#file = this.#newFile();
    try {
      this.open();
      if (this.#o.fsync) fs.fsyncDir(names.dir);
    } catch (error) {
      this.#ctx.report(
        "error",
        `cannot open a new ${path} after rotating`,
        error,
      );
    }
    this.#ctx.report("rotated", `rotated (${reason}) to ${archive}`);
    return archive;
  }

  /** See {@linkcode FileTarget.cutTail}; the file then ends at a line end. */
  cutTail(bytes: number): boolean {
    const cut = this.#file.cutTail(bytes);
    if (cut) this.openLine = false;
    return cut;
  }

  /** fsync the file. */
  sync(): void {
    this.#file.sync();
  }

  /** fsync the file off the calling thread. */
  syncAsync(): Promise<void> {
    return this.#file.syncAsync();
  }

  /** Closes the file; throws the driver's error. */
  close(): void {
    this.#file.close();
  }
}
