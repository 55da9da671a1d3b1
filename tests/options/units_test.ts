import assert from "node:assert/strict";
import { test } from "node:test";
import {
  formatBytes,
  parseDuration,
  parseSize,
} from "../../src/options/units.ts";

test("parseSize() reads bytes with binary units", () => {
  assert.equal(parseSize("512"), 512);
  assert.equal(parseSize("64K"), 65536);
  assert.equal(parseSize("64kb"), 65536);
  assert.equal(parseSize("10M"), 10 * 1024 * 1024);
  assert.equal(parseSize("1G"), 1024 ** 3);
  assert.equal(parseSize("1.5M"), 1572864);
  assert.equal(parseSize("2KiB"), 2048);
});

test("parseSize() rejects what is not a size", () => {
  for (const bad of ["", "K", "12Q", "-1K", "1e3", "ten"]) {
    assert.throws(() => parseSize(bad), SyntaxError, bad);
  }
  assert.throws(
    () => parseSize("12Q"),
    new SyntaxError(
      'Cannot parse size as it must be a number with an optional unit K, M, G or T (e.g. 64K, 10M, 1G): current value is "12Q"',
    ),
  );
});

test("parseDuration() reads milliseconds with units", () => {
  assert.equal(parseDuration("200ms"), 200);
  assert.equal(parseDuration("250"), 250);
  assert.equal(parseDuration("5s"), 5000);
  assert.equal(parseDuration("2m"), 120_000);
  assert.equal(parseDuration("1h"), 3_600_000);
  assert.equal(parseDuration("14d"), 14 * 86_400_000);
  assert.equal(parseDuration("1.5s"), 1500);
});

test("parseDuration() rejects what is not a duration", () => {
  for (const bad of ["", "s", "5x", "-5s", "soon"]) {
    assert.throws(() => parseDuration(bad), SyntaxError, bad);
  }
});

test("formatBytes() picks a binary unit", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1536), "1.5 KiB");
  assert.equal(formatBytes(10 * 1024 * 1024), "10 MiB");
});
