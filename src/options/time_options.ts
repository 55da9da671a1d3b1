/**
 * The calendar options of a rotating file, as values: which boundaries
 * (`every`), a time of day (`at`) and a time zone. They live with the
 * other options so the option tables need nothing from the rotation layer.
 *
 * @module
 */
/**
 * How often a rotating file rotates by the calendar.
 *
 * @example Usage
 * ```ts
 * import type { RotationEvery } from "logrotor/compose";
 *
 * const every: RotationEvery = "daily";
 * ```
 */
export type RotationEvery =
  | "never"
  | "minutely"
  | "hourly"
  | "daily"
  | "weekly";

/**
 * Parses a time of day `"HH:MM"` (24-hour) into minutes after midnight.
 *
 * @param text The time, such as `"03:30"`.
 * @returns The minutes after midnight, or `undefined` when it is not a time.
 *
 * @example Usage
 * ```ts
 * import { parseTimeOfDay } from "./time_options.ts";
 *
 * parseTimeOfDay("03:30"); // 210
 * ```
 */
export function parseTimeOfDay(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * Resolves a time zone option: `"UTC"`, `"local"` (the process's zone) or
 * an IANA name such as `"Europe/Berlin"`.
 *
 * @param subject What is being created, for the error message.
 * @param value The option value.
 * @returns The zone (`undefined` for local).
 * @throws {TypeError} when it is not a string.
 * @throws {RangeError} when `Intl` does not know the zone.
 *
 * @example Usage
 * ```ts
 * import { timeZoneOption } from "./time_options.ts";
 *
 * timeZoneOption("rotating file sink", "Europe/Berlin"); // "Europe/Berlin"
 * ```
 */
export function timeZoneOption(
  subject: string,
  value: unknown,
): string | undefined {
  if (value === undefined || value === "UTC") return "UTC";
  if (typeof value !== "string") {
    throw new TypeError(
      `Cannot create ${subject} as timeZone must be a string: current value is ${
        String(value)
      }`,
    );
  }
  if (value === "local") return undefined;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
  } catch {
    throw new RangeError(
      `Cannot create ${subject} as timeZone must be "UTC", "local" or an IANA time zone name: current value is ${
        JSON.stringify(value)
      }`,
    );
  }
  return value;
}
