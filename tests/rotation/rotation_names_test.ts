import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createRotatingFileSink } from "../../mod.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { ArchiveNames } from "../../src/file/archive_names.ts";
import { makeTempDir, readText, removeDir } from "../_fixtures/fixtures.ts";
import { archiveFiles } from "../_fixtures/rotation_fixtures.ts";

const hour = 3_600_000;

test("a future-named archive does not steer naming or switch age retention off, and is reported", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const names = new ArchiveNames(file);
    const future = "app.2099-01-01T00-00-00.000Z.log";
    fs.writeFileSync(path.join(dir, future), "restored from a backup\n");
    let now = Date.parse("2024-06-01T00:00:00Z");
    const start = now;
    const events: Diagnostic[] = [];
    const sink = createRotatingFileSink(file, {
      maxAgeMs: 3 * hour,
      now: () => now,
      onDiagnostic: (d) => events.push(d),
    });
    for (let i = 0; i < 10; i++) {
      sink.write(`archive ${i}\n`);
      assert.equal(sink.rotate(), true);
      now += hour;
    }
    await sink.close();
    // Named after the rotation time, not bumped past the 2099 name; only
    // the archives of the last 3 h are kept (retention ran at the last
    // rotation, at +9 h: +6 h is exactly 3 h old), and the future file is
    // left alone.
    assert.deepEqual(archiveFiles(dir), [
      names.archiveName(start + 6 * hour),
      names.archiveName(start + 7 * hour),
      names.archiveName(start + 8 * hour),
      names.archiveName(start + 9 * hour),
      future,
    ]);
    assert.equal(
      readText(names.archivePath(start + 9 * hour)),
      "archive 9\n",
    );
    assert.equal(sink.stats().archivesDeleted, 6);
    const reports = events.filter((d) =>
      d.kind === "error" && d.message.includes(future) &&
      d.message.includes("future")
    );
    assert.equal(
      reports.length,
      1,
      JSON.stringify(events.map((d) => d.message)),
    );
  } finally {
    removeDir(dir);
  }
});

test("two rotations in the same millisecond are told apart by a suffix, in order", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const names = new ArchiveNames(file);
    const now = Date.parse("2024-06-01T00:00:00Z");
    const sink = createRotatingFileSink(file, {
      now: () => now,
      onDiagnostic: () => {},
    });
    for (let i = 0; i < 3; i++) {
      sink.write(`line ${i}\n`);
      assert.equal(sink.rotate(), true);
    }
    await sink.close();
    assert.deepEqual(archiveFiles(dir), [
      names.archiveName(now),
      names.archiveName(now, 1),
      names.archiveName(now, 2),
    ]);
    assert.deepEqual(
      archiveFiles(dir).map((n) => readText(path.join(dir, n))),
      ["line 0\n", "line 1\n", "line 2\n"],
    );
    assert.equal(names.parse(names.archiveName(now, 2))?.seq, 2);
  } finally {
    removeDir(dir);
  }
});
