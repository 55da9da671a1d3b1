// The CLI as a Unix citizen: write --timestamp/--echo/--quiet/--verbose,
// tail over several files, --every minutely…weekly and --at, --help defaults.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  fileLines,
  makeTempDir,
  readText,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";
import { formatStamp } from "../../src/cli/line_stamp.ts";
import { commandSpecs } from "../../src/cli/command_specs.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");
const [command, pre] = scriptCommand(cli);

function logrotor(args: string[], input = "") {
  return runChild(command, [...pre, ...args], { input });
}

test("write --timestamp iso prefixes every line with the ISO 8601 time it was read", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const before = Date.now();
    const result = await logrotor(
      ["write", file, "--timestamp", "iso"],
      "first\nsecond\nno newline",
    );
    const after = Date.now();
    assert.equal(result.code, 0, result.stderr);
    const lines = fileLines(file);
    assert.deepEqual(
      lines.map((l) => l.slice(25)),
      ["first", "second", "no newline"],
    );
    for (const line of lines) {
      const stamp = line.slice(0, 24);
      assert.match(stamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const ms = Date.parse(stamp);
      assert.ok(ms >= before && ms <= after, `${stamp} within the run`);
    }
  } finally {
    removeDir(dir);
  }
});

test("write --timestamp tai64n prefixes every line with a TAI64N label like svlogd -tt", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const before = Math.floor(Date.now() / 1000);
    const result = await logrotor(
      ["write", file, "--timestamp", "tai64n"],
      "a\nb\n",
    );
    const after = Math.ceil(Date.now() / 1000);
    assert.equal(result.code, 0, result.stderr);
    for (const [i, line] of fileLines(file).entries()) {
      const match = /^@([0-9a-f]{16})([0-9a-f]{8}) (.*)$/.exec(line);
      assert.ok(match, line);
      assert.equal(match[3], ["a", "b"][i]);
      // TAI64: 2^62 + 10 + Unix seconds (TAI was 10 s ahead in 1970).
      const unix = Number(BigInt(`0x${match[1]}`) - 2n ** 62n - 10n);
      assert.ok(unix >= before && unix <= after, `${unix} within the run`);
      assert.ok(parseInt(match[2]!, 16) < 1e9, "nanoseconds < 1e9");
    }
    assert.equal(formatStamp("tai64n", 0), "@400000000000000a00000000 ");
    assert.equal(formatStamp("tai64n", 1500), "@400000000000000b1dcd6500 ");
  } finally {
    removeDir(dir);
  }
});

test("write --echo copies standard input to standard output unchanged, like tee", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const input = Array.from({ length: 2000 }, (_, i) => `line ${i}\n`)
      .join("");
    const result = await logrotor(["write", file, "--echo"], input);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, input);
    assert.equal(readText(file), input);
    const silent = await logrotor(["write", file], "x\n");
    assert.equal(silent.stdout, "", "without --echo nothing on stdout");
  } finally {
    removeDir(dir);
  }
});

test("rotation and deletion notices go to stderr only with --verbose; --quiet and --verbose exclude each other", async () => {
  const dir = makeTempDir();
  try {
    const input = Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join(
      "",
    );
    const rotate = ["--max-size", "256", "--keep", "1", "--flush-bytes", "1"];
    const plain = await logrotor(
      ["write", path.join(dir, "plain.log"), ...rotate],
      input,
    );
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stderr, "", "no notices by default");
    assert.ok(
      fs.readdirSync(dir).filter((n) => n.startsWith("plain.")).length > 1,
      "it did rotate",
    );
    const verbose = await logrotor(
      ["write", path.join(dir, "verbose.log"), ...rotate, "--verbose"],
      input,
    );
    assert.equal(verbose.code, 0, verbose.stderr);
    assert.match(verbose.stderr, /verbose\.log: rotated \(size\) to /);
    assert.match(verbose.stderr, /verbose\.log: deleted /);
    const both = await logrotor(
      ["write", path.join(dir, "x.log"), "--quiet", "--verbose"],
      "a\n",
    );
    assert.equal(both.code, 2);
    assert.match(both.stderr, /choose one of --verbose and --quiet/);
  } finally {
    removeDir(dir);
  }
});

test("tail takes several files and heads each with ==> FILE <== like tail", async () => {
  const dir = makeTempDir();
  try {
    const a = path.join(dir, "a.log");
    const b = path.join(dir, "b.log");
    fs.writeFileSync(a, "a1\na2\na3\n");
    fs.writeFileSync(b, "b1\n");
    const result = await logrotor(["tail", "-n", "2", a, b]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `==> ${a} <==\na2\na3\n\n==> ${b} <==\nb1\n`,
    );
    const one = await logrotor(["tail", "-n", "1", a]);
    assert.equal(one.stdout, "a3\n", "no header for one file");
    const missing = path.join(dir, "missing.log");
    const partly = await logrotor(["tail", "-n", "1", missing, b]);
    assert.equal(partly.code, 1);
    assert.match(partly.stderr, /missing\.log/);
    assert.equal(partly.stdout, `==> ${b} <==\nb1\n`);
  } finally {
    removeDir(dir);
  }
});

test("write --every accepts minutely, hourly, daily and weekly, and --at HH:MM a local time of day", async () => {
  const dir = makeTempDir();
  try {
    for (
      const flags of [
        ["--every", "minutely"],
        ["--every", "hourly"],
        ["--every", "daily"],
        ["--every", "weekly"],
        ["--at", "03:30"],
        ["--every", "weekly", "--at", "06:00", "--utc"],
      ]
    ) {
      const file = path.join(dir, `${flags.join("").replace(/\W/g, "")}.log`);
      const result = await logrotor(["write", file, ...flags], "a\n");
      assert.equal(result.code, 0, `${flags}: ${result.stderr}`);
      assert.equal(readText(file), "a\n");
    }
    const bad = await logrotor(
      ["write", path.join(dir, "x.log"), "--at", "25:00"],
      "a\n",
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--at must be a time of day HH:MM/);
    const hourly = await logrotor(
      ["write", path.join(dir, "x.log"), "--every", "hourly", "--at", "03:00"],
      "a\n",
    );
    assert.equal(hourly.code, 2);
    assert.match(hourly.stderr, /--at needs --every daily or weekly/);
  } finally {
    removeDir(dir);
  }
});

test("--help of every subcommand lists every flag with its default", async () => {
  for (const spec of commandSpecs) {
    const result = await logrotor([spec.name, "--help"]);
    assert.equal(result.code, 0, result.stderr);
    for (const flag of spec.flags) {
      const row = result.stdout.split("\n").find((line) =>
        new RegExp(`^ +(-\\w, )?--${flag.name}\\b`).test(line)
      );
      assert.ok(row, `${spec.name} --help lists --${flag.name}`);
      assert.match(
        row,
        /\(default [^)]+\)$/,
        `${spec.name} --${flag.name} shows its default`,
      );
    }
  }
});
