/**
 * The README's CLI flag reference, generated from the flag specs (a test
 * fails when the README and the specs disagree; `deno run -A
 * scripts/cli_flags_readme.ts` rewrites it).
 *
 * @module
 */
import { rotatingSinkKeys } from "../sinks/rotating_file_sink.ts";
import { rotatingSinkOptionTable } from "../options/file_options.ts";
import type { CommandSpec, FlagSpec } from "./args.ts";
import { rotationOptionByFlag } from "./rotation_flags.ts";
import { sinkOptionByFlag } from "./sink_flags.ts";

/** The README markers around the generated reference. */
export const flagReferenceMarkers = {
  start: "<!-- cli-flags:start (generated from src/cli specs) -->",
  end: "<!-- cli-flags:end -->",
} as const;

function value(flag: FlagSpec): string {
  if (flag.kind === "boolean") return "";
  if (Array.isArray(flag.kind)) return flag.kind.join(" \\| ");
  return flag.placeholder ?? String(flag.kind).toUpperCase();
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/**
 * The sink options no flag sets (API only).
 *
 * @returns Their names, sorted.
 *
 * @example Usage
 * ```ts
 * import { apiOnlyOptions } from "./flag_reference.ts";
 *
 * apiOnlyOptions().includes("now"); // true
 * ```
 */
export function apiOnlyOptions(): string[] {
  const covered = new Set([
    ...Object.values(sinkOptionByFlag),
    ...Object.values(rotationOptionByFlag),
    "fileMode",
  ]);
  // A deprecated alias (maxBytes for maxSize) has its new name's flag.
  const aliases = new Set<string>(
    rotatingSinkOptionTable.flatMap((row) =>
      "alias" in row && typeof row.alias === "string" ? [row.alias] : []
    ),
  );
  return Object.keys(rotatingSinkKeys).filter((key) =>
    !covered.has(key) && !aliases.has(key)
  ).sort();
}

/**
 * The Markdown reference of every subcommand's flags with its default.
 *
 * @param specs The subcommands.
 * @returns The Markdown, between {@linkcode flagReferenceMarkers}.
 *
 * @example Usage
 * ```ts
 * import { commandSpecs } from "./command_specs.ts";
 * import { flagReference } from "./flag_reference.ts";
 *
 * flagReference(commandSpecs).startsWith("<!-- cli-flags:start"); // true
 * ```
 */
export function flagReference(specs: readonly CommandSpec[]): string {
  const lines: string[] = [flagReferenceMarkers.start, ""];
  for (const spec of specs) {
    lines.push(
      `**\`logrotor ${spec.usage}\`** — ${spec.summary}`,
      "",
      "| flag | value | default | what it does |",
      "| ---- | ----- | ------- | ------------ |",
    );
    for (const flag of spec.flags) {
      const name = `${
        flag.alias ? `\`-${flag.alias}\`, ` : ""
      }\`--${flag.name}\``;
      lines.push(
        `| ${name} | ${value(flag)} | ${cell(flag.defaultText ?? "")} | ${
          cell(flag.description)
        } |`,
      );
    }
    lines.push("");
  }
  lines.push(
    `Sink options without a flag (API only): ${
      apiOnlyOptions().map((o) => `\`${o}\``).join(", ")
    }.`,
    "",
    flagReferenceMarkers.end,
  );
  return lines.join("\n");
}
