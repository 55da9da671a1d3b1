/**
 * `logrotor write`: standard input to a log file, every line on disk before
 * it exits 0.
 *
 * @module
 */
import { createFileSink } from "../sinks/file_sink.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { CommandSpec, ParsedArgs } from "./args.ts";
import { printError } from "./output.ts";
import { sinkFlags, sinkOptionsFromFlags } from "./sink_flags.ts";

/** The `write` subcommand's interface. */
export const writeSpec: CommandSpec = {
  name: "write",
  summary: "read standard input to its end and append it to a log file",
  usage: "write [--file PATH] [options] < input",
  flags: [
    {
      name: "file",
      kind: "string",
      placeholder: "PATH",
      description: "the log file",
      defaultText: "./logs/app.log",
    },
    ...sinkFlags,
  ],
  notes:
    "Sizes: 64K, 10M, 1G. Durations: 200ms, 5s, 1h, 14d.\nExits 0 once every line is on disk; 1 if lines were dropped or lost.",
};

/**
 * Runs `logrotor write`.
 *
 * @param args Parsed arguments.
 * @returns The exit status.
 *
 * @example Usage
 * ```ts ignore
 * import { parseArgs } from "./args.ts";
 * import { runWrite, writeSpec } from "./write_command.ts";
 *
 * const status = await runWrite(parseArgs(writeSpec, ["--file", "app.log"]));
 * ```
 */
export async function runWrite(args: ParsedArgs): Promise<number> {
  const path = (args.flags["file"] as string | undefined) ?? "./logs/app.log";
  const sink = createFileSink(path, sinkOptionsFromFlags(args.flags));
  try {
    await getPlatform().stdin().pipeTo(sink.writable);
  } catch (err) {
    await sink.close();
    printError(`logrotor write: reading standard input failed: ${err}\n`);
    return 1;
  }
  const stats = sink.stats();
  if (stats.droppedLines > 0) {
    printError(
      `logrotor write: ${stats.droppedLines} lines could not be written to ${path} (last error: ${stats.lastError})\n`,
    );
    return 1;
  }
  return 0;
}
