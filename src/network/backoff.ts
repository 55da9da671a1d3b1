/**
 * Reconnect backoff: the delay doubles per failed attempt from `minMs` up
 * to `maxMs`, and each delay is drawn from [d/2, d] (jitter), so many
 * clients that lost the same server do not come back in step.
 *
 * @module
 */

/**
 * The delay before reconnect attempt `attempt` (1 = the first retry).
 *
 * @param attempt Failed attempts so far in this outage (>= 1).
 * @param minMs The first delay.
 * @param maxMs The longest delay.
 * @param random A number in [0, 1) (`Math.random()`).
 * @returns The delay in whole ms, in [d/2, d] for d = min(maxMs, minMs × 2^(attempt-1)).
 *
 * @example Usage
 * ```ts
 * import { backoffDelay } from "./backoff.ts";
 *
 * backoffDelay(1, 100, 30_000, 0); // 50
 * backoffDelay(3, 100, 30_000, 0.999); // 400
 * backoffDelay(20, 100, 30_000, 0); // 15000
 * ```
 */
export function backoffDelay(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: number,
): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(base / 2 + random * base / 2);
}
