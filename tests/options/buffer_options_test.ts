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
    overflowTimeoutMs: 100,
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
  // "<error class>: <message after 'Cannot create file sink as '>": options
  const cases: Record<string, object> = {
    "RangeError: flushBytes must be >= 1: current value is 0": {
      flushBytes: 0,
    },
    [
      `RangeError: flushBytes must be <= ${maxFlushBytes}: current value is ${
        maxFlushBytes + 1
      }`
    ]: { flushBytes: maxFlushBytes + 1 },
    "TypeError: flushIntervalMs must be an integer: current value is 1.5": {
      flushIntervalMs: 1.5,
    },
    [
      `RangeError: flushIntervalMs must be <= ${maxTimerMs}: current value is ${
        maxTimerMs + 1
      }`
    ]: { flushIntervalMs: maxTimerMs + 1 },
    "RangeError: maxBufferedBytes must be >= flushBytes (1024): current value is 10":
      { flushBytes: 1024, maxBufferedBytes: 10 },
    'TypeError: overflow must be one of "block", "drop-new", "drop-old", "timeout": current value is "later"':
      { overflow: "later" },
    [
      `RangeError: overflowTimeoutMs must be <= ${maxTimerMs}: current value is ${
        maxTimerMs + 1
      }`
    ]: { overflow: "timeout", overflowTimeoutMs: maxTimerMs + 1 },
    "RangeError: overflowTimeoutMs must be >= 0: current value is -1": {
      overflow: "timeout",
      overflowTimeoutMs: -1,
    },
    'TypeError: overflowTimeoutMs must be given only with overflow "timeout": current overflow is "block"':
      { overflowTimeoutMs: 50 },
    'TypeError: overflowTimeoutMs must be given only with overflow "timeout": current overflow is "drop-new"':
      { overflow: "drop-new", overflowTimeoutMs: 50 },
    'TypeError: fsync must be one of "close", "flush", "never": current value is true':
      { fsync: true },
    [
      `RangeError: maxLineBytes must be <= ${maxHeldBytes}: current value is ${
        maxHeldBytes + 1
      }`
    ]: { maxLineBytes: maxHeldBytes + 1 },
    "TypeError: onDiagnostic must be a function: current value is string": {
      onDiagnostic: "stderr",
    },
    'TypeError: flushOnExit must be a boolean: current value is "yes"': {
      flushOnExit: "yes",
    },
  };
  for (const [expected, options] of Object.entries(cases)) {
    const [type, message] = expected.split(/: (.*)/s) as [string, string];
    assert.throws(
      () => resolveBufferOptions("file sink", options),
      (err: Error) => {
        assert.equal(err.constructor.name, type);
        assert.equal(err.message, `Cannot create file sink as ${message}`);
        return true;
      },
    );
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
