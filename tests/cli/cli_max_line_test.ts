import assert from "node:assert/strict";
import { spawn } from "node:child_process";
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

// These need the sink to cut a line exactly at maxLineBytes (the sinkcore
// branch): before that merge they fail on every runtime because the sink
// cuts only a held partial line, at the flush size; the CLI passes
// --max-line through to maxLineBytes unchanged.
const cli = path.join(repoRoot, "src", "cli", "main.ts");
const [command, pre] = scriptCommand(cli);

test("logrotor write --max-line cuts lines that arrive in one chunk exactly at the limit, at UTF-8 boundaries, no empty line", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const lines = [
      "short",
      "x".repeat(25),
      "é".repeat(7), // 14 bytes: 10 + 4
      "y".repeat(20), // exactly twice the limit: no empty third piece
      "€".repeat(5), // 15 bytes: 9 (a 4th € would straddle 10) + 6
      "z".repeat(10), // exactly the limit: not cut
    ];
    const result = await runChild(
      command,
      [...pre, "write", file, "--max-line", "10"],
      { input: lines.map((l) => l + "\n").join("") },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      fs.readFileSync(file, "utf8"),
      "short\nxxxxxxxxxx\nxxxxxxxxxx\nxxxxx\nééééé\néé\n" +
        "yyyyyyyyyy\nyyyyyyyyyy\n€€€\n€€\nzzzzzzzzzz\n",
    );
  } finally {
    removeDir(dir);
  }
});

test("logrotor write --max-line 100K cuts a 300 KB line at 102400 bytes, not at the flush size", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const result = await runChild(
      command,
      [...pre, "write", file, "--max-line", "100K"],
      { input: "q".repeat(300_000) + "\nend\n" },
    );
    assert.equal(result.code, 0, result.stderr);
    const lengths = fs.readFileSync(file, "utf8").split("\n").map((l) =>
      l.length
    );
    assert.deepEqual(lengths, [102_400, 102_400, 95_200, 3, 0]);
  } finally {
    removeDir(dir);
  }
});

test("logrotor write --max-line cuts a line that arrives across chunks exactly at the limit", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const child = spawn(command, [
      ...pre,
      "write",
      file,
      "--max-line",
      "10",
      "--flush-interval",
      "10ms",
    ], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => stderr += d);
    const closed = new Promise<number | null>((resolve) =>
      child.on("close", (code) => resolve(code))
    );
    const waitForFile = async (text: string) => {
      // Polls the file: the event is the CLI having flushed `text`.
      for (let i = 0; i < 3000; i++) {
        if (
          fs.existsSync(file) && fs.readFileSync(file, "utf8").includes(text)
        ) {
          return;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.fail(`${JSON.stringify(text)} never reached the file; ${stderr}`);
    };
    // The first half of each long line is read (and held) before the rest
    // is sent: the whole line before it is in the file.
    child.stdin.write("first\n" + "a".repeat(8));
    await waitForFile("first\n");
    child.stdin.write("a".repeat(12) + "\nsecond\n" + "b".repeat(6));
    await waitForFile("second\n");
    child.stdin.end("b".repeat(9) + "\n");
    assert.equal(await closed, 0, stderr);
    assert.equal(
      fs.readFileSync(file, "utf8"),
      "first\naaaaaaaaaa\naaaaaaaaaa\nsecond\nbbbbbbbbbb\nbbbbb\n",
    );
  } finally {
    removeDir(dir);
  }
});
