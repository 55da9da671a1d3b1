import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createJsonFormatter,
  createTextFormatter,
  jsonFormatter,
  textFormatter,
} from "../../src/logger/formatter.ts";
import type { LogFields, LogRecord } from "../../src/logger/record.ts";
import { serializeError } from "../../src/logger/record.ts";

const time = Date.UTC(2026, 10, 22);

function record(
  message: string,
  fields: LogFields = {},
  extra: Partial<LogRecord> = {},
): LogRecord {
  return { time, level: "info", logger: "app.db", message, fields, ...extra };
}

/** An error with a fixed stack, so lines can be compared exactly. */
function fixedError(
  name: string,
  message: string,
  options?: { cause?: unknown },
): Error {
  const err = new Error(message, options);
  err.name = name;
  err.stack = `${name}: ${message}\n    at f (a.ts:1:1)`;
  return err;
}

test("textFormatter() writes time, level, name, message and fields", () => {
  assert.equal(
    textFormatter(record("user logged in", { userId: 42 })),
    "2026-11-22T00:00:00.000Z INFO  app.db user logged in userId=42\n",
  );
  assert.equal(
    textFormatter(record("m", {}, { level: "warn", logger: "" })),
    "2026-11-22T00:00:00.000Z WARN  m\n",
  );
  assert.equal(
    createTextFormatter({ timestamp: false })(
      record("m", {}, { level: "fatal" }),
    ),
    "FATAL app.db m\n",
  );
});

test("textFormatter() quotes values only when they need it", () => {
  const line = textFormatter(record("m", {
    bare: "abc-1.2/x",
    spaced: "a b",
    quote: 'say "hi"',
    equals: "a=b",
    empty: "",
    newline: "x\ny",
    backslash: "C:\\dir",
    "odd key": 1,
    flag: true,
    nothing: null,
    missing: undefined,
    big: 12345678901234567890n,
    when: new Date(time),
    list: [1, "two"],
    nested: { a: { b: 1 } },
  }));
  assert.equal(
    line,
    '2026-11-22T00:00:00.000Z INFO  app.db m bare=abc-1.2/x spaced="a b" ' +
      'quote="say \\"hi\\"" equals="a=b" empty="" newline="x\\ny" ' +
      'backslash="C:\\\\dir" "odd key"=1 flag=true nothing=null ' +
      "missing=undefined big=12345678901234567890 " +
      'when=2026-11-22T00:00:00.000Z list=[1,"two"] nested={"a":{"b":1}}\n',
  );
});

test("textFormatter() escapes newlines and control characters in messages", () => {
  const line = textFormatter(
    record("first\nsecond\r\nthird\x1b[31mred\tkept", {}, { logger: "a\nb" }),
  );
  assert.equal(
    line,
    "2026-11-22T00:00:00.000Z INFO  a\\nb first\\nsecond\\r\\nthird\\u001b[31mred\tkept\n",
  );
  assert.equal(line.split("\n").length, 2, "one line plus the final newline");
});

test("textFormatter() survives circular objects and BigInt", () => {
  const a: Record<string, unknown> = { name: "a" };
  a.self = a;
  a.list = [a, 1n];
  assert.equal(
    textFormatter(record("m", { a })),
    '2026-11-22T00:00:00.000Z INFO  app.db m a={"name":"a","self":"[Circular]","list":["[Circular]","1"]}\n',
  );
});

test("textFormatter() keeps an error with its stack and causes on one line", () => {
  const err = fixedError("TypeError", "outer", {
    cause: fixedError("Error", "inner", { cause: "root cause" }),
  });
  Object.assign(err, { code: "E_OUTER" });
  const line = textFormatter(record("failed", { error: err }));
  assert.equal(
    line,
    "2026-11-22T00:00:00.000Z INFO  app.db failed " +
      'error="TypeError: outer\\n    at f (a.ts:1:1)\\nCaused by: Error: inner\\n    at f (a.ts:1:1)\\nCaused by: root cause" ' +
      "error.code=E_OUTER\n",
  );
  assert.equal(line.split("\n").length, 2);
});

test("createTextFormatter() shows stacks indented or not at all when asked", () => {
  const err = fixedError("Error", "outer", {
    cause: fixedError("RangeError", "inner"),
  });
  assert.equal(
    createTextFormatter({ stacks: "none" })(record("failed", { err })),
    '2026-11-22T00:00:00.000Z INFO  app.db failed err="Error: outer; caused by RangeError: inner"\n',
  );
  assert.equal(
    createTextFormatter({ stacks: "indented" })(record("failed", { err })),
    '2026-11-22T00:00:00.000Z INFO  app.db failed err="Error: outer; caused by RangeError: inner"\n' +
      "    Error: outer\n" +
      "        at f (a.ts:1:1)\n" +
      "    Caused by: RangeError: inner\n" +
      "        at f (a.ts:1:1)\n",
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createTextFormatter({ stacks: "pretty" as any }),
    new TypeError(
      'Cannot create text formatter as stacks must be one of "inline", "indented", "none": current value is "pretty"',
    ),
  );
});

test("textFormatter() handles a cause chain that loops", () => {
  const a = fixedError("Error", "a");
  const b = fixedError("Error", "b", { cause: a });
  Object.defineProperty(a, "cause", { value: b, enumerable: false });
  const line = createTextFormatter({ stacks: "none" })(record("m", { a }));
  assert.equal(
    line,
    '2026-11-22T00:00:00.000Z INFO  app.db m a="Error: a; caused by Error: b; caused by [Circular]"\n',
  );
});

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

test("serializeError() follows causes and stops at cycles", () => {
  const a = new Error("a");
  const b = new Error("b", { cause: a });
  Object.defineProperty(a, "cause", { value: b });
  const plain = serializeError(b);
  assert.equal(plain.message, "b");
  const cause = plain.cause as { message: string; cause: unknown };
  assert.equal(cause.message, "a");
  assert.equal(cause.cause, "[Circular]");
  assert.equal(typeof plain.stack, "string");
});
