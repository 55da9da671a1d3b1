import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveRotation } from "../../src/options/rotation_options.ts";

const subject = "rotating file sink";

test("resolveRotation applies the defaults: no size or calendar rotation, UTC, no retention, no compression", () => {
  assert.deepEqual(resolveRotation(subject, {}), {
    maxSize: undefined,
    every: "never",
    at: undefined,
    timeZone: "UTC",
    keep: undefined,
    maxAgeMs: undefined,
    maxTotalBytes: undefined,
    retainUntilShipped: undefined,
    compress: "none",
    compressionLevel: 6,
    checkIntervalMs: 250,
    now: undefined,
  });
  assert.equal(
    resolveRotation(subject, { timeZone: "local" }).timeZone,
    undefined,
  );
});

test("resolveRotation keeps valid values", () => {
  const resolved = resolveRotation(subject, {
    maxSize: 1024,
    every: "daily",
    timeZone: "Europe/Berlin",
    keep: 7,
    maxAgeMs: 86_400_000,
    maxTotalBytes: 1 << 30,
    compress: "gzip",
    compressionLevel: 1,
    checkIntervalMs: 0,
    now: () => 0,
  });
  assert.equal(resolved.maxSize, 1024);
  assert.equal(resolved.every, "daily");
  assert.equal(resolved.timeZone, "Europe/Berlin");
  assert.equal(resolved.compress, "gzip");
  assert.equal(resolved.compressionLevel, 1);
  assert.equal(resolved.checkIntervalMs, 0);
});

test("resolveRotation rejects bad values with the house message", () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [
      { maxBytes: 0 },
      /Cannot create rotating file sink as maxBytes must be >= 1/,
    ],
    [{ keep: 0 }, /as keep must be >= 1/],
    [{ every: "fortnightly" }, /as every must be /],
    [{ every: "hourly", at: "03:30" }, /as at needs every "daily" or "weekly"/],
    [{ every: "daily", at: "25:00" }, /as at must be a time of day "HH:MM"/],
    [{ retainUntilShipped: "" }, /as retainUntilShipped must be a non-empty/],
    [
      { compress: "zstd" },
      /as compress must be "gzip" or false: current value is "zstd"$/,
    ],
    [
      { compressionLevel: 10 },
      /as compressionLevel must be <= 9: current value is 10$/,
    ],
    [{ now: 5 }, /as now must be /],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => resolveRotation(subject, options), message);
  }
});
