import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createJsonFormatter,
  jsonFormatter,
} from "../../src/logger/json_formatter.ts";
import { textFormatter } from "../../src/logger/text_formatter.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { fixedError, record, time } from "./_logger_fixtures.ts";

test("jsonFormatter() writes one object per line", () => {
  const line = jsonFormatter(
    record("multi\nline", { userId: 42, tags: ["a"] }),
  );
  assert.ok(line.endsWith("}\n"));
  assert.equal(line.indexOf("\n"), line.length - 1);
  assert.deepEqual(JSON.parse(line), {
    time: "2026-11-22T00:00:00.000Z",
    level: "info",
    logger: "app.db",
    message: "multi\nline",
    userId: 42,
    tags: ["a"],
  });
});

test("jsonFormatter() is safe for cycles, BigInt and odd values", () => {
  const loop: Record<string, unknown> = { id: 1 };
  loop.again = { back: loop };
  const shared = { s: 1 };
  const line = jsonFormatter(record("m", {
    loop,
    twice: [shared, shared],
    big: 2n ** 70n,
    nan: Number.NaN,
    fn: () => 1,
    sym: Symbol("x"),
    undef: undefined,
    map: new Map<unknown, unknown>([["k", 1n]]),
    set: new Set([1, 2]),
    when: new Date(time),
    bytes: new Uint8Array([1, 2]),
  }));
  assert.deepEqual(JSON.parse(line), {
    time: "2026-11-22T00:00:00.000Z",
    level: "info",
    logger: "app.db",
    message: "m",
    loop: { id: 1, again: { back: "[Circular]" } },
    twice: [{ s: 1 }, { s: 1 }],
    big: "1180591620717411303424",
    nan: "NaN",
    fn: "[Function: fn]",
    sym: "Symbol(x)",
    map: { k: "1" },
    set: [1, 2],
    when: "2026-11-22T00:00:00.000Z",
    bytes: [1, 2],
  });
});

test("jsonFormatter() never throws, whatever the fields hold", () => {
  const getter = {
    get boom(): never {
      throw new Error("getter failed");
    },
  };
  const badJson = {
    toJSON(): never {
      throw new Error("toJSON failed");
    },
  };
  const hostile = new Proxy({}, {
    ownKeys(): never {
      throw new Error("no keys");
    },
  });
  const line = jsonFormatter(record("m", { getter, badJson, hostile }));
  assert.deepEqual(JSON.parse(line).getter, {
    boom: "[Unreadable: Error: getter failed]",
  });
  assert.equal(
    JSON.parse(line).badJson,
    "[Unserializable: Error: toJSON failed]",
  );
  assert.equal(JSON.parse(line).hostile, "[Unserializable: Error: no keys]");
  const fallback = jsonFormatter(record("m", hostile));
  assert.deepEqual(JSON.parse(fallback), {
    time: "2026-11-22T00:00:00.000Z",
    level: "info",
    logger: "app.db",
    message: "m",
    formatError: "Error: no keys",
  });
  assert.equal(
    textFormatter(record("m", hostile)),
    '2026-11-22T00:00:00.000Z INFO  app.db m formatError="Error: no keys"\n',
  );
});

test("jsonFormatter() serializes errors with stack, cause chain and own props", () => {
  const inner = fixedError("RangeError", "inner");
  const outer = fixedError("Error", "outer", { cause: inner });
  Object.assign(outer, { code: "E1", details: { outer } });
  const aggregate = new AggregateError([inner], "many");
  aggregate.stack = "AggregateError: many";
  const parsed = JSON.parse(jsonFormatter(record("m", { outer, aggregate })));
  assert.deepEqual(parsed.outer, {
    name: "Error",
    message: "outer",
    stack: "Error: outer\n    at f (a.ts:1:1)",
    code: "E1",
    details: { outer: "[Circular]" },
    cause: {
      name: "RangeError",
      message: "inner",
      stack: "RangeError: inner\n    at f (a.ts:1:1)",
    },
  });
  assert.deepEqual(parsed.aggregate, {
    name: "AggregateError",
    message: "many",
    stack: "AggregateError: many",
    errors: [{
      name: "RangeError",
      message: "inner",
      stack: "RangeError: inner\n    at f (a.ts:1:1)",
    }],
  });
});

test("jsonFormatter() keeps the record's own keys from being hidden", () => {
  const line = jsonFormatter(record("real", { message: "fake", level: "x" }));
  const parsed = JSON.parse(line);
  assert.equal(parsed.message, "real");
  assert.equal(parsed["fields.message"], "fake");
  assert.equal(parsed["fields.level"], "x");
  const nested = createJsonFormatter({ fieldsKey: "fields" });
  assert.deepEqual(JSON.parse(nested(record("m", { a: 1 }))).fields, { a: 1 });
  assert.equal(JSON.parse(nested(record("m"))).fields, undefined);
  assert.throws(
    () => createJsonFormatter({ fieldsKey: "" }),
    new TypeError(
      'Cannot create JSON formatter as fieldsKey must be a non-empty string: current value is ""',
    ),
  );
});

test("createJsonFormatter() writes pino's level numbers and renamed keys, and keeps fields from hiding them", () => {
  const format = createJsonFormatter({
    levelAsNumber: true,
    messageKey: "msg",
    timeKey: "ts",
    levelKey: "lvl",
  });
  const line = format(
    record("hi", { msg: "field", level: "kept", lvl: "hidden" }, {
      level: "warn",
    }),
  );
  assert.equal(
    line,
    `{"ts":"2026-11-22T00:00:00.000Z","lvl":40,"logger":"app.db","msg":"hi","fields.msg":"field","level":"kept","fields.lvl":"hidden"}\n`,
  );
  const levels = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
  assert.deepEqual(
    levels.map((level) => JSON.parse(format(record("x", {}, { level }))).lvl),
    [10, 20, 30, 40, 50, 60],
  );
  assert.throws(() => createJsonFormatter({ messageKey: "" }), {
    name: "TypeError",
    message:
      'Cannot create JSON formatter as messageKey must be a non-empty string: current value is ""',
  });
  assert.throws(
    () => createJsonFormatter({ levelAsNumber: "yes" as never }),
    TypeError,
  );
});

test("configure() builds the JSON formatter with levelAsNumber, levelKey, messageKey and timeKey", async () => {
  const lines: string[] = [];
  try {
    await configure({
      formatters: {
        pino: { type: "json", levelAsNumber: true, messageKey: "msg" },
      },
      sinks: {
        mem: {
          sink: { write: (l: string) => void lines.push(l) },
          formatter: "pino",
        },
      },
      loggers: { app: { sinks: ["mem"] } },
    });
    getLogger("app").info("hello");
    const parsed = JSON.parse(lines[0] as string);
    assert.equal(parsed.level, 30);
    assert.equal(parsed.msg, "hello");
  } finally {
    await reset();
  }
});
