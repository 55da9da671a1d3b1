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

/** Resolved values so far, for defaults and bounds that depend on them. */
export type ResolvedSoFar = Partial<Record<string, unknown>>;

/**
 * How an option is given on the command line: the flag's name (without
 * dashes), or `{ none }` with the reason it is API-only (a function, an
 * object, or a flag of another shape). `kind`, `choices`, `doc` and
 * `placeholder` override what the row says, for a flag that reads its value
 * differently (an octal `--file-mode 600`).
 *
 * @example Usage
 * ```ts
 * import type { OptionFlag } from "./option_table.ts";
 *
 * const flag: OptionFlag = { name: "flush-bytes", doc: "flush once this much is buffered" };
 * const none: OptionFlag = { none: "a function" };
 * ```
 */
export type OptionFlag =
  | {
    readonly name: string;
    /** The help line (default: the row's doc). */
    readonly doc?: string;
    /** The flag reads its value as this instead of the row's type. */
    readonly kind?: "string";
    /** The values the flag takes (a subset of the row's choices). */
    readonly choices?: readonly string[];
    /** The value's placeholder in help (`OCTAL`). */
    readonly placeholder?: string;
    /** The default as shown in help, when the row's default is not it. */
    readonly defaultText?: string;
  }
  | { readonly none: string };

/** What every row has, whatever its type. */
interface RowBase {
  /** The option's name, in the API and (unless `config` says) in config. */
  readonly name: string;
  /** One line of documentation. */
  readonly doc: string;
  /** The CLI flag, or why there is none. */
  readonly flag: OptionFlag;
  /**
   * `false`: the option cannot be given in a configuration object (a
   * function, an object, or one set differently there — the reason is in
   * `flag.none` or the row's doc).
   */
  readonly config?: false;
  /** A deprecated old name of this option, accepted for one release. */
  readonly alias?: string;
  /**
   * A deprecated old value, accepted for one release, and the value to use
   * instead (`compress: false` → `"none"`).
   */
  readonly deprecatedValue?: {
    readonly value: unknown;
    readonly use: string;
  };
  /**
   * A check that replaces the one derived from the type (a message of
   * another shape); returns the value to use.
   */
  readonly check?: (
    subject: string,
    key: string,
    value: unknown,
    resolved: ResolvedSoFar,
  ) => unknown;
}

/**
 * One option: its name, its type with range or choices, its default, its
 * doc, its CLI flag and its config key. Sizes, durations and integers are
 * whole numbers in the API (`text: true` also accepts `"16M"`/`"5s"` there);
 * configuration and the CLI accept the text forms for every size and
 * duration.
 *
 * @example Usage
 * ```ts
 * import type { OptionRow } from "./option_table.ts";
 *
 * const row: OptionRow = {
 *   name: "flushIntervalMs",
 *   type: "duration",
 *   min: 0,
 *   max: 2 ** 31 - 1,
 *   default: 100,
 *   doc: "Flush buffered lines at most this long after they were written.",
 *   flag: { name: "flush-interval" },
 * };
 * ```
 */
export type OptionRow =
  & RowBase
  & (
    | {
      readonly type: "int" | "size" | "duration";
      readonly min: number;
      readonly max?: number;
      /** A number, derived from the options resolved before, or none (`undefined`). */
      readonly default?: number | ((resolved: ResolvedSoFar) => number);
      /** Another option this one must not be below. */
      readonly atLeast?: string;
      /** Also accept text (`"16M"`, `"5s"`) in the API. */
      readonly text?: boolean;
    }
    | {
      readonly type: "choice";
      readonly choices: readonly [string, ...string[]];
      /** The default (first choice when not given). */
      readonly default?: string;
    }
    | { readonly type: "bool"; readonly default: boolean }
    | {
      readonly type: "string" | "function" | "object";
      /** The default as documented (applied by the sink, not here). */
      readonly defaultText?: string;
    }
  );

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
 * import { givenValue } from "./option_table.ts";
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
 * import { deprecationsIn } from "./option_table.ts";
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
