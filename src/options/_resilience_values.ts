/**
 * The value checks of the resilience options that the generic option rows
 * do not cover: `fileMode` (permission bits) and `fallback` (a stream name,
 * a target, a sink or a function). Errors read "Cannot create <subject> as
 * <key> must be …: current value is …".
 *
 * @module
 */
import { integerOption } from "./validate.ts";
import type { Fallback } from "./policies.ts";

/**
 * Checks `fileMode`: unset, or permission bits from 0 to `0o777`.
 *
 * @example Usage
 * ```ts
 * import { fileModeOption } from "./_resilience_values.ts";
 *
 * fileModeOption("file sink", "fileMode", 0o600); // 384
 * fileModeOption("file sink", "fileMode", undefined); // undefined
 * ```
 */
export function fileModeOption(
  subject: string,
  key: string,
  value: unknown,
): number | undefined {
  if (value === undefined) return undefined;
  const mode = integerOption(subject, key, value, 0, 0);
  if (mode > 0o777) {
    throw new RangeError(
      `Cannot create ${subject} as ${key} must be <= 0o777 (511): current value is ${mode} (0o${
        mode.toString(8)
      })`,
    );
  }
  return mode;
}

/**
 * Checks `fallback`: `"stdout"` (the default), `"stderr"`, a target or sink
 * (anything with a `write` method) or a function.
 *
 * @example Usage
 * ```ts
 * import { fallbackOption } from "./_resilience_values.ts";
 *
 * fallbackOption("file sink", "fallback", undefined); // "stdout"
 * fallbackOption("file sink", "fallback", "stderr"); // "stderr"
 * ```
 */
export function fallbackOption(
  subject: string,
  key: string,
  value: unknown,
): Fallback {
  if (value === undefined) return "stdout";
  if (value === "stdout" || value === "stderr") return value;
  if (
    typeof value === "function" ||
    (typeof value === "object" && value !== null &&
      typeof (value as { write?: unknown }).write === "function")
  ) {
    return value as Fallback;
  }
  throw new TypeError(
    `Cannot create ${subject} as ${key} must be "stdout", "stderr", a target, a sink or a function: current value is ${
      typeof value === "string" ? JSON.stringify(value) : typeof value
    }`,
  );
}
