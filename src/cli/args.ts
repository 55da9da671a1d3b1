/**
 * A small, strict command-line parser: `--name value`, `--name=value`,
 * `--flag`, `--no-flag`, `--` before a child command. Every error is one
 * line naming the flag.
 *
 * @module
 */
import { parseDuration, parseSize } from "../options/units.ts";
import { closest } from "./suggest.ts";

/** How a flag's value is read. */
export type FlagKind =
  | "size"
  | "duration"
  | "integer"
  | "string"
  | "boolean"
  | readonly string[];

/** One flag of a command. */
export interface FlagSpec {
  /** The long name without dashes (`flush-bytes`). */
  readonly name: string;
  /** How its value is read; a string array lists the allowed values. */
  readonly kind: FlagKind;
  /** One line of help. */
  readonly description: string;
  /** The default, as shown in help. */
  readonly defaultText?: string;
  /** The value's placeholder in help (`SIZE`). */
  readonly placeholder?: string;
  /** A one-letter alias (`n` for `-n`). */
  readonly alias?: string;
}

/** A subcommand's interface. */
export interface CommandSpec {
  /** The subcommand (`write`). */
  readonly name: string;
  /** One line saying what it does. */
  readonly summary: string;
  /** The usage line after `logrotor`. */
  readonly usage: string;
  /** Its flags. */
  readonly flags: readonly FlagSpec[];
  /** Extra help text after the flags. */
  readonly notes?: string;
}

/** Parsed flag values by long name. */
export type FlagValues = Record<string, string | number | boolean>;

/** The result of {@linkcode parseArgs}. */
export interface ParsedArgs {
  /** Flag values by long name. */
  readonly flags: FlagValues;
  /** Arguments that are not flags. */
  readonly positionals: string[];
  /** Everything after `--`. */
  readonly rest: string[];
  /** Whether `--help`/`-h` was given. */
  readonly help: boolean;
}

/**
 * A mistake on the command line; its message is one line naming the flag.
 *
 * @example Usage
 * ```ts
 * import { UsageError } from "./args.ts";
 *
 * const err = new UsageError("logrotor write: unknown flag --bogus");
 * err.message;
 * ```
 */
export class UsageError extends Error {
  /** @param message The one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function readValue(
  command: string,
  spec: FlagSpec,
  text: string,
): string | number {
  const where = `logrotor ${command}: --${spec.name}`;
  try {
    if (spec.kind === "size") return parseSize(text);
    if (spec.kind === "duration") return parseDuration(text);
  } catch (err) {
    throw new UsageError(`${where}: ${(err as Error).message}`);
  }
  if (spec.kind === "integer") {
    if (!/^\d+$/.test(text)) {
      throw new UsageError(
        `${where}: expected a whole number: current value is ${
          JSON.stringify(text)
        }`,
      );
    }
    return Number(text);
  }
  if (Array.isArray(spec.kind) && !spec.kind.includes(text)) {
    throw new UsageError(
      `${where}: expected one of ${spec.kind.join(", ")}: current value is ${
        JSON.stringify(text)
      }`,
    );
  }
  return text;
}

/** "unknown flag --max-sise, did you mean --max-size?" */
function unknownFlag(spec: CommandSpec, typed: string, name: string) {
  const names = [
    "help",
    ...spec.flags.flatMap((f) =>
      f.kind === "boolean" ? [f.name, `no-${f.name}`] : [f.name]
    ),
  ];
  const guess = closest(name, names);
  const hint = guess === undefined ? "" : `, did you mean --${guess}?`;
  return new UsageError(
    `logrotor ${spec.name}: unknown flag ${typed}${hint} (see logrotor ${spec.name} --help)`,
  );
}

/**
 * Parses `argv` against a command's flags.
 *
 * @param spec The command.
 * @param argv The arguments after the subcommand name.
 * @returns Flags, positionals and what follows `--`.
 * @throws {UsageError} On an unknown flag, a missing or bad value.
 *
 * @example Usage
 * ```ts
 * import { parseArgs } from "./args.ts";
 *
 * const parsed = parseArgs({
 *   name: "write",
 *   summary: "",
 *   usage: "write",
 *   flags: [{ name: "flush-bytes", kind: "size", description: "" }],
 * }, ["--flush-bytes", "64K"]);
 * parsed.flags["flush-bytes"]; // 65536
 * ```
 */
export function parseArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const flags: FlagValues = {};
  const positionals: string[] = [];
  let rest: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      rest = argv.slice(i + 1);
      break;
    }
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const aliased = /^-[a-zA-Z]$/.test(arg) &&
      spec.flags.find((f) => f.alias === arg.slice(1));
    if (aliased) {
      if (aliased.kind === "boolean") {
        flags[aliased.name] = true;
        continue;
      }
      const value = argv[++i];
      if (value === undefined) {
        throw new UsageError(`logrotor ${spec.name}: ${arg} needs a value`);
      }
      flags[aliased.name] = readValue(spec.name, aliased, value);
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      if (arg.startsWith("-") && arg !== "-") {
        throw unknownFlag(spec, arg, arg.replace(/^-/, "").split("=")[0]!);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const negated = name.startsWith("no-") &&
      spec.flags.find((f) => f.name === name.slice(3) && f.kind === "boolean");
    if (negated) {
      if (inline !== undefined) {
        throw new UsageError(
          `logrotor ${spec.name}: --${name} takes no value`,
        );
      }
      flags[negated.name] = false;
      continue;
    }
    const flag = spec.flags.find((f) => f.name === name);
    if (!flag) throw unknownFlag(spec, `--${name}`, name);
    if (flag.kind === "boolean") {
      if (inline !== undefined && inline !== "true" && inline !== "false") {
        throw new UsageError(
          `logrotor ${spec.name}: --${name}: expected true or false: current value is ${
            JSON.stringify(inline)
          }`,
        );
      }
      flags[flag.name] = inline !== "false";
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      throw new UsageError(
        `logrotor ${spec.name}: --${name} needs a value`,
      );
    }
    flags[flag.name] = readValue(spec.name, flag, value);
  }
  return { flags, positionals, rest, help };
}

function placeholder(flag: FlagSpec): string {
  if (flag.kind === "boolean") return "";
  if (flag.placeholder) return ` ${flag.placeholder}`;
  if (Array.isArray(flag.kind)) return ` ${flag.kind.join("|")}`;
  return ` ${String(flag.kind).toUpperCase()}`;
}

/**
 * Formats a command's `--help` text.
 *
 * @param spec The command.
 * @returns The help text, ending with a newline.
 *
 * @example Usage
 * ```ts
 * import { formatHelp } from "./args.ts";
 *
 * formatHelp({ name: "demo", summary: "Runs a demo", usage: "demo", flags: [] });
 * ```
 */
export function formatHelp(spec: CommandSpec): string {
  const rows = spec.flags.map((f) => [
    `  ${f.alias ? `-${f.alias}, ` : ""}--${f.name}${placeholder(f)}`,
    f.description + (f.defaultText ? ` (default ${f.defaultText})` : ""),
  ]);
  rows.push(["  -h, --help", "show this help"]);
  const width = Math.max(...rows.map(([left]) => (left as string).length)) + 2;
  const lines = [
    `logrotor ${spec.name}: ${spec.summary}`,
    "",
    `Usage: logrotor ${spec.usage}`,
    "",
    "Options:",
    ...rows.map(([left, right]) => (left as string).padEnd(width) + right),
  ];
  if (spec.notes) lines.push("", spec.notes);
  return lines.join("\n") + "\n";
}
