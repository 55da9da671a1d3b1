/**
 * The shape of one row of an option table: name, type, range or choices,
 * default, doc, CLI flag, config key, deprecated alias and an optional
 * custom check.
 *
 * @module
 */

/**
 * Resolved values so far, for defaults and bounds that depend on them.
 *
 * @example Usage
 * ```ts
 * import type { ResolvedSoFar } from "./option_row.ts";
 *
 * const soFar: ResolvedSoFar = { flushBytes: 65536 };
 * ```
 */
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
 * import type { OptionFlag } from "./option_row.ts";
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
 * import type { OptionRow } from "./option_row.ts";
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
 * `true` when every key in `Keys` is the name or the deprecated alias of a
 * row of `Rows`, else `never`: assigning `true` to it fails to type-check
 * when an option has no row.
 *
 * @example Usage
 * ```ts
 * import type { EveryKeyHasARow } from "./option_row.ts";
 *
 * const rows = [
 *   { name: "keep", type: "int", min: 1, doc: "", flag: { name: "keep" } },
 * ] as const;
 * const covered: EveryKeyHasARow<"keep", typeof rows> = true;
 * ```
 */
export type EveryKeyHasARow<
  Keys extends PropertyKey,
  Rows extends readonly OptionRow[],
> = [Keys] extends [
  | Rows[number]["name"]
  | (Rows[number] extends infer R
    ? R extends { readonly alias: infer A } ? A : never
    : never),
] ? true
  : never;
