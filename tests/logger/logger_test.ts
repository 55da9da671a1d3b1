import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import type { Diagnostic } from "../../src/diagnostics.ts";
import type { Platform } from "../../src/runtime/driver.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { createConsoleSink } from "../../src/logger/console_sink.ts";
import { levelFilter, nameFilter } from "../../src/logger/filter.ts";
import { getLogger, loggingStats } from "../../src/logger/logger.ts";
import { createFileSink } from "../../src/sinks/file_sink.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { memory } from "./_logger_fixtures.ts";

test("getLogger() returns one logger per dotted name and checks names", () => {
  const db = getLogger("app.db");
  assert.equal(getLogger("app.db"), db);
  assert.equal(db.name, "app.db");
  assert.equal(db.getChild("pool").name, "app.db.pool");
  assert.equal(db.getChild("pool"), getLogger("app.db.pool"));
  assert.equal(getLogger().name, "");
  assert.equal(getLogger().getChild("app"), getLogger("app"));
  assert.throws(
    () => getLogger("app..db"),
    new TypeError(
      'Cannot get logger as the name must be dot-separated non-empty parts such as "app.db": current value is "app..db"',
    ),
  );
  assert.throws(() => db.getChild(""), TypeError);
  assert.throws(() => getLogger(".app"), TypeError);
});

test("loggers inherit the level of the nearest configured ancestor", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: {
        "": { sinks: ["mem"], level: "warn" },
        app: { level: "info" },
        "app.db": { level: "debug" },
        "app.db.noisy": { level: "off" },
      },
    });
    assert.equal(getLogger("other").isEnabled("info"), false);
    assert.equal(getLogger("other").isEnabled("warn"), true);
    assert.equal(getLogger("app.http").isEnabled("info"), true);
    assert.equal(getLogger("app.http").isEnabled("debug"), false);
    assert.equal(getLogger("app.db.pool.conn").isEnabled("debug"), true);
    assert.equal(getLogger("app.db.pool.conn").isEnabled("trace"), false);
    assert.equal(getLogger("app.db.noisy").isEnabled("fatal"), false);
    assert.equal(getLogger("app.db.noisy.deep").isEnabled("fatal"), false);
    getLogger("app.db.pool").debug("kept");
    getLogger("app.http").debug("dropped");
    getLogger("app.db.noisy").fatal("dropped");
    getLogger("other").info("dropped");
    getLogger("other").error("kept");
    assert.deepEqual(m.lines, [
      "debug app.db.pool kept\n",
      "error other kept\n",
    ]);
  } finally {
    await reset();
  }
});

test("a logger created before configure() follows the new configuration", async () => {
  const m = memory();
  const late = getLogger("late.bird");
  try {
    assert.equal(late.isEnabled("fatal"), false, "no sinks: disabled");
    await configure({
      sinks: { mem: m.sink },
      loggers: { late: { level: "trace", sinks: ["mem"] } },
    });
    assert.equal(late.isEnabled("trace"), true);
    late.trace("hello");
    assert.equal(m.lines.length, 1);
    await reset();
    assert.equal(late.isEnabled("fatal"), false, "reset disables again");
  } finally {
    await reset();
  }
});

test("records propagate to the sinks of every ancestor unless stopped", async () => {
  const rootSink = memory();
  const appSink = memory();
  const dbSink = memory();
  try {
    await configure({
      sinks: {
        root: { sink: rootSink.sink, formatter: rootSink.formatter },
        app: { sink: appSink.sink, formatter: appSink.formatter },
        db: { sink: dbSink.sink, formatter: dbSink.formatter },
      },
      loggers: {
        "": { sinks: ["root"], level: "trace" },
        app: { sinks: ["app"] },
        "app.db": { sinks: ["db"], propagate: false },
      },
    });
    getLogger("app.http").info("http");
    getLogger("app.db.pool").info("pool");
    getLogger("misc").info("misc");
    assert.deepEqual(rootSink.lines, [
      "info app.http http\n",
      "info misc misc\n",
    ]);
    assert.deepEqual(appSink.lines, ["info app.http http\n"]);
    assert.deepEqual(dbSink.lines, ["info app.db.pool pool\n"]);
  } finally {
    await reset();
  }
});

test("a sink attached at two levels gets each record once", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: m.sink },
      loggers: { "": { sinks: ["mem"] }, app: { sinks: ["mem"] } },
    });
    getLogger("app.x").info("once");
    assert.equal(m.lines.length, 1);
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

