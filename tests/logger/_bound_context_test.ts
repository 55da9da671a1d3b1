// A with() logger whose records only built-in formatters see hands them its
// bound context apart instead of merging it into every record's fields
// (src/logger/_bound_context.ts). These tests hold it to the claim that
// this changes nothing a user can see: every line is the line of the record
// with the merged fields, clashing names, `__proto__` keys, nested and
// mutated values, Errors and placeholders included; and whatever reads
// record.fields (filters, custom formatters, serializers) gets them merged.
import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import type { Formatter } from "../../src/logger/formatter.ts";
import { createJsonFormatter } from "../../src/logger/json_formatter.ts";
import { getLogger, type Logger } from "../../src/logger/logger.ts";
import { createPrettyFormatter } from "../../src/logger/pretty_formatter.ts";
import type { LogFields, LogRecord } from "../../src/logger/record.ts";
import { createTextFormatter } from "../../src/logger/text_formatter.ts";
import { withContext } from "../../src/logger/implicit_context.ts";
import { fixedError, memory } from "./_logger_fixtures.ts";

interface Formatting {
  name: string;
  make: () => Formatter;
  /** The record's time, read back from its line. */
  timeOf: (line: string) => number;
  /** The line without what depends on the local time zone. */
  comparable: (line: string) => string;
}

const formattings: Formatting[] = [
  {
    name: "JSON",
    make: () => createJsonFormatter(),
    timeOf: (line) => Date.parse(JSON.parse(line).time),
    comparable: (line) => line,
  },
  {
    name: "JSON with fieldsKey",
    make: () => createJsonFormatter({ fieldsKey: "fields", messageKey: "msg" }),
    timeOf: (line) => Date.parse(JSON.parse(line).time),
    comparable: (line) => line,
  },
  {
    name: "text",
    make: () => createTextFormatter(),
    timeOf: (line) => Date.parse(line.slice(0, line.indexOf(" "))),
    comparable: (line) => line,
  },
  {
    name: "pretty",
    make: () => createPrettyFormatter({ colors: false }),
    timeOf: () => 0,
    comparable: (line) => line.slice(line.indexOf(" ")),
  },
];

const withProto = JSON.parse('{"__proto__":{"polluted":true},"k":1}');
const boom = fixedError("TypeError", "boom");

interface Case {
  name: string;
  /** Logs one record through `log` and returns its merged fields and message. */
  call(log: Logger): { fields: LogFields; message: string };
  context: LogFields;
}

const cases: Case[] = [
  {
    name: "no name in both",
    context: { service: "checkout" },
    call(log) {
      log.info("request", { id: 7, path: "/api", ok: true });
      return {
        fields: { service: "checkout", id: 7, path: "/api", ok: true },
        message: "request",
      };
    },
  },
  {
    name: "a name in both (the call's value, at the context's place)",
    context: { a: 1, b: 2 },
    call(log) {
      log.info("clash", { b: 3, c: 4 });
      return { fields: { a: 1, b: 3, c: 4 }, message: "clash" };
    },
  },
  {
    name: "an own __proto__ key in the context",
    context: withProto,
    call(log) {
      log.info("proto", { k2: 2 });
      return { fields: { ...withProto, k2: 2 }, message: "proto" };
    },
  },
  {
    name: "an Error as the fields",
    context: { service: "checkout" },
    call(log) {
      log.error("failed", boom);
      return {
        fields: { service: "checkout", error: boom },
        message: "failed",
      };
    },
  },
  {
    name: "no fields at all",
    context: { user: { name: "ann", roles: ["a", "b"] }, n: 1n },
    call(log) {
      log.warn("bare");
      return {
        fields: { user: { name: "ann", roles: ["a", "b"] }, n: 1n },
        message: "bare",
      };
    },
  },
  {
    name: "a placeholder in the message, filled from the context",
    context: { user: "ann" },
    call(log) {
      log.info("hello {user} #{id}", { id: 3 });
      return { fields: { user: "ann", id: 3 }, message: "hello ann #3" };
    },
  },
  {
    name: "implicit context around the call",
    context: { service: "checkout" },
    call(log) {
      withContext({ tenant: "t1", service: "outer" }, () => {
        log.info("in flow", { id: 1 });
      });
      return {
        fields: { tenant: "t1", service: "checkout", id: 1 },
        message: "in flow",
      };
    },
  },
];

for (const formatting of formattings) {
  for (const each of cases) {
    test(`a with() logger's ${formatting.name} line is the merged record's: ${each.name}`, async () => {
      const m = memory();
      try {
        await configure({
          sinks: { out: { sink: m.sink, formatter: formatting.make() } },
          loggers: { app: { level: "trace", sinks: ["out"] } },
        });
        const log = getLogger("app.http").with(each.context);
        const { fields, message } = each.call(log);
        const [line] = m.lines;
        assert.ok(line, "one line written");
        const level = line.includes("failed")
          ? "error"
          : line.includes("bare")
          ? "warn"
          : "info";
        const merged: LogRecord = {
          time: formatting.timeOf(line),
          level,
          logger: "app.http",
          message,
          fields,
        };
        assert.equal(
          formatting.comparable(line),
          formatting.comparable(formatting.make()(merged)),
        );
      } finally {
        await reset();
      }
    });
  }
}

test("a with() logger writes a nested context value as it is at each call", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { out: { sink: m.sink, formatter: createJsonFormatter() } },
      loggers: { app: { level: "info", sinks: ["out"] } },
    });
    const state = { step: 1 };
    const log = getLogger("app").with({ state });
    log.info("one");
    state.step = 2;
    log.info("two");
    assert.deepEqual(
      m.lines.map((line) => JSON.parse(line).state),
      [{ step: 1 }, { step: 2 }],
    );
  } finally {
    await reset();
  }
});

test("a with() logger's context is a frozen view: changing it is refused and changes no line", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { out: { sink: m.sink, formatter: createJsonFormatter() } },
      loggers: { app: { level: "info", sinks: ["out"] } },
    });
    const log = getLogger("app").with({ service: "checkout" });
    assert.deepEqual(log.context, { service: "checkout" });
    assert.ok(Object.isFrozen(log.context));
    assert.throws(() => {
      (log.context as Record<string, unknown>).extra = 1;
    }, TypeError);
    log.info("hi");
    assert.equal(JSON.parse(m.lines[0] ?? "").service, "checkout");
    assert.equal(JSON.parse(m.lines[0] ?? "").extra, undefined);
  } finally {
    await reset();
  }
});

test("filters, custom formatters and serializers beside a built-in formatter get the merged fields", async () => {
  const m = memory();
  const seen: LogFields[] = [];
  try {
    await configure({
      sinks: {
        json: {
          sink: { write: () => {} },
          formatter: createJsonFormatter(),
          filters: [(record) => {
            seen.push(record.fields);
            return true;
          }],
        },
        mine: { sink: m.sink, formatter: m.formatter },
      },
      loggers: { app: { level: "info", sinks: ["json", "mine"] } },
    });
    getLogger("app").with({ service: "checkout" }).info("hi", { id: 1 });
    assert.deepEqual(seen, [{ service: "checkout", id: 1 }]);
    assert.deepEqual(m.records.map((r) => r.fields), [
      { service: "checkout", id: 1 },
    ]);
  } finally {
    await reset();
  }
});
