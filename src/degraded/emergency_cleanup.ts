/**
 * The emergency cleanup of degraded mode: when a write first fails for
 * want of space, free some — the cleanup hook (a rotating sink deletes its
 * oldest archives), then, opt-in, truncation of the live file.
 *
 * @module
 */
import type { DiagnosticKind } from "../diagnostics.ts";
import type { Target } from "../buffer/target.ts";

/**
 * What {@linkcode emergencyCleanup} does.
 *
 * @example Usage
 * ```ts
 * import type { EmergencyCleanupOptions } from "./emergency_cleanup.ts";
 *
 * const options: EmergencyCleanupOptions = {
 *   cleanup: (bytesWanted) => 0,
 *   cleanupBytes: 1024 * 1024,
 *   truncateOnDiskFull: false,
 *   report: (kind, message) => console.error(`${kind}: ${message}`),
 * };
 * ```
 */
export interface EmergencyCleanupOptions {
  /** Frees up to `bytesWanted`, returns bytes freed. */
  readonly cleanup: ((bytesWanted: number) => number) | undefined;
  /** How much to free beyond the failed batch. */
  readonly cleanupBytes: number;
  /** Truncate the live file when the hook freed too little (loses its lines). */
  readonly truncateOnDiskFull: boolean;
  /** Receives events. */
  readonly report: (
    kind: DiagnosticKind,
    message: string,
    error?: unknown,
  ) => void;
}

/**
 * Frees space for `remaining` bytes plus `cleanupBytes`: runs the cleanup
 * hook, then (opt-in) truncates the file in use through
 * {@linkcode Target.truncate}. Never throws; reports what it did.
 *
 * @param target The file side (truncated when allowed).
 * @param options See {@linkcode EmergencyCleanupOptions}.
 * @param remaining Bytes of the batch that did not land.
 * @returns Bytes freed.
 *
 * @example Usage
 * ```ts
 * import { emergencyCleanup } from "./emergency_cleanup.ts";
 *
 * const target = { name: "app.log", write() {}, sync() {}, close() {} };
 * const freed = emergencyCleanup(target, {
 *   cleanup: (wanted) => wanted,
 *   cleanupBytes: 100,
 *   truncateOnDiskFull: false,
 *   report: () => {},
 * }, 20);
 * freed; // 120
 * ```
 */
export function emergencyCleanup(
  target: Target,
  options: EmergencyCleanupOptions,
  remaining: number,
): number {
  const wanted = remaining + options.cleanupBytes;
  let freed = 0;
  if (options.cleanup !== undefined) {
    try {
      const result = options.cleanup(wanted);
      if (typeof result === "number" && result > 0) freed += result;
    } catch (err) {
      options.report("error", `emergency cleanup failed`, err);
    }
  }
  const path = target.describe?.().path;
  if (
    freed < wanted && options.truncateOnDiskFull && path !== undefined &&
    target.truncate !== undefined
  ) {
    try {
      const size = target.truncate();
      if (size > 0) {
        freed += size;
        options.report(
          "dropped",
          `disk full: truncated ${path}, losing its ${size} bytes (truncateOnDiskFull)`,
        );
      }
    } catch (err) {
      options.report("error", `cannot truncate ${path}`, err);
    }
  }
  if (freed > 0) {
    options.report(
      "deleted",
      `disk full: emergency cleanup freed ${freed} bytes`,
    );
  }
  return freed;
}
