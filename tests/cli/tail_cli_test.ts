import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { detectRuntime } from "../../src/runtime/detect.ts";
import { createRotatingFileSink } from "../../src/sinks/rotating_file_sink.ts";
import {
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";
import { start } from "../_fixtures/processes.ts";
import { corruptMiddleArchive } from "../_fixtures/tail_fixtures.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");
const quiet = () => {};

function logrotor(args: string[]) {
  const [cmd, pre] = scriptCommand(cli);
  return runChild(cmd, [...pre, ...args]);
}

test("logrotor tail -f keeps running and prints a line appended after it started", async () => {
  const dir = makeTempDir();
  const live = path.join(dir, "app.log");
  fs.writeFileSync(live, "before 1\nbefore 2\n");
  const child = start(detectRuntime(), cli, [
    "tail",
    "-n",
    "2",
    "-f",
    "--interval",
    "20ms",
    live,
  ]);
  try {
    await child.waitFor("before 2\n");
    // The follower is running: a line appended now must reach its stdout.
    fs.appendFileSync(live, "appended after start\n");
    const out = await child.waitFor("appended after start\n");
    assert.equal(out, "before 1\nbefore 2\nappended after start\n");
  } finally {
    child.child.kill("SIGKILL");
    await child.exited;
    removeDir(dir);
  }
});

test("logrotor tail on a missing file or a directory exits 1 with one line naming the path", async () => {
  const dir = makeTempDir();
  try {
    const missing = path.join(dir, "nosuch.log");
    const gone = await logrotor(["tail", missing]);
    assert.equal(gone.code, 1, gone.stderr);
    assert.equal(gone.stdout, "");
    assert.match(
      gone.stderr,
      new RegExp(
        `^logrotor tail: Cannot read ${missing} as [^\\n]*ENOENT[^\\n]*\\n$`,
      ),
    );
    const follow = await logrotor(["tail", "-f", missing]);
    assert.equal(follow.code, 1, follow.stderr);
    assert.match(follow.stderr, /^logrotor tail: Cannot read [^\n]*\n$/);
    const isDir = await logrotor(["tail", dir]);
    assert.equal(isDir.code, 1, isDir.stderr);
    assert.equal(isDir.stdout, "");
    assert.match(
      isDir.stderr,
      new RegExp(
        `^logrotor tail: Cannot read ${dir} as [^\\n]*EISDIR[^\\n]*\\n$`,
      ),
    );
    const usage = await logrotor(["tail"]);
    assert.equal(usage.code, 2, "usage errors keep status 2");
  } finally {
    removeDir(dir);
  }
});

const notDeno = detectRuntime() === "deno"
  ? false
  : "Deno permissions exist only on Deno";

test("logrotor tail under Deno without --allow-read names the missing flag", {
  skip: notDeno,
}, async () => {
  if (notDeno) return;
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    fs.writeFileSync(live, "a\n");
    const [deno] = scriptCommand(cli);
    const result = await runChild(deno, [
      "run",
      "--no-prompt",
      "--allow-env",
      "--allow-sys",
      cli,
      "tail",
      live,
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(
        `^logrotor tail: Cannot read ${live} as [^\\n]*--allow-read[^\\n]*\\n$`,
      ),
    );
  } finally {
    removeDir(dir);
  }
});

test("logrotor tail with one corrupt archive prints every readable line and one warning naming it", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const sink = createRotatingFileSink(live, {
      maxBytes: 4096,
      compress: "gzip",
      onDiagnostic: quiet,
    });
    const total = 20 * 64 + 10;
    for (let i = 0; i < total; i++) sink.write(makeLine(i, 64));
    await sink.close();
    const { bad, lost } = corruptMiddleArchive(dir);
    const result = await logrotor(["tail", "-n", "4000", live]);
    const expected: string[] = [];
    for (let i = 0; i < total; i++) {
      if (!lost.has(i)) expected.push(makeLine(i, 64).trimEnd());
    }
    assert.deepEqual(result.stdout.split("\n").filter(Boolean), expected);
    // One line naming the bad file, no stack trace, on every runtime.
    assert.ok(
      result.stderr.startsWith(`logrotor tail: warning: ${bad}: skipped as `),
      result.stderr,
    );
    assert.equal(result.stderr.split("\n").length, 2, result.stderr);
    assert.equal(result.code, 1, "a skipped archive is a non-zero status");
    // The sanity check: the other archives really are readable gzip.
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (name.endsWith(".gz") && file !== bad) {
        gunzipSync(fs.readFileSync(file));
      }
    }
  } finally {
    removeDir(dir);
  }
});
