/**
 * Whether output to a standard stream should be coloured: `FORCE_COLOR`
 * (any value but `0`/`false`) forces colours, `NO_COLOR` (any non-empty
 * value) disables them, otherwise colours go to a terminal only.
 *
 * @module
 */
import * as tty from "node:tty";
import process from "node:process";

/**
 * Whether to colour what is written to `stream`.
 *
 * @param stream `"stdout"` or `"stderr"`.
 * @param env Reads an environment variable (the process's by default).
 * @param isTerminal Whether the stream is a terminal (asked by default).
 * @returns `true` to colour.
 *
 * @example Usage
 * ```ts
 * import { colorsWanted } from "./terminal.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(colorsWanted("stdout", (n) => n === "NO_COLOR" ? "1" : undefined, true), false);
 * assert.equal(colorsWanted("stdout", (n) => n === "FORCE_COLOR" ? "1" : undefined, false), true);
 * ```
 */
export function colorsWanted(
  stream: "stdout" | "stderr",
  env: (name: string) => string | undefined = (name) => process.env[name],
  isTerminal?: boolean,
): boolean {
  const force = env("FORCE_COLOR");
  if (force !== undefined && force !== "") {
    return force !== "0" && force !== "false";
  }
  const no = env("NO_COLOR");
  if (no !== undefined && no !== "") return false;
  if (isTerminal !== undefined) return isTerminal;
  try {
    return tty.isatty(stream === "stdout" ? 1 : 2);
  } catch {
    return false;
  }
}
