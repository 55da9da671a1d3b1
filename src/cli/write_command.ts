/**
 * `logrotor write`: standard input to a log file, every line on disk before
 * it exits 0.
 *
 * @module
 */
import { getPlatform } from "../runtime/detect.ts";
import type { CommandSpec, ParsedArgs } from "./args.ts";
import { printError } from "./output.ts";
import {
  createSinkFromFlags,
  logPathFromFlags,
  rotationFlags,
} from "./rotation_flags.ts";
import { sinkFlags, sinkOptionsFromFlags } from "./sink_flags.ts";

/** The `write` subcommand's interface. */
export const writeSpec: CommandSpec = {
  name: "write",
  summary: "read standard input to its end and append it to a log file",
  usage: "write [--file PATH | --dir DIR --name NAME] [options] < input",
  flags: [
    {
      name: "file",
      kind: "string",
      placeholder: "PATH",
      description: "the log file",
      defaultText: "./logs/app.log",
    },
    {
      name: "dir",
      kind: "string",
      placeholder: "DIR",
      description: "the log directory (with --name)",
      defaultText: "./logs",
    },
    {
      name: "name",
      kind: "string",
      placeholder: "NAME",
      description: "the log file's name in --dir (NAME.log)",
      defaultText: "app",
    },
    ...rotationFlags,
    ...sinkFlags,
  ],
  notes:
    "Sizes: 64K, 10M, 1G. Durations: 200ms, 5s, 1h, 14d.\nSIGHUP reopens the file (after logrotate moved it).\nExits 0 once every line is in the file (or, while the disk was full, on\nthe fallback); 1 if lines were dropped.",
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
  const path = logPathFromFlags("write", args.flags);
  const sink = createSinkFromFlags(
    "write",
    path,
    args.flags,
    sinkOptionsFromFlags(args.flags),
  );
  const platform = getPlatform();
  const stopReopening = platform.onHangup(() => sink.reopen());
  try {
    await platform.stdin().pipeTo(sink.writable);
  } catch (err) {
    await sink.close();
    printError(`logrotor write: reading standard input failed: ${err}\n`);
    return 1;
  } finally {
    stopReopening();
  }
  const status = sink.status();
  if (status.droppedLines > 0) {
    printError(
      `logrotor write: ${status.droppedLines} lines could not be written to ${path} (last error: ${status.lastError})\n`,
    );
    return 1;
  }
  return 0;
}
