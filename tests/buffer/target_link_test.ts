import assert from "node:assert/strict";
import { test } from "node:test";
import { createFileSink, type Diagnostic } from "../../mod.ts";
import { getPlatform, type Target, TargetWriteError } from "../../compose.ts";
import { TargetLink } from "../../src/buffer/target_link.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";

/**
 * A link to a target that fails while `failWith` is set (after `landed`
 * bytes), with the diagnostics it emits.
 */
function flakyLink(syncEachWrite = false) {
  const state = {
    failWith: undefined as Error | undefined,
    landed: 0,
    syncFails: false,
    cutTail: true,
    written: [] as number[],
    syncs: 0,
  };
  const target: Target = {
    name: "flaky",
    write(_bytes, _offset, length) {
      if (state.failWith !== undefined) {
        throw new TargetWriteError(state.failWith, state.landed);
      }
      state.written.push(length);
    },
    sync() {
      state.syncs++;
      if (state.syncFails) {
        throw Object.assign(new Error("i/o error"), { code: "EIO" });
      }
    },
    close() {},
    cutTail: () => state.cutTail,
  };
  const events: Diagnostic[] = [];
  const link = new TargetLink(
    target,
    getPlatform(),
    (d) => events.push(d),
    syncEachWrite,
  );
  return { link, state, events };
}

const bytes = new TextEncoder().encode("abc\ndef\n");

test("TargetLink.write() reports the first failure of a run once and the recovery once", () => {
  const { link, state, events } = flakyLink();
  state.failWith = Object.assign(new Error("no space left"), {
    code: "ENOSPC",
  });
  state.landed = 3;
  assert.equal(link.write(bytes, 8), false);
  assert.equal(link.written, 3, "the bytes that landed");
  assert.equal(link.write(bytes, 8), false);
  assert.equal(link.failing, true);
  assert.equal(link.errors, 2);
  assert.match(link.lastError ?? "", /^ENOSPC\b/);
  assert.equal(link.bytesWritten, 6);
  state.failWith = undefined;
  assert.equal(link.write(bytes, 8), true);
  assert.equal(link.succeeded(), true, "ends the run of failures");
  assert.equal(link.succeeded(), false);
  assert.equal(link.flushes, 2);
  assert.deepEqual(events.map((e) => e.kind), ["error"]);
});

test("TargetLink.writeWhole() counts nothing of a piece that half landed", () => {
  const { link, state } = flakyLink();
  state.failWith = new Error("EIO");
  state.landed = 2;
  assert.equal(link.writeWhole(bytes), false);
  assert.equal(link.written, 2);
  assert.equal(link.bytesWritten, 0);
  state.failWith = undefined;
  assert.equal(link.writeWhole(bytes), true);
  assert.equal(link.bytesWritten, 8);
});

test("TargetLink with fsync after each write: a failed fsync is counted, the write still succeeded", () => {
  const { link, state, events } = flakyLink(true);
  state.syncFails = true;
  assert.equal(link.write(bytes, 8), true);
  assert.equal(state.syncs, 1);
  assert.equal(link.errors, 1);
  assert.equal(link.failing, false);
  assert.match(events[0]?.message ?? "", /^fsync failed \(EIO\b/);
});

test("TargetLink.cutTail() un-counts the bytes it cut; close() never throws", async () => {
  const { link, state } = flakyLink();
  link.write(bytes, 8);
  assert.equal(link.cutTail(3), true);
  assert.equal(link.bytesWritten, 5);
  state.cutTail = false;
  assert.equal(link.cutTail(3), false);
  assert.equal(link.bytesWritten, 5);
  state.syncFails = true;
  await link.close(true);
  assert.equal(link.errors, 1);
});

test("fsync policy flush syncs every flush; close syncs once", async () => {
  const everyFlush = new MemoryDriver();
  const a = createFileSink("/a.log", {
    fileDriver: everyFlush,
    fsync: "flush",
    flushBytes: 8,
  });
  for (let i = 0; i < 5; i++) a.write("12345678\n");
  await a.close();
  assert.ok(everyFlush.syncs >= 5);
  const atClose = new MemoryDriver();
  const b = createFileSink("/b.log", { fileDriver: atClose, flushBytes: 8 });
  for (let i = 0; i < 5; i++) b.write("12345678\n");
  await b.close();
  assert.equal(atClose.syncs, 1);
});
