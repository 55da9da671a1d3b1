/**
 * CLI flags derived from option tables: each row with a flag becomes a
 * {@linkcode FlagSpec} (name, how the value is read, help line with the
 * default), and the flag → option mapping comes from the same rows.
 *
 * @module
 */
import type { OptionRow } from "../options/option_row.ts";
import { valueKindOf } from "../options/option_table.ts";
import { defaultText } from "../options/option_docs.ts";
import type { FlagKind, FlagSpec } from "./args.ts";

const placeholders: Readonly<Record<string, string>> = {
  int: "N",
  size: "SIZE",
  duration: "DUR",
  string: "TEXT",
};

function kindOf(
  row: OptionRow,
  flag: { kind?: "string"; choices?: readonly string[] },
): FlagKind {
  return flag.kind ?? flag.choices ?? valueKindOf(row) ?? "string";
}

/** The help line: the flag's own, else the row's doc in CLI style. */
function helpLine(row: OptionRow, doc: string | undefined): string {
  if (doc !== undefined) return doc;
  const text = row.doc.replace(/\.$/, "");
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The flags of a table's rows that have one, in table order.
 *
 * @param rows An option table.
 * @returns One {@linkcode FlagSpec} per row with a flag.
 *
 * @example Usage
 * ```ts
 * import { flagsOf } from "./option_flags.ts";
 *
 * flagsOf([{
 *   name: "keep", type: "int", min: 1, doc: "Keep at most this many archives.",
 *   flag: { name: "keep" },
 * }])[0]?.name; // "keep"
 * ```
 */
export function flagsOf(rows: readonly OptionRow[]): FlagSpec[] {
  const specs: FlagSpec[] = [];
  for (const row of rows) {
    const flag = row.flag;
    if (!("name" in flag)) continue;
    const kind = kindOf(row, flag);
    const shown = defaultText(row);
    const placeholder = flag.placeholder ??
      (typeof kind === "string" ? placeholders[row.type] : undefined);
    specs.push({
      name: flag.name,
      kind,
      description: helpLine(row, flag.doc),
      ...(shown === undefined ? {} : { defaultText: shown }),
      ...(placeholder === undefined || kind === "boolean"
        ? {}
        : { placeholder }),
    });
  }
  return specs;
}

/**
 * The option each flag of a table sets (`flush-bytes` → `flushBytes`).
 *
 * @param rows An option table.
 * @returns Option names by flag name.
 *
 * @example Usage
 * ```ts
 * import { optionByFlagOf } from "./option_flags.ts";
 *
 * optionByFlagOf([{
 *   name: "maxAgeMs", type: "duration", min: 1, doc: "", flag: { name: "max-age" },
 * }]); // { "max-age": "maxAgeMs" }
 * ```
 */
export function optionByFlagOf(
  rows: readonly OptionRow[],
): Record<string, string> {
  const byFlag: Record<string, string> = {};
  for (const row of rows) {
    if ("name" in row.flag) byFlag[row.flag.name] = row.name;
  }
  return byFlag;
}
