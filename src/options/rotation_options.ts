/**
 * The rotation options of `createRotatingFileSink()` (size and calendar
 * rotation, retention, compression, the external-rotation check): their
 * declaration and checks, with defaults applied.
 *
 * @module
 */
import {
  choiceOption,
  functionOption,
  integerOption,
  maxTimerMs,
} from "./validate.ts";
import {
  parseTimeOfDay,
  type RotationEvery,
  timeZoneOption,
} from "../rotation/schedule.ts";

/**
 * The rotation options of a rotating file sink.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink } from "logrotor";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/opts.log", {
 *   maxBytes: 64 * 1024 * 1024,
 *   every: "hourly",
 *   keep: 24,
 * });
 * await sink.close();
 * ```
 */
export interface RotationOptions {
  /**
   * Rotate before the live file would grow past this many bytes (a single
   * line bigger than this still goes whole into one file). Unset: no size
   * rotation.
   */
  readonly maxBytes?: number;
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
   * `"gzip"` compresses each archive in a worker (`x.gz.tmp` → fsync →
   * rename to `x.gz` → unlink `x`); `close()` waits for every job.
   * @default {false}
   */
  readonly compress?: "gzip" | false;
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

/**
 * The rotation options, checked and with their defaults applied.
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
export interface ResolvedRotation {
  /** See {@linkcode RotationOptions.maxBytes}; `undefined`: no size rotation. */
  readonly maxBytes: number | undefined;
  /** See {@linkcode RotationOptions.every}. */
  readonly every: RotationEvery;
  /** {@linkcode RotationOptions.at} in minutes after midnight, if given. */
  readonly atMinutes: number | undefined;
  /** See {@linkcode RotationOptions.timeZone}; `undefined`: the local zone. */
  readonly timeZone: string | undefined;
  /** See {@linkcode RotationOptions.keep}. */
  readonly keep: number | undefined;
  /** See {@linkcode RotationOptions.maxAgeMs}. */
  readonly maxAgeMs: number | undefined;
  /** See {@linkcode RotationOptions.maxTotalBytes}. */
  readonly maxTotalBytes: number | undefined;
  /** See {@linkcode RotationOptions.retainUntilShipped}. */
  readonly retainUntilShipped: string | undefined;
  /** See {@linkcode RotationOptions.compress}. */
  readonly compress: "gzip" | false;
  /** See {@linkcode RotationOptions.compressionLevel}. */
  readonly compressionLevel: number;
  /** See {@linkcode RotationOptions.checkIntervalMs}. */
  readonly checkIntervalMs: number;
}

function atOption(
  subject: string,
  every: string,
  at: unknown,
): number | undefined {
  if (at === undefined) return undefined;
  const minutes = typeof at === "string" ? parseTimeOfDay(at) : undefined;
  if (minutes === undefined) {
    throw new TypeError(
      `Cannot create ${subject} as at must be a time of day "HH:MM" (00:00 to 23:59): current value is ${
        typeof at === "string" ? JSON.stringify(at) : String(at)
      }`,
    );
  }
  if (every !== "daily" && every !== "weekly") {
    throw new TypeError(
      `Cannot create ${subject} as at needs every "daily" or "weekly": current value is ${
        JSON.stringify(at)
      } with every ${JSON.stringify(every)}`,
    );
  }
  return minutes;
}

function optionalInteger(
  subject: string,
  name: string,
  value: unknown,
  min: number,
): number | undefined {
  return value === undefined
    ? undefined
    : integerOption(subject, name, value, 0, min);
}

/**
 * Checks the rotation options and applies their defaults. Throws
 * `TypeError`/`RangeError` in the form "Cannot create rotating file sink
 * as keep must be >= 1: current value is 0".
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
 * ```
 */
export function resolveRotation(
  subject: string,
  options: RotationOptions,
): ResolvedRotation {
  const maxBytes = optionalInteger(subject, "maxBytes", options.maxBytes, 1);
  const every = choiceOption(subject, "every", options.every, [
    "never",
    "minutely",
    "hourly",
    "daily",
    "weekly",
  ]);
  const atMinutes = atOption(subject, every, options.at);
  const timeZone = timeZoneOption(subject, options.timeZone);
  const keep = optionalInteger(subject, "keep", options.keep, 1);
  const maxAgeMs = optionalInteger(subject, "maxAgeMs", options.maxAgeMs, 1);
  const maxTotalBytes = optionalInteger(
    subject,
    "maxTotalBytes",
    options.maxTotalBytes,
    1,
  );
  const retainUntilShipped = options.retainUntilShipped;
  if (
    retainUntilShipped !== undefined &&
    (typeof retainUntilShipped !== "string" || retainUntilShipped === "")
  ) {
    throw new TypeError(
      `Cannot create ${subject} as retainUntilShipped must be a non-empty string (the shipper's state file): current value is ${
        JSON.stringify(retainUntilShipped)
      }`,
    );
  }
  const compress = options.compress ?? false;
  if (compress !== false && compress !== "gzip") {
    throw new TypeError(
      `Cannot create ${subject} as compress must be "gzip" or false: current value is ${
        JSON.stringify(compress)
      }`,
    );
  }
  const compressionLevel = integerOption(
    subject,
    "compressionLevel",
    options.compressionLevel,
    6,
    1,
  );
  if (compressionLevel > 9) {
    throw new RangeError(
      `Cannot create ${subject} as compressionLevel must be <= 9: current value is ${compressionLevel}`,
    );
  }
  const checkIntervalMs = integerOption(
    subject,
    "checkIntervalMs",
    options.checkIntervalMs,
    250,
    0,
    maxTimerMs,
  );
  functionOption(subject, "now", options.now);
  return {
    maxBytes,
    every,
    atMinutes,
    timeZone,
    keep,
    maxAgeMs,
    maxTotalBytes,
    retainUntilShipped,
    compress,
    compressionLevel,
    checkIntervalMs,
  };
}
