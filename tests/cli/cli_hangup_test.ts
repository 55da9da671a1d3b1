import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import {
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");
const [command, pre] = scriptCommand(cli);

test("logrotor write exits 0 with every line in the file when SIGHUPs keep arriving while it finishes", async () => {
  const dir = makeTempDir();
  try {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `app${round}.log`);
      const child = spawn(command, [
        ...pre,
        "write",
        file,
        "--flush-interval",
        "10ms",
      ], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => stderr += d);
      let done = false;
      const exited = new Promise<[number | null, string | null]>((resolve) =>
        child.on("exit", (code, signal) => {
          done = true;
          resolve([code, signal]);
        })
      );
      // The first line in the file: the CLI is running and handles SIGHUP.
      child.stdin.write("line 0\n");
      for (let i = 0; !done; i++) {
        if (fs.existsSync(file) && fs.readFileSync(file, "utf8") !== "") break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const lines = Array.from({ length: 2000 }, (_, i) => `line ${i + 1}\n`);
      child.stdin.end(lines.join(""));
      // SIGHUP after SIGHUP until it has exited: one lands in whatever part
      // of the shutdown is open to it.
      let sent = 0;
      while (!done) {
        try {
          process.kill(child.pid as number, "SIGHUP");
          sent++;
        } catch {
          // already gone
        }
        await new Promise((r) => setImmediate(r));
      }
      const [code, signal] = await exited;
      assert.deepEqual(
        [code, signal],
        [0, null],
        `round ${round}: exit after ${sent} SIGHUPs; ${stderr}`,
      );
      assert.ok(sent > 0);
      const written = fileLines(file);
      assert.equal(written.length, 2001, `round ${round}`);
      written.forEach((line, i) => assert.equal(line, `line ${i}`));
    }
  } finally {
    removeDir(dir);
  }
});
