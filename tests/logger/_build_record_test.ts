import assert from "node:assert/strict";
import { test } from "node:test";
import { getPlatform } from "../../src/runtime/detect.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger, loggingStats } from "../../src/logger/logger.ts";
import { memory, withFiles } from "./_logger_fixtures.ts";
import { buildRecord, emptyFields } from "../../src/logger/_build_record.ts";
import { LoggingCounters } from "../../src/logger/logging_stats.ts";

test("buildRecord() merges context, error and fields, the call's fields winning", () => {
  const counters = new LoggingCounters();
  const boom = new Error("boom");
  const record = buildRecord(
    "app",
    "warn",
    boom,
    () => ({ a: 2 }),
    undefined,
    { a: 1, b: 1 },
    { a: 0, c: 0 },
    undefined,
    counters,
  );
  assert.equal(record.logger, "app");
  assert.equal(record.level, "warn");
  assert.equal(record.message, "boom");
  assert.deepEqual(record.fields, { a: 2, b: 1, c: 0, error: boom });
  assert.equal(typeof record.time, "number");
  const bare = buildRecord(
    "",
    "info",
    "hi",
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    counters,
  );
  assert.equal(bare.fields, emptyFields);
  assert.equal(counters.snapshot().fieldErrors, 0);
});

test("records carry time, level, name, message, fields and bound context", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { app: { level: "trace", sinks: ["mem"] } },
    });
    const before = getPlatform().now();
    const log = getLogger("app").with({ requestId: "r1", user: "ann" });
    log.info("user logged in", { userId: 42, user: "bob" });
    log.getChild("db").with({ table: "t" }).debug("query");
    getLogger("app").trace("plain");
    const [first, second, third] = m.records;
    assert.ok(first && second && third);
    assert.equal(first.level, "info");
    assert.equal(first.logger, "app");
    assert.equal(first.message, "user logged in");
    assert.deepEqual(first.fields, {
      requestId: "r1",
      user: "bob",
      userId: 42,
    });
    assert.ok(first.time >= before && first.time <= getPlatform().now());
    assert.deepEqual(log.context, { requestId: "r1", user: "ann" });
    assert.equal(second.logger, "app.db");
    assert.deepEqual(second.fields, {
      requestId: "r1",
      user: "ann",
      table: "t",
    });
    assert.deepEqual(third.fields, {});
  } finally {
    await reset();
  }
});

test("an Error as the message or the fields is kept under error", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { app: { sinks: ["mem"] } },
    });
    const err = new Error("disk gone", { cause: new Error("EIO") });
    getLogger("app").error(err, { path: "/x" });
    getLogger("app").warn("retrying", err);
    getLogger("app").error("failed", { error: err, attempt: 3 });
    const [a, b, c] = m.records;
    assert.equal(a?.message, "disk gone");
    assert.deepEqual(a?.fields, { error: err, path: "/x" });
    assert.deepEqual(b?.fields, { error: err });
    assert.deepEqual(c?.fields, { error: err, attempt: 3 });
  } finally {
    await reset();
  }
});

test("a disabled call builds no record and never calls its fields function", async () => {
  const m = memory();
  let calls = 0;
  const fields = () => {
    calls++;
    return { expensive: true };
  };
  try {
    // No configuration at all: every level is off.
    getLogger("quiet").fatal("nothing", fields);
    assert.equal(calls, 0);
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { quiet: { level: "warn", sinks: ["mem"] } },
    });
    const log = getLogger("quiet");
    log.info("nothing", fields);
    log.debug("nothing", fields);
    log.log("trace", "nothing", fields);
    assert.equal(calls, 0);
    assert.equal(m.records.length, 0);
    assert.equal(loggingStats().records, 0);
    log.warn("something", fields);
    assert.equal(calls, 1);
    assert.deepEqual(m.records[0]?.fields, { expensive: true });
  } finally {
    await reset();
  }
});

test("a message whose toString throws or an Error in a Proxy is written with a placeholder message and reported", async () => {
  let fieldErrors = -1;
  await withFiles(() => {
    const log = getLogger("app");
    const unprintable = {
      toString(): never {
        throw new Error("no string");
      },
    };
    log.info(unprintable as unknown as string);
    log.info(
      new Proxy(new Error("hidden"), {
        get(): never {
          throw new Error("get trap");
        },
      }),
    );
    log.info(
      new Proxy(new Error("hidden"), {
        getPrototypeOf(): never {
          throw new Error("prototype trap");
        },
      }),
    );
    log.info("after");
    fieldErrors = loggingStats().fieldErrors;
  }, (text, json, reports) => {
    assert.equal(fieldErrors, 3);
    assert.deepEqual(text.map((line) => line.split(" error=")[0]), [
      "INFO  app [unprintable message: Error: no string]",
      "INFO  app [unprintable message: Error: get trap]",
      "INFO  app [unprintable message: Error: prototype trap]",
      "INFO  app after",
    ]);
    assert.deepEqual(json.map((line) => line.message), [
      "[unprintable message: Error: no string]",
      "[unprintable message: Error: get trap]",
      "[unprintable message: Error: prototype trap]",
      "after",
    ]);
    assert.equal(reports.length, 1);
    assert.equal(
      reports[0]?.message,
      "message conversion threw Error: no string; the record was written with a placeholder message; later failures of the same kind are only counted",
    );
  });
});

test("a fields function that throws: the record is written without its fields and the report says so", async () => {
  await withFiles(() => {
    getLogger("app").with({ requestId: "r1" }).warn("slow", () => {
      throw new Error("fields bug");
    });
  }, (text, json, reports) => {
    assert.deepEqual(text, ["WARN  app slow requestId=r1"]);
    assert.equal(json.length, 1);
    assert.equal(json[0]?.message, "slow");
    assert.equal(json[0]?.requestId, "r1");
    assert.equal(reports.length, 1);
    assert.equal(
      reports[0]?.message,
      "fields function threw Error: fields bug; the record was written without its fields; later failures of the same kind are only counted",
    );
    assert.doesNotMatch(reports[0]?.message ?? "", /skipped/);
  });
});
