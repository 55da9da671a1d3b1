import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import pino from "pino";
import { createFileSink } from "../../mod.ts";
import pinoTransport from "../../src/adapters/pino.ts";
import { detectRuntime } from "../../src/runtime/detect.ts";
import {
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const quiet = () => {};

/** Every `i` logged, from the live file and its archives. */
function loggedNumbers(dir: string): number[] {
  const numbers: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith("app.")) continue;
    if (name.endsWith(".lock")) continue;
    for (const line of fileLines(path.join(dir, name))) {
      numbers.push((JSON.parse(line) as { i: number }).i);
    }
  }
  return numbers.sort((a, b) => a - b);
}

test("pino.transport with the logrotor pino target has every line on disk when the process exits, rotated by maxSize", async () => {
  const dir = makeTempDir();
  try {
    const logDir = path.join(dir, "logs");
    fs.mkdirSync(logDir);
    const target = detectRuntime() === "node"
      ? path.join(repoRoot, "tests", "_fixtures", "pino_target_node.mjs")
      : path.join(repoRoot, "src", "adapters", "pino.ts");
    const [cmd, args] = scriptCommand(
      path.join(repoRoot, "tests", "_fixtures", "pino_transport_child.ts"),
    );
    const count = 3000;
    const result = await runChild(cmd, [
      ...args,
      target,
      path.join(logDir, "app.log"),
      String(count),
      "64K",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), "logged");
    assert.deepEqual(
      loggedNumbers(logDir),
      Array.from({ length: count }, (_, i) => i),
    );
    assert.ok(
      fs.readdirSync(logDir).length > 1,
      `maxSize 64K rotated: ${fs.readdirSync(logDir)}`,
    );
  } finally {
    removeDir(dir);
  }
});

test("logger.flush(cb) on a logrotor sink as pino destination calls cb once the lines are in the file", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    // A long interval: only flush() can bring the lines to the file.
    const sink = createFileSink(file, {
      flushIntervalMs: 3_600_000,
      onDiagnostic: quiet,
    });
    try {
      const logger = pino({ base: null }, sink);
      logger.info({ i: 0 }, "first");
      logger.info({ i: 1 }, "second");
      assert.deepEqual(
        fs.existsSync(file) ? fileLines(file) : [],
        [],
        "still buffered",
      );
      await new Promise<void>((resolve, reject) =>
        logger.flush((error) => error ? reject(error) : resolve())
      );
      assert.deepEqual(loggedNumbers(dir), [0, 1]);
    } finally {
      await sink.close();
    }
  } finally {
    removeDir(dir);
  }
});

test("the pino transport entry rejects bad options with typed errors", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    assert.throws(
      () => pinoTransport({ path: "" }),
      new TypeError(
        'Cannot create pino transport as path must be a non-empty string: current value is ""',
      ),
    );
    assert.throws(
      () => pinoTransport({ path: file, maxSize: "huge" }),
      new TypeError(
        'Cannot create pino transport as maxSize must be a number of bytes or a size such as "16M": current value is "huge"',
      ),
    );
    assert.throws(
      () => pinoTransport({ path: file, maxSize: "1M", maxBytes: 5 }),
      /only one of maxSize and maxBytes/,
    );
    assert.throws(
      () => pinoTransport({ path: file, kepe: 3 } as never),
      /"kepe" is not an option \(did you mean "keep"\?\)/,
    );
    const stream = await pinoTransport({ path: file });
    const closed = new Promise((resolve) => stream.once("close", resolve));
    assert.equal(stream.write('{"i":7}\n'), true);
    stream.end();
    await closed;
    assert.deepEqual(loggedNumbers(dir), [7]);
  } finally {
    removeDir(dir);
  }
});
