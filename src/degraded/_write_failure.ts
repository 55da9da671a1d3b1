/**
 * Reading a failed file write for degraded mode: which error codes switch
 * the sink to degraded mode, the error underneath a
 * {@linkcode TargetWriteError}, and where the line a failure tore began.
 *
 * @module
 */
import { TargetWriteError } from "../buffer/target.ts";
import { noFileCode } from "../file/variant_choice.ts";

const newline = 10;

/**
 * Error codes that switch the sink to degraded mode: the file system refuses
 * writes (`ENOSPC`, `EDQUOT`, `EROFS`, `EFBIG`) or no file can be used.
 *
 * @example Usage
 * ```ts
 * import { degradeCodes } from "./_write_failure.ts";
 *
 * degradeCodes.has("ENOSPC"); // true
 * degradeCodes.has("EACCES"); // false
 * ```
 */
export const degradeCodes: ReadonlySet<string> = new Set([
  "ENOSPC",
  "EDQUOT",
  "EROFS",
  "EFBIG",
  noFileCode,
]);

/**
 * The error underneath a {@linkcode TargetWriteError}, else `err` itself.
 *
 * @example Usage
 * ```ts
 * import { causeOf } from "./_write_failure.ts";
 *
 * const cause = new Error("disk full");
 * causeOf(cause) === cause; // true
 * ```
 */
export function causeOf(err: unknown): unknown {
  return err instanceof TargetWriteError ? err.cause : err;
}

/**
 * The start of the line that holds byte `end - 1` (not before `offset`).
 *
 * @example Usage
 * ```ts
 * import { lineStartBefore } from "./_write_failure.ts";
 *
 * const bytes = new TextEncoder().encode("ab\ncd");
 * lineStartBefore(bytes, 0, 5); // 3
 * ```
 */
export function lineStartBefore(
  bytes: Uint8Array,
  offset: number,
  end: number,
): number {
  let lineStart = end - 1;
  while (lineStart > offset && bytes[lineStart - 1] !== newline) lineStart--;
  return lineStart;
}
