import assert from "node:assert/strict";
import { test } from "node:test";
import { createFileSink, type Diagnostic } from "../../mod.ts";
import {
  DropCount,
  droppedChunkLines,
  endsOpen,
  type OverflowBuffer,
  overflowHandlers,
  retryUntil,
} from "../../src/buffer/overflow.ts";
import type { Platform } from "../../src/runtime/driver.ts";
import { faultyDriver, MemoryDriver } from "../_fixtures/memory_driver.ts";
import { sleepingClock } from "./_sleeping_clock.ts";

const quiet = () => {};

type TestBuffer = OverflowBuffer & {
  held: number;
  reports: string[];
  flushes: number;
};

function fullBuffer(
  platform: Platform,
  held: number,
  onFlush: (buffer: TestBuffer) => void = () => {},
): TestBuffer {
  const buffer: TestBuffer = {
    platform,
    maxBufferedBytes: 100,
    blockTimeoutMs: 250,
    overflowTimeoutMs: 250,
    blockGaveUp: false,
    denied: () => false,
    held,
    reports: [] as string[],
    flushes: 0,
    pending: () => buffer.held,
    flush() {
      buffer.flushes++;
      onFlush(buffer);
    },
    dropOldest(need: number) {
      buffer.held -= need;
    },
    report(_kind: string, message: string) {
      buffer.reports.push(message);
    },
  };
  return buffer;
}

test("retryUntil() backs off 1 ms doubling to 100 ms and stops at the deadline", () => {
  const { platform, slept } = sleepingClock();
  assert.equal(retryUntil(platform, 300, () => false, () => {}), false);
  assert.deepEqual(slept, [1, 2, 4, 8, 16, 32, 64, 100, 100]);
  let tries = 0;
  assert.equal(
    retryUntil(platform, 300, () => tries === 2, () => tries++),
    true,
  );
});

test('overflow "drop-new" refuses the new chunk; "drop-old" frees room from the front', () => {
  const { platform } = sleepingClock();
  const buffer = fullBuffer(platform, 90);
  assert.equal(overflowHandlers["drop-new"](buffer, 20), false);
  assert.equal(buffer.held, 90, "nothing dropped from the buffer");
  assert.equal(overflowHandlers["drop-old"](buffer, 20), true);
  assert.equal(buffer.held, 80);
});

test('overflow "block" flushes until room appears, or gives up once and then drops at once', () => {
  const { platform } = sleepingClock();
  const recovering = fullBuffer(platform, 90, (b) => {
    if (b.flushes === 3) b.held = 0;
  });
  assert.equal(overflowHandlers.block(recovering, 20), true);
  assert.equal(recovering.flushes, 3);

  const stuck = fullBuffer(platform, 90);
  assert.equal(overflowHandlers.block(stuck, 20), false);
  assert.equal(stuck.blockGaveUp, true);
  assert.deepEqual(stuck.reports, [
    "target still failing after blocking 250 ms; dropping new lines until it recovers",
  ]);
  const flushes = stuck.flushes;
  assert.equal(overflowHandlers.block(stuck, 20), false);
  assert.equal(stuck.flushes, flushes, "no second wait");
});

test("droppedChunkLines() counts a chunk's unfinished last line too", () => {
  assert.equal(droppedChunkLines("a\nb\n"), 2);
  assert.equal(droppedChunkLines("a\nb"), 2);
  assert.equal(droppedChunkLines(new TextEncoder().encode("x")), 1);
  assert.equal(endsOpen("a\n"), false);
  assert.equal(endsOpen(new Uint8Array([97])), true);
});

test("DropCount counts totals and the unreported part, and writes the marker", () => {
  const drops = new DropCount();
  drops.add(3, 120);
  drops.add(0, 5);
  assert.equal(
    drops.marker("drop-old", false),
    "… 3 lines dropped (125 bytes, overflow policy drop-old) …\n",
  );
  assert.equal(drops.marker("block", true).startsWith("\n… 3 lines"), true);
  drops.reported();
  drops.add(1, 2);
  assert.deepEqual(
    [drops.lines, drops.bytes, drops.unreportedLines, drops.unreportedBytes],
    [4, 127, 1, 2],
  );
});

