import assert from "node:assert/strict";
import { test } from "node:test";
import type { Target } from "../../src/buffer/target.ts";
import { emergencyCleanup } from "../../src/degraded/emergency_cleanup.ts";

/** A file side that can be truncated, holding `size` bytes. */
function fileSide(size: number, log: string[]): Target {
  return {
    name: "/logs/app.log",
    write() {},
    sync() {},
    close() {},
    describe: () => ({ path: "/logs/app.log", shared: false, variant: false }),
    truncate: () => (log.push("truncate"), size),
  };
}

test("emergencyCleanup asks the hook for the failed bytes plus cleanupBytes and reports what it freed", () => {
  const events: string[] = [];
  const asked: number[] = [];
  const freed = emergencyCleanup(fileSide(100, events), {
    cleanup: (wanted) => (asked.push(wanted), 300),
    cleanupBytes: 1000,
    truncateOnDiskFull: false,
    report: (kind, message) => events.push(`${kind}: ${message}`),
  }, 24);
  assert.equal(freed, 300);
  assert.deepEqual(asked, [1024]);
  assert.deepEqual(events, [
    "deleted: disk full: emergency cleanup freed 300 bytes",
  ]);
});

test("emergencyCleanup truncates the file in use only when opted in and the hook freed too little", () => {
  const log: string[] = [];
  /** Frees `hookFrees` by the hook, from a 100-byte file; returns the total. */
  const run = (hookFrees: number, truncateOnDiskFull: boolean) =>
    emergencyCleanup(fileSide(100, log), {
      cleanup: () => hookFrees,
      cleanupBytes: 10,
      truncateOnDiskFull,
      report: (kind, message) => log.push(`${kind}: ${message}`),
    }, 0);
  assert.equal(run(0, false), 0);
  assert.deepEqual(log, [], "not opted in: nothing truncated or reported");
  assert.equal(run(10, true), 10);
  assert.deepEqual(log, [
    "deleted: disk full: emergency cleanup freed 10 bytes",
  ]);
  log.length = 0;
  assert.equal(run(4, true), 104);
  assert.deepEqual(log, [
    "truncate",
    "dropped: disk full: truncated /logs/app.log, losing its 100 bytes (truncateOnDiskFull)",
    "deleted: disk full: emergency cleanup freed 104 bytes",
  ]);
});

test("emergencyCleanup never throws: a failing hook or truncation is reported", () => {
  const events: string[] = [];
  const failing: Target = {
    ...fileSide(0, []),
    truncate: () => {
      throw Object.assign(new Error("EROFS"), { code: "EROFS" });
    },
  };
  const freed = emergencyCleanup(failing, {
    cleanup: () => {
      throw new Error("hook broke");
    },
    cleanupBytes: 10,
    truncateOnDiskFull: true,
    report: (kind, message) => events.push(`${kind}: ${message}`),
  }, 0);
  assert.equal(freed, 0);
  assert.deepEqual(events, [
    "error: emergency cleanup failed",
    "error: cannot truncate /logs/app.log",
  ]);
});

test("emergencyCleanup does not truncate a target that cannot say which file it writes", () => {
  const log: string[] = [];
  const { describe: _, ...anonymous } = fileSide(100, log);
  emergencyCleanup(anonymous, {
    cleanup: undefined,
    cleanupBytes: 10,
    truncateOnDiskFull: true,
    report: () => {},
  }, 0);
  assert.deepEqual(log, []);
});
