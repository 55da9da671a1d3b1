import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  createFileSink,
  type Diagnostic,
  type OverflowPolicy,
} from "../mod.ts";
import { tmpfsUnavailable, withTmpfs } from "./_tmpfs.ts";

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
