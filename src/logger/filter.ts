/**
 * Filters decide whether a record reaches a sink: a plain predicate
 * `(record) => boolean`. Built in: by level and by logger name prefix; any
 * function is a filter by predicate.
 *
 * @module
 */
import { isLogLevel, levelValue, type LogLevel } from "./level.ts";
import type { LogRecord } from "./record.ts";

/**
 * Keeps a record when it returns `true`. A filter that throws is caught,
 * counted and reported once; the record is then skipped for that route.
 *
 * @example A filter by predicate
 * ```ts
 * import type { Filter } from "logrotor/compose";
 *
 * const audited: Filter = (record) => record.fields.audit === true;
 * ```
 */
export type Filter = (record: LogRecord) => boolean;

/**
 * Options of {@linkcode nameFilter}.
 *
 * @example Usage
 * ```ts
 * import { nameFilter, type NameFilterOptions } from "logrotor/compose";
 *
 * const options: NameFilterOptions = { exclude: true };
 * const notHealth = nameFilter("app.health", options);
 * ```
 */
export interface NameFilterOptions {
  /**
   * Keep the records that do NOT match instead.
   * @default {false}
   */
  readonly exclude?: boolean;
}

/**
 * A filter that keeps records at `level` or more severe.
 *
 * @param level The least severe level kept.
 * @returns The filter.
 * @throws {TypeError} When `level` is not a level name.
 *
 * @example Usage
 * ```ts
 * import { levelFilter } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const keep = levelFilter("warn");
 * const base = { time: 0, logger: "app", message: "m", fields: {} };
 * assert.ok(keep({ ...base, level: "error" }));
 * assert.ok(!keep({ ...base, level: "info" }));
 * ```
 */
export function levelFilter(level: LogLevel): Filter {
  if (!isLogLevel(level)) {
    throw new TypeError(
      `Cannot create level filter as level must be one of "trace", "debug", "info", "warn", "error", "fatal": current value is ${
        JSON.stringify(level) ?? String(level)
      }`,
    );
  }
  const min = levelValue(level);
  return function byLevel(record: LogRecord): boolean {
    return levelValue(record.level) >= min;
  };
}

/**
 * Whether `name` is `prefix` or one of its descendants in the dotted
 * hierarchy: `"app.db"` covers `"app.db"` and `"app.db.pool"`, not
 * `"app.dbx"`; `""` (the root) covers every name.
 *
 * @param name A logger name.
 * @param prefix A logger name.
 * @returns `true` when `name` is at or below `prefix`.
 *
 * @example Usage
 * ```ts
 * import { isNameWithin } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * assert.ok(isNameWithin("app.db.pool", "app.db"));
 * assert.ok(!isNameWithin("app.dbx", "app.db"));
 * ```
 */
export function isNameWithin(name: string, prefix: string): boolean {
  return prefix === "" || name === prefix ||
    (name.startsWith(prefix) && name.charCodeAt(prefix.length) === 46);
}

/**
 * A filter that keeps the records of loggers at or below one of the given
 * names (see {@linkcode isNameWithin}), or, with `exclude`, all others.
 *
 * @param prefixes One logger name or several.
 * @param options `exclude` inverts the filter.
 * @returns The filter.
 * @throws {TypeError} When a prefix is not a string.
 *
 * @example Usage
 * ```ts
 * import { nameFilter } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const dbOnly = nameFilter("app.db");
 * const base = { time: 0, level: "info" as const, message: "m", fields: {} };
 * assert.ok(dbOnly({ ...base, logger: "app.db.pool" }));
 * assert.ok(!dbOnly({ ...base, logger: "app.http" }));
 * const notDb = nameFilter(["app.db"], { exclude: true });
 * assert.ok(notDb({ ...base, logger: "app.http" }));
 * ```
 */
export function nameFilter(
  prefixes: string | readonly string[],
  options: NameFilterOptions = {},
): Filter {
  const list = typeof prefixes === "string" ? [prefixes] : [...prefixes];
  for (const prefix of list) {
    if (typeof prefix !== "string") {
      throw new TypeError(
        `Cannot create name filter as every prefix must be a string: current value is ${
          String(prefix)
        }`,
      );
    }
  }
  const keep = options.exclude !== true;
  return function byName(record: LogRecord): boolean {
    for (const prefix of list) {
      if (isNameWithin(record.logger, prefix)) return keep;
    }
    return !keep;
  };
}
