import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createRotatingFileSink } from "../../mod.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { ArchiveNames } from "../../src/file/archive_names.ts";
import {
  makeLine,
  makeTempDir,
  readText,
  removeDir,
} from "../_fixtures/fixtures.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";
import { faultyDriver } from "../_fixtures/memory_driver.ts";
import {
  allLines,
  archiveFiles,
  readMaybeGzip,
} from "../_fixtures/rotation_fixtures.ts";

const quiet = { onDiagnostic: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("invalid options throw clear TypeError/RangeError", () => {
  const cases: Array<[object, typeof TypeError, RegExp]> = [
    [{ keep: 0 }, RangeError, /keep must be >= 1: current value is 0/],
    [{ maxBytes: 0 }, RangeError, /maxBytes must be >= 1/],
    [{ maxBytes: 1.5 }, TypeError, /maxBytes must be an integer/],
    [{ maxAgeMs: -1 }, RangeError, /maxAgeMs must be >= 1/],
    [{ maxTotalBytes: "1G" }, TypeError, /maxTotalBytes must be an integer/],
    [
      { every: "monthly" },
      TypeError,
      /every must be one of "never", "minutely", "hourly", "daily", "weekly"/,
    ],
    [
      { timeZone: "Nowhere/Land" },
      RangeError,
      /timeZone must be "UTC", "local"/,
    ],
    [{ compress: "zstd" }, TypeError, /compress must be "gzip" or false/],
    [{ compress: true }, TypeError, /compress must be "gzip" or false/],
    [{ now: 5 }, TypeError, /now must be a function/],
    [{ compressionLevel: 0 }, RangeError, /compressionLevel must be >= 1/],
    [{ compressionLevel: 10 }, RangeError, /compressionLevel must be <= 9/],
    [{ checkIntervalMs: -1 }, RangeError, /checkIntervalMs must be >= 0/],
    [{ flushBytes: 0 }, RangeError, /flushBytes must be >= 1/],
  ];
  for (const [options, type, message] of cases) {
    assert.throws(
      () => createRotatingFileSink("/tmp/logrotor-never/app.log", options),
      (err: unknown) => {
        assert.ok(err instanceof type, `${JSON.stringify(options)}: ${err}`);
        assert.match((err as Error).message, message);
        assert.match(
          (err as Error).message,
          /^Cannot create rotating file sink as /,
        );
        return true;
      },
    );
  }
  assert.throws(() => createRotatingFileSink(""), TypeError);
  assert.equal(fs.existsSync("/tmp/logrotor-never"), false);
});

test("size rotation splits batches at line boundaries; a huge line goes whole into one file", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createRotatingFileSink(file, { maxBytes: 100, ...quiet });
    const lines: string[] = [];
    for (let i = 0; i < 10; i++) lines.push(makeLine(i, 30)); // 30 B each
    sink.write(lines.join("")); // one batch of 300 B
    const huge = "H".repeat(250) + "\n";
    sink.write(huge);
    sink.write(makeLine(10, 30));
    await sink.close();
    const archives = archiveFiles(dir);
    const sizes = archives.map((n) => fs.statSync(path.join(dir, n)).size);
    assert.deepEqual(sizes, [90, 90, 90, 30, 251]);
    assert.equal(readText(path.join(dir, archives[4]!)), huge);
    assert.equal(readText(file), makeLine(10, 30));
    assert.deepEqual(
      allLines(dir),
      [...lines, huge, makeLine(10, 30)].map((l) => l.trimEnd()),
    );
    const stats = sink.stats();
    assert.equal(stats.rotations, 5);
    assert.equal(stats.archivesWritten, 0);
  } finally {
    removeDir(dir);
  }
});

