/**
 * The command that runs another module of this package on the runtime this
 * process runs on (the same binary and loader): `deno run <flags> script`,
 * `bun script`, or `node <execArgv> script` (which keeps `--import tsx`
 * when the CLI runs from sources).
 *
 * @module
 */
import process from "node:process";
import { fileURLToPath } from "node:url";
import { detectRuntime } from "./detect.ts";

interface DenoExec {
  execPath(): string;
}

/** A program and its arguments. */
export interface RuntimeCommand {
  /** The runtime's executable. */
  readonly command: string;
  /** The arguments, the script's own ones last. */
  readonly args: string[];
}

/**
 * The command that runs `script` with `args` on this runtime.
 *
 * @param script The module to run (a `file:` URL, or any URL on Deno).
 * @param args Its arguments.
 * @param denoFlags Permission flags for Deno (`--allow-write=DIR`, …);
 *   ignored by Bun and Node. Deno never prompts (`--no-prompt`).
 * @returns The program and its arguments.
 *
 * @example Usage
 * ```ts
 * import { runtimeScriptCommand } from "./self_command.ts";
 *
 * const { command, args } = runtimeScriptCommand(
 *   new URL("./child.ts", import.meta.url),
 *   ["--verbose"],
 *   ["--allow-write=/tmp/logs"],
 * );
 * ```
 */
export function runtimeScriptCommand(
  script: URL,
  args: readonly string[],
  denoFlags: readonly string[],
): RuntimeCommand {
  const runtime = detectRuntime();
  if (runtime === "deno") {
    const deno = (globalThis as unknown as { Deno: DenoExec }).Deno;
    const target = script.protocol === "file:"
      ? fileURLToPath(script)
      : script.href;
    return {
      command: deno.execPath(),
      args: ["run", "--no-prompt", ...denoFlags, target, ...args],
    };
  }
  const file = fileURLToPath(script);
  if (runtime === "bun") {
    return { command: process.execPath, args: [file, ...args] };
  }
  return {
    command: process.execPath,
    args: [...process.execArgv, file, ...args],
  };
}
