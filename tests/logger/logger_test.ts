import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import type { Platform } from "../../src/runtime/driver.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { createConsoleSink } from "../../src/logger/console_sink.ts";
import { levelFilter, nameFilter } from "../../src/logger/filter.ts";
import { getLogger } from "../../src/logger/logger.ts";
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
