/**
 * Compression of archives, off the writer's path: a queue of jobs run one
 * at a time by a {@linkcode Compressor} (a worker), plus the start-up
 * recovery that finishes or cleans what a crash left behind.
 *
 * The protocol (done by the compressor): write `x.gz.tmp`, fsync, rename
 * to `x.gz`, fsync the directory, unlink `x`. So at any moment `x.gz`
 * exists only complete, and `x` exists until `x.gz` is durable:
 *
 * | found at start       | meaning                      | action            |
 * | -------------------- | ---------------------------- | ----------------- |
 * | `x.gz.tmp`           | compression was interrupted  | delete it         |
 * | `x` and `x.gz`       | killed before the unlink     | delete `x`        |
 * | `x` only (gzip on)   | rotated, never compressed    | compress it again |
 *
 * Symbolic links with archive names are not archives (rotation never makes
 * one): they are left alone.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import type { Compressor, FileDriver } from "../runtime/driver.ts";
import type { ArchiveNames } from "../file/archive_names.ts";
import { isSymlink } from "./retention.ts";

/** What start-up recovery found and did. */
export interface RecoveryResult {
  /** Uncompressed archives that still need compressing, oldest first. */
  readonly toCompress: string[];
  /** Files removed (stale `.tmp`, sources of complete `.gz`). */
  readonly removed: string[];
  /** The newest archive stamp seen (or `-Infinity`). */
  readonly newestStamp: number;
  /** Archive-shaped files named after a moment later than `now` (paths). */
  readonly future: string[];
  /** Failures while cleaning. */
  readonly failures: Array<{ path: string; error: unknown }>;
}

/**
 * Finishes or cleans what an interrupted rotation or compression left.
 *
 * @param fs The file driver.
 * @param names The sink's naming scheme (only its files are touched).
 * @param compress Whether archives should be compressed.
 * @param now The current time: names after it (by more than `slackMs`) are listed in `future`.
 * @param slackMs How far after `now` a name may be before it counts as in the future.
 * @returns What to compress and what was removed.
 *
 * @example Usage
 * ```ts
 * import { recoverArchives } from "./compression_queue.ts";
 * import { ArchiveNames } from "../file/archive_names.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const { toCompress } = recoverArchives(getPlatform().fs, new ArchiveNames("/tmp/app.log"), true);
 * ```
 */
export function recoverArchives(
  fs: FileDriver,
  names: ArchiveNames,
  compress: boolean,
  now = Infinity,
  slackMs = 0,
): RecoveryResult {
  const removed: string[] = [];
  const future: string[] = [];
  const failures: Array<{ path: string; error: unknown }> = [];
  const plain = new Map<string, number>();
  const gz = new Set<string>();
  let newestStamp = -Infinity;
  const remove = (path: string) => {
    try {
      fs.unlink(path);
      removed.push(path);
    } catch (error) {
      if ((error as { code?: unknown }).code !== "ENOENT") {
        failures.push({ path, error });
      }
    }
  };
  for (const name of fs.readdir(names.dir)) {
    const parsed = names.parse(name);
    if (parsed === undefined || isSymlink(fs, join(names.dir, name))) continue;
    newestStamp = Math.max(newestStamp, parsed.stamp);
    if (parsed.stamp > now + slackMs) future.push(join(names.dir, name));
    if (parsed.temporary) {
      remove(join(names.dir, name));
    } else if (parsed.compressed) {
      gz.add(parsed.archive);
    } else {
      plain.set(parsed.archive, parsed.stamp);
    }
  }
  const toCompress: Array<[string, number]> = [];
  for (const [archive, stamp] of plain) {
    if (gz.has(archive)) remove(join(names.dir, archive));
    else if (compress) toCompress.push([join(names.dir, archive), stamp]);
  }
  toCompress.sort((a, b) => a[1] - b[1]);
  return {
    toCompress: toCompress.map(([path]) => path),
    removed,
    newestStamp,
    future,
    failures,
  };
}

/**
 * Whether {@linkcode recoverArchives} would find anything to do: a `.tmp`
 * file, an archive both uncompressed and compressed, or (with `compress`)
 * an archive still uncompressed. Reads the directory only; paths in `skip`
 * (full paths, e.g. ones that already failed) do not count.
 *
 * @param fs The file driver.
 * @param names The sink's naming scheme.
 * @param compress Whether archives should be compressed.
 * @param skip Paths to ignore.
 * @returns Whether there is work.
 *
 * @example Usage
 * ```ts
 * import { hasArchiveWork } from "./compression_queue.ts";
 * import { ArchiveNames } from "../file/archive_names.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * hasArchiveWork(getPlatform().fs, new ArchiveNames("/tmp/app.log"), true, new Set());
 * ```
 */
