import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { createFileSink, createRotatingFileSink } from "../../mod.ts";
import {
  cutLongLines,
  tornLineBytes,
  wholeLinesPrefix,
} from "../../src/buffer/line_assembly.ts";
import {
  fileLines,
  makeTempDir,
  readText,
  removeDir,
} from "../_fixtures/fixtures.ts";
import { faultyDriver, MemoryDriver } from "../_fixtures/memory_driver.ts";

const quiet = () => {};
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function cut(text: string, max: number): [string, number] | undefined {
  const bytes = encoder.encode(text);
  const result = cutLongLines(bytes, bytes.length, max);
  if (result === undefined) return undefined;
  return [decoder.decode(result.bytes.subarray(0, result.length)), result.cuts];
}

test("cutLongLines() leaves a batch without over-long lines alone (nothing allocated)", () => {
  assert.equal(cut("abcd\nef\n", 4), undefined);
  assert.equal(cut("abcd", 4), undefined, "an unfinished line of exactly max");
});

test("cutLongLines() cuts at the limit, rounded down to a UTF-8 boundary, never adding an empty line", () => {
  assert.deepEqual(cut("abcdefghij\n", 4), ["abcd\nefgh\nij\n", 2]);
  assert.deepEqual(cut("abcdefgh\n", 4), ["abcd\nefgh\n", 1]);
  assert.deepEqual(cut("ééé\n", 5), ["éé\né\n", 1], "cut at 4, not mid-é");
  assert.deepEqual(
    cut("ok\nabcdef", 4),
    ["ok\nabcd\nef", 1],
    "unfinished rest",
  );
});

test("cutLongLines() cuts a character longer than the limit at the limit", () => {
  const result = cutLongLines(encoder.encode("€\n"), 4, 2);
  assert.ok(result);
  assert.deepEqual([...result.bytes.subarray(0, result.length)], [
    0xe2,
    0x82,
    10,
    0xac,
    10,
  ]);
});

test("tornLineBytes() counts the unfinished line a write left in the target", () => {
  const bytes = encoder.encode("a\nbcd\nef");
  assert.equal(tornLineBytes(bytes, 2, 0), 0, "ended a line");
  assert.equal(tornLineBytes(bytes, 4, 0), 2, '"bc" landed');
  assert.equal(tornLineBytes(bytes, 1, 5), 6, "carried bytes of the same line");
  assert.equal(tornLineBytes(bytes, 4, 5), 2, "a new line: carried ignored");
});

test("wholeLinesPrefix() frees whole lines only, as few as reach the need", () => {
  const bytes = encoder.encode("ab\ncd\nef");
  assert.equal(wholeLinesPrefix(bytes, bytes.length, 1), 3);
  assert.equal(wholeLinesPrefix(bytes, bytes.length, 4), 6);
  assert.equal(wholeLinesPrefix(bytes, bytes.length, 100), 6);
  assert.equal(wholeLinesPrefix(bytes, 2, 1), 0, "no whole line");
});

test("createFileSink() holds a partial line until its newline, and ends it at close", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, { onDiagnostic: quiet });
    sink.write("one\ntw");
    await sink.flush();
    assert.equal(readText(file), "one\n");
    sink.write(new TextEncoder().encode("o\nthr"));
    await sink.flush();
    assert.equal(readText(file), "one\ntwo\n");
    sink.write("ee");
    await sink.close();
    assert.equal(readText(file), "one\ntwo\nthree\n");
  } finally {
    removeDir(dir);
  }
});

test("createFileSink() cuts a partial line longer than maxLineBytes at the limit", async () => {
  const driver = new MemoryDriver();
  const sink = createFileSink("/logs/app.log", {
    fileDriver: driver,
    flushBytes: 16,
    maxBufferedBytes: 64,
    maxLineBytes: 20,
    onDiagnostic: quiet,
  });
  sink.write("a".repeat(30));
  sink.write("b\n");
  await sink.close();
  assert.equal(
    driver.text("/logs/app.log"),
    "a".repeat(20) + "\n" + "a".repeat(10) + "b\n",
  );
  assert.equal(sink.stats().splitLines, 1);
});

test("maxLineBytes cuts every over-long line exactly at the limit (UTF-8 boundary), one piece or many, never adding an empty line", async () => {
  const dir = makeTempDir();
  try {
    for (const rotating of [false, true]) {
      const file = path.join(dir, rotating ? "rotating.log" : "plain.log");
      const options = { maxLineBytes: 10, onDiagnostic: quiet };
      const sink = rotating
        ? createRotatingFileSink(file, options)
        : createFileSink(file, options);
      sink.write("abcdefghijklmnopqrstuvwxy\n"); // one piece, 25 bytes
      sink.write("0123456789\n"); // exactly the limit: not cut
      sink.write("0123456789abcdefghij\n"); // twice the limit
      sink.write("ééééé\n"); // 10 bytes
      sink.write("éééééé\n"); // 12 bytes: cut at 10, a character boundary
      sink.write("€€€€\n"); // 12 bytes: 3-byte characters, cut at 9
      await sink.flush();
      // One line built from many writes, flushed in between.
      for (const part of ["abcde", "fghij", "klmno"]) {
        sink.write(part);
        await sink.flush();
      }
      sink.write("\n");
      sink.write("0123456789"); // exactly the limit, unfinished
      await sink.flush();
      sink.write("\n");
      await sink.close();
      assert.deepEqual(fileLines(file), [
        "abcdefghij",
        "klmnopqrst",
        "uvwxy",
        "0123456789",
        "0123456789",
        "abcdefghij",
        "ééééé",
        "ééééé",
        "é",
        "€€€",
        "€",
        "abcdefghij",
        "klmno",
        "0123456789",
      ], rotating ? "rotating sink" : "file sink");
      assert.equal(sink.stats().splitLines, 6);
    }
  } finally {
    removeDir(dir);
  }
});

test("a short write followed by ENOSPC (onDiskFull block) cuts the torn head off the file and writes the line whole later", async () => {
  const memory = new MemoryDriver();
  const driver = faultyDriver(memory, [
    { op: "write", call: 1, code: "ENOSPC", partial: 7 },
  ]);
  const sink = createFileSink("/app.log", {
    fileDriver: driver,
    onDiskFull: "block", // hold and retry in the sink, not the stdout fallback
    onDiagnostic: quiet,
  });
  sink.write("first line\nsecond line\n");
  assert.equal(sink.flushSync(), false);
  assert.equal(memory.text("/app.log"), "", "no torn head left in the file");
  assert.equal(sink.flushSync(), true);
  await sink.close();
  assert.equal(memory.text("/app.log"), "first line\nsecond line\n");
});
