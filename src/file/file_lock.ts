/**
 * A single-writer lock for one log file that Deno, Bun and Node all see:
 * an `O_EXCL` lock file (`app.log.lock`) holding the owner's pid, host,
 * process start id, runtime and a random token. Node 20 has neither
 * `flock` nor FFI, so a lock file is the one protocol all three share.
 *
 * A lock whose owner is gone (killed, crashed) is taken over without a
 * race: the taker first wins an `O_EXCL` claim file named after the stale
 * lock's token (`app.log.lock.takeover.<token>.<k>`), checks that the lock
 * still carries that token, then atomically renames its own lock file over
 * it. Only one live process can hold the claim for one stale token, and a
 * claim whose owner died is skipped by moving on to the next `k`.
 *
 * @module
 */
import type { FileDriver, Platform } from "../runtime/driver.ts";
import { errorCode } from "../errors.ts";

/**
 * Who holds a lock, as recorded in its lock file.
 *
 * @example Usage
 * ```ts
 * import { describeOwner, type LockOwner } from "logrotor/compose";
 *
 * const owner: LockOwner = {
 *   pid: 123,
 *   host: "vm",
 *   start: "4711",
 *   runtime: "node",
 *   since: Date.now(),
 *   token: "9f86d081884c7d659a2feaa0",
 * };
 * describeOwner(owner); // "pid 123 (node on vm)"
 * ```
 */
export interface LockOwner {
  /** Process id. */
  readonly pid: number;
  /** Host name of the owner's machine. */
  readonly host: string;
  /** The owner's process start id (see `Platform.processStartId`). */
  readonly start: string;
  /** The runtime the owner runs on. */
  readonly runtime: string;
  /** When the lock was taken (ms since the epoch). */
  readonly since: number;
  /** A random token naming this one lock. */
  readonly token: string;
}

interface LockSnapshot {
  /** The owner, or `undefined` when the file holds no complete record. */
  readonly owner: LockOwner | undefined;
  /** A string naming this one lock file (its token, or its inode). */
  readonly identity: string;
  readonly mtimeMs: number;
}

/** A lock file whose content is not written yet counts as held this long. */
const incompleteGraceMs = 5000;
const maxClaims = 64;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function parseOwner(text: string): LockOwner | undefined {
  if (!text.endsWith("\n")) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (
      typeof value.pid !== "number" || typeof value.host !== "string" ||
      typeof value.token !== "string" || !/^[0-9a-f]+$/.test(value.token)
    ) {
      return undefined;
    }
    return {
      pid: value.pid,
      host: value.host,
      start: typeof value.start === "string" ? value.start : "",
      runtime: typeof value.runtime === "string" ? value.runtime : "",
      since: typeof value.since === "number" ? value.since : 0,
      token: value.token,
    };
  } catch {
    return undefined;
  }
}

/**
 * Describes a lock owner in one phrase for diagnostics.
 *
 * @param owner The owner, or `undefined`.
 * @returns `"pid 123 (node on vm)"`, or `"an unknown process"`.
 *
 * @example Usage
 * ```ts
 * import { describeOwner } from "logrotor/compose";
 *
 * describeOwner(undefined); // "an unknown process"
 * ```
 */
export function describeOwner(owner: LockOwner | undefined): string {
  if (owner === undefined) return "an unknown process";
  return `pid ${owner.pid} (${
    owner.runtime || "unknown runtime"
  } on ${owner.host})`;
}

/**
 * An inter-process, cross-runtime exclusive lock on a log file.
 *
 * @example Usage
 * ```ts
 * import { FileLock } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * platform.fs.mkdirp("/tmp/logrotor-lock-doc");
 * const lock = new FileLock(
 *   platform.fs,
 *   platform,
 *   "/tmp/logrotor-lock-doc/app.log.lock",
 * );
 * if (lock.tryAcquire()) {
 *   // this process is the only writer of app.log
 *   lock.release();
 * }
 * ```
 */
export class FileLock {
  /** The lock file's path. */
  readonly path: string;
  readonly #fs: FileDriver;
  readonly #platform: Platform;
  #held = false;
  #token = "";
  #holder: LockOwner | undefined;

  /**
   * @param fs The file driver.
   * @param platform Process facts (pid, host, liveness).
   * @param path The lock file (`app.log.lock`).
   */
  constructor(fs: FileDriver, platform: Platform, path: string) {
    this.#fs = fs;
    this.#platform = platform;
    this.path = path;
  }

  /** Whether this object holds the lock now. */
  get held(): boolean {
    return this.#held;
  }

