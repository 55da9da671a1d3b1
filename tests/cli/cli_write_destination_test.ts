import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import {
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";
import { missingRuntime } from "../_fixtures/processes.ts";
import { tmpfsUnavailable, withTmpfs } from "../_fixtures/tmpfs.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");
const [command, pre] = scriptCommand(cli);
const input = "secret line 1\nsecret line 2\n";

function write(args: string[], cwd: string, prefix: string[] = []) {
  const [cmd, ...rest] = [...prefix, command, ...pre];
  return runChild(cmd as string, [...rest, "write", ...args], { input, cwd });
}

/** Exit 1, one line on stderr starting as `expected`, nothing on stdout. */
function assertRefused(
  result: { code: number | null; stdout: string; stderr: string },
  expected: RegExp,
): void {
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, "", "no line went to the stdout fallback");
  assert.equal(result.stderr.split("\n").length, 2, result.stderr);
  assert.match(result.stderr, expected);
}

test("logrotor write FILE writes to FILE, like tee FILE", async () => {
  const dir = makeTempDir();
  try {
    const result = await write(["out.log"], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fileLines(path.join(dir, "out.log")), [
      "secret line 1",
      "secret line 2",
    ]);
    assert.ok(!fs.existsSync(path.join(dir, "logs")), "not ./logs/app.log");
    const two = await write(["a.log", "b.log"], dir);
    assert.equal(two.code, 2);
    assert.equal(
      two.stderr,
      'logrotor write: one log file at most: current value is "a.log" "b.log"\n',
    );
    const both = await write(["a.log", "--file", "b.log"], dir);
    assert.equal(both.code, 2);
    assert.equal(
      both.stderr,
      "logrotor write: give the log file either as FILE or with --file, not both\n",
    );
    assert.deepEqual(fs.readdirSync(dir), ["out.log"]);
  } finally {
    removeDir(dir);
  }
});

test("logrotor write into a path under a file (ENOTDIR) exits 1 with one line, before reading input", async () => {
  const dir = makeTempDir();
  try {
    fs.writeFileSync(path.join(dir, "plain"), "");
    assertRefused(
      await write(["plain/app.log"], dir),
      /^logrotor write: cannot write to plain\/app\.log: plain is not a directory\n$/,
    );
    assertRefused(
      await write(["--file", "plain/sub/app.log"], dir),
      /^logrotor write: cannot create directory plain\/sub: ENOTDIR: /,
    );
    assert.deepEqual(fs.readdirSync(dir), ["plain"]);
  } finally {
    removeDir(dir);
  }
});

test("logrotor write --no-mkdir with a missing directory exits 1 with one line, creating nothing", async () => {
  const dir = makeTempDir();
  try {
    assertRefused(
      await write(["--dir", "missing", "--no-mkdir"], dir),
      /^logrotor write: cannot write to missing\/app\.log: directory missing does not exist \(--no-mkdir\)\n$/,
    );
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    removeDir(dir);
  }
});

const noSetpriv = process.getuid?.() !== 0
  ? "needs root to run the CLI as nobody"
  : fs.existsSync("/usr/bin/setpriv")
  ? undefined
  : "setpriv is not installed";

test(
  "logrotor write into a directory it may not write (EACCES) exits 1 with one line",
  noSetpriv ? { skip: noSetpriv } : {},
  async () => {
    if (noSetpriv) return;
    const dir = makeTempDir();
    try {
      fs.chmodSync(dir, 0o755); // root's; nobody may read but not write
      const asNobody = [
        "/usr/bin/setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
      ];
      assertRefused(
        await write(["app.log"], dir, asNobody),
        /^logrotor write: cannot create files in \.: EACCES: /,
      );
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      removeDir(dir);
    }
  },
);

const noTmpfs = tmpfsUnavailable();

test(
  "logrotor write onto a read-only file system (EROFS) exits 1 with one line",
  noTmpfs ? { skip: noTmpfs } : {},
  async () => {
    if (noTmpfs) return;
    await withTmpfs("64k", async (dir) => {
      execFileSync("mount", ["-o", "remount,ro", dir], { stdio: "pipe" });
      assertRefused(
        await write([path.join(dir, "app.log")], repoRoot),
        /^logrotor write: cannot create files in .*: EROFS: /,
      );
      assert.deepEqual(fs.readdirSync(dir), []);
    });
  },
);

const noDeno = missingRuntime("deno");

test(
  "logrotor write on Deno without write permission names --allow-write=DIR and exits 1",
  noDeno ? { skip: noDeno } : {},
  async () => {
    if (noDeno) return;
    const dir = makeTempDir();
    try {
      const deno = process.versions.deno !== undefined
        ? process.execPath
        : path.join(repoRoot, "node_modules", "deno", "deno");
      const permissions = ["--allow-read", "--allow-env", "--allow-sys"];
      const result = await runChild(
        deno,
        ["run", ...permissions, cli, "write", "--dir", "logs"],
        { input, cwd: dir },
      );
      assertRefused(
        result,
        /^logrotor write: Deno has no permission for it: run deno with --allow-write=logs \(or -A\)\n$/,
      );
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      removeDir(dir);
    }
  },
);
