import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import { teeStdio, type TeeStdioOptions } from "../../mod.ts";
import { detectRuntime } from "../../src/runtime/detect.ts";
import {
  type ChildResult,
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

// Every tee runs in a child process: a tee in the test process would also
// catch the test runner's own output.
const child = path.join(repoRoot, "tests", "_fixtures", "tee_child.ts");
const onDeno = detectRuntime() === "deno";

function runTee(
  how: string,
  options: TeeStdioOptions,
  signalOn?: string,
): Promise<ChildResult> {
  const [cmd, args] = scriptCommand(child);
  return runChild(cmd, [...args, how, JSON.stringify(options)], {
    ...(signalOn === undefined
      ? {}
      : { killOn: { text: signalOn, signal: "SIGTERM" } }),
  });
}

/** What the "print" child writes to each stream while the tee is on. */
const printedOut = [
  "hello",
  "ab",
  "n=5",
  "multi",
  "line",
  ...(onDeno ? ["deno sync"] : []),
  "unfinished",
];
const printedErr = [
  "oops",
  "warned",
  "\ufffd\ufffd",
  ...(onDeno ? ["deno async"] : []),
];
const invalidUtf8Line = Uint8Array.of(0xff, 0xfe, 0x0a);

function assertBytesInclude(file: string, bytes: Uint8Array): void {
  const data = fs.readFileSync(file);
  assert.ok(data.indexOf(bytes) !== -1, `${file} holds the bytes as printed`);
}

test("teeStdio() writes console.* and stream writes to app.out.log / app.err.log, assembling partial writes into one line", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("print", { dir });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fileLines(path.join(dir, "app.out.log")), printedOut);
    assert.deepEqual(fileLines(path.join(dir, "app.err.log")), printedErr);
    assertBytesInclude(path.join(dir, "app.err.log"), invalidUtf8Line);
    const stats = JSON.parse(
      result.stdout.split("\n").find((l) => l.startsWith("STATS "))!.slice(6),
    );
    assert.deepEqual(stats.lines, {
      stdout: printedOut.length,
      stderr: printedErr.length,
    });
    // echo (the default): the terminal got the same, "a" + "b\n" as "ab".
    assert.match(result.stdout, /^hello\nab\nn=5\n/);
    assert.match(result.stderr, /oops\nwarned\n/);
  } finally {
    removeDir(dir);
  }
});

test("after stop(), writes still reach the terminal but no longer the files", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("print", { dir });
    assert.equal(result.code, 0, result.stderr);
    const files = fs.readFileSync(path.join(dir, "app.out.log"), "utf8") +
      fs.readFileSync(path.join(dir, "app.err.log"), "utf8");
    assert.doesNotMatch(files, /after stop/);
    assert.match(result.stdout, /after stop\nafter stop write\n/);
    assert.match(result.stderr, /after stop error\n/);
  } finally {
    removeDir(dir);
  }
});

test("echo: false writes to the files only", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("print", { dir, echo: false });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fileLines(path.join(dir, "app.out.log")), printedOut);
    assert.deepEqual(fileLines(path.join(dir, "app.err.log")), printedErr);
    // Only what was printed after stop() reached the real streams.
    assert.equal(
      result.stdout.replace(/^STATS .*\n/m, ""),
      "after stop\nafter stop write\n",
    );
    assert.equal(result.stderr, "after stop error\n");
  } finally {
    removeDir(dir);
  }
});

test("merged: true writes both streams to app.log in call order, each line whole", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("print", { dir, merged: true, echo: false });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fs.readdirSync(dir), ["app.log"]);
    // "a" was held while "oops" was printed: a line takes its place when
    // it is complete.
    assert.deepEqual(fileLines(path.join(dir, "app.log")), [
      "hello",
      "oops",
      "ab",
      "n=5",
      "warned",
      "\ufffd\ufffd",
      "multi",
      "line",
      ...(onDeno ? ["deno sync", "deno async"] : []),
      "unfinished",
    ]);
  } finally {
    removeDir(dir);
  }
});

test("prefix: true starts each line with [STDOUT] or [STDERR]", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("print", {
      dir,
      merged: true,
      prefix: true,
      echo: false,
    });
    assert.equal(result.code, 0, result.stderr);
    const lines = fileLines(path.join(dir, "app.log"));
    assert.deepEqual(lines.slice(0, 4), [
      "[STDOUT] hello",
      "[STDERR] oops",
      "[STDOUT] ab",
      "[STDOUT] n=5",
    ]);
    assert.equal(lines.at(-1), "[STDOUT] unfinished");
    assert.equal(lines.length, printedOut.length + printedErr.length);
  } finally {
    removeDir(dir);
  }
});

test('layout: "folders" writes dir/stdout/app.log and dir/stderr/app.log', async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("print", {
      dir,
      layout: "folders",
      echo: false,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fs.readdirSync(dir).sort(), ["stderr", "stdout"]);
    assert.deepEqual(
      fileLines(path.join(dir, "stdout", "app.log")),
      printedOut,
    );
    assert.deepEqual(
      fileLines(path.join(dir, "stderr", "app.log")),
      printedErr,
    );
  } finally {
    removeDir(dir);
  }
});

