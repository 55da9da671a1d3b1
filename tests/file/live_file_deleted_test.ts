import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import {
  missingRuntime,
  type RuntimeName,
  start,
} from "../_fixtures/processes.ts";

const lineRe = /^line (\d+) z{40}$/;

function numbers(text: string): number[] {
  return text.split("\n").filter((l) => l !== "").map((l) => {
    const m = lineRe.exec(l);
    assert.ok(m, `a whole line: ${JSON.stringify(l)}`);
    return Number(m[1]);
  });
}

const runtimes: RuntimeName[] = ["node", "deno", "bun"];

for (const kind of ["plain", "rotating"] as const) {
  for (const runtime of runtimes) {
    const missing = missingRuntime(runtime);
    test(
      `${runtime}: a ${kind} file sink whose live file is deleted (rm app.log) while it writes recreates it and loses no line`,
      missing ? { skip: missing } : {},
      async () => {
        if (missing) return;
        const dir = makeTempDir();
        const file = path.join(dir, "app.log");
        const writer = start(runtime, "tests/_fixtures/delete_writer.ts", [
          kind,
          file,
        ]);
        let oldFd: number | undefined;
        try {
          await writer.waitFor("WROTE 20");
          const before = numbers(fs.readFileSync(file, "utf8"));
          assert.ok(before.length >= 20, "the file exists and has lines");
          // Keep the deleted inode readable to account for every line.
          oldFd = fs.openSync(file, "r");
          fs.unlinkSync(file);
          writer.child.stdin?.write("go\n");
          const out = await writer.waitFor("DONE ");
          const goAt = Number(/GO (\d+)/.exec(out)?.[1]);
          const last = Number(/DONE (\d+)/.exec(out)?.[1]);
          assert.equal(last, goAt + 199);
          assert.ok(fs.existsSync(file), "the live file was recreated");
          const now = numbers(fs.readFileSync(file, "utf8"));
          const old = numbers(fs.readFileSync(oldFd, "utf8"));
          // Every line written after the delete is in the new file, in order.
          const after = now.filter((n) => n >= goAt);
          assert.deepEqual(
            after,
            Array.from({ length: 200 }, (_, i) => goAt + i),
          );
          // No line lost: each is in the new file or was already in the old
          // inode before the delete was noticed; the new file has no duplicate.
          assert.equal(new Set(now).size, now.length, "no duplicate");
          const seen = new Set([...old, ...now]);
          for (let n = 0; n <= last; n++) {
            assert.ok(seen.has(n), `line ${n} is somewhere`);
          }
          assert.ok(now[0]! <= Math.max(...old) + 1, "no gap at the switch");
          assert.equal((await writer.exited).code, 0, writer.stderr());
        } finally {
          if (oldFd !== undefined) fs.closeSync(oldFd);
          writer.child.kill("SIGKILL");
          await writer.exited;
          removeDir(dir);
        }
      },
    );
  }
}

for (const runtime of runtimes) {
  const missing = missingRuntime(runtime);
  test(
    `${runtime}: a file sink whose live file is renamed away (logrotate without copytruncate) reopens the path, no line lost or duplicated`,
    missing ? { skip: missing } : {},
    async () => {
      if (missing) return;
      const dir = makeTempDir();
      const file = path.join(dir, "app.log");
      const writer = start(runtime, "tests/_fixtures/delete_writer.ts", [
        "plain",
        file,
      ]);
      try {
        await writer.waitFor("WROTE 20");
        assert.ok(numbers(fs.readFileSync(file, "utf8")).length >= 20);
        fs.renameSync(file, file + ".1");
        writer.child.stdin?.write("go\n");
        const out = await writer.waitFor("DONE ");
        const goAt = Number(/GO (\d+)/.exec(out)?.[1]);
        const last = Number(/DONE (\d+)/.exec(out)?.[1]);
        assert.ok(fs.existsSync(file), "the path was opened again");
        const now = numbers(fs.readFileSync(file, "utf8"));
        const old = numbers(fs.readFileSync(file + ".1", "utf8"));
        // The first batch after the rename still lands in the renamed file
        // (it is noticed after that write, like an app before its SIGHUP);
        // every later one goes to the path.
        assert.deepEqual(
          now.filter((n) => n > goAt),
          Array.from({ length: 199 }, (_, i) => goAt + 1 + i),
        );
        // Each line exactly once across the renamed file and the new one.
        assert.deepEqual(
          [...old, ...now],
          Array.from({ length: last + 1 }, (_, i) => i),
        );
        assert.equal((await writer.exited).code, 0, writer.stderr());
      } finally {
        writer.child.kill("SIGKILL");
        await writer.exited;
        removeDir(dir);
      }
    },
  );
}
