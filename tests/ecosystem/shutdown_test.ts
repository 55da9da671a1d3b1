// The README's shutdown section, for a rotating gzip sink: `await close()`
// leaves every archive gzipped; without it (process.exit() after a close()
// not awaited, or a SIGTERM the app does not handle) every line is still on
// disk, in the live file, plain archives or .gz, and the next start gzips
// the plain archives and removes any .gz.tmp.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const child = path.join(repoRoot, "tests", "_fixtures", "shutdown_child.ts");
const count = 20_000; // 1.28 MB: 19 rotations at 64 KiB

interface Files {
  plain: string[];
  gz: string[];
  tmp: string[];
  lines: string[];
}

/** The sink's files and every line in them (archives in name order, then live). */
function readLogs(dir: string): Files {
  const names = fs.readdirSync(dir).sort();
  const plain = names.filter((n) => /^app\..+Z(_\d+)?\.log$/.test(n));
  const gz = names.filter((n) => n.endsWith(".log.gz"));
  const tmp = names.filter((n) => n.endsWith(".gz.tmp"));
  const archives = names.filter((n) => plain.includes(n) || gz.includes(n));
  const text = archives.map((n) => {
    const bytes = fs.readFileSync(path.join(dir, n));
    return n.endsWith(".gz")
      ? new TextDecoder().decode(gunzipSync(bytes))
      : new TextDecoder().decode(bytes);
  }).join("") + fs.readFileSync(path.join(dir, "app.log"), "utf8");
  const lines = text.split(/(?<=\n)/).filter((l) => l !== "");
  return { plain, gz, tmp, lines };
}

function assertEveryLine(files: Files, what: string): void {
  assert.equal(files.lines.length, count, `${what}: line count`);
  for (let i = 0; i < count; i++) {
    if (files.lines[i] !== makeLine(i)) {
      assert.fail(`${what}: line ${i} is ${JSON.stringify(files.lines[i])}`);
    }
  }
}

async function run(
  dir: string,
  mode: string,
): Promise<{ code: number | null; stderr: string }> {
  const [cmd, args] = scriptCommand(child);
  return await runChild(cmd, [
    ...args,
    path.join(dir, "app.log"),
    mode,
    String(count),
  ]);
}

test("await close() on a rotating gzip sink: every line on disk, every archive gzipped, no plain archive or .gz.tmp left", async () => {
  const dir = makeTempDir("logrotor-shutdown-");
  try {
    const done = await run(dir, "close");
    assert.equal(done.code, 0, done.stderr);
    const files = readLogs(dir);
    assertEveryLine(files, "after close()");
    assert.ok(files.gz.length >= 10, `${files.gz.length} .gz archives`);
    assert.deepEqual(files.plain, []);
    assert.deepEqual(files.tmp, []);
  } finally {
    removeDir(dir);
  }
});

for (
  const [mode, code, how] of [
    ["exit", 0, "process.exit() right after a close() not awaited"],
    ["sigterm", 143, "a SIGTERM the app does not handle (status 143)"],
  ] as const
) {
  test(`without await close(), ${how}: every line on disk; the next start gzips what is left and removes any .gz.tmp`, async () => {
    const dir = makeTempDir("logrotor-shutdown-");
    try {
      const done = await run(dir, mode);
      assert.equal(done.code, code, done.stderr);
      assertEveryLine(readLogs(dir), `after ${mode}`);
      const restart = await run(dir, "restart");
      assert.equal(restart.code, 0, restart.stderr);
      const files = readLogs(dir);
      assertEveryLine(files, "after the restart");
      assert.deepEqual(files.plain, [], "no plain archive left");
      assert.deepEqual(files.tmp, [], "no .gz.tmp left");
    } finally {
      removeDir(dir);
    }
  });
}
