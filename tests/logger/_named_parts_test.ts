import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger } from "../../src/logger/logger.ts";
import {
  buildFilters,
  buildFormatters,
  resolveFilters,
} from "../../src/logger/_named_parts.ts";
import { jsonFormatter } from "../../src/logger/json_formatter.ts";
import { textFormatter } from "../../src/logger/text_formatter.ts";

test("buildFormatters() always has text and json; buildFilters() and resolveFilters() follow names", () => {
  const formatters = buildFormatters({
    formatters: { plain: { type: "text", timestamp: false } },
  });
  assert.equal(formatters.get("text"), textFormatter);
  assert.equal(formatters.get("json"), jsonFormatter);
  assert.equal(typeof formatters.get("plain"), "function");
  const filters = buildFilters({
    filters: { warnings: { type: "level", level: "warn" } },
  });
  const own = () => true;
  assert.deepEqual(
    resolveFilters("f", ["warnings", own], filters),
    [filters.get("warnings"), own],
  );
  assert.throws(
    () => resolveFilters("sinks.s.filters", ["nope"], filters),
    new TypeError(
      'Cannot configure logging as sinks.s.filters[0] must name a filter in filters: current value is "nope"',
    ),
  );
});

test("configure() uses named formatters and filters", async () => {
  const lines: string[] = [];
  try {
    await configure({
      formatters: {
        plain: { type: "text", timestamp: false, stacks: "none" },
        nested: { type: "json", fieldsKey: "data" },
      },
      filters: { warnings: { type: "level", level: "warn" } },
      sinks: {
        a: {
          sink: { write: (l: string) => lines.push(l) },
          formatter: "plain",
        },
        b: {
          sink: { write: (l: string) => lines.push(l) },
          formatter: "nested",
          filters: ["warnings"],
        },
      },
      loggers: { app: { sinks: ["a", "b"] } },
    });
    getLogger("app").info("hi", { n: 1 });
    getLogger("app").warn("careful");
    assert.equal(lines[0], "INFO  app hi n=1\n");
    assert.equal(lines[1], "WARN  app careful\n");
    assert.deepEqual(JSON.parse(lines[2] ?? "").data, undefined);
    assert.equal(JSON.parse(lines[2] ?? "").message, "careful");
    assert.equal(lines.length, 3);
  } finally {
    await reset();
  }
});
