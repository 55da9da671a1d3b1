import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffDelay } from "../../src/network/backoff.ts";

test("backoff: doubles per attempt from min to max, jitter in [d/2, d]", () => {
  assert.equal(backoffDelay(1, 100, 30_000, 0), 50);
  assert.equal(backoffDelay(1, 100, 30_000, 0.999999), 100);
  assert.equal(backoffDelay(2, 100, 30_000, 0), 100);
  assert.equal(backoffDelay(3, 100, 30_000, 0.5), 300);
  assert.equal(backoffDelay(9, 100, 30_000, 0), 12_800);
  // Capped at maxMs, also for attempts whose 2^n would overflow.
  assert.equal(backoffDelay(10, 100, 30_000, 0), 15_000);
  assert.equal(backoffDelay(10_000, 100, 30_000, 0.999999), 30_000);
  for (let attempt = 1; attempt < 40; attempt++) {
    for (const r of [0, 0.25, 0.5, 0.75, 0.999999]) {
      const d = backoffDelay(attempt, 7, 1000, r);
      const base = Math.min(1000, 7 * 2 ** (attempt - 1));
      assert.ok(d >= Math.floor(base / 2) && d <= base, `${attempt} ${r} ${d}`);
    }
  }
});
