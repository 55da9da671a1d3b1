/**
 * `logrotor tail`: the last lines of a log across its rotated and gzipped
 * archives, and optionally following it live.
 *
 * @module
 */
import { followLines } from "../capture/follow_lines.ts";
import { tailLines } from "../capture/tail_lines.ts";
import type { Diagnostic } from "../diagnostics.ts";
import { LogrotorError } from "../errors.ts";
import type { CommandSpec, ParsedArgs } from "./args.ts";
import { UsageError } from "./args.ts";
import { print, printError } from "./output.ts";

/** The `tail` subcommand's interface. */
export const tailSpec: CommandSpec = {
  name: "tail",
  summary:
    "print the last lines of logs, across rotated and gzipped files (==> FILE <== headers for several)",
  usage: "tail [-n N] [-f] FILE…",
  flags: [
    {
      name: "lines",
      alias: "n",
      kind: "integer",
      placeholder: "N",
      description: "how many lines",
      defaultText: "10",
    },
    {
      name: "follow",
      alias: "f",
      kind: "boolean",
      description: "keep printing new lines, across rotations, until stopped",
      defaultText: "off",
    },
    {
      name: "interval",
      kind: "duration",
      placeholder: "DUR",
      description: "how often --follow checks the file",
      defaultText: "250ms",
    },
  ],
  notes:
    "Exit status: 0 when every file was read; 1 when a FILE cannot be read (one line\nnaming it; the other files are still printed) or an archive was skipped (a corrupt .gz: a warning names it, the\nlines of every other file are printed); 2 for a usage error. Memory stays\nbounded by the lines asked for, whatever the files' sizes.",
};

/**
 * Runs `logrotor tail`: 0 when every file was read, 1 when the log cannot
 * be read (one line naming it) or an archive was skipped (a warning naming
 * it; the other lines are printed), 2 for a usage error.
 *
 * @param args Parsed arguments; the file is the positional argument.
 * @returns The exit status.
 *
 * @example Usage
 * ```ts
 * import { parseArgs } from "./args.ts";
 * import { runTail, tailSpec } from "./tail_command.ts";
 *
 * await runTail(parseArgs(tailSpec, ["-n", "5", "logs/app.log"]));
 * ```
 */
export async function runTail(args: ParsedArgs): Promise<number> {
  const files = args.positionals;
  if (files.length === 0) {
    throw new UsageError("logrotor tail: at least one FILE is required");
  }
  const count = (args.flags["lines"] as number | undefined) ?? 10;
  const headers = files.length > 1;
  let failed = 0;
  const onDiagnostic = (d: Diagnostic) => {
    failed++;
    printError(`logrotor tail: warning: ${d.target}: ${d.message}\n`);
  };
  const cannotRead = (err: unknown): void => {
    if (!(err instanceof LogrotorError)) throw err;
    failed++;
    printError(`logrotor tail: ${err.message}\n`);
  };
  // Like tail: a `==> FILE <==` header before each file's lines when there
  // are several, a blank line between sections.
  let shown: string | undefined;
  let sections = 0;
  const printFrom = (file: string, text: string): void => {
    if (headers && shown !== file) {
      print(`${sections++ > 0 ? "\n" : ""}==> ${file} <==\n`);
    }
    shown = file;
    print(text);
  };
  if (args.flags["follow"] !== true) {
    for (const file of files) {
      try {
        const lines = await tailLines(file, count, { onDiagnostic });
        printFrom(file, lines.length > 0 ? lines.join("\n") + "\n" : "");
      } catch (err) {
        cannotRead(err);
      }
    }
    return failed > 0 ? 1 : 0;
  }
  const interval = args.flags["interval"] as number | undefined;
  // One follower per file that starts with the last lines: nothing written
  // between printing them and following is missed.
  await Promise.all(files.map(async (file) => {
    try {
      const follower = followLines(file, {
        initialLines: count,
        onDiagnostic,
        ...(interval === undefined ? {} : { intervalMs: interval }),
      });
      for await (const chunk of follower) printFrom(file, chunk);
    } catch (err) {
      cannotRead(err);
    }
  }));
  return failed > 0 ? 1 : 0;
}