export function hasArchiveWork(
  fs: FileDriver,
  names: ArchiveNames,
  compress: boolean,
  skip: ReadonlySet<string>,
): boolean {
  const plain: string[] = [];
  const gz = new Set<string>();
  for (const name of fs.readdir(names.dir)) {
    const parsed = names.parse(name);
    if (parsed === undefined || isSymlink(fs, join(names.dir, name))) continue;
    if (parsed.temporary) {
      if (!skip.has(join(names.dir, name))) return true;
    } else if (parsed.compressed) {
      gz.add(parsed.archive);
    } else {
      plain.push(parsed.archive);
    }
  }
  return plain.some((archive) =>
    !skip.has(join(names.dir, archive)) && (compress || gz.has(archive))
  );
}

/** Counters of a {@linkcode CompressionQueue}. */
export interface CompressionStats {
  /** `.gz` archives completed. */
  readonly archivesWritten: number;
  /** Jobs that failed (the archive stays uncompressed; retried at next start). */
  readonly compressionFailures: number;
  /** Time spent compressing, in ms (measured in the worker). */
  readonly compressionMs: number;
  /** Bytes compressed. */
  readonly compressedBytesIn: number;
  /** Bytes of `.gz` written. */
  readonly compressedBytesOut: number;
  /** Jobs waiting or running. */
  readonly compressionsPending: number;
}

/** Called after each job with the archive and the error, if it failed. */
export type CompressionDone = (archive: string, error?: unknown) => void;

/**
 * Runs compression jobs one at a time, in order, off the caller's thread.
 *
 * @example Usage
 * ```ts
 * import { CompressionQueue } from "./compression_queue.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const queue = new CompressionQueue(getPlatform().createCompressor(), () => {});
 * queue.add("/tmp/app.2026-01-01T00-00-00.000Z.log");
 * await queue.drain();
 * ```
 */
export class CompressionQueue {
  readonly #compressor: Compressor;
  readonly #onDone: CompressionDone;
  readonly #level: number;
  readonly #pending: string[] = [];
  #running: string | undefined;
  #loop: Promise<void> | undefined;
  #archivesWritten = 0;
  #failures = 0;
  #ms = 0;
  #bytesIn = 0;
  #bytesOut = 0;

  /**
   * @param compressor Does the work.
   * @param onDone Called after every job.
   * @param level The zlib level (1–9).
   */
  constructor(
    compressor: Compressor,
    onDone: CompressionDone,
    level = 6,
  ) {
    this.#compressor = compressor;
    this.#level = level;
    this.#onDone = onDone;
  }

  /** Queues an archive (`x` becomes `x.gz`). */
  add(archive: string): void {
    if (this.has(archive)) return;
    this.#pending.push(archive);
    this.#loop ??= this.#run();
  }

  /** Whether the archive is queued or being compressed. */
  has(archive: string): boolean {
    return this.#running === archive || this.#pending.includes(archive);
  }

  /** Resolves when every queued job has finished. */
  async drain(): Promise<void> {
    while (this.#loop !== undefined) await this.#loop;
  }

  /** Stops the worker (call after {@linkcode drain}). */
  dispose(): void {
    this.#pending.length = 0;
    this.#compressor.dispose();
  }

  async #run(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const archive = this.#pending.shift()!;
        this.#running = archive;
        try {
          const result = await this.#compressor.gzipFile(
            archive,
            `${archive}.gz`,
            this.#level,
          );
          this.#archivesWritten++;
          this.#ms += result.ms;
          this.#bytesIn += result.bytesIn;
          this.#bytesOut += result.bytesOut;
          this.#running = undefined;
          this.#onDone(archive);
        } catch (error) {
          this.#failures++;
          this.#running = undefined;
          this.#onDone(archive, error);
        }
      }
    } finally {
      this.#running = undefined;
      this.#loop = undefined;
    }
  }

  /** The counters. */
  stats(): CompressionStats {
    return {
      archivesWritten: this.#archivesWritten,
      compressionFailures: this.#failures,
      compressionMs: Math.round(this.#ms),
      compressedBytesIn: this.#bytesIn,
      compressedBytesOut: this.#bytesOut,
      compressionsPending: this.#pending.length +
        (this.#running === undefined ? 0 : 1),
    };
  }
}
