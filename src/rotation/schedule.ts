/**
 * Calendar boundaries for time-based rotation, in an explicit time zone.
 *
 * A period is identified by a key: the local date for `"daily"`, the local
 * date and hour plus the UTC offset for `"hourly"` (so the repeated hour
 * when clocks go back is two periods, not one of two hours). The next
 * boundary after `t` is the first millisecond whose key differs from
 * `t`'s, found by bisection. That is correct by construction across DST:
 * a 23- or 25-hour day, a skipped local midnight (clocks that jump from
 * 00:00 to 01:00), half-hour zones.
 *
 * @module
 */
import {
  parseTimeOfDay,
  type RotationEvery,
  timeZoneOption,
} from "../options/time_options.ts";

export { parseTimeOfDay, timeZoneOption };
export type { RotationEvery };

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;
const weekMs = 7 * dayMs;

/**
 * When a rotating file crosses into a new calendar period.
 *
 * @example Usage
 * ```ts
 * import { RotationSchedule } from "./schedule.ts";
 *
 * const daily = new RotationSchedule("daily", "America/New_York");
 * // 2024-03-10 is 23 hours long in New York
 * const start = Date.parse("2024-03-10T05:00:00Z"); // 00:00 EST
 * daily.nextBoundary(start) - start; // 23 * 3600000
 * ```
 */
export class RotationSchedule {
  /** The period. */
  readonly every: RotationEvery;
  /** The zone (`"UTC"`, an IANA name, or `undefined` for local). */
  readonly timeZone: string | undefined;
  /**
   * For `"daily"` and `"weekly"`: minutes after midnight at which the day
   * (the week: Monday) begins; `undefined`: midnight.
   */
  readonly atMinutes: number | undefined;
  readonly #format: Intl.DateTimeFormat | undefined;
  /** Days and weeks shifted by `atMinutes` compare as numbers (see #rank). */
  readonly #ranked: boolean;

