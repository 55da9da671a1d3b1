/**
 * Numbered-variant fallback: the file a sink writes is locked for one
 * writer; when another live process holds it, or it cannot be opened
 * (`EACCES`, `EPERM`, `EISDIR`, `EBUSY`, `ETXTBSY`…), the sink writes to
 * `app.001.log`, `app.002.log` … `app.999.log` instead, the first that
 * works, and says so. In shared mode no lock is taken: several processes
 * append whole lines to the same file, and each notices when the file was
 * renamed away (rotated by another) and reopens the path.
 *
 * @module
 */
import { basename, dirname, join } from "./_path.ts";
import type { DiagnosticKind } from "../diagnostics.ts";
import { describeError, errorCode } from "../errors.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import { describeOwner, FileLock } from "./file_lock.ts";
import { type Target, TargetWriteError } from "../buffer/target.ts";

/**
 * What a sink does when its file is locked by another writer or cannot be opened.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { OnLocked } from "logrotor/compose";
 *
 * // never write to app.001.log: a locked app.log means degraded mode
 * const onLocked: OnLocked = "fail";
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", {
 *   onLocked,
 *   fallback: "stderr",
 * });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export type OnLocked = "numbered" | "wait" | "fail";

/**
 * A target that can be opened ahead of the first write.
 *
 * @example Usage
 * ```ts
 * import type { OpenableTarget } from "logrotor/compose";
 * import { FileTarget } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const target: OpenableTarget = new FileTarget(
 *   getPlatform().fs,
 *   "/tmp/logrotor-doc/app.log",
 *   { mode: "append", mkdir: true },
 * );
 * target.open(); // EACCES, EISDIR… surface now, not at the first write
 * target.close();
 * ```
 */
export interface OpenableTarget extends Target {
  /** Opens now; throws the driver's error (`EACCES`, `EISDIR`…). */
  open(): void;
}

/**
 * Options of {@linkcode VariantTarget}.
 *
 * @example Usage
 * ```ts
 * import { VariantTarget, type VariantTargetOptions } from "logrotor/compose";
 * import { FileTarget } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const options: VariantTargetOptions = {
 *   onLocked: "numbered",
 *   shared: false,
 *   maxVariants: 9,
 *   mkdir: true,
 *   waitMaxDelayMs: 2000,
 *   createTarget: (path) =>
 *     new FileTarget(platform.fs, path, { mode: "append", mkdir: true }),
 *   report: (kind, message) => console.error(`${kind}: ${message}`),
 * };
 * const path = "/tmp/logrotor-doc/app.log";
 * const target = new VariantTarget(platform.fs, platform, path, options);
 * target.close();
 * ```
 */
export interface VariantTargetOptions {
  /** See {@linkcode OnLocked}. */
  readonly onLocked: OnLocked;
  /** Several processes append to one file: no lock, reopen after a rename. */
  readonly shared: boolean;
  /** Highest variant number tried (1–999). */
  readonly maxVariants: number;
  /** Create the directory (for the lock file) when it is missing. */
  readonly mkdir: boolean;
  /** `"wait"`: longest pause between two tries of the primary (ms). */
  readonly waitMaxDelayMs: number;
  /** Builds the target for one path (a plain or rotating file). */
  readonly createTarget: (path: string) => OpenableTarget;
  /**
   * In shared mode, check on every write whether the file was renamed away
   * and reopen it. `false` when the target does that itself (a rotating
   * target, which also rotates the file).
   * @default {true}
   */
  readonly checkRenames?: boolean;
  /** Receives events (switches, lock trouble). */
  readonly report: (kind: DiagnosticKind, message: string) => void;
}

/**
 * Error code thrown while the primary is locked (`onLocked: "wait"`).
 *
 * @example Usage
 * ```ts
 * import { lockedCode } from "logrotor/compose";
 *
 * lockedCode; // "ELOCKED"
 * ```
 */
export const lockedCode = "ELOCKED";
/**
 * Error code thrown when neither the file nor any variant can be used (the
 * sink then degrades, see `onDiskFull`).
 *
 * @example Usage
 * ```ts
 * import { noFileCode } from "logrotor/compose";
 *
 * noFileCode; // "ENOFILE"
 * ```
 */
export const noFileCode = "ENOFILE";

/** Open failures that make a path unusable but leave its siblings worth a try. */
const unusableCodes = new Set([
  "EACCES",
  "EPERM",
  "EISDIR",
  "EBUSY",
  "ETXTBSY",
  "ENXIO",
  "ELOOP",
  "ENOTDIR",
  "EINVAL",
  "EEXIST",
]);

/**
 * The path of variant `n` of a log file: `app.log` → `app.001.log`,
 * `app` → `app.001`.
 *
 * @param path The primary file.
 * @param n The variant number (1–999).
 * @returns The variant's path.
 *
 * @example Usage
 * ```ts
 * import { variantPath } from "logrotor/compose";
 *
 * variantPath("/var/log/app.log", 1); // "/var/log/app.001.log"
 * ```
 */
