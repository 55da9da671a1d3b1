import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BackgroundSync,
  presyncInterval,
} from "../../src/rotation/background_sync.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";
import { withMethods } from "../_fixtures/memory_rotation.ts";

const mib = 1024 * 1024;

/** Every promise callback queued so far has run (one macrotask turn). */
const settled = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

test("presyncInterval: a quarter of maxBytes, between 1 and 8 MiB; never when disabled", () => {
  assert.equal(presyncInterval(16 * mib, true), 4 * mib);
  assert.equal(presyncInterval(mib, true), mib);
  assert.equal(presyncInterval(1024 * mib, true), 8 * mib);
  assert.equal(presyncInterval(Infinity, true), 8 * mib);
  assert.equal(presyncInterval(16 * mib, false), Infinity);
});

test("one background fsync per interval grown, never two at once; reset counts from a new file", async () => {
  const pending: Array<() => void> = [];
  const calls: string[] = [];
  const fs = withMethods(new MemoryDriver(), {
    syncInBackground: (path: string) => {
      calls.push(path);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
  });
  const presync = new BackgroundSync(fs, "/logs/app.log", 100);
  presync.check(99);
  assert.equal(calls.length, 0);
  presync.check(100);
  assert.equal(calls.length, 1);
  presync.check(250); // the first one is still running
  assert.equal(calls.length, 1);
  pending.shift()!();
  await settled();
  presync.check(199); // 99 since the last
  assert.equal(calls.length, 1);
  presync.check(200);
  assert.equal(calls.length, 2);
  pending.shift()!();
  presync.reset();
  await settled();
  presync.check(100);
  assert.deepEqual(calls, ["/logs/app.log", "/logs/app.log", "/logs/app.log"]);
});

test("a failed background fsync is ignored (only an optimisation)", async () => {
  let fail = true;
  let calls = 0;
  const fs = withMethods(new MemoryDriver(), {
    syncInBackground: () => {
      calls++;
      return fail ? Promise.reject(new Error("EIO")) : Promise.resolve();
    },
  });
  const presync = new BackgroundSync(fs, "/logs/app.log", 10);
  presync.check(10);
  fail = false;
  await settled();
  presync.check(20);
  assert.equal(calls, 2);
});
