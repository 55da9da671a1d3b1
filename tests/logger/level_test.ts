import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import {
  canonicalLevel,
  compareLogLevel,
  levelValue,
} from "../../src/logger/level.ts";
import { getLogger, loggingStats } from "../../src/logger/logger.ts";
import { memory } from "./_logger_fixtures.ts";

test("canonicalLevel() maps warning to warn and critical to fatal, and nothing else", () => {
  assert.equal(canonicalLevel("warning"), "warn");
  assert.equal(canonicalLevel("critical"), "fatal");
  assert.equal(canonicalLevel("debug"), "debug");
  assert.equal(canonicalLevel("off"), "off");
  assert.equal(canonicalLevel("toString"), undefined);
  assert.equal(canonicalLevel(40), undefined);
  assert.ok(levelValue("warn") > levelValue("info"));
  assert.ok(compareLogLevel("fatal", "error") > 0);
});

test("warning and critical work in configure() levels and in log(), and records carry warn and fatal", async () => {
  const m = memory();
  try {
    await configure({
      sinks: {
        mem: { sink: m.sink, formatter: m.formatter, level: "warning" },
      },
      filters: { loud: { type: "level", level: "warning" } },
      loggers: { app: { level: "warning", sinks: ["mem"], filters: ["loud"] } },
    });
    const log = getLogger("app");
    log.log("info", "dropped");
    log.log("warning", "kept");
    log.log("critical", "kept too");
    assert.ok(log.isEnabled("warning"));
    assert.ok(!log.isEnabled("info"));
    assert.deepEqual(m.records.map((r) => r.level), ["warn", "fatal"]);
    assert.equal(loggingStats().unknownLevels, 0);
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { app: { level: "critical", sinks: ["mem"] } },
    });
    log.error("dropped");
    log.fatal("kept");
    assert.equal(m.records.length, 3);
  } finally {
    await reset();
  }
});