test("DropCount after close counts a line continued over two chunks once, and asks to report once", () => {
  const drops = new DropCount();
  assert.equal(drops.addAfterClose(1, 3, true), true);
  assert.equal(drops.addAfterClose(2, 4, false), false, "rest of the line");
  assert.equal(drops.lines, 2);
  assert.equal(drops.bytes, 7);
});

test("overflow drop-new counts drops and writes a marker when writing resumes", async () => {
  const driver = new MemoryDriver();
  driver.capacity = 50;
  const events: Diagnostic[] = [];
  const sink = createFileSink("/app.log", {
    fileDriver: driver,
    onDiskFull: "block", // hold and retry in the sink, not the stdout fallback
    flushBytes: 40,
    maxBufferedBytes: 100,
    overflow: "drop-new",
    onDiagnostic: (d) => events.push(d),
  });
  for (let i = 0; i < 40; i++) {
    sink.write(`line ${String(i).padStart(3, "0")}\n`);
  }
  const stats = sink.stats();
  assert.ok(stats.droppedLines > 0, "some lines dropped");
  assert.ok(stats.errors > 0);
  assert.equal(stats.lastError?.startsWith("ENOSPC"), true);
  driver.capacity = Infinity;
  await sink.close();
  const lines = driver.text("/app.log").split("\n").filter(Boolean);
  const kept = lines.filter((l) => l.startsWith("line "));
  const marker = lines.find((l) => l.includes("lines dropped"));
  assert.ok(marker, "marker written");
  assert.match(marker, new RegExp(`… ${stats.droppedLines} lines dropped`));
  assert.equal(
    kept.length + stats.droppedLines,
    40,
    "every line is kept or counted",
  );
  assert.deepEqual(kept, [...kept].sort(), "order kept");
  assert.ok(
    lines.every((l) => l.startsWith("line ") || l.startsWith("…")),
    "no torn line",
  );
  assert.ok(events.some((e) => e.kind === "error"));
  assert.ok(events.some((e) => e.kind === "dropped"));
});

test("overflow drop-old keeps the newest lines", async () => {
  const driver = new MemoryDriver();
  driver.capacity = 0;
  const sink = createFileSink("/app.log", {
    fileDriver: driver,
    onDiskFull: "block", // hold and retry in the sink, not the stdout fallback
    flushBytes: 16,
    maxBufferedBytes: 64,
    overflow: "drop-old",
    onDiagnostic: quiet,
  });
  for (let i = 0; i < 50; i++) sink.write(`l${String(i).padStart(5, "0")}\n`);
  driver.capacity = Infinity;
  await sink.close();
  const lines = driver.text("/app.log").split("\n").filter(Boolean);
  assert.equal(lines.at(-1), "l00049");
  const stats = sink.stats();
  assert.equal(stats.droppedLines + lines.length - 1, 50);
  assert.match(lines[0] ?? "", /lines dropped/);
});

test("overflow block retries until the target recovers and loses nothing", async () => {
  const memory = new MemoryDriver();
  const driver = faultyDriver(memory, [
    { op: "write", call: 1, code: "EAGAIN" },
    { op: "write", call: 2, code: "EAGAIN" },
    { op: "write", call: 3, code: "EIO" },
  ]);
  const sink = createFileSink("/app.log", {
    fileDriver: driver,
    onDiskFull: "block", // hold and retry in the sink, not the stdout fallback
    flushBytes: 16,
    maxBufferedBytes: 32,
    overflow: "block",
    onDiagnostic: quiet,
  });
  const expected: string[] = [];
  for (let i = 0; i < 40; i++) {
    const line = `k${String(i).padStart(5, "0")}\n`;
    expected.push(line);
    assert.equal(sink.write(line), true);
  }
  await sink.close();
  assert.equal(memory.text("/app.log"), expected.join(""));
  assert.equal(sink.stats().droppedLines, 0);
  assert.equal(sink.stats().errors, 3);
});

test("write() after close() is dropped, counted and reported", async () => {
  const memory = new MemoryDriver();
  const events: Diagnostic[] = [];
  const sink = createFileSink("/app.log", {
    fileDriver: memory,
    onDiagnostic: (d) => events.push(d),
  });
  sink.write("a\n");
  await sink.close();
  assert.equal(sink.write("late\n"), false);
  assert.equal(sink.stats().droppedLines, 1);
  assert.equal(memory.text("/app.log"), "a\n");
  assert.equal(events.filter((e) => e.kind === "dropped").length, 1);
});
