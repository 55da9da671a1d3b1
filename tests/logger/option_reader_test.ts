import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { reset } from "../../src/logger/config.ts";
import { configureFromFile } from "../../src/logger/config_file.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import {
  buildWithReader,
  configPath,
  readOption,
  showValue,
} from "../../src/logger/option_reader.ts";
import { rejects } from "./_logger_fixtures.ts";

test("configPath() joins identifiers with dots and quotes the rest", () => {
  assert.equal(configPath("", "loggers"), "loggers");
  assert.equal(configPath("loggers", "app"), "loggers.app");
  assert.equal(configPath("loggers", "app.db"), 'loggers["app.db"]');
  assert.equal(configPath("sinks.f.filters", 2), "sinks.f.filters[2]");
});

test("showValue() shows JSON, shortened, and never a function's source", () => {
  assert.equal(showValue(undefined), "undefined");
  assert.equal(showValue(() => 1), "a function");
  assert.equal(showValue("x"), '"x"');
  assert.equal(showValue("y".repeat(100)).length, 80);
});

test("readOption() canonicalizes sizes and durations and names the path", () => {
  assert.equal(readOption("a.b", "64K", "size"), 65536);
  assert.equal(readOption("a.b", "200ms", "duration"), 200);
  assert.equal(readOption("a.b", 5, "integer"), 5);
  assert.equal(readOption("a.b", "x", ["x", "y"]), "x");
  assert.throws(
    () => readOption("a.b", "z", ["x", "y"]),
    new TypeError(
      'Cannot configure logging as a.b must be one of "x", "y": current value is "z"',
    ),
  );
  assert.throws(() => readOption("a.b", -1, "size"), RangeError);
});

test("buildWithReader() rejects keys the factory did not read, after closing what it built", () => {
  const closed: string[] = [];
  assert.throws(
    () =>
      buildWithReader(
        (reader) => reader.pick({ known: "string" }),
        "sinks.s",
        { known: "k", extra: 1 },
        () => closed.push("built"),
      ),
    new TypeError(
      "Cannot configure logging as sinks.s.extra is not a known option: known options are type, known",
    ),
  );
  assert.deepEqual(closed, ["built"]);
  assert.deepEqual(
    buildWithReader((reader) => reader.pick({ known: "string" }), "sinks.s", {
      known: "k",
    }),
    { known: "k" },
  );
});

test("configure() checks sizes, durations and choices of sink options", async () => {
  await rejects(
    {
      sinks: { file: { type: "file", path: "/tmp/x.log", flushBytes: "big" } },
    },
    TypeError,
    'Cannot configure logging as sinks.file.flushBytes must be a size such as "64K" or a number of bytes: current value is "big"',
  );
  await rejects(
    {
      sinks: {
        file: { type: "file", path: "/tmp/x.log", flushIntervalMs: true },
      },
    },
    TypeError,
    'Cannot configure logging as sinks.file.flushIntervalMs must be a duration such as "200ms" or a number of milliseconds: current value is true',
  );
  await rejects(
    { sinks: { file: { type: "file", path: "/tmp/x.log", maxLineBytes: -1 } } },
    RangeError,
    "Cannot configure logging as sinks.file.maxLineBytes must be >= 0: current value is -1",
  );
  await rejects(
    { sinks: { file: { type: "file", path: "/tmp/x.log", overflow: "drop" } } },
    TypeError,
    'Cannot configure logging as sinks.file.overflow must be one of "block", "drop-new", "drop-old", "timeout": current value is "drop"',
  );
  await rejects(
    { sinks: { file: { type: "file" } } },
    TypeError,
    "Cannot configure logging as sinks.file.path is required: current value is undefined",
  );
  await rejects(
    { sinks: { file: { type: "file", path: "/tmp/x.log", flushBytes: 0 } } },
    RangeError,
    "Cannot configure logging as sinks.file cannot be created: Cannot create file sink as flushBytes must be >= 1: current value is 0",
  );
});

test("configure() reports an unparsable size or duration as a TypeError naming its path", async () => {
  await rejects(
    {
      sinks: {
        file: { type: "rotating-file", path: "/tmp/x.log", maxBytes: "lots" },
      },
    },
    TypeError,
    'Cannot configure logging as sinks.file.maxBytes must be a size such as "64K" or a number of bytes: current value is "lots"',
  );
  await rejects(
    {
      sinks: {
        file: { type: "file", path: "/tmp/x.log", flushIntervalMs: "soon" },
      },
    },
    TypeError,
    'Cannot configure logging as sinks.file.flushIntervalMs must be a duration such as "200ms" or a number of milliseconds: current value is "soon"',
  );
  const dir = makeTempDir();
  try {
    const configFile = path.join(dir, "logging.json");
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        sinks: {
          file: {
            type: "rotating-file",
            path: path.join(dir, "app.log"),
            maxBytes: "lots",
          },
        },
      }),
    );
    await assert.rejects(
      configureFromFile(configFile),
      new TypeError(
        'Cannot configure logging as sinks.file.maxBytes must be a size such as "64K" or a number of bytes: current value is "lots"',
      ),
    );
    assert.deepEqual(fs.readdirSync(dir), ["logging.json"]);
  } finally {
    await reset();
    removeDir(dir);
  }
});
