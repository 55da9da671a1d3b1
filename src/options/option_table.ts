/**
 * The shape of an option table — one row per option: name, type, range or
 * choices, default, doc, CLI flag and config key — and what every table
 * derives from its rows: the checks (with their house-style messages), the
 * defaults, the accepted keys and the deprecated aliases.
 *
 * The config schema is derived in `logger/`, the CLI flags in `cli/` and the
 * option reference in {@linkcode ./option_docs.ts}, each from the same rows.
 *
 * @module
 */
import { parseDuration, parseSize } from "./units.ts";
import * as validate from "./validate.ts";
import { givenValue } from "./option_aliases.ts";
import type { OptionRow, ResolvedSoFar } from "./option_row.ts";

/**
 * The resolved options of a table over the public options `O`: numbers for
 * integers, sizes and durations (`| undefined` without a default), the
 * choices' union for choices, the option's own type for the rest (with a
 * custom check, a choice keeps the option's type: `fallback` also takes a
 * function). Rows of type `"object"` are left out (test seams).
 *
 * @example Usage
 * ```ts
 * import type { ResolvedOf } from "./option_table.ts";
 *
 * const rows = [
 *   { name: "keep", type: "int", min: 1, doc: "", flag: { name: "keep" } },
 * ] as const;
 * const resolved: ResolvedOf<{ keep?: number }, typeof rows> = { keep: undefined };
 * ```
 */
export type ResolvedOf<O, Rows extends readonly OptionRow[]> = {
  readonly [
    R in Rows[number] as R["type"] extends "object" ? never : R["name"]
  ]: R extends { readonly type: "int" | "size" | "duration" }
    ? R extends { readonly default: unknown } ? number : number | undefined
    : R extends { readonly type: "choice"; readonly check: unknown }
      ? NonNullable<O[R["name"] & keyof O]>
    : R extends { readonly type: "choice"; readonly choices: readonly string[] }
      ? R["choices"][number]
    : R extends { readonly type: "bool" } ? boolean
    : O[R["name"] & keyof O] | undefined;
};

/**
 * How a row's value is read from text (a configuration value, a CLI flag):
 * the vocabulary both readers share.
 *
 * @example Usage
 * ```ts
 * import type { ValueKind } from "./option_table.ts";
 *
 * const kinds: ValueKind[] = ["size", "duration", ["gzip", "none"]];
 * ```
 */
export type ValueKind =
  | "integer"
  | "size"
  | "duration"
  | "boolean"
  | "string"
  | readonly string[];

/**
 * How a row's value is read from text, or `undefined` for a function or an
 * object (which only the API takes).
 *
 * @param row An option row.
 * @returns Its kind.
 *
 * @example Usage
 * ```ts
 * import { valueKindOf } from "./option_table.ts";
 *
 * valueKindOf({ name: "keep", type: "int", min: 1, doc: "", flag: { name: "keep" } }); // "integer"
 * ```
 */
export function valueKindOf(row: OptionRow): ValueKind | undefined {
  switch (row.type) {
    case "int":
      return "integer";
    case "size":
    case "duration":
      return row.type;
    case "choice":
      return row.choices;
    case "bool":
      return "boolean";
    case "string":
      return "string";
    case "function":
    case "object":
      return undefined;
  }
}

/**
 * The keys a table accepts (names and deprecated aliases), for
 * unknown-key checks.
 *
 * @param rows The table.
 * @returns Every accepted key mapped to `true`.
 *
 * @example Usage
 * ```ts
 * import { keysOf } from "./option_table.ts";
 *
 * keysOf([{ name: "keep", type: "int", min: 1, doc: "", flag: { name: "keep" } }]); // { keep: true }
 * ```
 */
