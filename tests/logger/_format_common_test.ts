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
