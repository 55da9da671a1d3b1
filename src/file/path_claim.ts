/**
 * Claiming one path for a writer: take its lock (`<path>.lock`, unless the
 * file is shared), open the target built for it, and when that fails say
 * why — and whether a sibling path (a numbered variant) is worth a try.
 *
 * @module
 */
import { dirname } from "./_path.ts";
import { describeError, errorCode } from "../errors.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import { describeOwner, FileLock } from "./file_lock.ts";
import { type Target, TargetWriteError } from "../buffer/target.ts";

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
export interface OpenableTarget<Stats extends object = object>
  extends Target<Stats> {
  /** Opens now; throws the driver's error (`EACCES`, `EISDIR`…). */
  open(): void;
}

/**
 * How {@linkcode claimPath} claims a path.
 *
 * @example Usage
 * ```ts
 * import type { PathClaimOptions } from "./path_claim.ts";
 * import { FileTarget, getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * const options: PathClaimOptions = {
 *   shared: false,
 *   mkdir: true,
 *   createTarget: (path) =>
 *     new FileTarget(fs, path, { mode: "append", mkdir: true }),
 * };
 * ```
 */
export interface PathClaimOptions<Stats extends object = object> {
  /** Several processes append to the file: take no lock. */
  readonly shared: boolean;
  /** Create the directory (for the lock file) when it is missing. */
  readonly mkdir: boolean;
  /** Builds the target for the path. */
  readonly createTarget: (path: string) => OpenableTarget<Stats>;
}

/**
 * A claimed path: its open target and the lock held for it.
 *
 * @example Usage
 * ```ts
 * import type { PathClaim } from "./path_claim.ts";
 *
 * function release(claim: PathClaim): void {
 *   claim.lock?.release();
 *   claim.target.close();
 * }
 * ```
 */
export interface PathClaim<Stats extends object = object> {
  /** The target, open. */
  readonly target: OpenableTarget<Stats>;
  /** The lock held (`undefined` in shared mode). */
  readonly lock: FileLock | undefined;
}

/**
 * Why a path could not be claimed.
 *
 * @example Usage
 * ```ts
 * import type { PathProblem } from "./path_claim.ts";
 *
 * const problem: PathProblem = {
 *   reason: "app.log is locked by pid 12 (node on vm)",
 *   final: false,
 *   directory: false,
 *   error: undefined,
 * };
 * ```
 */
export interface PathProblem {
  /** For messages: `"cannot open app.log (EACCES: …)"`. */
  readonly reason: string;
  /** Not a matter of this one path: give up the search with `error`. */
  readonly final: boolean;
  /** The directory refuses new files: later variants will fail too. */
  readonly directory: boolean;
  /** The error to throw when `final`. */
  readonly error: TargetWriteError | undefined;
}

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
 * Locks `path` (unless shared) and opens the target built for it.
 *
 * @param fs The file driver.
 * @param platform Process facts (the lock's owner).
 * @param path The file to claim.
 * @param options See {@linkcode PathClaimOptions}.
 * @returns The claim, or why not (nothing is left locked or open then).
 *
 * @example Usage
 * ```ts
 * import { claimPath } from "./path_claim.ts";
 * import { FileTarget, getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const claim = claimPath(platform.fs, platform, "/tmp/logrotor-doc/c.log", {
 *   shared: false,
 *   mkdir: true,
 *   createTarget: (path) =>
 *     new FileTarget(platform.fs, path, { mode: "append", mkdir: true }),
 * });
 * if ("target" in claim) {
 *   claim.target.close();
 *   claim.lock?.release();
 * }
 * ```
 */
export function claimPath<Stats extends object>(
  fs: FileDriver,
  platform: Platform,
  path: string,
  options: PathClaimOptions<Stats>,
): PathClaim<Stats> | PathProblem {
  let lock: FileLock | undefined;
  if (!options.shared) {
    lock = new FileLock(fs, platform, `${path}.lock`);
    try {
      if (options.mkdir) fs.mkdirp(dirname(path));
      if (!lock.tryAcquire()) {
        return {
          reason: `${path} is locked by ${describeOwner(lock.holder)}`,
          final: false,
          directory: false,
          error: undefined,
        };
      }
    } catch (err) {
      return openProblem(fs, path, err, true);
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
    return openProblem(fs, path, err, false);
  }
  return { target, lock };
}

function openProblem(
  fs: FileDriver,
  path: string,
  err: unknown,
  onLockFile: boolean,
): PathProblem {
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
    exists = fs.stat(onLockFile ? `${path}.lock` : path) !== undefined;
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
