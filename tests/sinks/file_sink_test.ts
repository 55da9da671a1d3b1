import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createFileSink, type Diagnostic } from "../../mod.ts";
import {
  fileLines,
  makeLine,
  makeTempDir,
  readText,
  removeDir,
} from "../_fixtures/fixtures.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";
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
      'Cannot create file sink as overflow must be one of "block", "drop-new", "drop-old", "timeout": current value is "later"',
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
