import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";
import { allLines, archiveFiles } from "../_fixtures/rotation_fixtures.ts";

const child = path.join(
  repoRoot,
  "tests",
  "_fixtures",
  "rotation_crash_child.ts",
);
const maxBytes = 16 * 1024; // a rotation every ~180 lines: always rotating or compressing
const kills = 4;

function lastFlushed(stdout: string): number {
  const all = [...stdout.matchAll(/^flushed (\d+)$/gm)];
  return all.length === 0 ? -1 : Number(all.at(-1)![1]);
}

test("SIGKILL during rotation and compression, then restart: no flushed line lost or doubled, every .gz valid", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const [cmd, args] = scriptCommand(child);
    const flushed: number[] = [];
    const leftovers = { tmp: 0, uncompressed: 0 };
    for (let run = 0; run < kills; run++) {
      // Kill somewhere between ~1 and ~12 rotations in (the child keeps
      // going while the signal is on its way, so the moment is random).
      const at = 50 * (4 + Math.floor(Math.random() * 40)) - 1;
      const result = await runChild(
        cmd,
        [...args, file, String(run), "kill", "100000000", String(maxBytes)],
        {
          killOn: {
            text: `flushed ${String(at).padStart(7, "0")}\n`,
            signal: "SIGKILL",
          },
        },
      );
      assert.equal(result.signal, "SIGKILL", `run ${run}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /diagnostic:/, `run ${run}`);
      flushed.push(lastFlushed(result.stdout));
      for (const name of fs.readdirSync(dir)) {
        if (name.endsWith(".tmp")) leftovers.tmp++;
        else if (name.endsWith("Z.log")) leftovers.uncompressed++;
      }
      assert.ok(flushed[run]! >= at, `run ${run} reported ${flushed[run]}`);
    }
    const finalCount = 2000;
    const final = await runChild(
      cmd,
      [
        ...args,
        file,
        String(kills),
        "finish",
        String(finalCount),
        String(maxBytes),
      ],
    );
    assert.equal(final.code, 0, final.stderr);
    assert.match(final.stdout, /closed/);
    assert.doesNotMatch(final.stderr, /diagnostic:/);

    // Every archive is a complete .gz now (leftovers finished at restart).
    const archives = archiveFiles(dir);
    assert.ok(archives.length > 10, `archives: ${archives.length}`);
    assert.ok(archives.every((n) => n.endsWith(".log.gz")), archives.join());
    const lines = allLines(dir); // gunzips every archive; throws on a bad one
    const next = new Map<number, number>();
    let lastRun = 0;
    for (const [i, line] of lines.entries()) {
      const m = /^r(\d+) (\d+) x{80}$/.exec(line);
      assert.ok(m, `line ${i} is torn or foreign: ${JSON.stringify(line)}`);
      const run = Number(m[1]);
      const seq = Number(m[2]);
      assert.ok(run >= lastRun, `line ${i}: run ${run} after run ${lastRun}`);
      lastRun = run;
      assert.equal(
        seq,
        next.get(run) ?? 0,
        `line ${i}: run ${run} out of order or doubled`,
      );
      next.set(run, seq + 1);
    }
    for (let run = 0; run < kills; run++) {
      assert.ok(
        (next.get(run) ?? 0) > flushed[run]!,
        `run ${run}: flushed up to ${flushed[run]}, found ${next.get(run)}`,
      );
    }
    assert.equal(next.get(kills), finalCount);
    assert.ok(!fs.readdirSync(dir).some((n) => n.endsWith(".tmp")));
    console.log(
      `crash test: ${kills} kills left ${leftovers.tmp} .gz.tmp and ${leftovers.uncompressed} uncompressed archives to recover`,
    );
  } finally {
    removeDir(dir);
  }
});
