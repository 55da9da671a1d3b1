import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger, loggingStats } from "../../src/logger/logger.ts";
import {
  renderPlaceholders,
  renderTemplate,
  templateOf,
} from "../../src/logger/message_template.ts";
import { memory, withFiles } from "./_logger_fixtures.ts";

test("a tagged template keeps its values as fields, named by a one-key object or by position, and renders the message", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { app: { sinks: ["mem"] } },
    });
    const id = 42;
    const log = getLogger("app");
    log.info`user ${{ id }} logged in`;
    log.warn`moved ${"a"} to ${{ to: "b" }} after ${3} tries`;
    log.info`no values`;
    assert.deepEqual(m.records.map((r) => [r.message, r.fields]), [
      ["user 42 logged in", { id: 42 }],
      ["moved a to b after 3 tries", { arg0: "a", to: "b", arg2: 3 }],
      ["no values", {}],
    ]);
  } finally {
    await reset();
  }
});

test("{name} placeholders are replaced by the fields of that name; other braces stay", () => {
  assert.equal(
    renderPlaceholders("user {id} in {room} {not-a-name} {}", {
      id: 42,
      room: { n: 1 },
    }),
    'user 42 in {"n":1} {not-a-name} {}',
  );
  assert.equal(renderPlaceholders("{missing}", {}), "{missing}");
  const t = templateOf(["a ", " b"], [{ gone: 1 }]);
  assert.equal(
    renderTemplate(t, {}),
    "a {gone} b",
    "a removed field is not shown",
  );
});

test("the JSON formatter keeps the rendered message and the properties", async () => {
  await withFiles(() => {
    const id = 7;
    getLogger("app").info("user {id} logged in", { id });
    getLogger("app").info`user ${{ id }} logged out`;
  }, (text, json) => {
    assert.deepEqual(text, [
      "INFO  app user 7 logged in id=7",
      "INFO  app user 7 logged out id=7",
    ]);
    assert.deepEqual(json.map((r) => [r.message, r.id]), [
      ["user 7 logged in", 7],
      ["user 7 logged out", 7],
    ]);
  });
});

test("a message function is called only when the record is enabled; it may return the message or the fields", async () => {
  const m = memory();
  let calls = 0;
  const expensiveDump = () => {
    calls++;
    return { big: true };
  };
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { app: { level: "info", sinks: ["mem"] } },
    });
    const log = getLogger("app");
    log.debug(() => ({ state: expensiveDump() }));
    log.debug(() => `msg ${JSON.stringify(expensiveDump())}`);
    assert.equal(calls, 0);
    assert.equal(log.isEnabled("debug"), false);
    assert.equal(log.isEnabled("info"), true);
    log.info(() => ({ state: expensiveDump() }));
    log.info(() => "lazy text", { a: 1 });
    assert.equal(calls, 1);
    assert.deepEqual(m.records.map((r) => [r.message, r.fields]), [
      ["", { state: { big: true } }],
      ["lazy text", { a: 1 }],
    ]);
    assert.equal(loggingStats().records, 2);
  } finally {
    await reset();
  }
});

test("a message function that throws gives a placeholder message and is counted", async () => {
  await withFiles(() => {
    getLogger("app").info(() => {
      throw new Error("lazy bug");
    });
  }, (text, _json, reports) => {
    assert.deepEqual(text, [
      "INFO  app [unprintable message: Error: lazy bug]",
    ]);
    assert.equal(reports.length, 1);
  });
});

test("a tagged template captures four values and marks later ones as not captured", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { app: { sinks: ["mem"] } },
    });
    getLogger("app").info`${0}${1}${2}${3}${{ fifth: 4 }}.`;
    const fields = m.records[0]?.fields ?? {};
    assert.deepEqual(
      Array.from({ length: 4 }, (_, i) => fields[`arg${i}`]),
      [0, 1, 2, 3],
    );
    assert.equal(
      fields.arg4,
      "[not captured: a template logs at most 4 values]",
    );
    assert.match(m.records[0]?.message ?? "", /^0123\[not captured/);
  } finally {
    await reset();
  }
});
