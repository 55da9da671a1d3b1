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
  fileLines,
  makeLine,
  makeTempDir,
  readText,
  removeDir,
} from "../_fixtures/fixtures.ts";
import { faultyDriver, MemoryDriver } from "../_fixtures/memory_driver.ts";
import { tmpfsUnavailable, withTmpfs } from "../_fixtures/tmpfs.ts";

const quiet = () => {};

test("createFileSink() writes every line in order and closes", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, { onDiagnostic: quiet });
    const expected: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const line = makeLine(i, 100);
      expected.push(line.slice(0, -1));
      sink.write(line);
    }
    await sink.close();
    assert.deepEqual(fileLines(file), expected);
    const stats = sink.stats();
    assert.equal(stats.linesAccepted, 20_000);
    assert.equal(stats.bytesWritten, 20_000 * 100);
    assert.equal(stats.droppedLines, 0);
    assert.ok(stats.flushes >= 20_000 * 100 / 262144, "flushed by size");
  } finally {
    removeDir(dir);
  }
});

test("createFileSink() opens lazily and creates missing directories", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "a", "b", "app.log");
    const sink = createFileSink(file, { onDiagnostic: quiet });
    assert.equal(fs.existsSync(file), false, "not opened before a flush");
    sink.write("x\n");
    await sink.flush();
    assert.equal(readText(file), "x\n");
    await sink.close();
  } finally {
    removeDir(dir);
  }
});

test("createFileSink() flushes on size before close", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, {
      flushBytes: 1024,
      flushIntervalMs: 0,
      onDiagnostic: quiet,
    });
    for (let i = 0; i < 100; i++) sink.write(makeLine(i, 64));
    const size = fs.statSync(file).size;
    assert.ok(size >= 5000 && size % 64 === 0, `whole lines on disk: ${size}`);
    await sink.close();
    assert.equal(fs.statSync(file).size, 6400);
  } finally {
    removeDir(dir);
  }
});

test("createFileSink() flushes on its timer without a close", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, {
      flushIntervalMs: 20,
      onDiagnostic: quiet,
    });
    sink.write("timed\n");
    assert.equal(fs.existsSync(file), false);
    for (let i = 0; i < 200 && !fs.existsSync(file); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(readText(file), "timed\n");
    await sink.close();
  } finally {
    removeDir(dir);
  }
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

test("createFileSink() keeps strings and bytes in order, UTF-8 encoded", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, { flushBytes: 8, onDiagnostic: quiet });
    sink.write("héllo ");
    sink.write(new TextEncoder().encode("wörld\n"));
    sink.write("日本語 ✓\n");
    await sink.close();
    assert.equal(readText(file), "héllo wörld\n日本語 ✓\n");
  } finally {
    removeDir(dir);
  }
});

test("createFileSink() appends by default and truncates on request", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    fs.writeFileSync(file, "old\n");
    const appending = createFileSink(file, { onDiagnostic: quiet });
    appending.write("new\n");
    await appending.close();
    assert.equal(readText(file), "old\nnew\n");
    const truncating = createFileSink(file, {
      mode: "truncate",
      onDiagnostic: quiet,
    });
    truncating.write("fresh\n");
    await truncating.close();
    assert.equal(readText(file), "fresh\n");
  } finally {
    removeDir(dir);
  }
});

test("mode truncate empties the file at the first open only: reopen() keeps the lines written before", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    fs.writeFileSync(file, "from an earlier run\n");
    const sink = createFileSink(file, {
      mode: "truncate",
      onDiagnostic: quiet,
    });
    sink.write("first\n");
    await sink.flush();
    assert.equal(readText(file), "first\n", "the first open truncated");
    sink.reopen(); // SIGHUP
    sink.write("second\n");
    await sink.flush();
    sink.reopen();
    sink.write("third\n");
    await sink.close();
    assert.equal(readText(file), "first\nsecond\nthird\n");
  } finally {
    removeDir(dir);
  }
});

test("mode truncate on a numbered variant: reopen() keeps its lines and never touches the locked primary", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const variant = path.join(dir, "app.001.log");
    const holder = createFileSink(file, { onDiagnostic: quiet });
    holder.write("holder 1\n");
    await holder.flush();
    fs.writeFileSync(variant, "from an earlier run\n");
    const sink = createFileSink(file, {
      mode: "truncate",
      onDiagnostic: quiet,
    });
    sink.write("mine 1\n");
    await sink.flush();
    assert.equal(sink.status().path, variant);
    sink.reopen();
    sink.write("mine 2\n");
    await sink.close();
    holder.write("holder 2\n");
    await holder.close();
    assert.equal(readText(variant), "mine 1\nmine 2\n");
    assert.equal(readText(file), "holder 1\nholder 2\n");
  } finally {
    removeDir(dir);
  }
});

