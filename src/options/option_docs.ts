/**
 * The option reference, derived from option tables: each row's default as
 * people read it (`256K`, `5s`, `block`, `on`) and a Markdown table per sink
 * family (option, type, default, CLI flag, config, doc) for the README.
 *
 * @module
 */
import type { OptionRow } from "./option_row.ts";

/** A size in help: 262144 → `256K`. */
function sizeText(bytes: number): string {
  for (
    const [unit, factor] of [["G", 1024 ** 3], ["M", 1024 ** 2], [
      "K",
      1024,
    ]] as const
  ) {
    if (bytes >= factor && bytes % factor === 0) {
      return `${bytes / factor}${unit}`;
    }
  }
  return String(bytes);
}

/** A duration in help: 5000 → `5s`, 100 → `100ms`. */
function durationText(ms: number): string {
  for (
    const [unit, factor] of [["h", 3_600_000], ["m", 60_000], [
      "s",
      1000,
    ]] as const
  ) {
    if (ms >= factor && ms % factor === 0) return `${ms / factor}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * The default of a row as help shows it (`256K`, `5s`, `block`, `on`), or
 * `undefined` when there is none to show.
 *
 * @param row An option row.
 * @param where `"help"` (a flag's own default text wins) or `"docs"`.
 * @returns The text.
 *
 * @example Usage
 * ```ts
 * import { defaultText } from "./option_docs.ts";
 *
 * defaultText({
 *   name: "flushBytes", type: "size", min: 1, default: 262144, doc: "",
 *   flag: { name: "flush-bytes" },
 * }); // "256K"
 * ```
 */
export function defaultText(
  row: OptionRow,
  where: "help" | "docs" = "help",
): string | undefined {
  const shown = "name" in row.flag ? row.flag.defaultText : undefined;
  // "": help shows no default (the flag's values exclude the row's default)
  if (shown !== undefined && (shown !== "" || where === "help")) {
    return shown === "" ? undefined : shown;
  }
  switch (row.type) {
    case "int":
    case "size":
    case "duration":
      if (typeof row.default !== "number") return undefined;
      return row.type === "size"
        ? sizeText(row.default)
        : row.type === "duration"
        ? durationText(row.default)
        : String(row.default);
    case "choice":
      return row.default ?? row.choices[0];
    case "bool":
      return row.default ? "on" : "off";
    case "string":
    case "function":
    case "object":
      return "defaultText" in row ? row.defaultText : undefined;
  }
}

const typeText: Readonly<Record<OptionRow["type"], string>> = {
  int: "integer",
  size: 'size (bytes; config: `"64K"`)',
  duration: 'duration (ms; config: `"5s"`)',
  choice: "",
  bool: "boolean",
  string: "string",
  function: "function",
  object: "object",
};

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

function rowLine(row: OptionRow): string {
  const type = row.type === "choice"
    ? row.choices.map((c) => `\`"${c}"\``).join(" \\| ")
    : "text" in row && row.text === true
    ? `${row.type} (also text: \`"16M"\`)`
    : typeText[row.type];
  const shown = defaultText(row, "docs");
  const flag = "name" in row.flag
    ? `\`--${row.flag.name}\``
    : `— (${cell(row.flag.none)})`;
  const config = row.config === false ? "—" : "yes";
  const name = row.alias === undefined
    ? `\`${row.name}\``
    : `\`${row.name}\` (deprecated alias \`${row.alias}\`)`;
  return `| ${name} | ${type} | ${
    shown === undefined ? "—" : `\`${shown}\``
  } | ${flag} | ${config} | ${cell(row.doc)} |`;
}

/**
 * One Markdown section per table: a heading and a table with a line per
 * option.
 *
 * @param sections Headings and their option tables.
 * @returns Markdown.
 *
 * @example Usage
 * ```ts
 * import { optionReference } from "./option_docs.ts";
 *
 * optionReference([{
 *   title: "Rotation",
 *   rows: [{ name: "keep", type: "int", min: 1, doc: "Archives kept.", flag: { name: "keep" } }],
 * }]).includes("| `keep` | integer | — | `--keep` | yes | Archives kept. |"); // true
 * ```
 */
export function optionReference(
  sections: readonly {
    readonly title: string;
    readonly rows: readonly OptionRow[];
  }[],
): string {
  return sections.map(({ title, rows }) =>
    [
      `### ${title}`,
      "",
      "| option | type | default | CLI flag | config | |",
      "| --- | --- | --- | --- | --- | --- |",
      ...rows.map(rowLine),
      "",
    ].join("\n")
  ).join("\n");
}
