/**
 * The words of degraded mode: the message when the file fails, the one when
 * it is written again, and the marker line for lines the replay spool could
 * not keep.
 *
 * @module
 */
import { describeError } from "../errors.ts";
import type { OnDiskFull } from "./fallback.ts";

const encoder = new TextEncoder();

/**
 * The message when writes to `file` fail: the cause, since when, where
 * lines go meanwhile and how often the file is probed.
 *
 * @example Usage
 * ```ts
 * import { degradedMessage } from "./_degraded_messages.ts";
 *
 * degradedMessage("/var/log/app.log", new Error("no space"), 0, {
 *   onDiskFull: "drop",
 *   recoveryIntervalMs: 2000,
 * }, "stdout");
 * ```
 */
export function degradedMessage(
  file: string,
  cause: unknown,
  since: number,
  options: {
    readonly onDiskFull: OnDiskFull;
    readonly recoveryIntervalMs: number;
  },
  fallbackName: string,
): string {
  const what = options.onDiskFull === "fallback"
    ? `lines go to ${fallbackName}`
    : options.onDiskFull === "drop"
    ? "lines are dropped (counted)"
    : "lines are held and retried";
  return `cannot write ${file} (${describeError(cause)}); from ${
    new Date(since).toISOString()
  } ${what} until it is writable again (probing every ${options.recoveryIntervalMs} ms)`;
}

/**
 * The message when `file` is written again: the downtime, its reason and
 * how many lines went to the fallback meanwhile.
 *
 * @example Usage
 * ```ts
 * import { recoveredMessage } from "./_degraded_messages.ts";
 *
 * recoveredMessage("/var/log/app.log", 1500, "ENOSPC", 12, "stdout");
 * ```
 */
export function recoveredMessage(
  file: string,
  downtimeMs: number,
  reason: string | undefined,
  fallbackLines: number,
  fallbackName: string,
): string {
  return `writing to ${file} again after ${
    Math.round(downtimeMs)
  } ms (${reason}); ${fallbackLines} lines went to ${fallbackName} meanwhile`;
}

/**
 * The line written to the file on recovery in place of `skipped` lines the
 * replay spool could not keep.
 *
 * @example Usage
 * ```ts
 * import { skippedMarker } from "./_degraded_messages.ts";
 *
 * skippedMarker(3, "stdout"); // "… 3 lines went only to stdout (replay spool full) …\n", encoded
 * ```
 */
export function skippedMarker(
  skipped: number,
  fallbackName: string,
): Uint8Array {
  return encoder.encode(
    `… ${skipped} lines went only to ${fallbackName} (replay spool full) …\n`,
  );
}
