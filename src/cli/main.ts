#!/usr/bin/env node
/**
 * The `logrotor` command: `logrotor <command> [options]`.
 *
 * @module
 */
import { describeError } from "../errors.ts";
import { isPermissionError } from "../runtime/deno_permissions.ts";
import { getPlatform } from "../runtime/detect.ts";
import {
  type CommandSpec,
  parseArgs,
  type ParsedArgs,
  UsageError,
} from "./args.ts";
import { formatHelp } from "./args.ts";
import { version } from "../version.ts";
import { demoSpec, runDemo } from "./demo_command.ts";
import { flagMessage } from "./flag_errors.ts";
import { print, printError } from "./output.ts";
import { runRun, runSpec } from "./run_command.ts";
import { runShip, shipSpec } from "./ship_command.ts";
import { runTail, tailSpec } from "./tail_command.ts";
import { closest } from "./suggest.ts";
import { runWrite, writeSpec } from "./write_command.ts";

interface Command {
  readonly spec: CommandSpec;
  readonly run: (args: ParsedArgs) => Promise<number>;
}

const commands: readonly Command[] = [
  { spec: writeSpec, run: runWrite },
  { spec: runSpec, run: runRun },
  { spec: tailSpec, run: runTail },
  { spec: shipSpec, run: runShip },
  { spec: demoSpec, run: runDemo },
];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.spec.name.length)) + 2;
  return [
    "logrotor: log files that never lose a line",
    "",
    "Usage: logrotor <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.spec.name.padEnd(width)}${c.spec.summary}`),
    "",
    "Run `logrotor <command> --help` for a command's options,",
    "`logrotor --version` for the version. Exit status 2 means a usage error.",
  ].join("\n") + "\n";
}

/**
 * Runs the CLI with the given arguments.
 *
 * @param argv The arguments after `logrotor`.
 * @returns The exit status.
 *
 * @example Usage
 * ```ts
 * import { main } from "./main.ts";
 *
 * const status = await main(["demo", "--duration", "1s"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error: the usage goes to stderr, status 2.
    printError(overview());
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    print(overview());
    return 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    print(`logrotor ${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.spec.name === name);
  if (!command) {
    const names = commands.map((c) => c.spec.name);
    const guess = closest(name.replace(/^-+/, ""), [
      ...names,
      "help",
      "version",
    ]);
    const hint = guess === undefined
      ? ""
      : `, did you mean ${
        guess === "help" || guess === "version" ? `--${guess}` : guess
      }?`;
    printError(
      `logrotor: unknown command ${JSON.stringify(name)}${hint} (commands: ${
        names.join(", ")
      })\n`,
    );
    return 2;
  }
  try {
    const args = parseArgs(command.spec, rest);
    if (args.help) {
      print(formatHelp(command.spec));
      return 0;
    }
    return await command.run(args);
  } catch (err) {
    if (isPermissionError(err)) {
      // A Deno permission a command did not check for: one line, no trace.
      printError(`logrotor ${command.spec.name}: ${describeError(err)}\n`);
      return 1;
    }
    if (
      err instanceof UsageError || err instanceof TypeError ||
      err instanceof RangeError
    ) {
      printError(`${flagMessage(command.spec.name, err.message)}\n`);
      return 2;
    }
    throw err;
  }
}

const platform = getPlatform();
// Exit explicitly rather than by running out of work: on Node and Deno a
// natural end first removes the signal listeners, so a SIGHUP arriving in
// those last moments (logrotate's postrotate, a storm of reopen requests)
// would kill a finished `logrotor write` with status 129. process.exit()
// runs the exit hooks; every CLI output is written synchronously.
platform.exit(await main(platform.args()));