  /** The other owner seen by the last failed {@linkcode tryAcquire}. */
  get holder(): LockOwner | undefined {
    return this.#holder;
  }

  /**
   * Takes the lock if it is free or its owner is gone. Never blocks.
   *
   * @returns `true` when this process now holds it; `false` when a live
   * process does ({@linkcode holder} says which).
   * @throws The driver's error when the lock file cannot be created at all
   * (`EACCES`, `EROFS`, `ENOSPC` on the directory…).
   */
  tryAcquire(): boolean {
    if (this.#held) return true;
    for (let attempt = 0; attempt < 8; attempt++) {
      const token = randomToken();
      try {
        this.#fs.createExclusive(this.path, this.#record(token));
        this.#take(token);
        return true;
      } catch (err) {
        if (errorCode(err) !== "EEXIST") throw err;
      }
      const current = this.#read(this.path);
      if (current === undefined) continue; // released meanwhile: try again
      if (!this.#isStale(current)) {
        this.#holder = current.owner;
        return false;
      }
      if (this.#takeOver(current)) return true;
    }
    this.#holder = this.#read(this.path)?.owner;
    return false;
  }

  /**
   * Removes the lock file if it is still this process's. Idempotent.
   */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    try {
      if (this.#read(this.path)?.owner?.token === this.#token) {
        this.#fs.unlink(this.path);
      }
    } catch {
      // an unreadable lock is recovered as stale by the next writer
    }
  }

  #take(token: string): void {
    this.#held = true;
    this.#token = token;
    this.#holder = undefined;
  }

  #record(token: string): Uint8Array {
    const platform = this.#platform;
    const owner: LockOwner = {
      pid: platform.pid,
      host: platform.hostname(),
      start: platform.processStartId(platform.pid) ?? "",
      runtime: platform.runtime,
      since: platform.now(),
      token,
    };
    return encoder.encode(JSON.stringify(owner) + "\n");
  }

  #read(path: string): LockSnapshot | undefined {
    let text: string;
    let info;
    try {
      text = decoder.decode(this.#fs.readFile(path));
      info = this.#fs.stat(path);
    } catch (err) {
      if (errorCode(err) === "ENOENT") return undefined;
      throw err;
    }
    if (info === undefined) return undefined;
    const owner = parseOwner(text);
    return {
      owner,
      identity: owner?.token ?? `ino${info.ino}m${Math.floor(info.mtimeMs)}`,
      mtimeMs: info.mtimeMs,
    };
  }

  /** Whether the owner of a lock (or claim) file is certainly gone. */
  #isStale(snapshot: LockSnapshot): boolean {
    const owner = snapshot.owner;
    const platform = this.#platform;
    if (owner === undefined) {
      // Created but not written yet, or its creator died in between.
      return platform.now() - snapshot.mtimeMs > incompleteGraceMs;
    }
    // A pid means nothing on another machine: never steal a remote lock.
    if (owner.host !== platform.hostname()) return false;
    if (platform.processAlive(owner.pid) === false) return true;
    const start = platform.processStartId(owner.pid);
    if (start === undefined) return true;
    // The pid was recycled by a process that started at another time.
    return owner.start !== "" && start !== "" && start !== owner.start;
  }

  #takeOver(stale: LockSnapshot): boolean {
    const base = `${this.path}.takeover.${stale.identity}.`;
    const token = randomToken();
    let won = -1;
    for (let k = 0; k < maxClaims && won < 0; k++) {
      try {
        this.#fs.createExclusive(base + k, this.#record(token));
        won = k;
      } catch (err) {
        if (errorCode(err) !== "EEXIST") throw err;
        const claim = this.#read(base + k);
        // A live claimant is taking over right now: let it.
        if (claim !== undefined && !this.#isStale(claim)) return false;
      }
    }
    if (won < 0) return false;
    try {
      // Only the holder of the claim may replace a lock with this identity,
      // and its dead owner cannot remove it: if it is still there, it is ours.
      const current = this.#read(this.path);
      if (current === undefined || current.identity !== stale.identity) {
        return false;
      }
      const temp = `${this.path}.${token}.tmp`;
      this.#fs.createExclusive(temp, this.#record(token));
      try {
        this.#fs.rename(temp, this.path);
      } catch (err) {
        this.#unlinkQuietly(temp);
        throw err;
      }
      if (this.#read(this.path)?.owner?.token !== token) return false;
      this.#take(token);
      return true;
    } finally {
      for (let k = 0; k <= won; k++) this.#unlinkQuietly(base + k);
    }
  }

  #unlinkQuietly(path: string): void {
    try {
      this.#fs.unlink(path);
    } catch {
      // already gone
    }
  }
}
