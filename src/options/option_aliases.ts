/**
 * Deprecated names and values of options, kept working for one release:
 * where a row's value is given (its name or its old alias, never both) and
 * the notices a factory reports as `"deprecated"` diagnostics.
 *
 * @module
 */
import type { OptionRow } from "./option_row.ts";

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * The value given for a row: under its name or its deprecated alias (not
 * both: a `TypeError`).
 *
 * @param subject What is being created.
 * @param row The option's row.
 * @param given The user's options.
 * @returns The key used and its value.
 *
 * @example Usage
 * ```ts
 * import { givenValue } from "./option_aliases.ts";
 *
 * givenValue("rotating file sink", {
 *   name: "maxSize", alias: "maxBytes", type: "size", min: 1, doc: "",
 *   flag: { name: "max-size" },
 * }, { maxBytes: 1024 }); // ["maxBytes", 1024]
 * ```
 */
export function givenValue(
  subject: string,
  row: OptionRow,
  given: Readonly<Record<string, unknown>>,
): readonly [string, unknown] {
  const value = given[row.name];
  if (row.alias === undefined) return [row.name, value];
  const old = given[row.alias];
  if (old === undefined) return [row.name, value];
  if (value !== undefined) {
    throw new TypeError(
      `Cannot create ${subject} as ${row.alias} is a deprecated alias of ${row.name} and both are given: current value is ${
        show(old)
      }`,
    );
  }
  return [row.alias, old];
}

/**
 * The deprecation notices for the old names (and old values) used in
 * `options`: one message per alias, empty when none is used.
 *
 * @param rows The table.
 * @param options The given options.
 * @returns Messages such as `maxBytes is deprecated: use maxSize`.
 *
 * @example Usage
 * ```ts
 * import { deprecationsIn } from "./option_aliases.ts";
 *
 * deprecationsIn([{
 *   name: "maxSize", alias: "maxBytes", type: "size", min: 1, doc: "",
 *   flag: { name: "max-size" },
 * }], { maxBytes: 1 }); // ["option maxBytes is deprecated: use maxSize (removed in the next release)"]
 * ```
 */
export function deprecationsIn(
  rows: readonly OptionRow[],
  options: object,
): string[] {
  const given = options as Readonly<Record<string, unknown>>;
  const notices: string[] = [];
  for (const row of rows) {
    if (row.alias !== undefined && given[row.alias] !== undefined) {
      notices.push(
        `option ${row.alias} is deprecated: use ${row.name} (removed in the next release)`,
      );
    }
    const old = row.deprecatedValue;
    if (old !== undefined && given[row.name] === old.value) {
      notices.push(
        `${row.name}: ${
          JSON.stringify(old.value)
        } is deprecated: use ${row.name}: ${
          JSON.stringify(old.use)
        } (removed in the next release)`,
      );
    }
  }
  return notices;
}
