import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { createFileSink, createRotatingFileSink } from "../../mod.ts";
import {
  fileLines,
  makeTempDir,
  readText,
  removeDir,
} from "../_fixtures/fixtures.ts";

const quiet = () => {};

/** A stream of `count` lines tagged with `name`, split across chunks. */
function producer(name: string, count: number): ReadableStream<string> {
  let i = 0;
  return new ReadableStream<string>({
    pull(controller) {
      if (i === count) {
        controller.close();
        return;
      }
      // Half a line, then the rest: a face must not interleave partial lines
      // of one producer with the others' lines inside one chunk.
      controller.enqueue(`${name} ${i} `);
      controller.enqueue(`${"x".repeat(i % 7)}\n`);
      i++;
    },
  });
}

test("three concurrent pipes into one sink.writable each keep every line and leave the sink open", async () => {
  const dir = makeTempDir();
  try {
    for (const rotating of [false, true]) {
      const file = path.join(dir, rotating ? "rot.log" : "app.log");
      const sink = rotating
        ? createRotatingFileSink(file, { onDiagnostic: quiet })
        : createFileSink(file, { onDiagnostic: quiet });
      const faces = [sink.writable, sink.writable, sink.writable];
      assert.notEqual(faces[0], faces[1], "each access is a fresh face");
      await Promise.all(
        ["a", "b", "c"].map((name, k) => producer(name, 500).pipeTo(faces[k]!)),
      );
      assert.equal(sink.closed, false, "ending the pipes left the sink open");
      // Ending a pipe flushed: every line is on disk before close().
      const lines = fileLines(file);
      assert.equal(lines.length, 1500);
      for (const name of ["a", "b", "c"]) {
        const mine = lines.filter((l) => l.startsWith(`${name} `));
        assert.deepEqual(
          mine.map((l) => Number(l.split(" ")[1])),
          Array.from({ length: 500 }, (_, i) => i),
          `${name}'s lines in order`,
        );
      }
      sink.write("after the pipes\n");
      await sink.close();
      assert.equal(sink.closed, true);
      assert.match(readText(file), /after the pipes\n$/);
    }
  } finally {
    removeDir(dir);
  }
});

test("aborting one pipe flushes, leaves the sink open, and the others go on", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, { onDiagnostic: quiet });
    let pulls = 0;
    const failing = new ReadableStream<string>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue("bad 0\nbad tail");
        else controller.error(new Error("producer failed"));
      },
    });
    const results = await Promise.allSettled([
      failing.pipeTo(sink.writable),
      producer("good", 100).pipeTo(sink.writable),
    ]);
    assert.equal(results[0]!.status, "rejected");
    assert.equal(results[1]!.status, "fulfilled");
    assert.equal(sink.closed, false);
    await sink.close();
    const lines = fileLines(file);
    assert.equal(lines.filter((l) => l.startsWith("good ")).length, 100);
    assert.ok(lines.includes("bad 0"));
    assert.ok(lines.includes("bad tail"), "the aborted face's partial line");
  } finally {
    removeDir(dir);
  }
});
