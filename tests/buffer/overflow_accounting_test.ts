import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createFileSink, type Diagnostic } from "../../mod.ts";
import {
  BufferedSink,
  type OverflowPolicy,
  type Target,
  TargetWriteError,
} from "../../compose.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { tmpfsUnavailable, withTmpfs } from "../_fixtures/tmpfs.ts";

const unavailable = tmpfsUnavailable();
const lineRe = /^L (\d+) x{80}$/;
const markerRe =
  /^… (\d+) lines dropped \((\d+) bytes, overflow policy [a-z-]+\) …$/;

/** Fills the file system holding `dir` to the last byte. */
function fill(file: string): void {
  const fd = fs.openSync(file, "w");
  const block = new Uint8Array(64 * 1024);
  try {
    try {
      for (;;) fs.writeSync(fd, block);
    } catch {
      // full to the block
    }
    try {
      for (;;) fs.writeSync(fd, block, 0, 1);
    } catch {
      // full to the byte
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `total` lines, each in two write() calls (head, then the rest),
 * into a sink on a full tmpfs with onDiskFull "block", frees the space,
 * closes, and checks the file: whole lines only, and the drop count (stats
 * and markers) equal to the lines missing.
 */
async function splitLinesOnFullDisk(overflow: OverflowPolicy): Promise<void> {
  await withTmpfs("1m", async (dir) => {
    const file = path.join(dir, "app.log");
    const filler = path.join(dir, "filler");
    const events: Diagnostic[] = [];
    const sink = createFileSink(file, {
      overflow,
      onDiskFull: "block",
      flushBytes: 4096,
      maxBufferedBytes: 16 * 1024,
      flushIntervalMs: 0,
      minFreeBytes: 0,
      onDiagnostic: (d) => events.push(d),
    });
    const total = 3000;
    const x = "x".repeat(80);
    sink.write(`L 0 ${x}\n`);
    await sink.flush();
    fill(filler);
    for (let i = 1; i < total; i++) {
      sink.write(`L ${i} `);
      sink.write(`${x}\n`);
    }
    fs.unlinkSync(filler);
    await sink.close();
    const text = fs.readFileSync(file, "utf8");
    assert.ok(text.endsWith("\n"));
    const seen = new Set<number>();
    const torn: string[] = [];
    let marked = 0;
    for (const line of text.slice(0, -1).split("\n")) {
      const m = lineRe.exec(line);
      if (m) {
        const n = Number(m[1]);
        assert.ok(!seen.has(n), `line ${n} once`);
        seen.add(n);
        continue;
      }
      const marker = markerRe.exec(line);
      if (marker) marked += Number(marker[1]);
      else torn.push(line);
    }
    const missing = total - seen.size;
    const stats = sink.stats();
    assert.ok(missing > 0, "the test overflowed the buffer");
    assert.deepEqual(
      { droppedLines: stats.droppedLines, marked },
      { droppedLines: missing, marked: missing },
      "stats().droppedLines and the markers' sum are the lines missing",
    );
    assert.deepEqual(torn, [], "whole lines and markers only");
  });
}

test(
  "drop-new counts a line written in two write() calls once, and leaves no held half in the file (real full tmpfs)",
  unavailable ? { skip: unavailable } : {},
  async () => {
    if (unavailable) return;
    await splitLinesOnFullDisk("drop-new");
  },
);

test(
  "drop-old with onDiskFull block leaves no torn head of a line cut short by ENOSPC (real full tmpfs)",
  unavailable ? { skip: unavailable } : {},
  async () => {
    if (unavailable) return;
    await splitLinesOnFullDisk("drop-old");
  },
);

/**
 * A memory target that fails with ENOSPC while `full` is set, optionally
 * after landing `landed` bytes of the batch (a short write), and that can
 * cut its tail like a sole writer's file.
 */
function memoryTarget() {
  const state = { text: "", full: false, landed: 0 };
  const decoder = new TextDecoder();
  const target: Target = {
    name: "memory",
    write(bytes, offset, length) {
      if (state.full) {
        const n = Math.min(state.landed, length);
        state.text += decoder.decode(bytes.subarray(offset, offset + n));
        state.landed = 0;
        throw new TargetWriteError(
          Object.assign(new Error("full"), { code: "ENOSPC" }),
          n,
        );
      }
      state.text += decoder.decode(bytes.subarray(offset, offset + length));
    },
    cutTail(bytes) {
      state.text = state.text.slice(0, state.text.length - bytes);
      return true;
    },
    sync() {},
    close() {},
  };
  return { state, target };
}

function check(text: string, total: number, droppedLines: number): void {
  const seen = new Set<number>();
  const torn: string[] = [];
  let marked = 0;
  for (const line of text.slice(0, -1).split("\n")) {
    const m = /^L (\d+) y{10}$/.exec(line);
    if (m) seen.add(Number(m[1]));
    else if (markerRe.test(line)) marked += Number(markerRe.exec(line)![1]);
    else torn.push(line);
  }
  const missing = total - seen.size;
  assert.ok(missing > 0, "the test overflowed the buffer");
  assert.deepEqual({ droppedLines, marked, torn }, {
    droppedLines: missing,
    marked: missing,
    torn: [],
  });
}

for (const overflow of ["drop-new", "drop-old"] as const) {
  test(`${overflow} (memory target): lines written in two halves are counted once, no half left in the output`, async () => {
    const { state, target } = memoryTarget();
    const sink = new BufferedSink(target, {
      overflow,
      flushBytes: 16,
      maxBufferedBytes: 64,
      flushIntervalMs: 0,
      flushOnExit: false,
      onDiagnostic: () => {},
    }, { platform: getPlatform(), subject: "memory sink" });
    const total = 200;
    sink.write("L 0 yyyyyyyyyy\n");
    sink.flushSync();
    state.full = true;
    state.landed = 7; // the first failing write lands a torn head
    for (let i = 1; i < total; i++) {
      sink.write(`L ${i} `);
      sink.write("yyyyyyyyyy\n");
    }
    state.full = false;
    await sink.close();
    assert.ok(state.text.endsWith("\n"));
    check(state.text, total, sink.stats().droppedLines);
  });
}
