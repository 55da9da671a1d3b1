import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { memory } from "./_logger_fixtures.ts";
import { textFormatter } from "../../src/logger/text_formatter.ts";
import {
  mergeRoutes,
  type Route,
  routesThreshold,
} from "../../src/logger/routes.ts";

function route(name: string, sink: object, minLevel = -Infinity): Route {
  return {
    name,
    sink: sink as Route["sink"],
    formatter: textFormatter,
    minLevel,
    filters: [],
  };
}

test("mergeRoutes() puts own routes first and keeps each sink once", () => {
  const a = { write() {} };
  const b = { write() {} };
  const inherited = [route("a", a), route("b", b)];
  assert.equal(mergeRoutes([], inherited), inherited);
  assert.deepEqual(
    mergeRoutes([route("b2", b)], inherited).map((r) => r.name),
    ["b2", "a"],
  );
});

test("routesThreshold() is the higher of the level and the least severe sink level", () => {
  const sink = { write() {} };
  assert.equal(routesThreshold("debug", []), Infinity);
  assert.equal(routesThreshold("debug", [route("s", sink, 40)]), 40);
  assert.equal(routesThreshold("error", [route("s", sink, 40)]), 50);
  assert.equal(routesThreshold("off", [route("s", sink)]), Infinity);
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
