import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { followLines, tailLines } from "../src/capture/tail.ts";
import { createRotatingFileSink } from "../src/sinks/rotating_file_sink.ts";
import {
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "./_fixtures.ts";

const quiet = () => {};

test("tailLines() reads back through rotated and gzipped archives in order", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const sink = createRotatingFileSink(live, {
      maxBytes: 16 * 1024,
      compress: "gzip",
      onDiagnostic: quiet,
    });
    for (let i = 0; i < 5000; i++) sink.write(makeLine(i, 64));
    await sink.close();
    const names = fs.readdirSync(dir);
    assert.ok(
      names.filter((n) => n.endsWith(".gz")).length >= 10,
      names.join(),
    );
    const last = await tailLines(live, 3000);
    assert.equal(last.length, 3000);
    last.forEach((line, i) =>
      assert.equal(line, makeLine(2000 + i, 64).trimEnd())
    );
    const all = await tailLines(live, 1_000_000);
    assert.equal(all.length, 5000);
    assert.deepEqual(await tailLines(live, 0), []);
    assert.deepEqual(await tailLines(path.join(dir, "missing.log"), 5), []);
  } finally {
    removeDir(dir);
  }
});

for (const compress of [false, "gzip"] as const) {
  test(`followLines() sees every new line, in order, across rotations (compress: ${compress})`, async () => {
    const dir = makeTempDir();
    try {
      const live = path.join(dir, "app.log");
      fs.writeFileSync(live, "old line before following\n");
      const sink = createRotatingFileSink(live, {
        maxBytes: 8 * 1024,
        flushIntervalMs: 5,
        compress,
        onDiagnostic: quiet,
      });
      const reader = followLines(live, { intervalMs: 5 }).getReader();
      const seen: string[] = [];
      const total = 3000;
      const collecting = (async () => {
        while (seen.length < total) {
          const { value, done } = await reader.read();
          if (done) break;
          seen.push(...value.split("\n").filter(Boolean));
        }
      })();
      for (let i = 0; i < total; i++) {
        sink.write(makeLine(i, 64));
        if (i % 100 === 99) await new Promise((r) => setTimeout(r, 2));
      }
      await sink.close();
      const deadline = Date.now() + 20_000;
      while (seen.length < total && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await reader.cancel();
      await collecting;
      assert.ok(fs.readdirSync(dir).length > 5, "several rotations happened");
      assert.equal(seen.length, total);
      seen.forEach((line, i) => assert.equal(line, makeLine(i, 64).trimEnd()));
    } finally {
      removeDir(dir);
    }
  });
}

test("logrotor tail -n prints the last lines across archives", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const sink = createRotatingFileSink(live, {
      maxBytes: 4096,
      compress: "gzip",
      onDiagnostic: quiet,
    });
    for (let i = 0; i < 1000; i++) sink.write(makeLine(i, 64));
    await sink.close();
    const [cmd, pre] = scriptCommand(
      path.join(repoRoot, "src", "cli", "main.ts"),
    );
    const result = await runChild(cmd, [...pre, "tail", "-n", "150", live]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split("\n").filter(Boolean);
    assert.equal(lines.length, 150);
    lines.forEach((line, i) =>
      assert.equal(line, makeLine(850 + i, 64).trimEnd())
    );
    const bad = await runChild(cmd, [...pre, "tail"]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, "logrotor tail: exactly one FILE is required\n");
  } finally {
    removeDir(dir);
  }
});
