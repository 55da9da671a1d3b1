import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { followLines } from "../../src/capture/follow_lines.ts";
import { createRotatingFileSink } from "../../src/sinks/rotating_file_sink.ts";
import { makeLine, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const quiet = () => {};

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
