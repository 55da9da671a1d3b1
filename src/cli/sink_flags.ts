/**
 * The flags every file-writing subcommand shares, and their mapping onto
 * sink options: one flag per sink option, both derived from the file
 * sink's option table.
 *
 * @module
 */
import type { FileSinkOptions } from "../sinks/file_sink.ts";
import { type FlagSpec, type FlagValues, UsageError } from "./args.ts";
import { printError } from "./output.ts";
import { flagsOf, optionByFlagOf } from "./option_flags.ts";
import { fileSinkOptionTable } from "../options/file_options.ts";
import type { Diagnostic, DiagnosticKind } from "../diagnostics.ts";

/** Diagnostics that report routine work: shown only with `--verbose`. */
const notices: ReadonlySet<DiagnosticKind> = new Set<DiagnosticKind>([
  "rotated",
  "deleted",
  "info",
]);

/**
 * Flags for the file sink's options, derived from its option table (rows
 * without a flag are API/config-only; each row says why).
 */
export const sinkFlags: readonly FlagSpec[] = [
  ...flagsOf(fileSinkOptionTable),
  {
    name: "verbose",
    kind: "boolean",
    description: "also report rotations and deleted archives on stderr",
    defaultText: "off",
  },
  {
    name: "quiet",
    kind: "boolean",
    description:
      "report nothing on stderr but the error that decides the exit status",
    defaultText: "off",
  },
];

/**
 * The sink option each sink flag sets (`flush-bytes` → `flushBytes`);
 * `--file-mode` is read as octal text and mapped separately.
 */
export const sinkOptionByFlag: Readonly<Record<string, string>> = (() => {
  const { "file-mode": _octal, ...byFlag } = optionByFlagOf(
    fileSinkOptionTable,
  );
  return byFlag;
})();

/**
 * Maps parsed sink flags onto {@linkcode FileSinkOptions}.
 *
 * @param flags Parsed flag values.
 * @returns Options for `createFileSink()` (diagnostics go to stderr).
 *
 * @example Usage
 * ```ts
 * import { sinkOptionsFromFlags } from "./sink_flags.ts";
 *
 * sinkOptionsFromFlags({ "flush-bytes": 65536 }).flushBytes; // 65536
 * ```
 */
export function sinkOptionsFromFlags(flags: FlagValues): FileSinkOptions {
  const verbose = flags["verbose"] === true;
  const quiet = flags["quiet"] === true;
  if (verbose && quiet) {
    throw new UsageError("logrotor: choose one of --verbose and --quiet");
  }
  const options: Record<string, unknown> = {
    onDiagnostic: (d: Diagnostic) => {
      if (quiet || (!verbose && notices.has(d.kind))) return;
      // The command names the missing Deno flags itself (permissions.ts).
      if (d.message.startsWith("Deno has no permission for this ")) return;
      printError(`logrotor: ${d.target}: ${d.message}\n`);
    },
  };
  for (const [flag, option] of Object.entries(sinkOptionByFlag)) {
    if (flags[flag] !== undefined) options[option] = flags[flag];
  }
  const fileMode = flags["file-mode"];
  if (typeof fileMode === "string") {
    if (!/^0?[0-7]{1,3}$/.test(fileMode)) {
      throw new UsageError(
        `logrotor: --file-mode must be an octal mode from 0 to 777 (e.g. 600, 0640): current value is ${
          JSON.stringify(fileMode)
        }`,
      );
    }
    options["fileMode"] = parseInt(fileMode, 8);
  }
  return options as FileSinkOptions;
}
