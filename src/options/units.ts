/**
 * Parsing of human-friendly sizes (`64K`, `10M`, `1G`) and durations
 * (`200ms`, `5s`, `1h`, `14d`), for the CLI and configuration files.
 *
 * @module
 */

const sizeUnits: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

const durationUnits: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a size in bytes: a number with an optional binary unit (`K`, `M`,
 * `G`, `T`, also `KB`/`KiB`…, case-insensitive). `64K` is 65536.
 *
 * @param text The size, such as `"64K"` or `"1.5M"`.
 * @returns The size in bytes (rounded down to a whole byte).
 * @throws {SyntaxError} When the text is not a size.
 *
 * @example Usage
 * ```ts
 * import { parseSize } from "logrotor/compose";
 *
 * parseSize("64K"); // 65536
 * parseSize("10M"); // 10485760
 * ```
 */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = match ? sizeUnits[(match[2] ?? "").toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new SyntaxError(
      `Cannot parse size as it must be a number with an optional unit K, M, G or T (e.g. 64K, 10M, 1G): current value is ${
        JSON.stringify(text)
      }`,
    );
  }
  return Math.floor(Number(match[1]) * factor);
}

/**
 * Parses a duration in milliseconds: a number with a unit `ms`, `s`, `m`,
 * `h`, `d` or `w` (a bare number is milliseconds).
 *
 * @param text The duration, such as `"200ms"`, `"5s"` or `"14d"`.
 * @returns The duration in milliseconds.
 * @throws {SyntaxError} When the text is not a duration.
 *
 * @example Usage
 * ```ts
 * import { parseDuration } from "logrotor/compose";
 *
 * parseDuration("5s"); // 5000
 * parseDuration("14d"); // 1209600000
 * ```
 */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? (match[2] ?? "").toLowerCase() : undefined;
  const factor = unit === "" ? 1 : unit ? durationUnits[unit] : undefined;
  if (!match || factor === undefined) {
    throw new SyntaxError(
      `Cannot parse duration as it must be a number with a unit ms, s, m, h, d or w (e.g. 200ms, 5s, 14d): current value is ${
        JSON.stringify(text)
      }`,
    );
  }
  return Math.round(Number(match[1]) * factor);
}

/**
 * Formats a byte count for people: `1.5 MiB`.
 *
 * @param bytes A byte count.
 * @returns The count with a binary unit.
 *
 * @example Usage
 * ```ts
 * import { formatBytes } from "logrotor/compose";
 *
 * formatBytes(1536); // "1.5 KiB"
 * ```
 */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0
    ? String(value)
    : value.toFixed(1).replace(/\.0$/, "");
  return `${shown} ${units[unit]}`;
}
