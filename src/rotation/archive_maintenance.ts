/**
 * What happens to a rotating file's archives after the rename, for a
 * single writer: start-up recovery of what a crash left, compression
 * scheduling (a failed compression is retried at the next rotation),
 * retention, and the disk-full emergency cleanup. The shared mode adds the
 * maintenance lock on top ({@linkcode SharedMaintenance} in
 * `shared_maintenance.ts`).
 *
 * @module
 */
import type { Compressor } from "../runtime/driver.ts";
import {
  CompressionQueue,
  type CompressionStats,
  recoverArchives,
} from "./compression_queue.ts";
import { freeArchiveSpace } from "./disk_full_cleanup.ts";
import { futureSlackMs } from "./archive_files.ts";
import { applyRetention, type RetentionPolicy } from "./retention.ts";
import { unshippedGuard } from "./ship_guard.ts";
import type { RotationContext } from "./rotation_context.ts";

/** How a rotating file's archives are kept. */
export interface MaintenancePolicy {
  /** Which archives to keep. */
  readonly retention: RetentionPolicy;
  /** Gzip archives with this compressor, or `undefined` for no compression. */
  readonly compressor: Compressor | undefined;
  /** The zlib level for compression (1–9). */
  readonly compressionLevel: number;
}

/**
 * Single-writer archive maintenance: recovery at start, compression of
 * each new archive (off the writer's thread), retention after each
 * rotation or compression, disk-full cleanup.
 *
 * @example Usage
 * ```ts
 * import { ArchiveMaintenance } from "./archive_maintenance.ts";
 * import { RotationContext } from "./rotation_context.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const ctx = new RotationContext({
 *   path: "/tmp/logrotor-doc/maint.log",
 *   fs: platform.fs,
 *   platform,
 *   now: () => Date.now(),
 *   mkdir: true,
 *   onDiagnostic: () => {},
 * });
 * const maintenance = new ArchiveMaintenance(ctx, {
 *   retention: { keep: 3 },
 *   compressor: undefined,
 *   compressionLevel: 6,
 * });
 * maintenance.start();
 * await maintenance.finish();
 * ```
 */
export class ArchiveMaintenance {
  /** The rotating file. */
  readonly ctx: RotationContext;
  /** Which archives to keep. */
  readonly retention: RetentionPolicy;
  /** The compression jobs, or `undefined` without compression. */
  readonly queue: CompressionQueue | undefined;
  #futureReported = new Set<string>();
  /** Archives whose compression failed, retried at the next rotation. */
  #retryCompress = new Set<string>();
  #archivesDeleted = 0;
  #linesDeletedOnDiskFull = 0;
  #linesUnshippedDeleted = 0;

  /**
   * @param ctx The rotating file.
   * @param policy Retention and compression.
   */
  constructor(ctx: RotationContext, policy: MaintenancePolicy) {
    this.ctx = ctx;
    this.retention = policy.retention;
    this.queue = policy.compressor === undefined
      ? undefined
      : new CompressionQueue(
        policy.compressor,
        (archive, error) => this.onCompressed(archive, error),
        policy.compressionLevel,
      );
  }

  /** Start-up: finish or clean leftovers, queue compression, apply retention. */
  start(): void {
    const ctx = this.ctx;
    try {
      if (ctx.mkdir) ctx.fs.mkdirp(ctx.names.dir);
      for (const archive of this.scan()) this.queue?.add(archive);
      this.applyRetention();
    } catch (error) {
      ctx.report("error", "cannot scan for archives", error);
    }
  }

  /**
   * The live file was just renamed to `archive`: compress it (archives
   * whose compression failed earlier go first), or apply retention.
   *
   * @param archive The new archive's path.
   */
  rotated(archive: string): void {
    const queue = this.queue;
    if (queue === undefined) return this.applyRetention();
    // Archives whose compression failed earlier (a full disk) go first.
    for (const earlier of this.#retryCompress) {
      if (this.ctx.fs.stat(earlier) !== undefined) queue.add(earlier);
    }
    this.#retryCompress.clear();
    queue.add(archive);
  }

  /**
   * A compression job ended: a failure is reported and retried at the
   * next rotation; retention runs either way.
   *
   * @param archive The uncompressed archive.
   * @param error Why it failed, or `undefined`.
   */
  onCompressed(archive: string, error?: unknown): void {
    if (error !== undefined) {
      this.ctx.report(
        "error",
        `cannot compress ${archive}; it stays uncompressed and is retried at the next rotation or start`,
        error,
      );
      this.#retryCompress.add(archive);
    }
    this.applyRetention();
  }

