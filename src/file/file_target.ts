/**
 * The innermost target: one file, opened lazily for append, written with a
 * short-write loop. After a failed write it asks the file how many bytes
 * landed (Deno's node:fs retries inside `writeSync` and throws after a
 * partial write), so the sink resumes exactly where the file stopped.
 *
 * @module
 */
import { dirname } from "./_path.ts";
import type {
  FileDriver,
  FileHandle,
  FileInfo,
  OpenMode,
} from "../runtime/driver.ts";
import { type Target, TargetWriteError } from "../buffer/target.ts";

/** Options of {@linkcode FileTarget}. */
export interface FileTargetOptions {
  /** `"truncate"` empties the file on the first open only. */
  readonly mode: OpenMode;
  /** Create missing parent directories. */
  readonly mkdir: boolean;
  /**
   * Other processes append to the same file: the file's size says nothing
   * about what this target wrote, so after a failed write only whole lines
   * known to have landed count, and the next write first ends any fragment
   * with a newline.
   */
  readonly shared?: boolean;
  /** Called after every successful open (the first one truncated, if asked). */
  readonly onOpen?: () => void;
  /**
   * After each write, also check that the path still names the open file
   * and reopen the path when it does not (renamed away by logrotate, like
   * `tail -F`). A deleted file is always detected (see
   * {@linkcode FileTarget.write}).
   * @default {false}
   */
  readonly followRenames?: boolean;
  /** Told when the target reopened its path by itself, and why. */
  readonly onReopen?: (reason: "deleted" | "renamed") => void;
  /**
   * The mode of the file when this target creates it (`0o600`…, exactly,
   * not masked by the umask). Unset: the mode of the file this target
   * opened before (when it has to create it again), else the umask's.
   */
  readonly fileMode?: number | undefined;
}

/**
 * A file opened lazily for append.
 *
 * @example Usage
 * ```ts
 * import { FileTarget } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const target = new FileTarget(getPlatform().fs, "/tmp/logrotor-ft.log", {
 *   mode: "append",
 *   mkdir: true,
 * });
 * const line = new TextEncoder().encode("hello\n");
 * target.write(line, 0, line.length);
 * target.close();
 * ```
 */
export class FileTarget implements Target {
  readonly name: string;
  #fs: FileDriver;
  #fd: FileHandle | undefined;
  #mode: OpenMode;
  #mkdir: boolean;
  #size = 0;
  #shared: boolean;
  #endFragment = false;
  #onOpen: (() => void) | undefined;
  #followRenames: boolean;
  #onReopen: ((reason: "deleted" | "renamed") => void) | undefined;
  #rewriting = false;
  #fileMode: number | undefined;
  #seenMode: number | undefined;

  /**
   * @param fs The file driver.
   * @param path The file.
   * @param options How to open it.
   */
  constructor(fs: FileDriver, path: string, options: FileTargetOptions) {
    this.#fs = fs;
    this.name = path;
    this.#mode = options.mode;
    this.#mkdir = options.mkdir;
    this.#shared = options.shared ?? false;
    this.#onOpen = options.onOpen;
    this.#followRenames = options.followRenames ?? false;
    this.#onReopen = options.onReopen;
    this.#fileMode = options.fileMode;
  }

  /** Whether the file is open now. */
  get isOpen(): boolean {
    return this.#fd !== undefined;
  }

  /** Bytes in the file as far as this target knows (its size at open plus what it wrote). */
  get size(): number {
    return this.#size;
  }

