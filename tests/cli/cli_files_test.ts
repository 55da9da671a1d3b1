import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import {
  fileLines,
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";
import { tmpfsUnavailable, withTmpfs } from "../_fixtures/tmpfs.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");
const [command, pre] = scriptCommand(cli);

function linesOf(dir: string): string[] {
  const names = fs.readdirSync(dir).sort();
  const live = names.filter((n) => n === "app.log");
  const archives = names.filter((n) => n !== "app.log");
  return [...archives, ...live].flatMap((name) => {
    const raw = fs.readFileSync(path.join(dir, name));
    const text = name.endsWith(".gz")
      ? gunzipSync(raw).toString()
      : raw.toString();
    return text.split("\n").filter(Boolean);
  });
}

test("logrotor write --max-size --gzip rotates and keeps every line", async () => {
  const dir = makeTempDir();
  try {
    const input = Array.from({ length: 20_000 }, (_, i) => makeLine(i, 100))
      .join("");
    const result = await runChild(
      command,
      [
        ...pre,
        "write",
        "--dir",
        dir,
        "--name",
        "app",
        "--max-size",
        "128K",
        "--gzip",
      ],
      { input },
    );
    assert.equal(result.code, 0, result.stderr);
    const names = fs.readdirSync(dir);
    assert.ok(
      names.filter((n) => n.endsWith(".log.gz")).length >= 10,
      names.join(),
    );
    assert.ok(!names.some((n) => n.endsWith(".tmp")), "no unfinished archive");
    const lines = linesOf(dir);
    assert.equal(lines.length, 20_000);
    lines.forEach((line, i) => assert.equal(line, makeLine(i, 100).trimEnd()));
  } finally {
    removeDir(dir);
  }
});

test("logrotor write --keep limits the archives on disk", async () => {
  const dir = makeTempDir();
  try {
    const input = Array.from({ length: 5000 }, (_, i) => makeLine(i, 100)).join(
      "",
    );
    const result = await runChild(
      command,
      [...pre, "write", "--dir", dir, "--max-size", "16K", "--keep", "2"],
      { input },
    );
    assert.equal(result.code, 0, result.stderr);
    const archives = fs.readdirSync(dir).filter((n) => n !== "app.log");
    assert.equal(archives.length, 2, archives.join());
  } finally {
    removeDir(dir);
  }
});

test("logrotor write rejects contradictory file and rotation flags", async () => {
  const both = await runChild(command, [
    ...pre,
    "write",
    "--file",
    "a.log",
    "--dir",
    "x",
  ]);
  assert.equal(both.code, 2);
  assert.equal(
    both.stderr,
    "logrotor write: give either --file or --dir/--name, not both\n",
  );
  const zones = await runChild(command, [
    ...pre,
    "write",
    "--every",
    "daily",
    "--utc",
    "--local",
  ]);
  assert.equal(zones.code, 2);
  assert.equal(
    zones.stderr,
    "logrotor write: choose one of --utc, --local and --time-zone\n",
  );
  const every = await runChild(command, [
    ...pre,
    "write",
    "--every",
    "monthly",
  ]);
  assert.equal(every.code, 2);
  assert.match(
    every.stderr,
    /^logrotor write: --every: expected one of minutely, hourly, daily, weekly/,
  );
});

test("logrotor write reopens its file on SIGHUP after an external rename", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const child = spawn(command, [
      ...pre,
      "write",
      "--file",
      file,
      "--flush-interval",
      "10ms",
    ], {
      cwd: repoRoot,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => stderr += d);
    const closed = new Promise<number | null>((resolve) =>
      child.on("close", (code) => resolve(code))
    );
    const waitFor = async (check: () => boolean) => {
      for (let i = 0; i < 500 && !check(); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(check(), `condition not reached; stderr: ${stderr}`);
    };
    child.stdin.write("before 1\nbefore 2\n");
    await waitFor(() =>
      fs.existsSync(file) && fs.readFileSync(file, "utf8").includes("before 2")
    );
    fs.renameSync(file, path.join(dir, "app.log.1"));
    process.kill(child.pid as number, "SIGHUP");
    await waitFor(() => fs.existsSync(file));
    child.stdin.end("after 1\nafter 2\n");
    const code = await closed;
    assert.equal(code, 0, stderr);
    assert.deepEqual(fileLines(path.join(dir, "app.log.1")), [
      "before 1",
      "before 2",
    ]);
    assert.deepEqual(fileLines(file), ["after 1", "after 2"]);
  } finally {
    removeDir(dir);
  }
});

const noTmpfs = tmpfsUnavailable();

test(
  "logrotor write exits 0 after a disk-full episode: every line is in the file or on stdout",
  noTmpfs ? { skip: noTmpfs } : {},
  async () => {
    if (noTmpfs) return;
    await withTmpfs("256k", async (dir) => {
      const total = 8000; // 800 KB into a 256 KiB file system
      const input = Array.from({ length: total }, (_, i) => makeLine(i, 100))
        .join("");
      const result = await runChild(
        command,
        [
          ...pre,
          "write",
          "--file",
          path.join(dir, "app.log"),
          "--recovery-interval",
          "50ms",
        ],
        { input, timeoutMs: 60_000 },
      );
      assert.equal(result.code, 0, result.stderr);
      const inFile = fileLines(path.join(dir, "app.log"));
      const onStdout = result.stdout.split("\n").filter((l) =>
        l.startsWith("line ")
      );
      assert.ok(onStdout.length > 0, "the fallback was used");
      assert.ok(inFile.length > 0, "the file got lines before it filled up");
      const seen = [
        ...inFile.filter((l) => l.startsWith("line ")),
        ...onStdout,
      ];
      assert.equal(seen.length, total, "every line exactly once");
      const numbers = seen.map((l) => Number(l.slice(5, 12))).sort((a, b) =>
        a - b
      );
      numbers.forEach((n, i) => assert.equal(n, i));
      for (const line of seen) assert.equal(line.length, 99, "no torn line");
      assert.match(result.stdout, /logrotor/, "a banner names the switch");
    });
  },
);
