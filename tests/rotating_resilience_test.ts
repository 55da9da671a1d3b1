import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createRotatingFileSink } from "../mod.ts";
import type { Diagnostic } from "../src/diagnostics.ts";
import { detectRuntime } from "../src/runtime/detect.ts";
import {
  makeTempDir,
  removeDir,
  runChild,
  scriptCommand,
} from "./_fixtures.ts";
import { MemoryDriver } from "./_memory_driver.ts";
import { type RuntimeName, start } from "./_processes.ts";
import { allLines, archiveFiles, readMaybeGzip } from "./_rotation_fixtures.ts";
import { tmpfsUnavailable, withTmpfs } from "./_tmpfs.ts";

const quiet = { onDiagnostic: () => {} };

test("rotating sink: resilience options are checked like the file sink's", () => {
  const cases: Array<[object, typeof TypeError, RegExp]> = [
    [{ onLocked: "skip" }, TypeError, /onLocked must be one of "numbered"/],
    [{ shared: "yes" }, TypeError, /shared must be a boolean/],
    [{ maxVariants: 1000 }, RangeError, /maxVariants must be <= 999/],
    [{ onDiskFull: "panic" }, TypeError, /onDiskFull must be one of/],
    [{ fallback: "syslog" }, TypeError, /fallback must be "stdout", "stderr"/],
    [{ minFreeBytes: -1 }, RangeError, /minFreeBytes must be >= 0/],
    [{ recoveryIntervalMs: 0 }, RangeError, /recoveryIntervalMs must be >= 1/],
    [{ cleanup: 5 }, TypeError, /cleanup must be a function/],
    [{ replayBytes: 1.5 }, TypeError, /replayBytes must be an integer/],
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
  assert.equal(fs.existsSync("/tmp/logrotor-never"), false);
});

test("rotating sink on a full disk: the default cleanup deletes only its own oldest archives; a user cleanup wins", async () => {
  const memory = new MemoryDriver();
  memory.mkdirp("/logs");
  const own = [
    "/logs/app.2024-01-01T00-00-00.000Z.log.gz",
    "/logs/app.2024-01-02T00-00-00.000Z.log",
    "/logs/app.2024-01-03T00-00-00.000Z.log.gz",
  ];
  const foreign = [
    "/logs/other.2023-01-01T00-00-00.000Z.log",
    "/logs/app.001.2023-01-01T00-00-00.000Z.log",
    "/logs/app.log.rotate.lock",
    "/logs/app.log.lock.takeover.abc.0",
    "/logs/app.2023-01-01T00-00-00.000Z.log.bak",
  ];
  for (const f of [...own, ...foreign]) {
    memory.files.set(f, new Uint8Array(100));
  }
  memory.capacity = memory.used() + 50;
  const events: Diagnostic[] = [];
  const fallback: string[] = [];
  const sink = createRotatingFileSink("/logs/app.log", {
    fileDriver: memory,
    cleanupBytes: 120, // two archives of 100 bytes
    fallback: (chunk) => fallback.push(new TextDecoder().decode(chunk)),
    onDiagnostic: (d) => events.push(d),
  });
  try {
    sink.write(`${"x".repeat(79)}\n`); // 80 bytes: more than the 50 free
    assert.equal(sink.flushSync(), true);
    assert.equal(memory.text("/logs/app.log"), `${"x".repeat(79)}\n`);
    const stats = sink.stats();
    assert.equal(stats.archivesDeleted, 2);
    assert.equal(sink.status().bytesCleaned, 200);
    assert.equal(sink.status().state, "ok");
    assert.equal(memory.files.has(own[0]!), false);
    assert.equal(memory.files.has(own[1]!), false);
    assert.equal(memory.files.has(own[2]!), true, "the newest stays");
    for (const f of foreign) assert.ok(memory.files.has(f), `kept ${f}`);
    assert.equal(
      events.filter((e) => e.kind === "deleted" && /disk full/.test(e.message))
        .length,
      3, // two archives, then the total
    );
    assert.deepEqual(fallback, []);
  } finally {
    await sink.close();
  }

  // A user-supplied cleanup replaces the default one.
  const memory2 = new MemoryDriver();
  memory2.mkdirp("/logs");
  memory2.files.set(own[0]!, new Uint8Array(100));
  memory2.capacity = memory2.used() + 10;
  let asked = 0;
  const sink2 = createRotatingFileSink("/logs/app.log", {
    fileDriver: memory2,
    cleanup: (wanted) => {
      asked = wanted;
      return 0;
    },
    fallback: () => {},
    ...quiet,
  });
  try {
    sink2.write("a line of more than ten bytes\n");
    sink2.flushSync();
    assert.ok(asked > 0, "the user's cleanup was asked");
    assert.ok(memory2.files.has(own[0]!), "the archive was not touched");
    assert.equal(sink2.stats().archivesDeleted, 0);
    assert.equal(sink2.status().state, "degraded");
    assert.equal(sink2.status().fallbackLines, 1);
  } finally {
    await sink2.close();
  }
});

test("a rotating sink whose live file is held by another process rotates and retains app.001.log", async () => {
  const runtime = detectRuntime() as RuntimeName;
  const dir = makeTempDir();
  const file = path.join(dir, "app.log");
  const holder = start(runtime, "tests/_lock_holder.ts", [file]);
  try {
    await holder.waitFor("HOLDING");
    const events: Diagnostic[] = [];
    const sink = createRotatingFileSink(file, {
      maxBytes: 2000,
      keep: 3,
      compress: "gzip",
      onDiagnostic: (d) => events.push(d),
    });
    const variant = path.join(dir, "app.001.log");
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) {
      const line = `mine ${i} ${"v".repeat(60)}`;
      lines.push(line);
      sink.write(`${line}\n`);
      if (i % 20 === 19) sink.flushSync();
    }
    assert.equal(sink.status().state, "variant");
    assert.equal(sink.status().path, variant);
    assert.ok(events.some((e) => e.kind === "switched"));
    assert.equal(sink.rotate(), true);
    await sink.close();
    const stats = sink.stats();
    // 200 × 68 B = 13.6 kB in files of at most 2000 B, plus the rotate().
    assert.ok(stats.rotations >= 7, `${stats.rotations} rotations`);
    assert.equal(stats.archivesDeleted, stats.rotations - 3);
    assert.equal(stats.archivesWritten, stats.rotations);
    const archives = archiveFiles(dir, "app.001.log");
    assert.equal(archives.length, 3, archives.join(" "));
    for (const name of archives) {
      assert.match(
        name,
        /^app\.001\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z(_\d{3})?\.log\.gz$/,
      );
    }
    assert.deepEqual(
      sink.archives(),
      archives.map((n) => path.join(dir, n)),
      "archives() lists the variant's",
    );
    // The newest lines, in order, each once: the kept archives + the live variant.
    const kept = allLines(dir, "app.001.log");
    assert.deepEqual(kept, lines.slice(lines.length - kept.length));
    assert.equal(readMaybeGzip(variant), "", "rotated at the end");
    // The primary, its lock and the primary's (absent) archives are untouched.
    assert.deepEqual(archiveFiles(dir, "app.log"), []);
    assert.match(fs.readFileSync(file, "utf8"), /^holder \d+\n$/);
    assert.ok(fs.existsSync(`${file}.lock`), "the holder's lock stays");
    assert.equal(fs.existsSync(`${variant}.lock`), false, "released");
  } finally {
    holder.child.stdin?.end();
    await holder.exited;
    removeDir(dir);
  }
});