test("time rotation with an injected clock: midnight and the DST days in New York", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    let now = Date.parse("2024-03-09T23:00:00Z"); // 18:00 EST on the 9th
    const sink = createRotatingFileSink(file, {
      every: "daily",
      timeZone: "America/New_York",
      now: () => now,
      ...quiet,
    });
    const times = [
      "2024-03-09T23:00:00Z", // Mar 9
      "2024-03-10T04:59:59.999Z", // Mar 9, 23:59:59.999 EST
      "2024-03-10T05:00:00Z", // Mar 10 00:00 EST
      "2024-03-11T03:59:59Z", // Mar 10 23:59:59 EDT (a 23-hour day)
      "2024-03-11T04:00:00Z", // Mar 11 00:00 EDT
      "2024-11-03T04:00:00Z", // Nov 3 00:00 EDT
      "2024-11-04T04:30:00Z", // Nov 3 23:30 EST (a 25-hour day)
      "2024-11-04T05:00:00Z", // Nov 4 00:00 EST
    ];
    for (const [i, t] of times.entries()) {
      now = Date.parse(t);
      sink.write(`${i} ${t}\n`);
      sink.flushSync();
    }
    await sink.close();
    const archives = archiveFiles(dir);
    assert.deepEqual(archives, [
      "app.2024-03-10T05-00-00.000Z.log",
      "app.2024-03-11T04-00-00.000Z.log",
      "app.2024-03-12T04-00-00.000Z.log",
      "app.2024-11-04T05-00-00.000Z.log",
    ]);
    const content = archives.map((n) => readText(path.join(dir, n)));
    assert.deepEqual(content, [
      `0 ${times[0]}\n1 ${times[1]}\n`,
      `2 ${times[2]}\n3 ${times[3]}\n`,
      `4 ${times[4]}\n`,
      `5 ${times[5]}\n6 ${times[6]}\n`,
    ]);
    assert.equal(readText(file), `7 ${times[7]}\n`);
  } finally {
    removeDir(dir);
  }
});

test("rotation never overwrites an existing file: a taken name gets a suffix; names keep rotation order when the clock steps back under a minute, and follow the clock beyond", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const names = new ArchiveNames(file);
    const start = Date.parse("2024-01-01T00:00:00Z");
    let now = start;
    const taken = names.archivePath(now);
    fs.writeFileSync(taken, "someone else's\n");
    fs.writeFileSync(`${names.archivePath(now, 1)}.gz`, "not ours to touch");
    const sink = createRotatingFileSink(file, { now: () => now, ...quiet });
    sink.write("a\n");
    assert.equal(sink.rotate(), true);
    now -= 30_000; // the clock steps back half a minute (NTP)
    sink.write("b\n");
    assert.equal(sink.rotate(), true);
    now = start - 3_600_000; // an hour back: names follow the clock
    sink.write("c\n");
    assert.equal(sink.rotate(), true);
    assert.equal(sink.rotate(), false, "nothing to rotate");
    await sink.close();
    assert.equal(readText(taken), "someone else's\n");
    assert.deepEqual(archiveFiles(dir), [
      names.archiveName(start - 3_600_000),
      names.archiveName(start),
      `${names.archiveName(start, 1)}.gz`,
      names.archiveName(start, 2),
      names.archiveName(start, 3),
    ]);
    assert.equal(readText(names.archivePath(start, 2)), "a\n");
    assert.equal(readText(names.archivePath(start, 3)), "b\n");
    assert.equal(readText(names.archivePath(start - 3_600_000)), "c\n");
  } finally {
    removeDir(dir);
  }
});

test("1,000,000 lines across many gzip rotations: every line once, in order, none torn", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const count = 1_000_000;
    const sink = createRotatingFileSink(file, {
      maxBytes: 2 * 1024 * 1024,
      compress: "gzip",
      ...quiet,
    });
    for (let i = 0; i < count; i++) {
      sink.write(makeLine(i, 64));
      if (i % 100_000 === 0) await sleep(0);
    }
    await sink.close();
    const stats = sink.stats();
    assert.ok(stats.rotations >= 25, `rotations: ${stats.rotations}`);
    assert.equal(stats.archivesWritten, stats.rotations);
    assert.equal(stats.compressionFailures, 0);
    assert.equal(stats.compressionsPending, 0);
    const archives = archiveFiles(dir);
    assert.equal(archives.length, stats.rotations);
    assert.ok(archives.every((n) => n.endsWith(".log.gz")), "all compressed");
    const lines = allLines(dir);
    assert.equal(lines.length, count);
    for (let i = 0; i < count; i++) {
      if (lines[i] !== makeLine(i, 64).trimEnd()) {
        assert.fail(`line ${i} is ${JSON.stringify(lines[i])}`);
      }
    }
  } finally {
    removeDir(dir);
  }
});