test("lines printed right before process.exit() are in the files, a partial one ended", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("exit", { dir, echo: false });
    assert.equal(result.code, 3, result.stderr);
    assert.deepEqual(fileLines(path.join(dir, "app.out.log")), [
      "before exit",
      "partial before exit",
    ]);
  } finally {
    removeDir(dir);
  }
});

test("lines printed right before an uncaught throw are in the files", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("throw", { dir, echo: false });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /boom/);
    assert.deepEqual(fileLines(path.join(dir, "app.out.log")), [
      "before throw",
    ]);
    assert.deepEqual(fileLines(path.join(dir, "app.err.log")), [
      "error before throw",
    ]);
  } finally {
    removeDir(dir);
  }
});

test("lines printed before SIGTERM are in the files, and the process ends with 143", async () => {
  const dir = makeTempDir();
  try {
    // echo stays on: the test sends SIGTERM once "ready" shows on stdout.
    const result = await runTee("sigterm", { dir }, "ready");
    assert.equal(result.code, 143, result.stderr);
    assert.deepEqual(fileLines(path.join(dir, "app.out.log")), [
      "partial before signalready",
    ]);
    assert.deepEqual(fileLines(path.join(dir, "app.err.log")), [
      "before signal",
    ]);
  } finally {
    removeDir(dir);
  }
});

test("logrotor's default diagnostics go to the real stderr, never into the tee", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("default-diagnostic", { dir, echo: false });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /logrotor: app\.log: a default diagnostic/);
    assert.deepEqual(fileLines(path.join(dir, "app.out.log")), [
      "after diagnostic",
    ]);
    assert.equal(fs.readFileSync(path.join(dir, "app.err.log"), "utf8"), "");
  } finally {
    removeDir(dir);
  }
});

test("an onDiagnostic listener that prints reaches the real stderr, never the tee; rotating options apply", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("diagnostic-listener", {
      dir,
      merged: true,
      echo: false,
      maxBytes: 150,
    });
    assert.equal(result.code, 0, result.stderr);
    // Three size rotations, each reported to the listener.
    assert.equal(result.stderr.match(/^DIAG rotated/gm)?.length, 3);
    const files = fs.readdirSync(dir).sort();
    assert.equal(files.length, 4, files.join(", "));
    const all = files.flatMap((f) => fileLines(path.join(dir, f)));
    assert.deepEqual(
      all.sort(),
      [0, 1, 2, 3].map((i) => `line ${i} ${"x".repeat(100)}`),
    );
  } finally {
    removeDir(dir);
  }
});

test("a partial line longer than maxLineBytes is not held without bound: it is cut and counted", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("long-partial", {
      dir,
      echo: false,
      maxLineBytes: 10,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Number(result.stdout.replace("STATS ", "")) >= 1, result.stdout);
    const lines = fileLines(path.join(dir, "app.out.log"));
    assert.equal(lines.join(""), "x".repeat(25));
    for (const line of lines) assert.ok(line.length <= 10, line);
  } finally {
    removeDir(dir);
  }
});

test("teeStdio() while a tee is active throws a LogrotorError; after stop() a new one starts", async () => {
  const dir = makeTempDir();
  try {
    const result = await runTee("twice", { dir, echo: false });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fileLines(path.join(dir, "app.out.log")), [
      `second tee: LogrotorError Cannot create stdio tee as one is already active (writing ${
        path.join(dir, "app.out.log")
      }, ${path.join(dir, "app.err.log")}): stop() it first`,
      "third tee after stop",
    ]);
  } finally {
    removeDir(dir);
  }
});

test("bad options throw a TypeError or RangeError naming the option, and patch nothing", () => {
  const dir = makeTempDir();
  const write = process.stdout.write;
  const log = console.log;
  try {
    const cases: [TeeStdioOptions, ErrorConstructor, RegExp][] = [
      [
        { dir, merged: "yes" as unknown as boolean },
        TypeError,
        /^Cannot create stdio tee as merged must be a boolean: current value is "yes"/,
      ],
      [
        { dir, layout: "dirs" as "files" },
        TypeError,
        /layout must be one of "files", "folders": current value is "dirs"/,
      ],
      [
        { dir, merged: true, layout: "folders" },
        TypeError,
        /layout must be "files" when merged is true/,
      ],
      [
        { dir, mergd: true } as TeeStdioOptions,
        TypeError,
        /"mergd" is not an option \(did you mean "merged"\?\)/,
      ],
      [
        { dir, maxByte: 10 } as TeeStdioOptions,
        TypeError,
        /^Cannot create stdio tee as "maxByte" is not an option \(did you mean "maxBytes"\?\)/,
      ],
      [
        { dir, maxBytes: 0 },
        RangeError,
        /^Cannot create stdio tee as maxBytes/,
      ],
      [{ dir, name: "../up" }, TypeError, /name/],
      [{ dir: "" }, TypeError, /dir must be a non-empty string/],
    ];
    for (const [options, type, message] of cases) {
      assert.throws(() => teeStdio(options), (err: Error) => {
        assert.ok(err instanceof type, `${err.name}: ${err.message}`);
        assert.match(err.message, message);
        return true;
      });
    }
    assert.equal(process.stdout.write, write);
    assert.equal(console.log, log);
  } finally {
    removeDir(dir);
  }
});