  /**
   * Finishes or cleans leftovers (`.gz.tmp`, sources of complete `.gz`),
   * reports archives named in the future (once each) and returns the
   * archives to compress, minus those in `skip`. Throws when the
   * directory cannot be read.
   *
   * @param skip Paths to leave alone; failed removals are added to it.
   * @returns Uncompressed archives to compress, oldest first.
   */
  scan(skip?: Set<string>): string[] {
    const ctx = this.ctx;
    const found = recoverArchives(
      ctx.fs,
      ctx.names,
      this.queue !== undefined,
      ctx.now(),
      futureSlackMs,
    );
    for (const path of found.future) {
      if (this.#futureReported.has(path)) continue;
      this.#futureReported.add(path);
      ctx.report(
        "error",
        `${path} is named after a moment in the future; it is kept, age retention does not expire it, and it does not affect how new archives are named`,
      );
    }
    for (const path of found.removed) {
      ctx.report("info", `removed leftover ${path}`);
    }
    for (const { path, error } of found.failures) {
      skip?.add(path);
      ctx.report("error", `cannot remove leftover ${path}`, error);
    }
    return skip === undefined
      ? found.toCompress
      : found.toCompress.filter((archive) => !skip.has(archive));
  }

  /**
   * Deletes what the retention policy expires (never an archive being
   * compressed); paths that fail go to `skip` when given.
   *
   * @param skip Collects the paths that could not be deleted.
   */
  applyRetention(skip?: Set<string>): void {
    const queue = this.queue;
    const ctx = this.ctx;
    try {
      const result = applyRetention(
        ctx.fs,
        ctx.names,
        this.retention,
        ctx.now(),
        (archive) => queue?.has(archive) ?? false,
      );
      for (const entry of result.deleted) {
        this.#archivesDeleted++;
        ctx.report("deleted", `deleted ${entry.files.join(", ")}`);
      }
      for (const { path, error } of result.failures) {
        skip?.add(path);
        ctx.report("error", `cannot delete ${path}`, error);
      }
    } catch (error) {
      ctx.report("error", "cannot apply retention", error);
    }
  }

  /**
   * Emergency cleanup on a full disk (see `freeArchiveSpace`), never
   * touching the archive being compressed; counts what it deleted.
   *
   * @param bytesWanted Bytes to free.
   * @returns Bytes freed.
   */
  deleteOldestArchives(bytesWanted: number): number {
    const state = this.retention.retainUntilShipped;
    const result = freeArchiveSpace(
      this.ctx,
      bytesWanted,
      (archive) => this.queue?.has(archive) ?? false,
      state === undefined
        ? undefined
        : unshippedGuard(this.ctx.fs, this.ctx.names, state),
    );
    this.#archivesDeleted += result.archivesDeleted;
    this.#linesDeletedOnDiskFull += result.linesDeleted;
    this.#linesUnshippedDeleted += result.linesUnshipped;
    return result.freed;
  }

  /** Compression jobs waiting or running. */
  pendingJobs(): number {
    return this.queue?.stats().compressionsPending ?? 0;
  }

  /** No more maintenance is started (timers are cancelled). */
  stop(): void {}

  /** Waits for the compression jobs, then stops the worker. */
  async finish(): Promise<void> {
    if (this.queue !== undefined) {
      await this.queue.drain();
      this.queue.dispose();
    }
  }

  /** Lets go of any lock held (none for a single writer). */
  release(): void {}

  /** Lets go of any lock held unless a compression is still running. */
  releaseIfIdle(): void {}

  /** Archives deleted by retention or by the disk-full cleanup. */
  get archivesDeleted(): number {
    return this.#archivesDeleted;
  }

  /** Lines in the archives the disk-full cleanup deleted. */
  get linesDeletedOnDiskFull(): number {
    return this.#linesDeletedOnDiskFull;
  }

  /** Of those, lines the file shipper had not shipped (`retainUntilShipped`). */
  get linesUnshippedDeleted(): number {
    return this.#linesUnshippedDeleted;
  }

  /** The compression counters, or `undefined` without compression. */
  compressionStats(): CompressionStats | undefined {
    return this.queue?.stats();
  }
}