test("start-up recovery: stale .gz.tmp removed, half-done compression finished, foreign files kept", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const names = new ArchiveNames(file);
    const t = Date.parse("2024-05-01T00:00:00Z");
    const a = names.archivePath(t); // compressed, source not yet unlinked
    const b = names.archivePath(t + 1000); // compression interrupted
    const c = names.archivePath(t + 2000); // never compressed
    fs.writeFileSync(a, "a1\n");
    fs.writeFileSync(`${a}.gz`, (await import("node:zlib")).gzipSync("a1\n"));
    fs.writeFileSync(b, "b1\n");
    fs.writeFileSync(`${b}.gz.tmp`, "half a gzip");
    fs.writeFileSync(c, "c1\n");
    const foreign = [
      "other.log",
      "app.log.1",
      "notes.txt",
      "app.old.log.gz.tmp",
    ];
    for (const f of foreign) fs.writeFileSync(path.join(dir, f), "keep me\n");
    const events: Diagnostic[] = [];
    const sink = createRotatingFileSink(file, {
      compress: "gzip",
      onDiagnostic: (d) => events.push(d),
      now: () => t + 10_000,
    });
    sink.write("live\n");
    await sink.close();
    assert.equal(sink.stats().archivesWritten, 2);
    assert.deepEqual(archiveFiles(dir), [
      `${path.basename(a)}.gz`,
      `${path.basename(b)}.gz`,
      `${path.basename(c)}.gz`,
    ]);
    assert.deepEqual(allLines(dir), ["a1", "b1", "c1", "live"]);
    for (const f of foreign) {
      assert.equal(readText(path.join(dir, f)), "keep me\n", f);
    }
    assert.ok(
      events.some((e) => /removed leftover .*\.gz\.tmp/.test(e.message)),
    );
  } finally {
    removeDir(dir);
  }
});

test("retention after a restart: keep, maxTotalBytes and maxAgeMs, foreign files untouched", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    let now = Date.parse("2024-06-01T00:00:00Z");
    const foreign = [
      "app.log.2024-06-01",
      "app.2024-06-01.log",
      "other.2024-06-01T00-00-00.000Z.log",
      "app.2024-06-01T00-00-00.000Z.log.bak",
    ];
    for (const f of foreign) fs.writeFileSync(path.join(dir, f), "foreign\n");
    // First run: no retention, six archives of 10 bytes, one a minute.
    const first = createRotatingFileSink(file, { now: () => now, ...quiet });
    for (let i = 0; i < 6; i++) {
      first.write(`archive${i}\n`);
      first.rotate();
      now += 60_000;
    }
    await first.close();
    assert.equal(archiveFiles(dir).length, 6);

    // Restart with keep: 4 — retention runs at start, from the directory.
    const deleted: string[] = [];
    const second = createRotatingFileSink(file, {
      keep: 4,
      now: () => now,
      onDiagnostic: (d) => {
        if (d.kind === "deleted") deleted.push(d.message);
      },
    });
    assert.equal(second.stats().archivesDeleted, 2);
    assert.equal(deleted.length, 2);
    assert.deepEqual(
      archiveFiles(dir).map((n) => readText(path.join(dir, n))),
      ["archive2\n", "archive3\n", "archive4\n", "archive5\n"],
    );
    await second.close();

    // maxTotalBytes: 25 keeps the newest two (10 + 10 bytes).
    const third = createRotatingFileSink(file, {
      maxTotalBytes: 25,
      now: () => now,
      ...quiet,
    });
    assert.equal(third.stats().archivesDeleted, 2);
    await third.close();
    assert.equal(archiveFiles(dir).length, 2);

    // maxAgeMs: archives are 1–2 minutes old; 90 s keeps one.
    const fourth = createRotatingFileSink(file, {
      maxAgeMs: 90_000,
      now: () => now,
      ...quiet,
    });
    await fourth.close();
    assert.deepEqual(
      archiveFiles(dir).map((n) => readText(path.join(dir, n))),
      ["archive5\n"],
    );
    for (const f of foreign) {
      assert.equal(readText(path.join(dir, f)), "foreign\n", f);
    }
  } finally {
    removeDir(dir);
  }
});

