import assert from "node:assert/strict";
import { test } from "node:test";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger, loggingStats } from "../../src/logger/logger.ts";
import { memory, withFiles } from "./_logger_fixtures.ts";
import { LoggingCounters } from "../../src/logger/logging_stats.ts";

test("LoggingCounters counts every failure and reports each culprit once until restarted", () => {
  const seen: Diagnostic[] = [];
  const counters = new LoggingCounters();
  counters.restart((d) => void seen.push(d));
  const sink = {};
  counters.fail("sinkErrors", sink, "file", new Error("EIO"));
  counters.fail("sinkErrors", sink, "file", new Error("EIO"));
  assert.equal(counters.snapshot().sinkErrors, 2);
  assert.equal(seen.length, 1);
  assert.match(seen[0]?.message ?? "", /^sink write threw Error: EIO; /);
  counters.restart((d) => void seen.push(d));
  counters.fail("sinkErrors", sink, "file", new Error("EIO"));
  assert.equal(seen.length, 2);
  counters.reset();
  assert.deepEqual(counters.snapshot(), {
    records: 0,
    lines: 0,
    sinkErrors: 0,
    formatterErrors: 0,
    filterErrors: 0,
    fieldErrors: 0,
    recursiveDrops: 0,
    unknownLevels: 0,
    sampledOut: 0,
    rateLimited: 0,
  });
});

test("a throwing sink never reaches the caller and is reported once", async () => {
  const good = memory();
  const reports: Diagnostic[] = [];
  try {
    await configure({
      sinks: {
        bad: {
          write() {
            throw new Error("sink exploded");
          },
        },
        good: good.sink,
      },
      loggers: { app: { sinks: ["bad", "good"] } },
      onDiagnostic: (d) => reports.push(d),
    });
    const log = getLogger("app");
    log.info("one");
    log.info("two");
    log.error("three");
    assert.equal(
      good.lines.length,
      3,
      "the other sink still gets every record",
    );
    assert.equal(loggingStats().sinkErrors, 3);
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.target, 'logger sink "bad"');
    assert.match(
      reports[0]?.message ?? "",
      /sink write threw Error: sink exploded/,
    );
  } finally {
    await reset();
  }
});

test("throwing formatters, filters and fields functions are caught and counted", async () => {
  const good = memory();
  const reports: Diagnostic[] = [];
  try {
    await configure({
      sinks: {
        badFormat: {
          sink: good.sink,
          formatter: () => {
            throw new TypeError("format bug");
          },
        },
        badFilter: {
          sink: { write: (line: string) => void good.lines.push("F " + line) },
          filters: [() => {
            throw new Error("filter bug");
          }],
        },
      },
      loggers: { app: { sinks: ["badFormat", "badFilter"] } },
      onDiagnostic: (d) => reports.push(d),
    });
    getLogger("app").info("x");
    getLogger("app").info("y", () => {
      throw new Error("fields bug");
    });
    const stats = loggingStats();
    assert.equal(stats.formatterErrors, 2);
    assert.equal(stats.filterErrors, 2);
    assert.equal(stats.fieldErrors, 1);
    assert.deepEqual(good.lines, []);
    assert.equal(reports.length, 3);
  } finally {
    await reset();
  }
});

test("a sink that logs does not recurse", async () => {
  let writes = 0;
  try {
    await configure({
      sinks: {
        echo: {
          write() {
            writes++;
            getLogger("app").info("from inside the sink");
          },
        },
      },
      loggers: { app: { sinks: ["echo"] } },
    });
    getLogger("app").info("outside");
    assert.equal(writes, 1);
    assert.equal(loggingStats().recursiveDrops, 1);
  } finally {
    await reset();
  }
});

test("log() with an unknown level is counted in loggingStats() and reported once, never thrown", async () => {
  let stats: ReturnType<typeof loggingStats> | undefined;
  await withFiles(() => {
    const log = getLogger("app");
    const call = log.log as (level: unknown, message: string) => void;
    call.call(log, "bogus", "one");
    call.call(log, "off", "two");
    call.call(log, "toString", "three");
    call.call(log, {
      toString(): never {
        throw new Error("no level");
      },
    }, "four");
    log.log("warn", "known");
    stats = loggingStats();
  }, (text, json, reports) => {
    assert.equal(stats?.unknownLevels, 4);
    assert.equal(stats?.records, 1);
    assert.deepEqual(text, ["WARN  app known"]);
    assert.deepEqual(json.map((line) => line.message), ["known"]);
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.kind, "dropped");
    assert.equal(
      reports[0]?.message,
      'log() was called on logger "app" with the unknown level "bogus"; the record was dropped (levels are trace, debug, info, warn, error, fatal); later such calls are only counted',
    );
  });
});
