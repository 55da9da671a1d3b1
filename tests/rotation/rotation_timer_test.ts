import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createRotatingFileSink } from "../../mod.ts";
import {
  makeTempDir,
  readText,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const quiet = () => {};
const beforeTen = Date.UTC(2026, 0, 1, 9, 59, 59, 980); // 20 ms before 10:00Z

function archivesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => /^app\.\d{4}-/.test(n)).sort();
}

test("rotateIfDue() archives an idle file once a calendar boundary has passed", async () => {
  const dir = makeTempDir();
  let now = beforeTen;
  const sink = createRotatingFileSink(path.join(dir, "app.log"), {
    every: "hourly",
    now: () => now,
    onDiagnostic: quiet,
  });
  try {
    sink.write("before ten\n");
    assert.equal(sink.rotateIfDue(), false, "not due yet");
    now += 40; // 10:00:00.020Z, and nothing more is written
    assert.equal(sink.rotateIfDue(), true);
    const archives = archivesIn(dir);
    assert.deepEqual(archives, ["app.2026-01-01T10-00-00.000Z.log"]);
    assert.equal(
      readText(path.join(dir, archives[0] as string)),
      "before ten\n",
    );
    assert.equal(sink.rotateIfDue(), false, "the next boundary is 11:00Z");
    now += 3_600_000; // 11:00:00.020Z with an empty live file
    assert.equal(sink.rotateIfDue(), false, "an empty file is not archived");
    assert.equal(sink.stats().rotations, 1);
  } finally {
    await sink.close();
    removeDir(dir);
  }
});

test("a rotating sink with every rotates an idle file by itself, from its boundary timer", async () => {
  const dir = makeTempDir();
  let now = beforeTen;
  const sink = createRotatingFileSink(path.join(dir, "app.log"), {
    every: "hourly",
    now: () => now,
    onDiagnostic: quiet,
  });
  try {
    sink.write("written before ten\n");
    sink.flushSync(); // on disk before the boundary; then the app goes idle
    now += 40; // the boundary passes; the timer was armed for ~50 ms
    // Wait for the archive (the event); the bound only ends a failing test.
    for (let i = 0; i < 6000 && archivesIn(dir).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const archives = archivesIn(dir);
    assert.deepEqual(archives, ["app.2026-01-01T10-00-00.000Z.log"]);
    assert.equal(
      readText(path.join(dir, archives[0] as string)),
      "written before ten\n",
    );
    assert.equal(sink.stats().rotations, 1);
  } finally {
    await sink.close();
    removeDir(dir);
  }
});

test("a rotating sink's timers are unref'd: a script that never closes its sink with every exits on its own", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const [cmd, args] = scriptCommand(
      path.join(repoRoot, "tests", "_fixtures", "idle_rotating_child.ts"),
    );
    // Awaiting the child's exit is the assertion: a ref'd boundary or flush
    // timer would keep it alive until the runner's timeout.
    const result = await runChild(cmd, [...args, file], {
      timeoutMs: 600_000,
    });
    assert.equal(result.code, 0, `exit status; stderr: ${result.stderr}`);
    assert.match(result.stdout, /script body done/);
    assert.equal(readText(file), "the only line\n", "flushed at exit");
  } finally {
    removeDir(dir);
  }
});
