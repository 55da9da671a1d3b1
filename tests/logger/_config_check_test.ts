import assert from "node:assert/strict";
import { test } from "node:test";
import { rejects } from "./_logger_fixtures.ts";
import {
  checkKeys,
  checkObject,
  entries,
  isObject,
  without,
} from "../../src/logger/_config_check.ts";

test("the shape checks take objects and known keys, naming the path of what they reject", () => {
  assert.equal(isObject({}), true);
  assert.equal(isObject([]), false);
  assert.equal(isObject(null), false);
  assert.throws(
    () => checkObject("sinks.s", 3),
    new TypeError(
      "Cannot configure logging as sinks.s must be an object: current value is 3",
    ),
  );
  assert.throws(
    () => checkKeys("loggers.app", { lvl: 1 }, ["level"]),
    new TypeError(
      "Cannot configure logging as loggers.app.lvl is not a known option: known options are level",
    ),
  );
  assert.deepEqual(without({ type: "file", path: "p" }, ["type"]), {
    path: "p",
  });
  assert.deepEqual(entries("sinks", undefined), []);
  assert.deepEqual(entries("sinks", { a: 1 }), [["a", 1]]);
});

test("configure() rejects unknown keys", async () => {
  await rejects(
    { sink: {} },
    TypeError,
    "Cannot configure logging as sink is not a known option: known options are sinks, formatters, filters, loggers, onDiagnostic, redact, serializers, sample, rateLimit",
  );
  await rejects(
    { loggers: { app: { level: "info", sink: ["x"] } } },
    TypeError,
    "Cannot configure logging as loggers.app.sink is not a known option: known options are level, sinks, filters, propagate, sample, rateLimit",
  );
  await rejects(
    { sinks: { file: { type: "file", path: "/tmp/x.log", flushBytez: 1 } } },
    TypeError,
    "Cannot configure logging as sinks.file.flushBytez is not a known option: known options are type, path, flushBytes, flushIntervalMs, maxBufferedBytes, overflow, blockTimeoutMs, overflowTimeoutMs, fsync, maxLineBytes, flushOnExit, mode, mkdir, onLocked, shared, maxVariants, waitMaxDelayMs, onDiskFull, fallback, minFreeBytes, recoveryIntervalMs, cleanupBytes, truncateOnDiskFull, replayBytes",
  );
  await rejects(
    { formatters: { f: { type: "text", colour: true } } },
    TypeError,
    "Cannot configure logging as formatters.f.colour is not a known option: known options are type, timestamp, stacks",
  );
});
