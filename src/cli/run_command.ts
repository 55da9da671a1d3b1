/**
 * `logrotor run`: run a command and capture its stdout and stderr into
 * per-app log files, passing its exit status on.
 *
 * @module
 */
import { captureProcess } from "../capture/capture.ts";
import { SpawnError } from "../runtime/spawn_error.ts";
import type { CommandSpec, ParsedArgs } from "./args.ts";
import { UsageError } from "./args.ts";
import { getPlatform } from "../runtime/detect.ts";
import { printError } from "./output.ts";
import { join } from "../file/_path.ts";
import { logFileNeeds, refuseWithoutPermissions } from "./permissions.ts";
import { createSinkFromFlags, rotationFlags } from "./rotation_flags.ts";
import { sinkFlags, sinkOptionsFromFlags } from "./sink_flags.ts";

/** The `run` subcommand's interface. */
export const runSpec: CommandSpec = {
  name: "run",
  summary: "run a command and capture its output into per-app log files",
  usage: "run [--name NAME] [--dir DIR] [options] -- COMMAND [ARGS…]",
  flags: [
    {
      name: "name",
      kind: "string",
      placeholder: "NAME",
      description: "the app name in file names",
      defaultText: "the command's name",
    },
    {
      name: "dir",
      kind: "string",
      placeholder: "DIR",
      description: "where the logs go",
      defaultText: "./logs",
    },
    {
      name: "merge",
      kind: "boolean",
      description: "stdout and stderr into one file NAME.log",
      defaultText: "off",
    },
    {
      name: "timestamps",
      kind: "boolean",
      description: "prefix every line with an ISO 8601 time",
      defaultText: "off",
    },
    {
      name: "kill-after",
      kind: "duration",
      placeholder: "DUR",
      description:
        "send SIGKILL when the command still runs this long after a forwarded SIGTERM/SIGINT (0: never)",
      defaultText: "10s",
    },
    {
      name: "echo",
      kind: "boolean",
      description: "also copy the output to this terminal",
      defaultText: "off",
    },
    ...rotationFlags,
    ...sinkFlags,
  ],
  notes:
    "Writes DIR/NAME.out.log and DIR/NAME.err.log. SIGTERM, SIGINT and SIGHUP are\nforwarded to the command; a SIGTERM or SIGINT it ignores is followed by\nSIGKILL after --kill-after. logrotor exits with the command's status once\nevery line is on disk. On Linux (with setpriv) the command is killed if\nlogrotor itself dies, even by SIGKILL.",
};

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * Runs `logrotor run`.
 *
 * @param args Parsed arguments; the command follows `--`.
 * @returns The command's exit status.
 *
 * @example Usage
 * ```ts
 * import { parseArgs } from "./args.ts";
 * import { runRun, runSpec } from "./run_command.ts";
 *
 * await runRun(parseArgs(runSpec, ["--", "echo", "hi"]));
 * ```
 */
export async function runRun(args: ParsedArgs): Promise<number> {
  const [command, ...commandArgs] = [...args.positionals, ...args.rest];
  if (command === undefined) {
    throw new UsageError("logrotor run: a command to run is required after --");
  }
  const sinkOptions = sinkOptionsFromFlags(args.flags);
  const dir = (args.flags["dir"] as string | undefined) ?? "./logs";
  if (
    refuseWithoutPermissions("run", [
      { kind: "run", value: command },
      ...logFileNeeds(join(dir, "app.log")),
    ])
  ) return 1;
  const echo = args.flags["echo"] === true;
  try {
    const result = await captureProcess({
      command,
      args: commandArgs,
      ...(args.flags["name"] === undefined
        ? {}
        : { name: args.flags["name"] as string }),
      dir,
      files: args.flags["merge"] === true ? "merged" : "separate",
      timestamps: args.flags["timestamps"] === true,
      ...(args.flags["kill-after"] === undefined
        ? {}
        : { killAfterMs: args.flags["kill-after"] as number }),
      ...(args.flags["max-line"] === undefined
        ? {}
        : { maxLineBytes: args.flags["max-line"] as number }),
      onKill: ({ app, signal, afterMs }) =>
        printError(
          `logrotor run: ${app} did not exit ${
            formatMs(afterMs)
          } after ${signal}; sent SIGKILL\n`,
        ),
      createSink: (path) =>
        createSinkFromFlags("run", path, args.flags, sinkOptions),
      ...(echo
        ? {
          onLines: ({ stream, bytes }) =>
            stream === "stdout"
              ? getPlatform().writeStdout(bytes)
              : getPlatform().writeStderr(bytes),
        }
        : {}),
    });
    const { stdout, stderr } = result.cutLines;
    if (stdout + stderr > 0) {
      printError(
        `logrotor run: ${stdout + stderr} long lines cut at --max-line ${
          sinkOptions.maxLineBytes ?? 1024 * 1024
        } bytes (stdout ${stdout}, stderr ${stderr})\n`,
      );
    }
    return result.exitCode;
  } catch (err) {
    if (err instanceof SpawnError) {
      printError(`logrotor run: ${err.message}\n`);
      return 127;
    }
    throw err;
  }
}