const noTmpfs = tmpfsUnavailable();

test(
  "mode truncate: recovery from degraded mode (a real full tmpfs) keeps the lines written before the disk filled",
  noTmpfs ? { skip: noTmpfs } : {},
  async () => {
    if (noTmpfs) return;
    await withTmpfs("1m", async (dir) => {
      const file = path.join(dir, "app.log");
      const filler = path.join(dir, "filler");
      const events: Diagnostic[] = [];
      let recovered: () => void = () => {};
      const recovery = new Promise<void>((resolve) => recovered = resolve);
      const fallback: string[] = [];
      const sink = createFileSink(file, {
        mode: "truncate",
        onDiskFull: "fallback",
        fallback: (chunk: string | Uint8Array) => {
          fallback.push(
            typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk),
          );
        },
        minFreeBytes: 0,
        recoveryIntervalMs: 5,
        onDiagnostic: (d) => {
          events.push(d);
          if (d.kind === "recovered") recovered();
        },
      });
      sink.write("before the disk filled\n");
      await sink.flush();
      assert.equal(readText(file), "before the disk filled\n");
      // Fill the file system.
      const fd = fs.openSync(filler, "w");
      const block = new Uint8Array(64 * 1024);
      try {
        for (;;) fs.writeSync(fd, block);
      } catch (err) {
        assert.equal((err as { code?: string }).code, "ENOSPC");
      }
      try {
        for (;;) fs.writeSync(fd, block, 0, 1);
      } catch {
        // full to the last byte
      }
      fs.closeSync(fd);
      for (let i = 0; i < 50; i++) sink.write(`${i} ${"x".repeat(200)}\n`);
      await sink.flush();
      assert.equal(sink.status().state, "degraded", JSON.stringify(events));
      fs.unlinkSync(filler);
      // The probe timer is unref'd: keep the event loop alive meanwhile.
      const alive = setInterval(() => {}, 1000);
      try {
        await recovery; // the probe reopened the file
      } finally {
        clearInterval(alive);
      }
      sink.write("after recovery\n");
      await sink.close();
      const lines = fileLines(file);
      assert.equal(lines[0], "before the disk filled", "not truncated");
      assert.equal(lines.at(-1), "after recovery");
      // Every x-line is in the file (before the disk filled up) or went to
      // the fallback: nothing was erased by the reopen.
      const xs = [...lines.slice(1, -1), ...fallback.join("").split("\n")]
        .filter((l) => l !== "" && !l.startsWith("logrotor: ")); // banners
      assert.deepEqual(
        xs.map((l) => Number(l.split(" ")[0])),
        Array.from({ length: 50 }, (_, i) => i),
      );
    });
  },
);

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

test("sink.writable takes a piped ReadableStream and leaves the sink open", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, { onDiagnostic: quiet });
    const chunks = ["a\nb", "\nc\n", new TextEncoder().encode("d\ne")];
    await ReadableStream.from(chunks).pipeTo(sink.writable);
    assert.equal(sink.closed, false);
    assert.equal(readText(file), "a\nb\nc\nd\ne\n");
    await sink.close();
  } finally {
    removeDir(dir);
  }
});

test("createFileSink() rejects bad options with typed errors", () => {
  assert.throws(
    () => createFileSink("x.log", { flushBytes: 0 }),
    new RangeError(
      "Cannot create file sink as flushBytes must be >= 1: current value is 0",
    ),
  );
  assert.throws(
    () => createFileSink("x.log", { overflow: "later" as "block" }),
    new TypeError(
      'Cannot create file sink as overflow must be one of "block", "drop-new", "drop-old": current value is "later"',
    ),
  );
  assert.throws(
    () => createFileSink("", {}),
    new TypeError(
      'Cannot create file sink as path must be a non-empty string: current value is ""',
    ),
  );
  assert.throws(
    () => createFileSink("x.log", { flushBytes: 1024, maxBufferedBytes: 10 }),
    RangeError,
  );
});

test("sink.write() rejects a chunk that is neither string nor bytes", async () => {
  const driver = new MemoryDriver();
  const sink = createFileSink("/app.log", { fileDriver: driver });
  assert.throws(
    () => sink.write(42 as unknown as string),
    new TypeError(
      "Cannot write to /app.log as the chunk must be a string or Uint8Array: current type is number",
    ),
  );
  await sink.close();
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
