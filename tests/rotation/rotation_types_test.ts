// The option and counter shapes of a rotating target: the options it is
// built from, and stats() reporting every RotationStats counter.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RotatingTarget } from "../../src/rotation/rotating_target.ts";
import type {
  RotatingTargetOptions,
  RotationStats,
} from "../../src/rotation/rotation_types.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";

function options(memory: MemoryDriver): RotatingTargetOptions {
  return {
    path: "/logs/app.log",
    fs: memory,
    platform: getPlatform(),
    now: () => 0,
    maxBytes: 20,
    schedule: undefined,
    retention: {},
    compressor: undefined,
    compressionLevel: 6,
    checkIntervalMs: 0,
    mkdir: true,
    fsync: true,
    onDiagnostic: () => {},
  };
}

test("stats() reports every RotationStats counter, starting at zero", () => {
  const memory = new MemoryDriver();
  const target = new RotatingTarget(options(memory));
  target.open();
  const stats: RotationStats = target.stats();
  assert.deepEqual(Object.keys(stats).sort(), [
    "archivesDeleted",
    "archivesWritten",
    "compressedBytesIn",
    "compressedBytesOut",
    "compressionFailures",
    "compressionMs",
    "compressionsPending",
    "linesDeletedOnDiskFull",
    "linesUnshippedDeleted",
    "liveBytes",
    "reopens",
    "rotationFailures",
    "rotations",
    "rotationsByOthers",
    "tornLinesEnded",
  ]);
  for (const value of Object.values(stats)) assert.equal(value, 0);
});

test("maxBytes from the options rotates before the live file would exceed it", () => {
  const memory = new MemoryDriver();
  const target = new RotatingTarget(options(memory));
  target.open();
  const bytes = new TextEncoder().encode("0123456789abcdefghi\n"); // 20 bytes
  target.write(bytes, 0, bytes.length);
  target.write(bytes, 0, bytes.length);
  assert.equal(target.stats().rotations, 1);
  assert.equal(target.stats().liveBytes, 20);
});
