import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  createFileSink,
  createRotatingFileSink,
  type Diagnostic,
} from "../../mod.ts";
import {
  type OverflowBuffer,
  overflowHandlers,
} from "../../src/buffer/overflow.ts";
import type { Platform } from "../../src/runtime/driver.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";
import { tmpfsUnavailable, withTmpfs } from "../_fixtures/tmpfs.ts";
import { sleepingClock } from "./_sleeping_clock.ts";

const quiet = () => {};

function stuckBuffer(platform: Platform): OverflowBuffer & { flushes: number } {
  const buffer = {
    platform,
    maxBufferedBytes: 100,
    blockTimeoutMs: 5000,
    overflowTimeoutMs: 250,
    blockGaveUp: false,
    denied: () => false,
    flushes: 0,
    pending: () => 90,
    flush() {
      buffer.flushes++;
    },
    dropOldest() {},
    report() {},
  };
  return buffer;
}

test('overflow "timeout" waits at most overflowTimeoutMs for every chunk, and never gives up for good', () => {
  const clock = sleepingClock();
  const buffer = stuckBuffer(clock.platform);
  assert.equal(overflowHandlers.timeout(buffer, 20), false);
  const first = clock.now();
  assert.ok(first >= 250 && first < 350, `waited ${first} ms on the clock`);
  const flushes = buffer.flushes;
  assert.ok(flushes > 1, "retried the target while waiting");
  assert.equal(overflowHandlers.timeout(buffer, 20), false);
  assert.ok(buffer.flushes > flushes, "the next chunk waits again");
  assert.equal(clock.now(), 2 * first, "the same bound for every chunk");
  assert.equal(buffer.blockGaveUp, false);

  const zero = { ...stuckBuffer(clock.platform), overflowTimeoutMs: 0 };
  const before = clock.now();
  assert.equal(overflowHandlers.timeout(zero, 20), false);
  assert.equal(clock.now(), before, "overflowTimeoutMs 0 does not wait");
});

test('overflow "timeout" keeps a line when the target takes it within overflowTimeoutMs', async () => {
  const driver = new MemoryDriver();
  driver.capacity = 0;
  // The held target is released 30 ms (on the sink's clock) into a wait.
  const clock = sleepingClock((now) => {
    if (now >= 30) driver.capacity = Infinity;
  });
  const sink = createFileSink("/app.log", {
    fileDriver: driver,
    platform: clock.platform,
    onDiskFull: "block", // hold and retry in the sink, not the stdout fallback
    flushBytes: 16,
    maxBufferedBytes: 32,
    overflow: "timeout",
    overflowTimeoutMs: 200,
    onDiagnostic: quiet,
  });
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) {
    const line = `w${String(i).padStart(5, "0")}\n`;
    lines.push(line);
    assert.equal(sink.write(line), true, `line ${i} kept`);
  }
  await sink.close();
  assert.equal(driver.text("/app.log"), lines.join(""));
  assert.equal(sink.stats().droppedLines, 0);
  assert.ok(clock.now() >= 30 && clock.now() < 200, `clock ${clock.now()}`);
});

test('overflow "timeout" (memory target held full): lines beyond the bound are dropped, counted exactly, each after one wait, and the marker follows', async () => {
  const driver = new MemoryDriver();
  driver.capacity = 0;
  const clock = sleepingClock();
  const events: Diagnostic[] = [];
  const sink = createFileSink("/app.log", {
    fileDriver: driver,
    platform: clock.platform,
    onDiskFull: "block",
    flushBytes: 16,
    maxBufferedBytes: 64,
    overflow: "timeout",
    overflowTimeoutMs: 50,
    onDiagnostic: (d) => events.push(d),
  });
  const kept: string[] = [];
  let refused = 0;
  for (let i = 0; i < 40; i++) {
    const line = `t${String(i).padStart(5, "0")}\n`; // 7 bytes
    if (sink.write(line)) kept.push(line);
    else refused++;
  }
  assert.equal(kept.length, 9, "64 bytes hold nine 7-byte lines");
  assert.equal(refused, 31);
  const stats = sink.stats();
  assert.equal(stats.droppedLines, 31);
  assert.equal(stats.droppedBytes, 31 * 7);
  // Each refused line waited once, from 50 ms up to one more pause (≤ 100 ms).
  assert.ok(clock.now() >= 31 * 50, `clock ${clock.now()}`);
  assert.ok(clock.now() < 31 * 150, `clock ${clock.now()}`);
  driver.capacity = Infinity;
  await sink.close();
  assert.equal(
    driver.text("/app.log"),
    "… 31 lines dropped (217 bytes, overflow policy timeout) …\n" +
      kept.join(""),
  );
  assert.ok(events.some((e) => e.kind === "dropped"));
});