  /**
   * Facts about the open file (its inode, and its real size, which other
   * processes may have grown in shared mode); `undefined` when not open or
   * the driver cannot tell. Updates {@linkcode size} from them.
   */
  refresh(): FileInfo | undefined {
    if (this.#fd === undefined) return undefined;
    try {
      const info = this.#fs.fstat(this.#fd);
      this.#size = info.size;
      return info;
    } catch {
      return undefined;
    }
  }

  /** Opens the file now if it is not open; throws the driver's error. */
  open(): void {
    if (this.#fd !== undefined) return;
    if (this.#mkdir) this.#fs.mkdirp(dirname(this.name));
    // Always O_APPEND (a "truncate" open of the driver is not: its writes
    // would land at a stale offset after a cut tail or another writer);
    // "truncate" empties the file through the descriptor instead.
    const fd = this.#fs.open(
      this.name,
      "append",
      this.#fileMode ?? this.#seenMode,
    );
    if (this.#mode === "truncate") {
      try {
        this.#fs.truncate(fd, 0);
      } catch (err) {
        this.#fs.close(fd);
        throw err;
      }
    }
    this.#mode = "append";
    try {
      const info = this.#fs.fstat(fd);
      this.#size = info.size;
      // created again (deleted meanwhile): with the mode it had
      if (info.mode !== undefined) this.#seenMode = info.mode & 0o777;
    } catch {
      this.#size = 0;
    }
    this.#fd = fd;
    this.#onOpen?.();
  }

  /**
   * Writes all `length` bytes or throws a {@linkcode TargetWriteError}
   * saying how many landed. Then one `fstat`: when the file was deleted
   * while open (`rm app.log`: no links left), the batch went to an inode
   * nobody can read, so the path is opened again (created) and the same
   * batch written there; nothing visible is duplicated.
   */
  write(bytes: Uint8Array, offset: number, length: number): void {
    try {
      this.open();
    } catch (err) {
      throw new TargetWriteError(err, 0);
    }
    if (this.#endFragment) {
      return this.#writeAfterFragment(bytes, offset, length);
    }
    const fd = this.#fd as FileHandle;
    let done = 0;
    while (done < length) {
      let n: number;
      try {
        n = this.#fs.write(fd, bytes, offset + done, length - done);
      } catch (err) {
        if (this.#shared) throw this.#sharedFailure(err, bytes, offset, done);
        done += this.#landedAfterFailure(fd, done, length);
        this.#size += done;
        throw new TargetWriteError(err, done);
      }
      if (n <= 0) {
        this.#size += done;
        throw new TargetWriteError(
          Object.assign(new Error("write returned 0 bytes"), { code: "EIO" }),
          done,
        );
      }
      done += n;
    }
    this.#size += length;
    if (!this.#rewriting) this.#checkStillLinked(fd, bytes, offset, length);
  }

  #checkStillLinked(
    fd: FileHandle,
    bytes: Uint8Array,
    offset: number,
    length: number,
  ): void {
    let info: FileInfo;
    try {
      info = this.#fs.fstat(fd);
    } catch {
      return;
    }
    if (info.nlink === 0) {
      this.#closeQuietly();
      this.#onReopen?.("deleted");
      this.#rewriting = true;
      try {
        this.write(bytes, offset, length);
      } catch (err) {
        // What landed in the deleted file is lost to readers: report only
        // what reached the new one.
        throw err instanceof TargetWriteError
          ? err
          : new TargetWriteError(err, 0);
      } finally {
        this.#rewriting = false;
      }
      return;
    }
    if (!this.#followRenames) return;
    let current: FileInfo | undefined;
    try {
      current = this.#fs.stat(this.name);
    } catch {
      return;
    }
    if (
      current === undefined ||
      (info.ino !== 0 && (current.ino !== info.ino || current.dev !== info.dev))
    ) {
      // Renamed away (the lines are in the renamed file): the next write
      // opens the path again.
      this.#closeQuietly();
      this.#onReopen?.("renamed");
    }
  }

  #closeQuietly(): void {
    try {
      this.close();
    } catch {
      // the descriptor is gone either way
    }
  }

  /**
   * Shared mode: an unknown part of the failed write may have landed among
   * other processes' lines. Count only the whole lines known to be there and
   * end whatever fragment is in the file before writing again.
   */
  #sharedFailure(
    err: unknown,
    bytes: Uint8Array,
    offset: number,
    done: number,
  ): TargetWriteError {
    let whole = done;
    while (whole > 0 && bytes[offset + whole - 1] !== 10) whole--;
    this.#size += done;
    this.#endFragment = true;
    return new TargetWriteError(err, whole);
  }

  #writeAfterFragment(
    bytes: Uint8Array,
    offset: number,
    length: number,
  ): void {
    const joined = new Uint8Array(length + 1);
    joined[0] = 10;
    joined.set(bytes.subarray(offset, offset + length), 1);
    this.#endFragment = false;
    try {
      this.write(joined, 0, joined.length);
    } catch (err) {
      this.#endFragment = true;
      if (err instanceof TargetWriteError) {
        throw new TargetWriteError(err.cause, Math.max(0, err.written - 1));
      }
      throw err;
    }
  }

  #landedAfterFailure(fd: FileHandle, done: number, length: number): number {
    try {
      const landed = this.#fs.fstat(fd).size - this.#size - done;
      return Math.max(0, Math.min(landed, length - done));
    } catch {
      return 0;
    }
  }

  cutTail(bytes: number): boolean {
    if (this.#shared || this.#fd === undefined || bytes > this.#size) {
      return false;
    }
    try {
      this.#fs.truncate(this.#fd, this.#size - bytes);
    } catch {
      return false;
    }
    this.#size -= bytes;
    return true;
  }

  /** fsync off the calling thread (falls back to {@linkcode sync}). */
  async syncAsync(): Promise<void> {
    if (this.#fd === undefined) return;
    if (this.#fs.fsyncAsync === undefined) return this.sync();
    await this.#fs.fsyncAsync(this.#fd);
  }

  sync(): void {
    if (this.#fd !== undefined) this.#fs.fsync(this.#fd);
  }

  close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    this.#fs.close(fd);
  }
}
