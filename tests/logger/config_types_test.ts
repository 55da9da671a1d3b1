import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { memory } from "./_logger_fixtures.ts";
import type {
  FilterConfig,
  FormatterConfig,
  LoggerConfig,
  LoggingConfig,
  SinkConfig,
  SinkInstanceConfig,
} from "../../src/logger/config_types.ts";

test("a LoggingConfig assembled from the config types is what configure() takes", async () => {
  const m = memory();
  const plain: FormatterConfig = { type: "text", timestamp: false };
  const warnings: FilterConfig = { type: "level", level: "warn" };
  const console: SinkConfig = { type: "console", level: "fatal" };
  const mem: SinkInstanceConfig = { sink: m.sink, formatter: "plain" };
  const app: LoggerConfig = { level: "info", sinks: ["mem", "console"] };
  const config: LoggingConfig = {
    formatters: { plain },
    filters: { warnings },
    sinks: { mem, console },
    loggers: { app },
  };
  try {
    await configure(config);
    getLogger("app").info("typed");
    assert.deepEqual(m.lines, ["INFO  app typed\n"]);
  } finally {
    await reset();
  }
});