export function keysOf(
  rows: readonly OptionRow[],
): Readonly<Record<string, true>> {
  const keys: Record<string, true> = {};
  for (const row of rows) {
    keys[row.name] = true;
    if (row.alias !== undefined) keys[row.alias] = true;
  }
  return keys;
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** A size or duration given as text in the API, as a number. */
function fromText(
  subject: string,
  key: string,
  type: "size" | "duration",
  text: string,
): number {
  try {
    return type === "size" ? parseSize(text) : parseDuration(text);
  } catch {
    throw new TypeError(
      `Cannot create ${subject} as ${key} must be ${
        type === "size"
          ? 'a size such as "16M" or a number of bytes'
          : 'a duration such as "5s" or a number of milliseconds'
      }: current value is ${show(text)}`,
    );
  }
}

/**
 * Checks one value against its row and returns the value to use (the
 * default when `undefined`). Messages name `key`, the name the user gave.
 *
 * @param subject What is being created ("file sink").
 * @param row The option's row.
 * @param key The key the value was given under (the name or its alias).
 * @param value The given value.
 * @param resolved The options resolved before this one.
 * @returns The checked value.
 *
 * @example Usage
 * ```ts
 * import { checkOption } from "./option_table.ts";
 *
 * checkOption("rotating file sink", {
 *   name: "keep", type: "int", min: 1, doc: "", flag: { name: "keep" },
 * }, "keep", 3, {}); // 3
 * ```
 */
export function checkOption(
  subject: string,
  row: OptionRow,
  key: string,
  value: unknown,
  resolved: ResolvedSoFar,
): unknown {
  if (row.check !== undefined) return row.check(subject, key, value, resolved);
  switch (row.type) {
    case "int":
    case "size":
    case "duration": {
      if (
        row.text === true && typeof value === "string" && row.type !== "int"
      ) {
        value = fromText(subject, key, row.type, value);
      }
      const fallback = typeof row.default === "function"
        ? row.default(resolved)
        : row.default;
      if (value === undefined) return fallback;
      const n = validate.integerOption(
        subject,
        key,
        value,
        0,
        row.min,
        row.max,
      );
      const floor = row.atLeast === undefined
        ? undefined
        : resolved[row.atLeast] as number | undefined;
      if (floor !== undefined && n < floor) {
        throw new RangeError(
          `Cannot create ${subject} as ${key} must be >= ${row.atLeast} (${floor}): current value is ${n}`,
        );
      }
      return n;
    }
    case "choice":
      return value === undefined
        ? row.default ?? row.choices[0]
        : validate.choiceOption(subject, key, value, row.choices);
    case "bool":
      return validate.booleanOption(subject, key, value, row.default);
    case "function":
      return validate.functionOption(subject, key, value);
    case "string":
    case "object":
      return value;
  }
}

/**
 * Checks every row of a table against the given options, in table order
 * (a row bounded by a later one, `atLeast`, right after it), and applies
 * the defaults.
 *
 * @param subject What is being created ("file sink").
 * @param rows The table.
 * @param options The given options.
 * @returns Every option by name, checked, with its default applied.
 *
 * @example Usage
 * ```ts
 * import { resolveOptions } from "./option_table.ts";
 *
 * resolveOptions("rotating file sink", [
 *   { name: "keep", type: "int", min: 1, default: 5, doc: "", flag: { name: "keep" } },
 * ], {}); // { keep: 5 }
 * ```
 */
export function resolveOptions(
  subject: string,
  rows: readonly OptionRow[],
  options: object,
): Record<string, unknown> {
  const resolved: ResolvedSoFar = {};
  const given = options as Readonly<Record<string, unknown>>;
  const names = new Set(rows.map((row) => row.name));
  // A row bounded by a later row (`atLeast`) waits for it.
  const waiting = new Map<string, OptionRow[]>();
  const resolve = (row: OptionRow): void => {
    const [key, value] = givenValue(subject, row, given);
    resolved[row.name] = checkOption(subject, row, key, value, resolved);
    const next = waiting.get(row.name);
    waiting.delete(row.name);
    next?.forEach(resolve);
  };
  for (const row of rows) {
    const floor = "atLeast" in row ? row.atLeast : undefined;
    if (
      floor !== undefined && names.has(floor) && !Object.hasOwn(resolved, floor)
    ) {
      waiting.set(floor, [...(waiting.get(floor) ?? []), row]);
    } else {
      resolve(row);
    }
  }
  return resolved;
}
