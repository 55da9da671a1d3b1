/**
 * The rotation options of `createRotatingFileSink()` (size and calendar
 * rotation, retention, compression, the external-rotation check): their
 * declaration and checks, with defaults applied.
 *
 * @module
 */
import { maxTimerMs } from "./validate.ts";
import { type ResolvedOf, resolveOptions } from "./option_table.ts";
import type { EveryKeyHasARow, OptionRow } from "./option_row.ts";
import { type RotationEvery, timeZoneOption } from "../rotation/schedule.ts";

/**
 * The rotation options of a rotating file sink.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink } from "logrotor";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/opts.log", {
 *   maxSize: "64M",
 *   every: "hourly",
 *   keep: 24,
 * });
 * await sink.close();
 * ```
 */
export interface RotationOptions {
  /**
   * Rotate before the live file would grow past this size: bytes, or text
   * such as `"16M"` (a single line bigger than this still goes whole into
   * one file). Unset: no size rotation.
   */
  readonly maxSize?: number | string;
  /**
   * The old name of {@linkcode RotationOptions.maxSize}, accepted for one
   * release (a `"deprecated"` diagnostic says so); giving both is a
   * `TypeError`.
   * @deprecated Use `maxSize`.
   */
  readonly maxBytes?: number | string;
  /**
   * Rotate at calendar boundaries of {@linkcode timeZone}.
   * @default {"never"}
   */
  readonly every?: RotationEvery;
  /**
   * The zone of the calendar boundaries: `"UTC"`, `"local"` (the process's
   * zone) or an IANA name (`"Europe/Berlin"`). Archive names are always in
   * UTC so they sort chronologically.
   * @default {"UTC"}
   */
  readonly timeZone?: string;
  /** Keep at most this many archives (newest). Unset: no count limit. */
  readonly keep?: number;
  /** Delete archives rotated more than this many ms ago. Unset: no limit. */
  readonly maxAgeMs?: number;
  /**
   * Keep only the newest archives whose sizes (as on disk, compressed or
   * not) add up to at most this. The live file is not counted. Unset: no
   * limit.
   */
  readonly maxTotalBytes?: number;
  /**
   * `"gzip"` compresses each archive in a worker (`x.gz.tmp` → fsync →
   * rename to `x.gz` → unlink `x`); `close()` waits for every job.
   * `false` is the deprecated old spelling of `"none"`.
   * @default {"none"}
   */
  readonly compress?: "gzip" | "none" | false;
  /**
   * The gzip level, 1 (fastest) to 9 (smallest). Level 1 costs about a
   * third of the CPU time for archives about 25 % bigger.
   * @default {6}
   */
  readonly compressionLevel?: number;
  /**
   * Check at most this often (ms) whether the live file was renamed or
   * deleted by something else, and reopen it if so. `0` turns the check
   * off.
   * @default {250}
   */
  readonly checkIntervalMs?: number;
  /**
   * The wall clock used for calendar boundaries, archive names and ages
   * (tests inject one).
   * @default {() => Date.now()}
   */
  readonly now?: () => number;
}

function zoneOption(
  subject: string,
  _key: string,
  value: unknown,
): string | undefined {
  return timeZoneOption(subject, value);
}

function compressOption(
  subject: string,
  key: string,
  value: unknown,
): "gzip" | "none" {
  if (value === undefined || value === false || value === "none") {
    return "none";
  }
  if (value !== "gzip") {
    throw new TypeError(
      `Cannot create ${subject} as ${key} must be "gzip" or false: current value is ${
        JSON.stringify(value)
      }`,
    );
  }
  return value;
}

/**
 * Every option of {@linkcode RotationOptions}, in the order they are
 * checked (and read from a configuration).
 *
 * @example Usage
 * ```ts
 * import { rotationOptionTable } from "./rotation_options.ts";
 *
 * rotationOptionTable.map((row) => row.name); // ["maxSize", "every", …]
 * ```
 */