export function variantPath(path: string, n: number): string {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  const number = String(n).padStart(3, "0");
  const varied = dot > 0
    ? `${name.slice(0, dot)}.${number}${name.slice(dot)}`
    : `${name}.${number}`;
  const dir = dirname(path);
  return dir === "." && !path.startsWith("./") ? varied : join(dir, varied);
}

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Picks the file to write (the primary or the first usable variant),
 * holds its lock, and passes writes to the target built for it.
 *
 * @example Usage
 * ```ts
 * import { VariantTarget } from "logrotor/compose";
 * import { FileTarget } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const target = new VariantTarget(
 *   platform.fs,
 *   platform,
 *   "/tmp/logrotor-variant-doc/app.log",
 *   {
 *     onLocked: "numbered",
 *     shared: false,
 *     maxVariants: 999,
 *     waitMaxDelayMs: 2000,
 *     mkdir: true,
 *     createTarget: (path) =>
 *       new FileTarget(platform.fs, path, { mode: "append", mkdir: true }),
 *     report: () => {},
 *   },
 * );
 * const line = new TextEncoder().encode("hello\n");
 * target.write(line, 0, line.length);
 * target.path; // app.log, or app.001.log when another process holds app.log
 * target.close();
 * ```
 */
export class VariantTarget implements Target {
  /** The configured (primary) path. */
  readonly name: string;
  readonly #fs: FileDriver;
  readonly #platform: Platform;
  readonly #options: VariantTargetOptions;
  #current: OpenableTarget | undefined;
  #last: OpenableTarget | undefined;
  #currentPath: string | undefined;
  #lock: FileLock | undefined;
  #openedIno = -1;
  #waitDelay = 0;
  #nextTry = 0;
  #reportedWait = false;

  /**
   * @param fs The file driver.
   * @param platform Process facts and clocks.
   * @param path The primary file.
   * @param options See {@linkcode VariantTargetOptions}.
   */
  constructor(
    fs: FileDriver,
    platform: Platform,
    path: string,
    options: VariantTargetOptions,
  ) {
    this.#fs = fs;
    this.#platform = platform;
    this.name = path;
    this.#options = options;
  }

  /** The file written now, or `undefined` before the first open. */
  get path(): string | undefined {
    return this.#currentPath;
  }

  /** Whether several processes append to this file (no lock). */
  get shared(): boolean {
    return this.#options.shared;
  }

  /** Whether the sink writes to a variant rather than the primary. */
  get onVariant(): boolean {
    return this.#currentPath !== undefined && this.#currentPath !== this.name;
  }

  /** The target of the current file, once open (for cleanup and stats). */
  get current(): OpenableTarget | undefined {
    return this.#current;
  }

  /** The target opened last; still there after `close()` (for stats). */
  get last(): OpenableTarget | undefined {
    return this.#last;
  }

  /**
   * Opens the primary or a variant now if none is open.
   *
   * @throws {TargetWriteError} with the code of the failure: the driver's
   * (`ENOSPC`, `EROFS`…), {@linkcode lockedCode} while waiting for the
   * primary, or {@linkcode noFileCode} when no file can be used.
   */
  open(): void {
    if (this.#current !== undefined) {
      if (this.#options.shared && this.#options.checkRenames !== false) {
        this.#reopenIfMoved();
      }
      return;
    }
    try {
      this.#select();
    } catch (err) {
      throw err instanceof TargetWriteError
        ? err
        : new TargetWriteError(err, 0);
    }
  }

  write(bytes: Uint8Array, offset: number, length: number): void {
    this.open();
    (this.#current as OpenableTarget).write(bytes, offset, length);
  }

  sync(): void {
    this.#current?.sync();
  }

  /** fsync the current file off the calling thread. */
  async syncAsync(): Promise<void> {
    const current = this.#current;
    if (current === undefined) return;
    if (current.syncAsync === undefined) return current.sync();
    await current.syncAsync();
  }

  /** Cuts a torn tail off the current file (see {@linkcode Target.cutTail}). */
  cutTail(bytes: number): boolean {
    return this.#current?.cutTail?.(bytes) ?? false;
  }

  /**
   * Closes the current file (keeping the lock) so the next write opens it
   * afresh (after a rename or a truncation).
   */
  reopen(): void {
    const current = this.#current;
    if (current === undefined) return;
    const path = this.#currentPath as string;
    if (current.reopen !== undefined) {
      // The target reopens its own file (and keeps its background work).
      current.reopen();
      current.open();
      this.#noteIno(path);
      return;
    }
    this.#current = undefined;
    try {
      const closing = current.close();
      if (closing instanceof Promise) closing.catch(() => {});
    } catch {
      // the old handle is gone either way
    }
    const next = this.#options.createTarget(path);
    next.open();
    this.#current = next;
    this.#last = next;
    this.#noteIno(path);
  }

  closeSync(): void {
    try {
      this.#current?.closeSync?.();
    } finally {
      this.#lock?.release();
    }
  }

  async close(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    try {
      await current?.close();
    } finally {
      this.#lock?.release();
      this.#lock = undefined;
    }
  }

  /** In shared mode: another process renamed the file (rotation): follow the path. */
  #reopenIfMoved(): void {
    const path = this.#currentPath as string;
    let ino: number | undefined;
    try {
      ino = this.#fs.stat(path)?.ino;
    } catch {
      return;
    }
    if (ino !== this.#openedIno) {
      this.reopen();
      this.#options.report("info", `${path} was renamed; reopened it`);
    }
  }

