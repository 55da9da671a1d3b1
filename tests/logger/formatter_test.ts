import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import type { Formatter } from "../../src/logger/formatter.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { memory } from "./_logger_fixtures.ts";

test("a Formatter is a plain function from a record to a line", () => {
  const short: Formatter = (record) =>
    `${record.level} ${record.logger}: ${record.message}\n`;
  assert.equal(
    short({ time: 0, level: "warn", logger: "app", message: "hi", fields: {} }),
    "warn app: hi\n",
  );
});

test("the logger adds a newline when a formatter leaves it out", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: (r) => r.message } },
      loggers: { app: { sinks: ["mem"] } },
    });
    getLogger("app").info("no newline");
    assert.deepEqual(m.lines, ["no newline\n"]);
  } finally {
    await reset();
  }
});
