import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bufferedSinkKeys,
  bufferOptionTable,
  maxFlushBytes,
  maxHeldBytes,
  resolveBufferOptions,
} from "../../src/options/buffer_options.ts";
import { maxTimerMs } from "../../src/options/validate.ts";

test("resolveBufferOptions() applies every default", () => {
  assert.deepEqual(resolveBufferOptions("file sink", {}), {
    flushBytes: 262144,
    flushIntervalMs: 100,
    maxBufferedBytes: 8388608,
    overflow: "block",
    blockTimeoutMs: 5000,
    fsync: "close",
    maxLineBytes: 1048576,
    onDiagnostic: undefined,
    flushOnExit: true,
  });
});

test("the maxBufferedBytes default grows with flushBytes (four batches)", () => {
  const resolved = resolveBufferOptions("file sink", {
    flushBytes: 4 * 1024 * 1024,
  });
  assert.equal(resolved.maxBufferedBytes, 16 * 1024 * 1024);
});

test("every row's check throws the documented TypeError or RangeError", () => {
  const cases: [object, Error][] = [
    [
      { flushBytes: 0 },
      new RangeError(
        "Cannot create file sink as flushBytes must be >= 1: current value is 0",
      ),
    ],
    [
      { flushBytes: maxFlushBytes + 1 },
      new RangeError(
        `Cannot create file sink as flushBytes must be <= ${maxFlushBytes}: current value is ${
          maxFlushBytes + 1
        }`,
      ),
    ],
    [
      { flushIntervalMs: 1.5 },
      new TypeError(
        "Cannot create file sink as flushIntervalMs must be an integer: current value is 1.5",
      ),
    ],
    [
      { flushIntervalMs: maxTimerMs + 1 },
      new RangeError(
        `Cannot create file sink as flushIntervalMs must be <= ${maxTimerMs}: current value is ${
          maxTimerMs + 1
        }`,
      ),
    ],
    [
      { flushBytes: 1024, maxBufferedBytes: 10 },
      new RangeError(
        "Cannot create file sink as maxBufferedBytes must be >= flushBytes (1024): current value is 10",
      ),
    ],
    [
      { overflow: "later" },
      new TypeError(
        'Cannot create file sink as overflow must be one of "block", "drop-new", "drop-old": current value is "later"',
      ),
    ],
    [
      { fsync: true },
      new TypeError(
        'Cannot create file sink as fsync must be one of "close", "flush", "never": current value is true',
      ),
    ],
    [
      { maxLineBytes: maxHeldBytes + 1 },
      new RangeError(
        `Cannot create file sink as maxLineBytes must be <= ${maxHeldBytes}: current value is ${
          maxHeldBytes + 1
        }`,
      ),
    ],
    [
      { onDiagnostic: "stderr" },
      new TypeError(
        "Cannot create file sink as onDiagnostic must be a function: current value is string",
      ),
    ],
    [
      { flushOnExit: "yes" },
      new TypeError(
        'Cannot create file sink as flushOnExit must be a boolean: current value is "yes"',
      ),
    ],
  ];
  for (const [options, error] of cases) {
    assert.throws(() => resolveBufferOptions("file sink", options), error);
  }
});

test("options are checked in table order: the first bad one is named", () => {
  assert.throws(
    () =>
      resolveBufferOptions("file sink", {
        overflow: "later" as "block",
        flushBytes: 0,
      }),
    /flushBytes must be >= 1/,
  );
});

test("bufferedSinkKeys lists exactly the rows of the table", () => {
  assert.deepEqual(
    Object.keys(bufferedSinkKeys),
    bufferOptionTable.map((row) => row.name),
  );
  assert.ok(bufferOptionTable.every((row) => row.doc.length > 0));
});
