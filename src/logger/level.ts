/**
 * Log levels: six severities with a numeric order, and the `"off"`
 * threshold that disables a logger.
 *
 * @module
 */

/**
 * The severity of a record, from least to most severe.
 *
 * @example Usage
 * ```ts
 * import type { LogLevel } from "logrotor";
 *
 * const level: LogLevel = "warn";
 * ```
 */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

/**
 * A logger's threshold: a level, or `"off"` to disable it.
 *
 * @example Usage
 * ```ts
 * import { type LevelThreshold, levelValue } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const quiet: LevelThreshold = "off";
 * assert.ok(levelValue("fatal") < levelValue(quiet)); // nothing passes "off"
 * ```
 */
export type LevelThreshold = LogLevel | "off";

/**
 * The six levels in ascending order of severity.
 *
 * @example Usage
 * ```ts
 * import { logLevels } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * assert.equal(logLevels[0], "trace");
 * assert.equal(logLevels.at(-1), "fatal");
 * ```
 */
export const logLevels: readonly LogLevel[] = Object.freeze([
  "trace",
  "debug",
  "info",
  "warn",
  "error",
  "fatal",
]);

const values: Readonly<Record<LevelThreshold, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  off: Infinity,
};

/**
 * The numeric value of a level or threshold: trace 10, debug 20, info 30,
 * warn 40, error 50, fatal 60, off `Infinity`. A record passes a threshold
 * when its value is `>=` the threshold's.
 *
 * @param level A level or `"off"`.
 * @returns Its numeric value.
 *
 * @example Usage
 * ```ts
 * import { levelValue } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * assert.ok(levelValue("warn") > levelValue("info"));
 * assert.equal(levelValue("off"), Infinity);
 * ```
 */
export function levelValue(level: LevelThreshold): number {
  return values[level];
}

/**
 * Whether a value is one of the six level names.
 *
 * @param value Anything.
 * @returns `true` for `"trace"` … `"fatal"`.
 *
 * @example Usage
 * ```ts
 * import { isLogLevel } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * assert.ok(isLogLevel("info"));
 * assert.ok(!isLogLevel("loud"));
 * ```
 */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && value !== "off" &&
    Object.hasOwn(values, value);
}

/**
 * Compares two levels by severity, for sorting.
 *
 * @param a A level.
 * @param b Another level.
 * @returns A negative number when `a` is less severe, 0 when equal,
 * positive when more severe.
 *
 * @example Usage
 * ```ts
 * import { type LogLevel } from "logrotor";
 * import { compareLogLevel } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const levels: LogLevel[] = ["error", "debug", "info"];
 * assert.deepEqual(
 *   levels.sort(compareLogLevel),
 *   ["debug", "info", "error"],
 * );
 * ```
 */
export function compareLogLevel(a: LogLevel, b: LogLevel): number {
  return values[a] - values[b];
}

/**
 * The level names users type besides the six: `"warning"` for `warn` and
 * `"critical"` for `fatal`. Accepted by `configure()` and `log()`; records
 * always carry the canonical name.
 *
 * @example Usage
 * ```ts
 * import { getLogger } from "logrotor";
 * import type { LogLevelName } from "logrotor/compose";
 *
 * const level: LogLevelName = "warning";
 * getLogger("app").log(level, "disk almost full");
 * ```
 */
export type LogLevelName = LogLevel | "warning" | "critical";

const aliases: Readonly<Record<string, LogLevel>> = {
  warning: "warn",
  critical: "fatal",
};

/**
 * The canonical level of a level name or alias (`"warning"` → `"warn"`,
 * `"critical"` → `"fatal"`), `"off"` for `"off"`, or `undefined` for
 * anything else.
 *
 * @param name A level name, an alias, or anything.
 * @returns The canonical threshold, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import { canonicalLevel } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * assert.equal(canonicalLevel("warning"), "warn");
 * assert.equal(canonicalLevel("info"), "info");
 * assert.equal(canonicalLevel("loud"), undefined);
 * ```
 */
export function canonicalLevel(name: unknown): LevelThreshold | undefined {
  if (typeof name !== "string") return undefined;
  if (Object.hasOwn(values, name)) return name as LevelThreshold;
  return Object.hasOwn(aliases, name) ? aliases[name] : undefined;
}

/** The alias names, for configuration choices. */
export const levelAliases: readonly string[] = Object.freeze(
  Object.keys(aliases),
);