const unavailable = tmpfsUnavailable();
const lineRe = /^L (\d+) z{80}$/;

test(
  "a rotating gzip sink on a real full disk (1 MiB tmpfs): old archives deleted (counted), then stdout, recovery; every line exactly once",
  unavailable ? { skip: unavailable } : {},
  async () => {
    if (unavailable) return;
    await withTmpfs("1m", async (dir) => {
      const [command, args] = scriptCommand(
        "tests/_rotating_disk_full_writer.ts",
      );
      const result = await runChild(command, [...args, dir], {
        timeoutMs: 90_000,
      });
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stderr.trim().split("\n").at(-1)!);
      const { status, stats } = report;
      const context = JSON.stringify(report.events);
      assert.equal(status.state, "ok", context);
      assert.equal(stats.archivesDeleted, 3, "the three old archives");
      assert.equal(status.bytesCleaned, report.oldBytes);
      assert.ok(report.cleanedAt > 0 && report.cleanedAt < report.degradedAt);
      assert.ok(status.degradedEpisodes >= 1, context);
      assert.ok(status.fallbackLines >= 3000, `${status.fallbackLines}`);
      assert.equal(status.droppedLines, 0);
      assert.ok(report.recoveredAt > report.degradedAt);
      assert.ok(stats.rotations >= 1 && stats.archivesWritten >= 1);

      const seen = new Uint8Array(report.total);
      const count = (text: string, where: string) => {
        for (const line of text.split("\n")) {
          if (line === "" || line.startsWith("logrotor: ")) continue;
          const m = lineRe.exec(line);
          assert.ok(m, `a whole line in ${where}: ${JSON.stringify(line)}`);
          seen[Number(m[1])]! += 1;
        }
      };
      const files = fs.readdirSync(dir).sort();
      for (const name of files) {
        const text = readMaybeGzip(path.join(dir, name));
        assert.ok(text === "" || text.endsWith("\n"), `${name} ends whole`);
        count(text, name);
      }
      count(result.stdout, "stdout");
      const wrong = [...seen.keys()].filter((i) => seen[i] !== 1);
      assert.deepEqual(wrong.slice(0, 10), [], "every line exactly once");
      assert.match(
        result.stdout,
        /^logrotor: .*app\.log: cannot write .*ENOSPC/m,
      );
      assert.equal(files.length, 2, files.join(" "));
      assert.match(files[0]!, /^app\.\d{4}-.*Z\.log\.gz$/, "one new .gz");
      assert.equal(files[1], "app.log", "old archives, filler, lock: gone");
    });
  },
);
