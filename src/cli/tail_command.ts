/**
 * `logrotor tail`: the last lines of a log across its rotated and gzipped
 * archives, and optionally following it live.
 *
 * @module
 */
import { followLines, tailLines } from "../capture/tail.ts";
import type { CommandSpec, ParsedArgs } from "./args.ts";
import { UsageError } from "./args.ts";
import { print } from "./output.ts";

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
};

/**
 * Runs `logrotor tail`.
 *
 * @param args Parsed arguments; the file is the positional argument.
 * @returns The exit status.
 *
 * @example Usage
 * ```ts ignore
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
  const lines = await tailLines(file, count);
  if (lines.length > 0) print(lines.join("\n") + "\n");
  if (args.flags["follow"] !== true) return 0;
  const interval = args.flags["interval"] as number | undefined;
  const follower = followLines(
    file,
    interval === undefined ? {} : { intervalMs: interval },
  );
  for await (const chunk of follower) print(chunk);
  return 0;
}
