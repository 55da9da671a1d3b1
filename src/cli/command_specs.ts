/**
 * Every subcommand's flag specs in one list: `--help`, the README's flag
 * reference and its test are generated from it.
 *
 * @module
 */
import type { CommandSpec } from "./args.ts";
import { demoSpec } from "./demo_command.ts";
import { runSpec } from "./run_command.ts";
import { shipSpec } from "./ship_command.ts";
import { tailSpec } from "./tail_command.ts";
import { writeSpec } from "./write_command.ts";

/**
 * The subcommands' specs, in the order of `logrotor --help`.
 *
 * @example Usage
 * ```ts
 * import { commandSpecs } from "./command_specs.ts";
 *
 * commandSpecs.map((spec) => spec.name); // ["write", "run", "tail", "ship", "demo"]
 * ```
 */
export const commandSpecs: readonly CommandSpec[] = [
  writeSpec,
  runSpec,
  tailSpec,
  shipSpec,
  demoSpec,
];