  /**
   * @param every The period.
   * @param timeZone `"UTC"`, an IANA name, or `undefined` for local time.
   * @param atMinutes For `"daily"`/`"weekly"`: the time of day (minutes
   * after midnight) a period begins at; weeks begin on Monday.
   */
  constructor(
    every: RotationEvery,
    timeZone: string | undefined,
    atMinutes?: number,
  ) {
    this.every = every;
    this.timeZone = timeZone;
    this.atMinutes = atMinutes;
    this.#ranked = every === "weekly" ||
      (every === "daily" && atMinutes !== undefined);
    this.#format = timeZone === "UTC" ? undefined : new Intl.DateTimeFormat(
      "en-US",
      {
        ...(timeZone === undefined ? {} : { timeZone }),
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      },
    );
  }

  /**
   * The period `t` falls in, as a comparable key.
   *
   * @param t Milliseconds since the epoch.
   * @returns A string that changes exactly at period boundaries.
   */
  periodKey(t: number): string {
    if (this.every === "never") return "";
    if (this.#ranked) return String(this.#rank(t));
    if (this.#format === undefined) {
      return String(Math.floor(t / this.#unit()));
    }
    const parts: Record<string, number> = {};
    for (const p of this.#format.formatToParts(t)) {
      if (p.type !== "literal") parts[p.type] = Number(p.value);
    }
    const y = parts.year!;
    const mo = parts.month!;
    const d = parts.day!;
    const h = parts.hour!;
    if (this.every === "daily") return `${y}-${mo}-${d}`;
    const wall = Date.UTC(y, mo - 1, d, h, parts.minute!, parts.second!);
    const offset = Math.round((wall - Math.floor(t / 1000) * 1000) / 60_000);
    const minute = this.every === "minutely" ? `:${parts.minute}` : "";
    return `${y}-${mo}-${d}T${h}${minute}@${offset}`;
  }

  #unit(): number {
    if (this.every === "minutely") return minuteMs;
    if (this.every === "hourly") return hourMs;
    return this.every === "weekly" ? weekMs : dayMs;
  }

  /** The wall clock of the zone at `t`, as if it were UTC. */
  #wall(t: number): number {
    if (this.#format === undefined) return t;
    const parts: Record<string, number> = {};
    for (const p of this.#format.formatToParts(t)) {
      if (p.type !== "literal") parts[p.type] = Number(p.value);
    }
    return Date.UTC(
      parts.year!,
      parts.month! - 1,
      parts.day!,
      parts.hour!,
      parts.minute!,
      parts.second!,
    ) + (t - Math.floor(t / 1000) * 1000);
  }

  /**
   * The day (or Monday-based week) number of `t` after shifting the wall
   * clock back by `atMinutes`. When clocks go back over the time of day, the
   * rank dips for the repeated hour: boundaries are where the rank first
   * exceeds the current one, so a day still rotates once.
   */
  #rank(t: number): number {
    const day = Math.floor(
      (this.#wall(t) - (this.atMinutes ?? 0) * minuteMs) / dayMs,
    );
    // Day 0 (1970-01-01) was a Thursday: +3 makes weeks start on Monday.
    return this.every === "weekly" ? Math.floor((day + 3) / 7) : day;
  }

  /**
   * The first moment after `t` that lies in another period.
   *
   * @param t Milliseconds since the epoch.
   * @returns The boundary, or `Infinity` for `"never"`.
   */
  nextBoundary(t: number): number {
    if (this.every === "never") return Infinity;
    const unit = this.#unit();
    if (this.#ranked) {
      const rank = this.#rank(t);
      let lo = t;
      let hi = t + unit + 3 * hourMs;
      while (this.#rank(hi) <= rank) hi += unit; // defensive
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (this.#rank(mid) > rank) hi = mid;
        else lo = mid;
      }
      return hi;
    }
    if (this.#format === undefined) return (Math.floor(t / unit) + 1) * unit;
    const key = this.periodKey(t);
    // A period lasts at most a day plus a DST jump (or a skipped date).
    let lo = t;
    let hi = t + 2 * unit + 3 * hourMs;
    while (this.periodKey(hi) === key) hi += unit; // defensive
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.periodKey(mid) === key) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}

/**
 * The next calendar boundary a rotating file rotates at, moved on each
 * time it passes. `next` is `Infinity` until {@linkcode begin} (or without
 * a schedule).
 *
 * @example Usage
 * ```ts
 * import { BoundaryTrigger, RotationSchedule } from "./schedule.ts";
 *
 * const trigger = new BoundaryTrigger(new RotationSchedule("hourly", "UTC"));
 * trigger.begin(0);
 * trigger.next; // 3600000
 * trigger.pass(3_600_001); // 3600000, and next is 7200000
 * ```
 */
export class BoundaryTrigger {
  /** The next boundary (ms since the epoch; `Infinity`: none yet). */
  next = Infinity;
  /** The calendar, or `undefined` (never by time). */
  readonly schedule: RotationSchedule | undefined;

  /** @param schedule The calendar, or `undefined`. */
  constructor(schedule: RotationSchedule | undefined) {
    this.schedule = schedule;
  }

  /**
   * Starts counting: the next boundary is the first after `now`.
   *
   * @param now The wall clock now.
   */
  begin(now: number): void {
    if (this.schedule !== undefined) {
      this.next = this.schedule.nextBoundary(now);
    }
  }

  /**
   * The boundary has passed: moves on to the first boundary after `now`.
   *
   * @param now The wall clock now.
   * @returns The boundary that passed (names the archive).
   */
  pass(now: number): number {
    const boundary = this.next;
    this.next = this.schedule!.nextBoundary(now);
    return boundary;
  }

  /**
   * Milliseconds from `now` until the next boundary; before
   * {@linkcode begin}, until the first boundary after `now`.
   *
   * @param now The wall clock now.
   * @returns The wait (`Infinity` without a schedule).
   */
  msUntil(now: number): number {
    if (this.next === Infinity && this.schedule !== undefined) {
      return this.schedule.nextBoundary(now) - now;
    }
    return this.next - now;
  }
}
