import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import {
  assertEachWriterOnceInOrder,
  missingRuntime,
  type RuntimeName,
  start,
} from "../_fixtures/processes.ts";

const mix: RuntimeName[] = ["node", "deno", "bun", "node"];
const missing = mix.map(missingRuntime).find((m) => m !== undefined);

test(
  "shared mode: 4 processes on Node, Deno and Bun append to one file, every line exactly once and whole",
  missing ? { skip: missing } : {},
  async () => {
    if (missing) return;
    const dir = makeTempDir();
    const file = path.join(dir, "shared.log");
    const count = 40_000;
    const children = mix.map((runtime, id) =>
      // Small flushes: many interleaved appends from the four processes.
      start(runtime, "tests/_fixtures/shared_writer.ts", [
        file,
        String(id),
        String(count),
        "4096",
      ])
    );
    try {
      for (const child of children) {
        await child.waitFor("DONE", 90_000);
        const result = await child.exited;
        assert.equal(result.code, 0, child.stderr());
        assert.match(child.stdout(), /DONE \d+ ok 0/);
      }
      const text = fs.readFileSync(file, "utf8");
      assert.ok(text.endsWith("\n"));
      assertEachWriterOnceInOrder(text.slice(0, -1).split("\n"), 4, count);
      assert.equal(
        fs.existsSync(file + ".lock"),
        false,
        "no lock in shared mode",
      );
    } finally {
      for (const child of children) child.child.kill("SIGKILL");
      await Promise.all(children.map((c) => c.exited));
      removeDir(dir);
    }
  },
);
