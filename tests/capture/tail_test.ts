import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import {
  lastLinesOfFile,
  lastLinesOfGzip,
} from "../../src/capture/_tail_read.ts";
import { followLines, tailLines } from "../../src/capture/tail.ts";
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

test("followLines() after copytruncate and regrowth past the old offset between two checks emits every new line", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    let old = "";
    for (let i = 0; i < 100; i++) old += makeLine(i, 64);
    fs.writeFileSync(live, old);
    const reader = followLines(live, { intervalMs: 10, fromEnd: false })
      .getReader();
    try {
      const seen: string[] = [];
      while (seen.length < 100) {
        const { value, done } = await reader.read();
        assert.ok(!done);
        seen.push(...value.split("\n").filter(Boolean));
      }
      // copytruncate, then the writer goes on fast: 200 new lines (more
      // bytes than were read) before the follower looks again. Both steps
      // run synchronously here, so no check falls in between.
      fs.truncateSync(live, 0);
      let regrown = "";
      for (let i = 0; i < 200; i++) regrown += makeLine(1000 + i, 64);
      fs.appendFileSync(live, regrown);
      const last = makeLine(1199, 64).trimEnd();
      const after: string[] = [];
      while (!after.includes(last)) {
        const { value, done } = await reader.read();
        assert.ok(!done);
        after.push(...value.split("\n").filter(Boolean));
      }
      assert.deepEqual(
        after,
        Array.from({ length: 200 }, (_, i) => makeLine(1000 + i, 64).trimEnd()),
      );
    } finally {
      await reader.cancel();
    }
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

test("followLines() with initialLines starts where those lines end and holds a partial last line until it is complete", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    fs.writeFileSync(live, "a\nb\nc\npart");
    const reader = followLines(live, { intervalMs: 5, initialLines: 2 })
      .getReader();
    try {
      const first = await reader.read();
      assert.equal(first.value, "b\nc\n");
      fs.appendFileSync(live, "ial\nnext\n");
      let rest = "";
      while (!rest.endsWith("next\n")) {
        const { value, done } = await reader.read();
        assert.ok(!done);
        rest += value;
      }
      assert.equal(rest, "partial\nnext\n");
    } finally {
      await reader.cancel();
    }
  } finally {
    removeDir(dir);
  }
});

test("followLines() after a writer cuts a torn last line and writes it again repeats nothing", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    fs.writeFileSync(live, "a\nb\ntorn-he");
    const reader = followLines(live, { intervalMs: 5, fromEnd: false })
      .getReader();
    try {
      // The read that gave "a", "b" also took the torn head in.
      assert.equal((await reader.read()).value, "a\nb\n");
      fs.truncateSync(live, 4); // what the sink does after ENOSPC
      fs.appendFileSync(live, "the whole line\nnext\n");
      let rest = "";
      while (!rest.endsWith("next\n")) {
        const { value, done } = await reader.read();
        assert.ok(!done);
        rest += value;
      }
      assert.equal(rest, "the whole line\nnext\n");
    } finally {
      await reader.cancel();
    }
  } finally {
    removeDir(dir);
  }
});
