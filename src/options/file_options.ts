/**
 * The option tables of the two file sinks, assembled from the family
 * tables: buffering, the file sink's own `mode`, resilience, and (for the
 * rotating sink) rotation. The checks, the config schema, the CLI flags and
 * the option reference of the file sinks are derived from these.
 *
 * @module
 */
import { bufferOptionTable } from "./buffer_options.ts";
import type { OptionRow } from "./option_row.ts";
import { resilienceOptionTable } from "./resilience_options.ts";
import { rotationOptionTable } from "./rotation_options.ts";

/**
 * The option only `createFileSink()` has: keep or empty an existing file.
 *
 * @example Usage
 * ```ts
 * import { fileModeRow } from "./file_options.ts";
 *
 * fileModeRow.choices; // ["append", "truncate"]
 * ```
 */
export const fileModeRow = {
  name: "mode",
  type: "choice",
  choices: ["append", "truncate"],
  doc:
    '"append" keeps what the file holds; "truncate" empties it at the first open.',
  flag: { name: "mode", doc: "keep or empty an existing file" },
} as const satisfies OptionRow;

/**
 * Every option of `createFileSink()`, in the order a configuration lists
 * them.
 *
 * @example Usage
 * ```ts
 * import { fileSinkOptionTable } from "./file_options.ts";
 *
 * fileSinkOptionTable.some((row) => row.name === "mode"); // true
 * ```
 */
export const fileSinkOptionTable = [
  ...bufferOptionTable,
  fileModeRow,
  ...resilienceOptionTable,
] as const satisfies readonly OptionRow[];

/**
 * Every option of `createRotatingFileSink()` (no `mode`: a rotating file
 * always appends), in the order a configuration lists them.
 *
 * @example Usage
 * ```ts
 * import { rotatingSinkOptionTable } from "./file_options.ts";
 *
 * rotatingSinkOptionTable.some((row) => row.name === "maxSize"); // true
 * ```
 */
export const rotatingSinkOptionTable = [
  ...bufferOptionTable,
  ...resilienceOptionTable,
  ...rotationOptionTable,
] as const satisfies readonly OptionRow[];
