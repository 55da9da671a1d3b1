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
import {
  parseTimeOfDay,
  type RotationEvery,
  timeZoneOption,
} from "./time_options.ts";

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
   * With `every: "daily"` or `"weekly"`: the time of day `"HH:MM"` (24-hour,
   * in {@linkcode timeZone}) a day begins at, so `"03:30"` rotates daily at
   * 03:30 (weekly: Mondays at 03:30). Unset: midnight.
   */
  readonly at?: string;
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
   * The state file of a file shipper reading this file (`logrotor ship
   * --from … --state FILE`): retention (`keep`, `maxAgeMs`,
   * `maxTotalBytes`) never deletes an archive the shipper has not finished.
   * The disk-full cleanup still may; the lines it deletes that were not
   * shipped are counted in `stats().linesUnshippedDeleted` and reported.
   * Unset: retention ignores shipping.
   */
  readonly retainUntilShipped?: string;
  /**
   * `"gzip"` compresses each archive in the background (`x.gz.tmp` → fsync →
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

function atOption(
  subject: string,
  key: string,
  value: unknown,
  resolved: Partial<Record<string, unknown>>,
): string | undefined {
  if (value === undefined) return undefined;
  const minutes = typeof value === "string" ? parseTimeOfDay(value) : undefined;
  if (minutes === undefined) {
    throw new TypeError(
      `Cannot create ${subject} as ${key} must be a time of day "HH:MM" (00:00 to 23:59): current value is ${
        typeof value === "string" ? JSON.stringify(value) : String(value)
      }`,
    );
  }
  const every = resolved.every;
  if (every !== "daily" && every !== "weekly") {
    throw new TypeError(
      `Cannot create ${subject} as ${key} needs every "daily" or "weekly": current value is ${
        JSON.stringify(value)
      } with every ${JSON.stringify(every)}`,
    );
  }
  return value as string;
}

function shipStateOption(
  subject: string,
  key: string,
  value: unknown,
): string | undefined {
  if (value !== undefined && (typeof value !== "string" || value === "")) {
    throw new TypeError(
      `Cannot create ${subject} as ${key} must be a non-empty string (the shipper's state file): current value is ${
        JSON.stringify(value)
      }`,
    );
  }
  return value;
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
    flag: {
      name: "max-size",
      doc: "rotate before the file grows past this",
      defaultText: "no size limit",
    },
  },
  {
    name: "every",
    type: "choice",
    choices: ["never", "minutely", "hourly", "daily", "weekly"],
    doc: "Rotate at calendar boundaries of timeZone (weeks start on Monday).",
    flag: {
      name: "every",
      choices: ["minutely", "hourly", "daily", "weekly"],
      doc: "rotate at calendar boundaries (weeks start on Monday)",
      defaultText: "never",
    },
  },
  {
    name: "at",
    type: "string",
    defaultText: "00:00",
    doc:
      'With every "daily" or "weekly": the time of day "HH:MM" a day begins at.',
    flag: {
      name: "at",
      placeholder: "HH:MM",
      defaultText: "00:00",
      doc:
        "the time of day a day (with --every weekly: a Monday) begins, in local time unless --utc or --time-zone; implies --every daily",
    },
    check: atOption,
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
    flag: { name: "keep", doc: "keep at most N archives", defaultText: "all" },
  },
  {
    name: "maxAgeMs",
    type: "duration",
    min: 1,
    doc: "Delete archives rotated longer ago than this; unset: no limit.",
    flag: {
      name: "max-age",
      doc: "delete archives older than this",
      defaultText: "no age limit",
    },
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
      defaultText: "no limit",
    },
  },
  {
    name: "retainUntilShipped",
    type: "string",
    doc:
      "The state file of a file shipper: retention never deletes an archive it has not finished.",
    flag: {
      none: "names another process's state file: API and configuration only",
    },
    check: shipStateOption,
  },
  {
    name: "compress",
    type: "choice",
    choices: ["gzip", "none"],
    default: "none",
    deprecatedValue: { value: false, use: "none" },
    doc:
      'Compress archives in the background: "gzip" or "none" (false: deprecated).',
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