test("retention with gzip counts the compressed archives and reports deletions", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createRotatingFileSink(file, {
      maxBytes: 64 * 20,
      keep: 3,
      compress: "gzip",
      ...quiet,
    });
    for (let i = 0; i < 64 * 20 * 10 / 64; i++) sink.write(makeLine(i, 64));
    await sink.close();
    const stats = sink.stats();
    assert.equal(stats.rotations, 9);
    assert.equal(stats.archivesWritten, 9);
    assert.equal(stats.archivesDeleted, 6);
    const archives = archiveFiles(dir);
    assert.equal(archives.length, 3);
    const lines = archives.flatMap((n) =>
      readMaybeGzip(path.join(dir, n)).trimEnd().split("\n")
    );
    assert.equal(lines[0], makeLine(120, 64).trimEnd());
    assert.equal(lines.at(-1), makeLine(179, 64).trimEnd());
  } finally {
    removeDir(dir);
  }
});

test("external rotation: a moved or deleted live file is detected and reopened; reopen() works", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createRotatingFileSink(file, { checkIntervalMs: 1, ...quiet });
    sink.write("one\n");
    sink.flushSync();
    fs.renameSync(file, path.join(dir, "moved.log")); // like logrotate
    await sleep(5);
    sink.write("two\n");
    sink.flushSync();
    assert.equal(readText(path.join(dir, "moved.log")), "one\n");
    assert.equal(readText(file), "two\n");
    fs.unlinkSync(file);
    await sleep(5);
    sink.write("three\n");
    sink.flushSync();
    assert.equal(readText(file), "three\n");
    // reopen() on demand (SIGHUP): no waiting for the check.
    fs.renameSync(file, path.join(dir, "moved2.log"));
    sink.reopen();
    sink.write("four\n");
    await sink.close();
    assert.equal(readText(path.join(dir, "moved2.log")), "three\n");
    assert.equal(readText(file), "four\n");
    assert.equal(sink.stats().reopens, 3);
  } finally {
    removeDir(dir);
  }
});

test("a failing rename keeps writing to the live file, reports it, and rotates later", async () => {
  const memory = new MemoryDriver();
  memory.mkdirp("/logs");
  const fsDriver = faultyDriver(memory, [
    { op: "rename", call: 1, code: "EACCES" },
  ]);
  const events: Diagnostic[] = [];
  let now = Date.parse("2024-01-01T00:00:00Z");
  const sink = createRotatingFileSink("/logs/app.log", {
    fileDriver: fsDriver,
    maxBytes: 20,
    now: () => now,
    checkIntervalMs: 0,
    onDiagnostic: (d) => events.push(d),
  });
  sink.write("0123456789\n0123456789\n"); // 22 B: a rotation is due after the first line
  sink.flushSync();
  assert.equal(memory.text("/logs/app.log"), "0123456789\n0123456789\n");
  assert.equal(sink.stats().rotationFailures, 1);
  assert.ok(events.some((e) => e.kind === "error" && /EACCES/.test(e.message)));
  assert.equal(sink.rotate(), true);
  now += 1;
  sink.write("after\n");
  await sink.close();
  assert.equal(memory.text("/logs/app.log"), "after\n");
  assert.equal(sink.stats().rotations, 1);
  assert.equal(sink.stats().errors, 0, "the caller saw no write error");
});

test("a live file left from an earlier day is archived at start; size and daily rotation combine", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    fs.writeFileSync(file, "yesterday\n");
    const mtime = fs.statSync(file).mtimeMs;
    const twoDays = 2 * 86_400_000;
    let now = Date.now() + twoDays;
    const sink = createRotatingFileSink(file, {
      every: "daily",
      maxBytes: 64 * 3,
      now: () => now,
      ...quiet,
    });
    for (let i = 0; i < 4; i++) sink.write(makeLine(i, 64));
    sink.flushSync();
    now += 86_400_000;
    sink.write(makeLine(4, 64));
    await sink.close();
    const archives = archiveFiles(dir);
    assert.equal(archives.length, 3);
    const midnight = (Math.floor(mtime / 86_400_000) + 1) * 86_400_000;
    assert.equal(archives[0], new ArchiveNames(file).archiveName(midnight));
    assert.deepEqual(
      archives.map((n) => readText(path.join(dir, n)).split("\n").length - 1),
      [1, 3, 1],
    );
    assert.deepEqual(allLines(dir), [
      "yesterday",
      ...[0, 1, 2, 3, 4].map((i) => makeLine(i, 64).trimEnd()),
    ]);
    assert.equal(sink.stats().rotations, 3);
  } finally {
    removeDir(dir);
  }
});