test(
  'overflow "timeout" on a real full disk (tmpfs): dropped lines are counted exactly and the marker is written when the disk has room again',
  { skip: tmpfsUnavailable() },
  async () => {
    if (tmpfsUnavailable() !== undefined) return; // Bun ignores skip
    await withTmpfs("256k", async (dir) => {
      const clock = sleepingClock();
      const file = path.join(dir, "app.log");
      const sink = createFileSink(file, {
        platform: clock.platform,
        onDiskFull: "block", // hold the lines, do not send them to stdout
        flushBytes: 256,
        maxBufferedBytes: 1024,
        overflow: "timeout",
        overflowTimeoutMs: 20,
        flushOnExit: false,
        onDiagnostic: quiet,
      });
      // The file (and its lock) exist before the disk fills up.
      sink.write("start\n");
      assert.equal(sink.flushSync(), true);
      const filler = path.join(dir, "filler");
      const fd = fs.openSync(filler, "w");
      try {
        const block = new Uint8Array(4096);
        for (;;) fs.writeSync(fd, block);
      } catch (err) {
        assert.equal((err as { code?: string }).code, "ENOSPC");
      } finally {
        fs.closeSync(fd);
      }
      const kept: string[] = [];
      let refused = 0;
      for (let i = 0; i < 200; i++) {
        const line = `d${String(i).padStart(30, "0")}\n`; // 32 bytes
        if (sink.write(line)) kept.push(line);
        else refused++;
      }
      const stats = sink.stats();
      assert.ok(stats.errors > 0, "the disk was full");
      assert.equal(stats.lastError?.startsWith("ENOSPC"), true);
      // What fits: the rest of the live file's last page, then 1024 bytes
      // buffered; every line beyond that was refused after one wait.
      assert.ok(refused > 0, "lines beyond the bound were refused");
      assert.equal(stats.droppedLines, refused);
      assert.equal(stats.droppedBytes, refused * 32);
      assert.ok(clock.now() >= refused * 20, "each refused line waited");
      fs.rmSync(filler);
      await sink.close();
      const text = fs.readFileSync(file, "utf8");
      const marker = `… ${refused} lines dropped (${
        refused * 32
      } bytes, overflow policy timeout) …\n`;
      const at = text.indexOf(marker);
      assert.ok(at > 0, "the marker was written");
      assert.equal(text.split("lines dropped").length, 2, "one marker");
      assert.equal(
        text.slice(0, at) + text.slice(at + marker.length),
        "start\n" + kept.join(""),
        "every kept line is in the file, in order, nothing torn",
      );
      assert.equal(sink.stats().droppedLines, refused);
    });
  },
);

test('overflow "timeout" works the same in the rotating file sink: dropped lines counted exactly, marker in the live file', async () => {
  const driver = new MemoryDriver();
  driver.mkdirp("/logs");
  driver.capacity = 0;
  const clock = sleepingClock();
  const sink = createRotatingFileSink("/logs/app.log", {
    fileDriver: driver,
    platform: clock.platform,
    maxBytes: 1024 * 1024,
    onDiskFull: "block",
    flushBytes: 16,
    maxBufferedBytes: 64,
    overflow: "timeout",
    overflowTimeoutMs: 30,
    onDiagnostic: quiet,
  });
  const kept: string[] = [];
  let refused = 0;
  for (let i = 0; i < 20; i++) {
    const line = `r${String(i).padStart(5, "0")}\n`;
    if (sink.write(line)) kept.push(line);
    else refused++;
  }
  assert.equal(kept.length, 9);
  assert.equal(sink.stats().droppedLines, refused);
  assert.ok(clock.now() >= refused * 30, `clock ${clock.now()}`);
  driver.capacity = Infinity;
  await sink.close();
  assert.equal(
    driver.text("/logs/app.log"),
    `… ${refused} lines dropped (${
      refused * 7
    } bytes, overflow policy timeout) …\n` + kept.join(""),
  );
});
