/**
 * Sampling and rate limiting of records: a fraction kept per level
 * (`sample: { debug: 0.1 }`) and a token bucket of records per second
 * (`rateLimit: 100`, bursts up to one second's worth). Built by
 * `configure()` for a logger (and shared by its descendants); a logger
 * without one pays nothing.
 *
 * @module
 */
import { levelValue, type LogLevel } from "./level.ts";

/** {@linkcode RecordGate.admit}: the record goes on. */
export const admitted = 0;
/** {@linkcode RecordGate.admit}: dropped by sampling. */
export const sampledOut = 1;
/** {@linkcode RecordGate.admit}: dropped by the rate limit. */
export const rateLimited = 2;

/**
 * The fraction of records kept, by level (`0` keeps none, `1` all).
 *
 * @example Usage
 * ```ts
 * import type { SampleRates } from "logrotor/compose";
 *
 * const sample: SampleRates = { trace: 0.01, debug: 0.1 };
 * ```
 */
export type SampleRates = Readonly<Partial<Record<LogLevel, number>>>;

/**
 * Decides whether a record is kept. Internal to the logger.
 *
 * @example Usage
 * ```ts
 * import { admitted, RecordGate } from "./record_gate.ts";
 * import assert from "node:assert/strict";
 *
 * let now = 0;
 * const gate = new RecordGate({}, 2, () => now);
 * assert.equal(gate.admit("info"), admitted);
 * assert.equal(gate.admit("info"), admitted);
 * assert.notEqual(gate.admit("info"), admitted);
 * now += 1000;
 * assert.equal(gate.admit("info"), admitted);
 * assert.equal(gate.takeSuppressed(), 1);
 * ```
 */
export class RecordGate {
  /** Kept fraction by numeric level / 10; `1` when not sampled. */
  readonly #rates: number[] = [1, 1, 1, 1, 1, 1, 1];
  readonly #sampled: boolean;
  readonly #rate: number;
  readonly #now: () => number;
  readonly #random: () => number;
  #tokens: number;
  #last: number;
  #suppressed = 0;

  /**
   * @param sample Kept fractions by level.
   * @param rateLimit Records per second, or `undefined` for no limit.
   * @param now A clock in milliseconds (monotonic).
   * @param random Uniform numbers in [0, 1).
   */
  constructor(
    sample: SampleRates,
    rateLimit: number | undefined,
    now: () => number,
    random: () => number = Math.random,
  ) {
    let sampled = false;
    for (const [level, rate] of Object.entries(sample)) {
      if (rate === undefined || rate >= 1) continue;
      this.#rates[levelValue(level as LogLevel) / 10] = rate;
      sampled = true;
    }
    this.#sampled = sampled;
    this.#rate = rateLimit ?? Infinity;
    this.#now = now;
    this.#random = random;
    this.#tokens = Math.max(1, this.#rate);
    this.#last = this.#rate === Infinity ? 0 : now();
  }

  /** Whether it ever drops anything. */
  get active(): boolean {
    return this.#sampled || this.#rate !== Infinity;
  }

  /**
   * Whether a record at `level` goes on.
   *
   * @returns {@linkcode admitted}, {@linkcode sampledOut} or
   * {@linkcode rateLimited}.
   */
  admit(level: LogLevel): number {
    if (this.#sampled) {
      const rate = this.#rates[levelValue(level) / 10] as number;
      if (rate < 1 && !(this.#random() < rate)) return sampledOut;
    }
    if (this.#rate === Infinity) return admitted;
    const now = this.#now();
    const capacity = Math.max(1, this.#rate);
    this.#tokens = Math.min(
      capacity,
      this.#tokens + (now - this.#last) * this.#rate / 1000,
    );
    this.#last = now;
    if (this.#tokens < 1) {
      this.#suppressed++;
      return rateLimited;
    }
    this.#tokens -= 1;
    return admitted;
  }

  /** The records suppressed by the rate limit since the last call. */
  takeSuppressed(): number {
    const n = this.#suppressed;
    this.#suppressed = 0;
    return n;
  }
}
