import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger, loggingStats } from "../../src/logger/logger.ts";
import {
  admitted,
  rateLimited,
  RecordGate,
  sampledOut,
} from "../../src/logger/record_gate.ts";
import { memory } from "./_logger_fixtures.ts";

test("RecordGate samples per level with the given fraction", () => {
  let next = 0;
  const draws = [0.05, 0.5, 0.09, 0.95];
  const gate = new RecordGate({ debug: 0.1 }, undefined, () => 0, () => {
    return draws[next++ % draws.length] as number;
  });
  assert.deepEqual(
    [1, 2, 3, 4].map(() => gate.admit("debug")),
    [admitted, sampledOut, admitted, sampledOut],
  );
  assert.equal(gate.admit("info"), admitted, "other levels are not sampled");
  assert.equal(next, 4, "no draw for an unsampled level");
  assert.equal(new RecordGate({ debug: 1 }, undefined, () => 0).active, false);
});

test("RecordGate is a token bucket: a second's burst, then the rate, counting what it suppressed", () => {
  let now = 1000;
  const gate = new RecordGate({}, 10, () => now);
  const verdicts = Array.from({ length: 12 }, () => gate.admit("info"));
  assert.equal(verdicts.filter((v) => v === admitted).length, 10);
  assert.equal(verdicts.filter((v) => v === rateLimited).length, 2);
  now += 100; // one token back
  assert.equal(gate.admit("info"), admitted);
  assert.equal(gate.admit("info"), rateLimited);
  assert.equal(gate.takeSuppressed(), 3);
  assert.equal(gate.takeSuppressed(), 0);
});

test("configure({ sample }) drops a fraction of records per level, globally or per logger, counted as sampledOut", async () => {
  const m = memory();
  try {
    await configure({
      sample: { debug: 0, info: 0.5 },
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: {
        "": { level: "debug", sinks: ["mem"] },
        "app.full": { sample: { info: 1, warning: 0 } },
      },
    });
    const log = getLogger("app");
    for (let i = 0; i < 2000; i++) log.info("sampled");
    for (let i = 0; i < 10; i++) log.debug("never");
    const kept = m.records.length;
    assert.ok(kept > 0 && kept < 2000, `kept ${kept} of 2000 at 0.5`);
    assert.equal(loggingStats().sampledOut, 2000 - kept + 10);
    const full = getLogger("app.full");
    for (let i = 0; i < 100; i++) full.info("all");
    full.warn("none");
    full.debug("global rate still applies");
    assert.equal(m.records.length, kept + 100);
    assert.equal(loggingStats().sampledOut, 2000 - kept + 10 + 2);
    assert.equal(loggingStats().records, m.records.length);
  } finally {
    await reset();
  }
});

test("a per-logger rateLimit suppresses records, counts them, and writes an N records suppressed marker when they pass again", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: {
        app: { sinks: ["mem"], rateLimit: 5 },
        other: { sinks: ["mem"] },
      },
    });
    const log = getLogger("app");
    for (let i = 0; i < 50; i++) log.info("flood");
    getLogger("other").info("not limited");
    const limited = loggingStats().rateLimited;
    assert.ok(limited > 0, "a burst of 50 exceeds 5/s");
    assert.equal(m.records.length, 50 - limited + 1);
    // Wait for the bucket to refill: keep logging until a record passes
    // (each try that fails is suppressed too), then the marker precedes it.
    let tries = 0;
    while (
      !m.records.some((r) => r.message.endsWith("suppressed by the rate limit"))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.info("retry");
      tries++;
    }
    const markerIndex = m.records.findIndex((r) =>
      r.message.endsWith("suppressed by the rate limit")
    );
    const marker = m.records[markerIndex];
    assert.equal(marker?.level, "warn");
    assert.equal(marker?.logger, "app");
    assert.equal(marker?.fields.suppressed, loggingStats().rateLimited);
    assert.equal(
      marker?.message,
      `${loggingStats().rateLimited} records suppressed by the rate limit`,
    );
    assert.equal(m.records[markerIndex + 1]?.message, "retry");
    assert.ok(tries >= 1);
  } finally {
    await reset();
  }
});

test("configure() rejects bad sample rates and rate limits with their path", async () => {
  try {
    await assert.rejects(configure({ sample: { debug: 2 } }), {
      name: "RangeError",
      message:
        "Cannot configure logging as sample.debug must be between 0 and 1: current value is 2",
    });
    await assert.rejects(configure({ sample: { loud: 0.1 } as never }), {
      name: "TypeError",
      message:
        "Cannot configure logging as sample.loud is not a level: levels are trace, debug, info, warn, error, fatal, warning, critical",
    });
    await assert.rejects(configure({ loggers: { app: { rateLimit: 0 } } }), {
      name: "RangeError",
      message:
        "Cannot configure logging as loggers.app.rateLimit must be > 0: current value is 0",
    });
    await assert.rejects(
      configure({ rateLimit: "10/s" as never }),
      /rateLimit must be a number of records per second/,
    );
  } finally {
    await reset();
  }
});