test("a sink's level raises the logger's early-out threshold", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, level: "error" } },
      loggers: { app: { level: "debug", sinks: ["mem"] } },
    });
    assert.equal(getLogger("app").isEnabled("warn"), false);
    assert.equal(getLogger("app").isEnabled("error"), true);
  } finally {
    await reset();
  }
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

test("filters by level, name prefix and predicate select what sinks get", async () => {
  const errors = memory();
  const db = memory();
  const tagged = memory();
  try {
    await configure({
      filters: {
        serious: levelFilter("error"),
        dbOnly: { type: "name", prefix: "app.db" },
        notHealth: nameFilter("app.health", { exclude: true }),
      },
      sinks: {
        errors: {
          sink: errors.sink,
          formatter: errors.formatter,
          filters: ["serious"],
        },
        db: { sink: db.sink, formatter: db.formatter, filters: ["dbOnly"] },
        tagged: {
          sink: tagged.sink,
          formatter: tagged.formatter,
          filters: [(record) => record.fields.audit === true],
        },
      },
      loggers: {
        app: {
          level: "debug",
          sinks: ["errors", "db", "tagged"],
          filters: ["notHealth"],
        },
      },
    });
    getLogger("app.db").debug("query");
    getLogger("app.db.pool").error("pool down");
    getLogger("app.dbx").error("not db");
    getLogger("app.http").info("login", { audit: true });
    getLogger("app.health").error("health fails", { audit: true });
    assert.deepEqual(errors.lines, [
      "error app.db.pool pool down\n",
      "error app.dbx not db\n",
    ]);
    assert.deepEqual(db.lines, [
      "debug app.db query\n",
      "error app.db.pool pool down\n",
    ]);
    assert.deepEqual(tagged.lines, ["info app.http login\n"]);
  } finally {
    await reset();
  }
});

test("createConsoleSink() writes each line synchronously to stdout or stderr", async () => {
  const out: string[] = [];
  const err: string[] = [];
  const decoder = new TextDecoder();
  const platform = {
    ...getPlatform(),
    writeStdout: (bytes: Uint8Array) => out.push(decoder.decode(bytes)) > 0,
    writeStderr: (bytes: Uint8Array) => err.push(decoder.decode(bytes)) > 0,
  } as Platform;
  const stdout = createConsoleSink({ platform });
  const stderr = createConsoleSink({ platform, stream: "stderr" });
  try {
    await configure({
      sinks: {
        out: stdout,
        err: { sink: stderr, level: "error", formatter: "json" },
      },
      loggers: { app: { sinks: ["out", "err"] } },
    });
    getLogger("app").info("to stdout");
    getLogger("app").error("to both");
    assert.equal(out.length, 2);
    assert.match(out[0] ?? "", /Z INFO {2}app to stdout\n$/);
    assert.equal(err.length, 1);
    assert.equal(JSON.parse(err[0] ?? "").message, "to both");
  } finally {
    await reset();
  }
  assert.equal(stdout.write("after close\n"), false);
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createConsoleSink({ stream: "stdlog" as any }),
    new TypeError(
      'Cannot create console sink as stream must be one of "stdout", "stderr": current value is "stdlog"',
    ),
  );
});

test("logging through a real createFileSink lands in the file", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "logs", "app.log");
    const sink = createFileSink(file, { flushIntervalMs: 0 });
    await configure({
      sinks: { file: { sink, formatter: "json" } },
      loggers: { app: { level: "debug", sinks: ["file"] } },
    });
    const log = getLogger("app.db");
    for (let i = 0; i < 100; i++) log.debug("row", { i });
    log.error("multi\nline", { error: new Error("boom") });
    await reset(); // closes (and flushes) the file sink
    const lines = fileLines(file);
    assert.equal(lines.length, 101);
    assert.deepEqual(
      lines.slice(0, 100).map((line) => JSON.parse(line).i),
      Array.from({ length: 100 }, (_, i) => i),
    );
    const last = JSON.parse(lines[100] ?? "");
    assert.equal(last.message, "multi\nline");
    assert.equal(last.logger, "app.db");
    assert.equal(last.error.message, "boom");
    assert.equal(sink.closed, true);
  } finally {
    await reset();
    removeDir(dir);
  }
});
