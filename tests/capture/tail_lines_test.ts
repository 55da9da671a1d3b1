import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import {
  lastLinesOfFile,
  lastLinesOfGzip,
} from "../../src/capture/_tail_read.ts";
import { tailLines } from "../../src/capture/tail_lines.ts";
import { createRotatingFileSink } from "../../src/sinks/rotating_file_sink.ts";
import {
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";
import { corruptMiddleArchive } from "../_fixtures/tail_fixtures.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";

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
    await assert.rejects(tailLines(path.join(dir, "missing.log"), 5), {
      name: "LogrotorError",
      code: "OPEN_FAILED",
      message: /missing\.log as ENOENT/,
    });
  } finally {
    removeDir(dir);
  }
});
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
    assert.equal(bad.stderr, "logrotor tail: at least one FILE is required\n");
  } finally {
    removeDir(dir);
  }
});
test("tailLines() skips one corrupt archive, returns every other line and names it once", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const sink = createRotatingFileSink(live, {
      maxBytes: 4096,
      compress: "gzip",
      onDiagnostic: quiet,
    });
    const total = 20 * 64 + 10; // 20 archives of 64 lines, 10 in the live file
    for (let i = 0; i < total; i++) sink.write(makeLine(i, 64));
    await sink.close();
    const { bad, lost } = corruptMiddleArchive(dir);
    const seen: Diagnostic[] = [];
    const lines = await tailLines(live, 4000, {
      onDiagnostic: (d) => seen.push(d),
    });
    const expected: string[] = [];
    for (let i = 0; i < total; i++) {
      if (!lost.has(i)) expected.push(makeLine(i, 64).trimEnd());
    }
    assert.deepEqual(lines, expected);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.target, bad);
    assert.equal(seen[0]?.kind, "error");
    assert.match(
      seen[0]?.message ?? "",
      /^skipped as it cannot be read .*left out$/,
    );
  } finally {
    removeDir(dir);
  }
});
test("the backwards reader and the streamed gunzip give the lines a whole-file split gives", async () => {
  const dir = makeTempDir();
  try {
    const cases = ["", "\n", "\n\n", "a", "a\n", "\na\n", "a\nb", "a\n\nb\n"];
    cases.push("é€😀\n".repeat(30_000) + "tail without newline");
    for (const text of cases) {
      const plain = path.join(dir, "plain.txt");
      const gz = path.join(dir, "plain.txt.gz");
      fs.writeFileSync(plain, text);
      fs.writeFileSync(gz, gzipSync(text));
      const all = text.split("\n");
      if (all.at(-1) === "") all.pop();
      for (const count of [1, 2, 3, 70_000]) {
        const want = all.slice(Math.max(0, all.length - count));
        const fd = fs.openSync(plain, "r");
        const gfd = fs.openSync(gz, "r");
        try {
          const size = fs.fstatSync(fd).size;
          assert.deepEqual(lastLinesOfFile(fd, size, count), want);
          assert.deepEqual(await lastLinesOfGzip(gfd, count), want);
        } finally {
          fs.closeSync(fd);
          fs.closeSync(gfd);
        }
      }
    }
  } finally {
    removeDir(dir);
  }
});
