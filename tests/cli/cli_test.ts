import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  fileLines,
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");

function logrotor(args: string[], input?: string, cwd?: string) {
  const [cmd, pre] = scriptCommand(cli);
  return runChild(cmd, [...pre, ...args], {
    ...(input === undefined ? {} : { input }),
    ...(cwd === undefined ? {} : { cwd }),
  });
}

test("logrotor write copies standard input to the file and exits 0", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "sub", "out.log");
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) lines.push(makeLine(i, 90));
    const result = await logrotor(
      [
        "write",
        "--file",
        file,
        "--flush-bytes",
        "16K",
        "--flush-interval",
        "50ms",
      ],
      lines.join("") + "no newline at the end",
    );
    assert.equal(result.code, 0, result.stderr);
    const written = fileLines(file);
    assert.equal(written.length, 50_001);
    assert.equal(written[49_999], lines[49_999]?.trimEnd());
    assert.equal(written[50_000], "no newline at the end");
  } finally {
    removeDir(dir);
  }
});

test("logrotor write defaults to ./logs/app.log", async () => {
  const dir = makeTempDir();
  try {
    const result = await logrotor(["write"], "a\nb\n", dir);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fileLines(path.join(dir, "logs", "app.log")), ["a", "b"]);
  } finally {
    removeDir(dir);
  }
});

test("logrotor write rejects a bad flag or value in one line naming it", async () => {
  const unknown = await logrotor(["write", "--bogus"]);
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.stderr,
    "logrotor write: unknown flag --bogus (see logrotor write --help)\n",
  );
  const badSize = await logrotor(["write", "--flush-bytes", "12Q"]);
  assert.equal(badSize.code, 2);
  assert.match(badSize.stderr, /^logrotor write: --flush-bytes: .*"12Q"\n$/);
  const badChoice = await logrotor(["write", "--overflow=sometimes"]);
  assert.equal(badChoice.code, 2);
  assert.match(
    badChoice.stderr,
    /^logrotor write: --overflow: expected one of block, drop-new, drop-old/,
  );
  const missing = await logrotor(["write", "--file"]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, "logrotor write: --file needs a value\n");
  const command = await logrotor(["frobnicate"]);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /unknown command "frobnicate"/);
});

test("logrotor write --overflow timeout --overflow-timeout passes both to the sink, which checks them", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const ok = await logrotor(
      ["write", file, "--overflow", "timeout", "--overflow-timeout", "50ms"],
      "a\nb\n",
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(fs.readFileSync(file, "utf8"), "a\nb\n");
    // The duration reaches overflowTimeoutMs: the sink's range check names the flag.
    const tooLong = await logrotor(
      ["write", file, "--overflow", "timeout", "--overflow-timeout", "30d"],
      "",
    );
    assert.equal(tooLong.code, 2);
    assert.equal(
      tooLong.stderr,
      "logrotor write: --overflow-timeout must be <= 2147483647: current value is 2592000000\n",
    );
    const alone = await logrotor(
      ["write", file, "--overflow-timeout", "50ms"],
      "",
    );
    assert.equal(alone.code, 2);
    assert.equal(
      alone.stderr,
      'logrotor write: --overflow-timeout must be given only with overflow "timeout": current overflow is "block"\n',
    );
  } finally {
    removeDir(dir);
  }
});

test("logrotor --help and every subcommand's --help exit 0", async () => {
  const top = await logrotor(["--help"]);
  assert.equal(top.code, 0);
  const commands = [...top.stdout.matchAll(/^ {2}(\w+) /gm)].map((m) =>
    m[1] as string
  );
  assert.ok(
    commands.includes("write") && commands.includes("demo"),
    top.stdout,
  );
  for (const command of commands) {
    const help = await logrotor([command, "--help"]);
    assert.equal(help.code, 0, command);
    assert.match(help.stdout, new RegExp(`^Usage: logrotor ${command}`, "m"));
  }
});
