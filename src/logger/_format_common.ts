/**
 * The pieces both built-in formatters share: the ISO time, property reads
 * that never throw, and the parts of a record that a fallback line shows.
 * Private.
 *
 * @module
 */
import type { LogRecord } from "./record.ts";
import { describeThrown } from "./_safe_json.ts";

/** The time as ISO 8601 in UTC; a time that is not finite as text. */
export function isoTime(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString() : String(time);
}

/** A property read that never throws: the reason when it does. */
export function field(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (e) {
    return `[Unreadable: ${describeThrown(e)}]`;
  }
}

/** `String(value)` that never throws. */
function safeString(value: unknown): string {
  try {
    return typeof value === "string" ? value : String(value);
  } catch (e) {
    return `[Unprintable: ${describeThrown(e)}]`;
  }
}

/** The parts of a record that a fallback line shows, read safely. */
export function fallbackParts(record: LogRecord): {
  time: string;
  level: string;
  logger: string;
  message: string;
} {
  const time = field(record, "time");
  return {
    time: typeof time === "number" ? isoTime(time) : safeString(time),
    level: safeString(field(record, "level")),
    logger: safeString(field(record, "logger")),
    message: safeString(field(record, "message")),
  };
}
