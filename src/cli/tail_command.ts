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
  summary: "print a log's last lines, across rotated and gzipped files",
  usage: "tail [-n N] [-f] FILE",
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
    "Exit status: 0 when every file was read; 1 when FILE cannot be read (one line\nnaming it) or an archive was skipped (a corrupt .gz: a warning names it, the\nlines of every other file are printed); 2 for a usage error. Memory stays\nbounded by the lines asked for, whatever the files' sizes.",
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
  const [file, ...extra] = args.positionals;
  if (file === undefined || extra.length > 0) {
    throw new UsageError("logrotor tail: exactly one FILE is required");
  }
  const count = (args.flags["lines"] as number | undefined) ?? 10;
  let skipped = 0;
  const onDiagnostic = (d: Diagnostic) => {
    skipped++;
    printError(`logrotor tail: warning: ${d.target}: ${d.message}\n`);
  };
  try {
    if (args.flags["follow"] !== true) {
      const lines = await tailLines(file, count, { onDiagnostic });
      if (lines.length > 0) print(lines.join("\n") + "\n");
      return skipped > 0 ? 1 : 0;
    }
    const interval = args.flags["interval"] as number | undefined;
    // One follower that starts with the last lines: nothing written
    // between printing them and following is missed.
    const follower = followLines(file, {
      initialLines: count,
      onDiagnostic,
      ...(interval === undefined ? {} : { intervalMs: interval }),
    });
    for await (const chunk of follower) print(chunk);
    return skipped > 0 ? 1 : 0;
  } catch (err) {
    if (!(err instanceof LogrotorError)) throw err;
    printError(`logrotor tail: ${err.message}\n`);
    return 1;
  }
}
