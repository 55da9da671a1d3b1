import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createTextFormatter,
  textFormatter,
} from "../../src/logger/text_formatter.ts";
import { fixedError, record, time } from "./_logger_fixtures.ts";

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
