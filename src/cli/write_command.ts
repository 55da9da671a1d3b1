/**
 * `logrotor write`: standard input to a log file, every line on disk before
 * it exits 0.
 *
 * @module
 */
import { getPlatform } from "../runtime/detect.ts";
import type { CommandSpec, FlagValues, ParsedArgs } from "./args.ts";
import { UsageError } from "./args.ts";
import { checkDestination } from "./destination.ts";
import { printError } from "./output.ts";
import { logFileNeeds, refuseWithoutPermissions } from "./permissions.ts";
import {
  formatStamp,
  type StampFormat,
  stampLines,
  teeChunks,
} from "./line_stamp.ts";
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
  usage: "write [FILE | --file FILE | --dir DIR --name NAME] [options] < input",
  flags: [
    {
      name: "file",
      kind: "string",
      placeholder: "FILE",
      description: "the log file (or give FILE without --file, like tee)",
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
      description:
        "the log file's name in --dir (NAME.log): one file name of A-Z a-z 0-9 . _ - @ +",
      defaultText: "app",
    },
    {
      name: "timestamp",
      kind: ["iso", "tai64n"],
      description:
        "prefix every line with the time it was read: ISO 8601 or TAI64N (like svlogd -tt)",
      defaultText: "none",
    },
    {
      name: "echo",
      kind: "boolean",
      description: "also copy standard input to standard output, like tee",
      defaultText: "off",
    },
    ...rotationFlags,
    ...sinkFlags,
  ],
  notes:
    "Sizes: 64K, 10M, 1G. Durations: 200ms, 5s, 1h, 14d.\nSIGHUP reopens the file (after logrotate moved it); one that arrives while\nit finishes is ignored.\n\nExit status:\n  0  every line is in the file (or, while the disk was full, on the fallback)\n  1  the destination cannot be used (checked before reading any input: a\n     missing directory with --no-mkdir, ENOTDIR, EACCES, EROFS, a missing\n     Deno --allow-read/--allow-write), or lines were dropped\n  2  a usage error (bad flag, value or --name)",
};

/** `write FILE` is `write --file FILE` (like `tee FILE`). */
function withPositionalFile(args: ParsedArgs): FlagValues {
  const files = [...args.positionals, ...args.rest];
  if (files.length === 0) return args.flags;
  if (files.length > 1) {
    throw new UsageError(
      `logrotor write: one log file at most: current value is ${
        files.map((f) => JSON.stringify(f)).join(" ")
      }`,
    );
  }
  const given = ["file", "dir", "name"].filter((f) =>
    args.flags[f] !== undefined
  );
  if (given.length > 0) {
    throw new UsageError(
      `logrotor write: give the log file either as FILE or with --${
        given[0]
      }, not both`,
    );
  }
  return { ...args.flags, file: files[0] as string };
}

/**
 * Runs `logrotor write`.
 *
 * @param args Parsed arguments.
 * @returns The exit status.
 *
 * @example Usage
 * ```ts
 * import { parseArgs } from "./args.ts";
 * import { runWrite, writeSpec } from "./write_command.ts";
 *
 * const status = await runWrite(parseArgs(writeSpec, ["--file", "app.log"]));
 * ```
 */
export async function runWrite(args: ParsedArgs): Promise<number> {
  const path = logPathFromFlags("write", withPositionalFile(args));
  const options = sinkOptionsFromFlags(args.flags);
  const platform = getPlatform();
  // Built first: it validates every option and opens nothing yet.
  const sink = createSinkFromFlags("write", path, args.flags, options);
  if (
    refuseWithoutPermissions(
      "write",
      logFileNeeds(path),
    )
  ) {
    await sink.close();
    return 1;
  }
  const problem = checkDestination(platform.fs, path, {
    mkdir: options.mkdir ?? true,
    variants: (options.onLocked ?? "numbered") === "numbered",
    pid: platform.pid,
  });
  if (problem !== undefined) {
    await sink.close();
    printError(`logrotor write: ${problem}\n`);
    return 1;
  }
  // Installed until the process exits: a SIGHUP during shutdown is a
  // reopen request for a closed sink (a no-op), never a reason to die with
  // 129. Removing it would give SIGHUP back its default action (terminate)
  // for the last moments; main.ts exits explicitly while it is installed.
  platform.onHangup(() => sink.reopen());
  let input = platform.stdin();
  if (args.flags["echo"] === true) {
    input = input.pipeThrough(
      teeChunks((chunk) => platform.writeStdout(chunk)),
    );
  }
  const stamp = args.flags["timestamp"] as StampFormat | undefined;
  if (stamp !== undefined) {
    input = input.pipeThrough(
      stampLines(() => formatStamp(stamp, platform.now())),
    );
  }
  try {
    await input.pipeTo(sink.writable);
    await sink.close();
  } catch (err) {
    await sink.close();
    printError(`logrotor write: reading standard input failed: ${err}\n`);
    return 1;
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
