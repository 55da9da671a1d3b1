// The options of a ResilientTarget: the disk-full policy and the fallback
// decide where lines go when the file refuses writes.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Target } from "../../src/buffer/target.ts";
import { ResilientTarget } from "../../src/degraded/resilient_target.ts";
import type { ResilientTargetOptions } from "../../src/degraded/resilient_target_options.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A file side that refuses every write with ENOSPC. */
const fullDisk: Target = {
  name: "/logs/app.log",
  write() {
    throw Object.assign(new Error("no space left on device"), {
      code: "ENOSPC",
    });
  },
  sync() {},
  close() {},
};

function options(
  onDiskFull: ResilientTargetOptions["onDiskFull"],
  fallback: ResilientTargetOptions["fallback"],
  reports: string[],
): ResilientTargetOptions {
  return {
    onDiskFull,
    fallback,
    minFreeBytes: 0,
    recoveryIntervalMs: 60_000,
    cleanup: undefined,
    cleanupBytes: 0,
    truncateOnDiskFull: false,
    replayBytes: 0,
    report: (kind, message) => reports.push(`${kind}: ${message}`),
  };
}

test('onDiskFull "fallback" sends the line to the fallback and reports it once', async () => {
  const diverted: string[] = [];
  const reports: string[] = [];
  const target = new ResilientTarget(
    fullDisk,
    new MemoryDriver(),
    getPlatform(),
    options(
      "fallback",
      (chunk) => diverted.push(decoder.decode(chunk)),
      reports,
    ),
  );
  const bytes = encoder.encode("hello\n");
  target.write(bytes, 0, bytes.length);
  target.write(bytes, 0, bytes.length);
  assert.ok(target.degraded);
  assert.ok(diverted.join("").endsWith("hello\nhello\n"));
  assert.equal(reports.filter((r) => r.startsWith("error: ")).length, 1);
  await target.close();
});

test('onDiskFull "drop" keeps lines away from the fallback', async () => {
  const diverted: string[] = [];
  const target = new ResilientTarget(
    fullDisk,
    new MemoryDriver(),
    getPlatform(),
    options("drop", (chunk) => diverted.push(decoder.decode(chunk)), []),
  );
  const bytes = encoder.encode("hello\n");
  target.write(bytes, 0, bytes.length);
  assert.ok(target.degraded);
  assert.ok(!diverted.join("").includes("hello\n"));
  await target.close();
});
