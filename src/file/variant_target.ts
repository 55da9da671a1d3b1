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
import { type VariantChoiceOptions, VariantChooser } from "./variant_choice.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import type { FileLock } from "./file_lock.ts";
import {
  type Target,
  type TargetPlace,
  TargetWriteError,
} from "../buffer/target.ts";
import { TargetDecorator } from "../buffer/target_decorator.ts";
import {
  claimPath,
  type OpenableTarget,
  type PathClaimOptions,
  type PathProblem,
} from "./path_claim.ts";

/**
 * Options of {@linkcode VariantTarget}.
 *
 * @example Usage
 * ```ts
 * import type { VariantTargetOptions } from "logrotor/compose";
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
 * ```
 */
export interface VariantTargetOptions<Stats extends object = object>
  extends VariantChoiceOptions, PathClaimOptions<Stats> {
  /**
   * In shared mode, check on every write whether the file was renamed away
   * and reopen it. `false` when the target does that itself (a rotating
   * target, which also rotates the file).
   * @default {true}
   */
  readonly checkRenames?: boolean;
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
export class VariantTarget<Stats extends object = object>
  extends TargetDecorator<Stats> {
  /** The configured (primary) path. */
  readonly name: string;
  readonly #fs: FileDriver;
  readonly #platform: Platform;
  readonly #options: VariantTargetOptions<Stats>;
  #current: OpenableTarget<Stats> | undefined;
  #last: OpenableTarget<Stats> | undefined;
  #currentPath: string | undefined;
  #lock: FileLock | undefined;
  #openedIno = -1;
  readonly #chooser: VariantChooser;
  readonly #claim = (path: string) => this.#tryPath(path);

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
    options: VariantTargetOptions<Stats>,
  ) {
    super();
    this.#fs = fs;
    this.#platform = platform;
    this.name = path;
    this.#options = options;
    this.#chooser = new VariantChooser(path, platform, options);
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

  /** The target of the current file, once open. */
  get current(): OpenableTarget<Stats> | undefined {
    return this.#current;
  }

  /** The target opened last; still there after `close()`. */
  get last(): OpenableTarget<Stats> | undefined {
    return this.#last;
  }

  /** The target of the file in use (see {@linkcode TargetDecorator}). */
  protected override next(): Target<Stats> | undefined {
    return this.#current;
  }

  /** Archives and counters still read from the last file after `close()`. */
  protected override lastNext(): Target<Stats> | undefined {
    return this.#current ?? this.#last;
  }

  /** The file written now (see {@linkcode Target.describe}). */
  override describe(): TargetPlace {
    return {
      path: this.#currentPath,
      shared: this.#options.shared,
      variant: this.onVariant,
    };
  }

  /**
   * Empties the file in use and reopens it (see {@linkcode Target.truncate}).
   *
   * @returns The bytes it held (0: nothing open or nothing in it).
   */
  override truncate(): number {
    const path = this.#currentPath;
    if (path === undefined) return 0;
    const size = this.#fs.stat(path)?.size ?? 0;
    if (size > 0) {
      this.#fs.close(this.#fs.open(path, "truncate"));
      this.reopen();
    }
    return size;
  }

  /**
   * Opens the primary or a variant now if none is open.
   *
   * @throws {TargetWriteError} with the code of the failure: the driver's
   * (`ENOSPC`, `EROFS`…), {@linkcode lockedCode} while waiting for the
   * primary, or {@linkcode noFileCode} when no file can be used.
   */
  override open(): void {
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

  /** Opens the primary or a variant if needed, then writes to it (see {@linkcode Target.write}). */
  write(bytes: Uint8Array, offset: number, length: number): void {
    this.open();
    (this.#current as OpenableTarget<Stats>).write(bytes, offset, length);
  }

  /** Makes the written data of the file in use durable (see {@linkcode Target.sync}). */
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

  /**
   * Closes the current file (keeping the lock) so the next write opens it
   * afresh (after a rename or a truncation).
   */
  override reopen(): void {
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

  /** Finishes synchronously at process exit (see {@linkcode Target.closeSync}). */
  closeSync(): void {
    try {
      this.#current?.closeSync?.();
    } finally {
      this.#lock?.release();
    }
  }

  /** Closes the file in use and releases its lock (see {@linkcode Target.close}). */
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
    this.#chooser.choose(this.#claim);
  }

  /** Claims `path` (lock, open); `undefined` on success, else why not. */
  #tryPath(path: string): PathProblem | undefined {
    const claim = claimPath(this.#fs, this.#platform, path, this.#options);
    if (!("target" in claim)) return claim;
    this.#current = claim.target;
    this.#last = claim.target;
    this.#currentPath = path;
    this.#lock?.release();
    this.#lock = claim.lock;
    this.#noteIno(path);
    return undefined;
  }
}
