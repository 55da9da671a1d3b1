import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { detectRuntime } from "../../src/runtime/detect.ts";
import {
  fileLines,
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const child = path.join(repoRoot, "tests", "_fixtures", "exit_child.ts");
const count = 20_000;

interface ExitCase {
  how: string;
  signal?: NodeJS.Signals;
  code: number;
  output?: string;
  only?: string;
  /** Lines the app itself logs after the signal (its own handler). */
  after?: number;
}

const cases: ExitCase[] = [
  { how: "natural", code: 0 },
  { how: "exit", code: 0 },
  { how: "deno-exit", code: 0, only: "deno" },
  { how: "signal", signal: "SIGTERM", code: 143 },
  { how: "signal", signal: "SIGINT", code: 130 },
  { how: "signal", signal: "SIGHUP", code: 129 },
  { how: "throw", code: 1 },
  { how: "reject", code: 1 },
  {
    how: "user-handler",
    signal: "SIGTERM",
    code: 7,
    output: "user handler ran",
    after: 1000,
  },
];

for (const c of cases) {
  const name = `every buffered line reaches the file on ${c.how}${
    c.signal ? ` (${c.signal})` : ""
  }${
    c.after ? `, and so do the ${c.after} lines the app logs after it` : ""
  }, exit status ${c.code}`;
  const skip = c.only !== undefined && c.only !== detectRuntime()
    ? `${c.how} exists only on ${c.only}`
    : false;
  test(name, { skip }, async () => {
    if (skip) return;
    const dir = makeTempDir();
    try {
      const file = path.join(dir, "exit.log");
      const [cmd, args] = scriptCommand(child);
      const result = await runChild(
        cmd,
        [...args, file, c.how, String(count)],
        {
          ...(c.signal ? { killOn: { text: "ready", signal: c.signal } } : {}),
        },
      );
      assert.equal(
        result.code,
        c.code,
        `exit status; stderr: ${result.stderr}`,
      );
      if (c.output) assert.match(result.stdout, new RegExp(c.output));
      const lines = fileLines(file);
      const total = count + (c.after ?? 0);
      assert.equal(lines.length, total);
      for (const i of [0, count - 1, count, total - 1]) {
        if (i < total) assert.equal(lines[i], makeLine(i, 80).trimEnd());
      }
    } finally {
      removeDir(dir);
    }
  });
}
