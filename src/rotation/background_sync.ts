/**
 * The background pre-sync of a rotating live file: every quarter of
 * `maxBytes` (at most every 8 MiB, at least every 1 MiB) the live file is
 * fsynced off the writer's thread, so the fsync before the rename, on the
 * writer's thread, only has the rest to flush.
 *
 * @module
 */
import type { FileDriver } from "../runtime/driver.ts";

const mib = 1024 * 1024;

/**
 * How often to pre-sync a live file rotated at `maxBytes`.
 *
 * @param maxBytes The rotation size (Infinity: never by size).
 * @param enabled Whether pre-syncing applies at all (fsync on, and the
 * driver can sync in the background).
 * @returns Bytes between pre-syncs (`Infinity`: never).
 *
 * @example Usage
 * ```ts
 * import { presyncInterval } from "./background_sync.ts";
 *
 * presyncInterval(16 * 1024 * 1024, true); // 4 MiB
 * presyncInterval(16 * 1024 * 1024, false); // Infinity
 * ```
 */
export function presyncInterval(maxBytes: number, enabled: boolean): number {
  return enabled
    ? Math.max(mib, Math.min(8 * mib, Math.floor(maxBytes / 4)))
    : Infinity;
}

/**
 * Starts a background fsync of the live file each time it has grown by
 * {@linkcode presyncInterval} bytes since the last one (one at a time). A
 * failure is ignored: it is only an optimisation, the fsync before the
 * rename still runs.
 *
 * @example Usage
 * ```ts
 * import { BackgroundSync } from "./background_sync.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * const presync = new BackgroundSync(fs, "/tmp/logrotor-doc/app.log", Infinity);
 * presync.check(123); // never with an interval of Infinity
 * ```
 */
export class BackgroundSync {
  readonly #fs: FileDriver;
  readonly #path: string;
  readonly #every: number;
  #syncedAt = 0; // live size at the last background fsync
  #syncing = false;

  /**
   * @param fs The driver (its `syncInBackground` is used).
   * @param path The live file.
   * @param every Bytes between pre-syncs (from {@linkcode presyncInterval}).
   */
  constructor(fs: FileDriver, path: string, every: number) {
    this.#fs = fs;
    this.#path = path;
    this.#every = every;
  }

  /**
   * Starts a background fsync if the live file has grown enough.
   *
   * @param size The live file's size now.
   */
  check(size: number): void {
    if (size - this.#syncedAt < this.#every || this.#syncing) return;
    this.#syncing = true;
    this.#syncedAt = size;
    this.#fs.syncInBackground!(this.#path).catch(() => {
      // only an optimisation: the fsync before the rename still runs
    }).finally(() => {
      this.#syncing = false;
    });
  }

  /** A new live file (rotated or reopened): count from 0. */
  reset(): void {
    this.#syncedAt = 0;
  }
}
