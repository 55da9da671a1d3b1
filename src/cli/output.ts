/**
 * Printing for the CLI, synchronous so nothing is lost when it exits.
 *
 * @module
 */
import { getPlatform } from "../runtime/detect.ts";

const encoder = new TextEncoder();

/**
 * Prints text on standard output.
 *
 * @param text What to print (add your own newline).
 *
 * @example Usage
 * ```ts
 * import { print } from "./output.ts";
 *
 * print("hello\n");
 * ```
 */
export function print(text: string): void {
  getPlatform().writeStdout(encoder.encode(text));
}

/**
 * Prints text on standard error.
 *
 * @param text What to print (add your own newline).
 *
 * @example Usage
 * ```ts
 * import { printError } from "./output.ts";
 *
 * printError("logrotor: something went wrong\n");
 * ```
 */
export function printError(text: string): void {
  getPlatform().writeStderr(encoder.encode(text));
}
