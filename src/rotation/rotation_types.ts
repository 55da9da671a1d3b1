/**
 * The option and counter shapes of a `RotatingTarget` (`rotating_target.ts`): what it is
 * built from ({@linkcode RotatingTargetOptions}, already validated) and what
 * it counts ({@linkcode RotationStats}).
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import type { Compressor, FileDriver, Platform } from "../runtime/driver.ts";
import type { RetentionPolicy } from "./retention.ts";
import type { RotationSchedule } from "./schedule.ts";

/**
 * Everything a `RotatingTarget` needs, already validated.
 *
 * @example Usage
 * ```ts
 * import { type RotatingTargetOptions } from "logrotor/compose";
 *
 * const limit = (o: RotatingTargetOptions): number => o.maxBytes;
 * ```
 */
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
  /**
   * Of `linesDeletedOnDiskFull`, lines in archives the file shipper had not
   * finished (`retainUntilShipped`): they never reach the collector.
   */
  readonly linesUnshippedDeleted: number;
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
