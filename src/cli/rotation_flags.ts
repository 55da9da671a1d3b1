/**
 * Flags for rotation and retention, and the choice between a plain and a
 * rotating file sink for the subcommands that write files.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import { appNameRule, isValidAppName } from "../options/app_name.ts";
import type { FileSink, FileSinkOptions } from "../sinks/file_sink.ts";
import { createFileSink } from "../sinks/file_sink.ts";
import {
  createRotatingFileSink,
  type RotatingFileSinkOptions,
} from "../sinks/rotating_file_sink.ts";
import type { FlagSpec, FlagValues } from "./args.ts";
import { UsageError } from "./args.ts";
import { flagsOf, optionByFlagOf } from "./option_flags.ts";
import { printError } from "./output.ts";
import { rotationOptionTable } from "../options/rotation_options.ts";
import { parseTimeOfDay } from "../rotation/schedule.ts";

/** The rotation rows' flags, derived from the table (`--time-zone` too). */
const tableFlags = flagsOf(rotationOptionTable);

/**
 * Flags that turn rotation and retention on: the rotation table's, the
 * deprecated `--gzip` (`--compress gzip`), and `--utc`/`--local` beside
 * `--time-zone`.
 */
export const rotationFlags: readonly FlagSpec[] = [
  ...tableFlags,
  {
    name: "gzip",
    kind: "boolean",
    description: "deprecated: use --compress gzip",
    defaultText: "off",
  },
  {
    name: "utc",
    kind: "boolean",
    description: "calendar boundaries in UTC",
    defaultText: "on, but --at uses local time",
  },
  {
    name: "local",
    kind: "boolean",
    description: "calendar boundaries in the local time zone",
    defaultText: "off",
  },
];

/**
 * The rotating sink option each rotation flag sets (`--gzip` sets
 * `compress: "gzip"`; `--utc`, `--local` and `--time-zone` set `timeZone`).
 */
export const rotationOptionByFlag: Readonly<Record<string, string>> = {
  ...optionByFlagOf(rotationOptionTable),
  gzip: "compress",
  utc: "timeZone",
  local: "timeZone",
};

/** Rotation options by flag, but the time zone (chosen among three flags). */
const optionByFlag: Readonly<Record<string, string>> = (() => {
  const { "time-zone": _zone, ...byFlag } = optionByFlagOf(
    rotationOptionTable,
  );
  return byFlag;
})();

/**
 * Whether any flag asks for rotation or retention.
 *
 * @param flags Parsed flag values.
 * @returns True when a rotating sink is needed.
 */
export function wantsRotation(flags: FlagValues): boolean {
  return [...Object.keys(optionByFlag), "gzip"].some((name) =>
    flags[name] !== undefined && flags[name] !== false &&
    flags[name] !== "none"
  );
}

function timeZone(command: string, flags: FlagValues): string | undefined {
  const chosen = [
    flags["utc"] === true ? "UTC" : undefined,
    flags["local"] === true ? "local" : undefined,
    flags["time-zone"] as string | undefined,
  ].filter((z) => z !== undefined);
  if (chosen.length > 1) {
    throw new UsageError(
      `logrotor ${command}: choose one of --utc, --local and --time-zone`,
    );
  }
  return chosen[0];
}

/**
 * Creates the sink the flags ask for: a rotating file sink when any
 * rotation or retention flag is given, otherwise a plain file sink. Both
 * have `reopen()` for SIGHUP.
 *
 * @param command The subcommand (for messages).
 * @param path The log file.
 * @param flags Parsed flag values.
 * @param sinkOptions Options from the sink flags.
 * @returns The sink.
 * @throws {UsageError} On contradictory flags.
 */
export function createSinkFromFlags(
  command: string,
  path: string,
  flags: FlagValues,
  sinkOptions: FileSinkOptions,
): FileSink {
  const at = flags["at"] as string | undefined;
  if (at !== undefined && parseTimeOfDay(at) === undefined) {
    throw new UsageError(
      `logrotor ${command}: --at must be a time of day HH:MM (00:00 to 23:59): current value is ${
        JSON.stringify(at)
      }`,
    );
  }
  if (
    at !== undefined && flags["every"] !== undefined &&
    flags["every"] !== "daily" && flags["every"] !== "weekly"
  ) {
    throw new UsageError(
      `logrotor ${command}: --at needs --every daily or weekly: current value is --every ${
        flags["every"]
      }`,
    );
  }
  // A time of day is local unless a zone is named.
  const zone = timeZone(command, flags) ??
    (at === undefined ? undefined : "local");
  if (!wantsRotation(flags)) {
    if (zone !== undefined) {
      throw new UsageError(
        `logrotor ${command}: a time zone only matters with --every`,
      );
    }
    return createFileSink(path, sinkOptions);
  }
  if (sinkOptions.mode === "truncate") {
    throw new UsageError(
      `logrotor ${command}: --mode truncate cannot be combined with rotation`,
    );
  }
  const { mode: _mode, ...rest } = sinkOptions;
  const options: Record<string, unknown> = { ...rest };
  for (const [flag, option] of Object.entries(optionByFlag)) {
    if (flags[flag] !== undefined) options[option] = flags[flag];
  }
  if (flags["gzip"] === true) {
    if (flags["compress"] !== undefined) {
      throw new UsageError(
        `logrotor ${command}: --gzip is a deprecated alias of --compress gzip: give only --compress`,
      );
    }
    printError(
      `logrotor ${command}: --gzip is deprecated: use --compress gzip (removed in the next release)\n`,
    );
    options["compress"] = "gzip";
  }
  if (at !== undefined) options["every"] ??= "daily";
  if (zone !== undefined) options["timeZone"] = zone;
  return createRotatingFileSink(path, options as RotatingFileSinkOptions);
}

/**
 * The log file from `--file`, or from `--dir` and `--name`.
 *
 * @param command The subcommand (for messages).
 * @param flags Parsed flag values.
 * @returns The path (default `./logs/app.log`).
 * @throws {UsageError} When `--file` is combined with `--dir`/`--name`, or
 * `--name` is not a single safe file-name component (`../x`, `a/b`, `""`).
 */
export function logPathFromFlags(command: string, flags: FlagValues): string {
  const file = flags["file"] as string | undefined;
  const dir = flags["dir"] as string | undefined;
  const name = flags["name"] as string | undefined;
  if (file !== undefined && (dir !== undefined || name !== undefined)) {
    throw new UsageError(
      `logrotor ${command}: give either --file or --dir/--name, not both`,
    );
  }
  if (file !== undefined) return file;
  if (name !== undefined && !isValidAppName(name)) {
    throw new UsageError(
      `logrotor ${command}: --name must be ${appNameRule}: current value is ${
        JSON.stringify(name)
      }`,
    );
  }
  const base = name ?? "app";
  return join(dir ?? "./logs", base.endsWith(".log") ? base : `${base}.log`);
}