export const rotationOptionTable = [
  {
    name: "maxSize",
    alias: "maxBytes",
    type: "size",
    min: 1,
    text: true,
    doc:
      'Rotate before the live file would grow past this size (bytes or "16M"); unset: no size rotation.',
    flag: { name: "max-size", doc: "rotate before the file grows past this" },
  },
  {
    name: "every",
    type: "choice",
    choices: ["never", "hourly", "daily"],
    doc: "Rotate at calendar boundaries of timeZone.",
    flag: {
      name: "every",
      choices: ["hourly", "daily"],
      doc: "rotate at calendar boundaries",
      defaultText: "",
    },
  },
  {
    name: "timeZone",
    type: "string",
    defaultText: "UTC",
    doc:
      'The zone of the calendar boundaries: "UTC", "local" or an IANA name ("Europe/Berlin").',
    flag: {
      name: "time-zone",
      placeholder: "ZONE",
      doc: "calendar boundaries in an IANA zone (Europe/Berlin)",
    },
    check: zoneOption,
  },
  {
    name: "keep",
    type: "int",
    min: 1,
    doc: "Keep at most this many archives (newest); unset: no count limit.",
    flag: { name: "keep", doc: "keep at most N archives" },
  },
  {
    name: "maxAgeMs",
    type: "duration",
    min: 1,
    doc: "Delete archives rotated longer ago than this; unset: no limit.",
    flag: { name: "max-age", doc: "delete archives older than this" },
  },
  {
    name: "maxTotalBytes",
    type: "size",
    min: 1,
    doc:
      "Keep the newest archives up to this many bytes in all; unset: no limit.",
    flag: {
      name: "max-total",
      doc: "keep archives up to this many bytes in all",
    },
  },
  {
    name: "compress",
    type: "choice",
    choices: ["gzip", "none"],
    default: "none",
    deprecatedValue: { value: false, use: "none" },
    doc: 'Compress archives in a worker: "gzip" or "none" (false: deprecated).',
    flag: {
      name: "compress",
      doc: "compress archives (off the writing thread)",
    },
    check: compressOption,
  },
  {
    name: "compressionLevel",
    type: "int",
    min: 1,
    max: 9,
    default: 6,
    doc: "The gzip level, 1 (fastest) to 9 (smallest).",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "checkIntervalMs",
    type: "duration",
    min: 0,
    max: maxTimerMs,
    default: 250,
    doc:
      "Check at most this often whether the live file was renamed or deleted by something else (0: off).",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "now",
    type: "function",
    doc: "The wall clock for boundaries, archive names and ages (tests).",
    flag: { none: "a function (tests)" },
    config: false,
  },
] as const satisfies readonly (OptionRow & {
  readonly name: keyof RotationOptions;
})[];

// Every option has a row or is an alias (a missing one fails to type-check).
const _covered: EveryKeyHasARow<
  keyof RotationOptions,
  typeof rotationOptionTable
> = true;
void _covered;

/**
 * The rotation options, checked and with their defaults applied: derived
 * from {@linkcode rotationOptionTable} (`maxSize` as a number of bytes;
 * `compress: false` becomes `"none"`).
 *
 * @example Usage
 * ```ts
 * import { resolveRotation } from "./rotation_options.ts";
 *
 * const resolved = resolveRotation("rotating file sink", { keep: 3 });
 * resolved.every; // "never"
 * resolved.compressionLevel; // 6
 * ```
 */
export type ResolvedRotation =
  & Omit<ResolvedOf<RotationOptions, typeof rotationOptionTable>, "compress">
  & { readonly compress: "gzip" | "none" };

/**
 * Checks the rotation options against {@linkcode rotationOptionTable} and
 * applies their defaults. Throws `TypeError`/`RangeError` in the form
 * "Cannot create rotating file sink as keep must be >= 1: current value is
 * 0".
 *
 * @param subject What is created (`"rotating file sink"`).
 * @param options The user's options.
 * @returns The checked values.
 *
 * @example Usage
 * ```ts
 * import { resolveRotation } from "./rotation_options.ts";
 *
 * resolveRotation("rotating file sink", { every: "daily" }).timeZone; // "UTC"
 * resolveRotation("rotating file sink", { maxSize: "16M" }).maxSize; // 16777216
 * ```
 */
export function resolveRotation(
  subject: string,
  options: RotationOptions,
): ResolvedRotation {
  return resolveOptions(
    subject,
    rotationOptionTable,
    options,
  ) as unknown as ResolvedRotation;
}