test("a torn last line left by a killed process is ended before new lines are appended", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    fs.writeFileSync(file, "whole\nto");
    const sink = createRotatingFileSink(file, { ...quiet });
    sink.write("next\n");
    await sink.close();
    assert.equal(readText(file), "whole\nto\nnext\n");
    assert.equal(sink.stats().tornLinesEnded, 1);
  } finally {
    removeDir(dir);
  }
});

test("a line half-written before ENOSPC (onDiskFull block) lands whole in one file across a due time rotation", async () => {
  const memory = new MemoryDriver();
  memory.mkdirp("/logs");
  const fsDriver = faultyDriver(memory, [
    { op: "write", call: 2, code: "ENOSPC", partial: 5 },
  ]);
  let now = Date.parse("2024-01-01T00:10:00Z");
  const sink = createRotatingFileSink("/logs/app.log", {
    fileDriver: fsDriver,
    every: "hourly",
    now: () => now,
    checkIntervalMs: 0,
    // Keep the lines and retry the file (not the stdout fallback), so the
    // rest of the torn line is owed to the file.
    onDiskFull: "block",
    ...quiet,
  });
  sink.write("0123456789\n");
  sink.flushSync();
  sink.write("abcdefghij\n");
  assert.equal(sink.flushSync(), false, "the second write failed half way");
  now = Date.parse("2024-01-01T01:05:00Z"); // an hourly rotation is due
  sink.write("next line\n");
  assert.equal(sink.flushSync(), true);
  await sink.close();
  const archive = [...memory.files.keys()].find((p) => p !== "/logs/app.log");
  assert.ok(archive, "rotated once");
  // The torn head was cut off the file, so the line went whole after the
  // rotation.
  assert.equal(memory.text(archive), "0123456789\n");
  assert.equal(memory.text("/logs/app.log"), "abcdefghij\nnext line\n");
});

test('maxSize takes bytes or text ("1K"); the deprecated maxBytes and compress: false still work and say so once', async () => {
  const dir = makeTempDir();
  try {
    const seen: Diagnostic[] = [];
    const onDiagnostic = (d: Diagnostic) => void seen.push(d);
    const bySize = createRotatingFileSink(path.join(dir, "a.log"), {
      maxSize: "1K",
      onDiagnostic,
    });
    for (let i = 0; i < 40; i++) bySize.write(makeLine(i, 64));
    await bySize.close();
    assert.ok(bySize.stats().rotations >= 2, "rotated at 1 KiB");
    assert.deepEqual(seen.filter((d) => d.kind === "deprecated"), []);

    const old = createRotatingFileSink(path.join(dir, "b.log"), {
      maxBytes: 1024,
      compress: false,
      onDiagnostic,
    });
    for (let i = 0; i < 40; i++) old.write(makeLine(i, 64));
    await old.close();
    assert.ok(old.stats().rotations >= 2, "maxBytes still rotates");
    assert.deepEqual(
      seen.filter((d) => d.kind === "deprecated").map((d) => d.message),
      [
        "option maxBytes is deprecated: use maxSize (removed in the next release)",
        'compress: false is deprecated: use compress: "none" (removed in the next release)',
      ],
    );
    assert.throws(
      () =>
        createRotatingFileSink(path.join(dir, "c.log"), {
          maxBytes: 1024,
          maxSize: "1K",
        }),
      {
        name: "TypeError",
        message:
          "Cannot create rotating file sink as maxBytes is a deprecated alias of maxSize and both are given: current value is 1024",
      },
    );
    assert.throws(
      () => createRotatingFileSink(path.join(dir, "c.log"), { maxSize: "1X" }),
      TypeError,
    );
  } finally {
    removeDir(dir);
  }
});

test('compress: "none" is accepted and writes no .gz', async () => {
  const dir = makeTempDir();
  try {
    const sink = createRotatingFileSink(path.join(dir, "app.log"), {
      maxSize: 256,
      compress: "none",
      ...quiet,
    });
    for (let i = 0; i < 20; i++) sink.write(makeLine(i, 64));
    await sink.close();
    assert.ok(sink.stats().rotations > 0);
    assert.ok(!fs.readdirSync(dir).some((n) => n.endsWith(".gz")));
  } finally {
    removeDir(dir);
  }
});
