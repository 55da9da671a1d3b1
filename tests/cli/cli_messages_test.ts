import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { version } from "../../mod.ts";
import { describeError } from "../../compose.ts";
import {
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");
const [command, pre] = scriptCommand(cli);

function logrotor(args: string[], cwd?: string) {
  return runChild(command, [...pre, ...args], {
    input: "a\n",
    ...(cwd === undefined ? {} : { cwd }),
  });
}

test("logrotor write names the flag the user typed in a bad value's message, not the API option", async () => {
  const dir = makeTempDir();
  try {
    const cases: Array<[string[], string]> = [
      [["--max-size", "0"], "--max-size must be >= 1: current value is 0"],
      [["--keep", "0"], "--keep must be >= 1: current value is 0"],
      [["--max-line", "0"], "--max-line must be >= 1: current value is 0"],
      [
        ["--max-buffered", "1K"],
        "--max-buffered must be >= --flush-bytes (262144): current value is 1024",
      ],
      [["--max-total", "0"], "--max-total must be >= 1: current value is 0"],
    ];
    for (const [flags, message] of cases) {
      const result = await logrotor(
        ["write", "--file", path.join(dir, "app.log"), ...flags],
      );
      assert.equal(result.code, 2, flags.join(" "));
      assert.equal(result.stderr, `logrotor write: ${message}\n`);
    }
    assert.deepEqual(fs.readdirSync(dir), [], "nothing created");
  } finally {
    removeDir(dir);
  }
});

test("logrotor suggests the flag or command meant by a typo (did you mean)", async () => {
  const flags: Array<[string, string | undefined]> = [
    ["--max-sise", "--max-size"],
    ["--gzipp", "--gzip"],
    ["--nomkdir", "--no-mkdir"],
    ["--flush-intervall", "--flush-interval"],
    ["--bogus", undefined],
  ];
  for (const [typed, meant] of flags) {
    const result = await logrotor(["write", typed, "1"]);
    assert.equal(result.code, 2, typed);
    assert.equal(
      result.stderr,
      `logrotor write: unknown flag ${typed}${
        meant ? `, did you mean ${meant}?` : ""
      } (see logrotor write --help)\n`,
    );
  }
  const commands: Array<[string, string | undefined]> = [
    ["wirte", "write"],
    ["tial", "tail"],
    ["--versoin", "--version"],
    ["frobnicate", undefined],
  ];
  for (const [typed, meant] of commands) {
    const result = await logrotor([typed]);
    assert.equal(result.code, 2, typed);
    assert.equal(
      result.stderr,
      `logrotor: unknown command ${JSON.stringify(typed)}${
        meant ? `, did you mean ${meant}?` : ""
      } (commands: write, run, tail, ship, demo)\n`,
    );
  }
});

test("logrotor --version prints the one version of package.json, deno.json and jsr.json", async () => {
  const read = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(repoRoot, name), "utf8"));
  const pkg = read("package.json");
  const deno = read("deno.json");
  const jsr = read("jsr.json");
  assert.equal(version, pkg.version, "src/version.ts = package.json");
  assert.equal(version, deno.version, "src/version.ts = deno.json");
  assert.equal(version, jsr.version, "src/version.ts = jsr.json");
  assert.equal(deno.name, jsr.name, "deno.json and jsr.json name one package");
  assert.deepEqual(deno.exports, jsr.exports, "the same JSR exports");
  assert.deepEqual(
    Object.keys(pkg.exports),
    Object.keys(deno.exports).filter((key) => key !== "./cli"),
    "npm and JSR export the same entries (the CLI is a bin on npm)",
  );
  for (const flag of ["--version", "-V"]) {
    const result = await logrotor([flag]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `logrotor ${pkg.version}\n`);
  }
});

test("logrotor with no arguments prints the usage on stderr and exits 2", async () => {
  const result = await logrotor([]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /^Usage: logrotor <command> \[options\]$/m);
  assert.match(result.stderr, /^ {2}write /m);
  const help = await logrotor(["--help"]);
  assert.equal(help.code, 0);
  assert.equal(help.stdout, result.stderr, "the same text as --help");
});

test("an error's code is named once (no ENOTDIR: ENOTDIR)", async () => {
  const dir = makeTempDir();
  try {
    fs.writeFileSync(path.join(dir, "plain"), "");
    const result = await logrotor(["write", "plain/sub/app.log"], dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ENOTDIR: not a directory/);
    assert.doesNotMatch(result.stderr, /\b(E[A-Z]+): \1\b/);
    const enoent = Object.assign(
      new Error("ENOENT: no such file or directory, open 'x'"),
      { code: "ENOENT" },
    );
    assert.equal(
      describeError(enoent),
      "ENOENT: no such file or directory, open 'x'",
    );
    const denied = new Error('Requires write access to "x"');
    denied.name = "NotCapable";
    assert.equal(
      describeError(denied),
      // Deno's own text names no scope: the flag is named with it.
      "NotCapable: Deno needs --allow-write=x (run deno with it, or -A)",
    );
    assert.equal(describeError(new Error("boom")), "UNKNOWN: boom");
  } finally {
    removeDir(dir);
  }
});
