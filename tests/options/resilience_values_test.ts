// The value checks of fileMode and fallback.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  fallbackOption,
  fileModeOption,
} from "../../src/options/_resilience_values.ts";

test("fileMode: unset stays unset, 0..0o777 pass, above or negative throw", () => {
  assert.equal(fileModeOption("file sink", "fileMode", undefined), undefined);
  assert.equal(fileModeOption("file sink", "fileMode", 0), 0);
  assert.equal(fileModeOption("file sink", "fileMode", 0o640), 0o640);
  assert.equal(fileModeOption("file sink", "fileMode", 0o777), 0o777);
  assert.throws(
    () => fileModeOption("file sink", "fileMode", 0o1000),
    {
      name: "RangeError",
      message:
        "Cannot create file sink as fileMode must be <= 0o777 (511): current value is 512 (0o1000)",
    },
  );
  assert.throws(() => fileModeOption("file sink", "fileMode", -1), RangeError);
  assert.throws(() => fileModeOption("file sink", "fileMode", 1.5));
});

test("fallback: stdout by default, stream names, writers and functions pass", () => {
  assert.equal(fallbackOption("file sink", "fallback", undefined), "stdout");
  assert.equal(fallbackOption("file sink", "fallback", "stdout"), "stdout");
  assert.equal(fallbackOption("file sink", "fallback", "stderr"), "stderr");
  const fn = (_chunk: Uint8Array) => {};
  assert.equal(fallbackOption("file sink", "fallback", fn), fn);
  const writer = { name: "w", write() {}, sync() {}, close() {} };
  assert.equal(fallbackOption("file sink", "fallback", writer), writer);
});

test("fallback: anything else throws a TypeError naming the value", () => {
  assert.throws(() => fallbackOption("file sink", "fallback", "stdin"), {
    name: "TypeError",
    message:
      'Cannot create file sink as fallback must be "stdout", "stderr", a target, a sink or a function: current value is "stdin"',
  });
  assert.throws(() => fallbackOption("rotating file sink", "fallback", 3), {
    name: "TypeError",
    message:
      'Cannot create rotating file sink as fallback must be "stdout", "stderr", a target, a sink or a function: current value is number',
  });
  assert.throws(
    () => fallbackOption("file sink", "fallback", { write: 1 }),
    TypeError,
  );
  assert.throws(() => fallbackOption("file sink", "fallback", null), TypeError);
});