  #noteIno(path: string): void {
    if (!this.#options.shared) return;
    try {
      this.#openedIno = this.#fs.stat(path)?.ino ?? -1;
    } catch {
      this.#openedIno = -1;
    }
  }

  #select(): void {
    const options = this.#options;
    const now = this.#platform.monotonic();
    if (options.onLocked === "wait" && now < this.#nextTry) {
      throw new TargetWriteError(
        codedError(lockedCode, `${this.name} is still unavailable`),
        0,
      );
    }
    const primaryProblem = this.#tryPath(this.name);
    if (primaryProblem === undefined) {
      if (this.#reportedWait) {
        options.report(
          "recovered",
          `${this.name} is free again; writing to it`,
        );
      }
      this.#waitDelay = 0;
      this.#reportedWait = false;
      return;
    }
    if (primaryProblem.final) throw primaryProblem.error;
    if (options.onLocked === "wait") {
      this.#waitDelay = Math.min(
        this.#waitDelay === 0 ? 50 : this.#waitDelay * 2,
        options.waitMaxDelayMs,
      );
      this.#nextTry = now + this.#waitDelay;
      if (!this.#reportedWait) {
        this.#reportedWait = true;
        options.report(
          "error",
          `${primaryProblem.reason}; waiting for it (onLocked "wait")`,
        );
      }
      throw new TargetWriteError(
        codedError(lockedCode, primaryProblem.reason),
        0,
      );
    }
    if (options.onLocked === "fail") {
      throw new TargetWriteError(
        codedError(noFileCode, `${primaryProblem.reason} (onLocked "fail")`),
        0,
      );
    }
    let last = primaryProblem;
    for (let n = 1; n <= options.maxVariants; n++) {
      const path = variantPath(this.name, n);
      const problem = this.#tryPath(path);
      if (problem === undefined) {
        options.report(
          "switched",
          `${primaryProblem.reason}; writing to ${path} instead`,
        );
        return;
      }
      if (problem.final) throw problem.error;
      last = problem;
      // The directory itself refuses new files: no other variant will do.
      if (problem.directory) break;
    }
    throw new TargetWriteError(
      codedError(
        noFileCode,
        `no usable file: ${primaryProblem.reason}, and no variant up to ${
          variantPath(this.name, options.maxVariants)
        } worked (last: ${last.reason})`,
      ),
      0,
    );
  }

  /** Locks and opens `path`; `undefined` on success, else why not. */
  #tryPath(path: string): PathProblem | undefined {
    const options = this.#options;
    let lock: FileLock | undefined;
    if (!options.shared) {
      lock = new FileLock(this.#fs, this.#platform, `${path}.lock`);
      try {
        if (options.mkdir) this.#fs.mkdirp(dirname(path));
        if (!lock.tryAcquire()) {
          return {
            reason: `${path} is locked by ${describeOwner(lock.holder)}`,
            final: false,
            directory: false,
            error: undefined,
          };
        }
      } catch (err) {
        return this.#openProblem(path, err, true);
      }
    }
    const target = options.createTarget(path);
    try {
      target.open();
    } catch (err) {
      lock?.release();
      try {
        const closing = target.close();
        if (closing instanceof Promise) closing.catch(() => {});
      } catch {
        // it never opened
      }
      return this.#openProblem(path, err, false);
    }
    this.#current = target;
    this.#last = target;
    this.#currentPath = path;
    this.#lock?.release();
    this.#lock = lock;
    this.#noteIno(path);
    return undefined;
  }

  #openProblem(path: string, err: unknown, onLockFile: boolean): PathProblem {
    const code = errorCode(err);
    const reason = `cannot open ${onLockFile ? `${path}.lock` : path} (${
      describeError(err)
    })`;
    if (!unusableCodes.has(code)) {
      // ENOSPC, EROFS, EDQUOT, EMFILE…: the same for every sibling.
      return {
        reason,
        final: true,
        directory: true,
        error: new TargetWriteError(err, 0),
      };
    }
    let exists = false;
    try {
      exists = this.#fs.stat(onLockFile ? `${path}.lock` : path) !== undefined;
    } catch {
      exists = false;
    }
    return {
      reason,
      final: false,
      // Creating a new file (or its lock file) failed: the directory refuses.
      directory: !exists,
      error: undefined,
    };
  }
}

interface PathProblem {
  readonly reason: string;
  /** Not a matter of this one path: give up the search with `error`. */
  readonly final: boolean;
  /** The directory refuses new files: later variants will fail too. */
  readonly directory: boolean;
  readonly error: TargetWriteError | undefined;
}
