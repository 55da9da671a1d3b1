import assert from "node:assert/strict";
import { test } from "node:test";
import {
  fallbackParts,
  field,
  isoTime,
} from "../../src/logger/_format_common.ts";
import type { LogRecord } from "../../src/logger/record.ts";

test("isoTime() shows finite times in UTC and others as text", () => {
  assert.equal(isoTime(0), "1970-01-01T00:00:00.000Z");
  assert.equal(isoTime(Number.NaN), "NaN");
});

test("isoTime() from its per-second cache equals toISOString() for any time", () => {
  // Neighbouring milliseconds, second and year boundaries, times before
  // 1970, fractional times and six-digit years, in an order that makes the
  // cache reuse and replace its second.
  const times = [
    1_764_480_000_000,
    1_764_480_000_001,
    1_764_480_000_999,
    1_764_480_001_000,
    1_764_480_000_999.7,
    -1,
    -1_000,
    -1_001,
    0.5,
    0,
    Date.UTC(2026, 11, 31, 23, 59, 59, 999),
    Date.UTC(2027, 0, 1),
    Date.UTC(10_000, 0, 1, 0, 0, 0, 7),
    Date.UTC(-1, 5, 1, 0, 0, 0, 42),
    8.64e15,
  ];
  for (let i = 0; i < 1000; i++) times.push(1_764_480_000_000 + i * 37);
  for (const time of times) {
    assert.equal(isoTime(time), new Date(time).toISOString(), String(time));
    assert.equal(isoTime(time), new Date(time).toISOString(), String(time));
  }
  assert.throws(() => isoTime(8.64e15 + 1), RangeError);
});

test("field() returns the reason instead of throwing", () => {
  const hostile = {
    get bad(): unknown {
      throw new RangeError("nope");
    },
  };
  assert.equal(field({ a: 1 }, "a"), 1);
  assert.equal(field(hostile, "bad"), "[Unreadable: RangeError: nope]");
});

test("fallbackParts() reads a hostile record as strings", () => {
  const record = {
    time: 0,
    level: "warn",
    get logger(): string {
      throw new Error("gone");
    },
    message: { toString: () => "m" },
    fields: {},
  } as unknown as LogRecord;
  assert.deepEqual(fallbackParts(record), {
    time: "1970-01-01T00:00:00.000Z",
    level: "warn",
    logger: "[Unreadable: Error: gone]",
    message: "m",
  });
});
