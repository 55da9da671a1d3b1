/**
 * The options of a `ResilientTarget` (`resilient_target.ts`): the disk-full
 * policy, the fallback, recovery probing, the replay spool and the
 * emergency cleanup.
 *
 * @module
 */
import type { EmergencyCleanupOptions } from "./emergency_cleanup.ts";
import type { Fallback, OnDiskFull } from "./fallback.ts";

/**
 * Options of a `ResilientTarget`.
 *
 * @example Usage
 * ```ts
 * import type { ResilientTargetOptions } from "logrotor/compose";
 *
 * const options: ResilientTargetOptions = {
 *   onDiskFull: "fallback",
 *   fallback: "stderr",
 *   minFreeBytes: 1024 * 1024,
 *   recoveryIntervalMs: 2000,
 *   cleanup: undefined,
 *   cleanupBytes: 1024 * 1024,
 *   truncateOnDiskFull: false,
 *   replayBytes: 64 * 1024,
 *   report: (kind, message) => console.error(`${kind}: ${message}`),
 * };
 * // new ResilientTarget(nextTarget, fs, platform, options)
 * ```
 */
export interface ResilientTargetOptions extends EmergencyCleanupOptions {
  /** See {@linkcode OnDiskFull}. */
  readonly onDiskFull: OnDiskFull;
  /** See {@linkcode Fallback}. */
  readonly fallback: Fallback;
  /** A probe needs this much free space before it tries the file. */
  readonly minFreeBytes: number;
  /** Time between recovery probes (ms). */
  readonly recoveryIntervalMs: number;
  /** Keep up to this many bytes of fallback lines to replay into the file on recovery (0: off). */
  readonly replayBytes: number;
}
