import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger } from "../../src/logger/logger.ts";
import {
  registerSinkType,
  sinkFactory,
  sinkTypeNames,
} from "../../src/logger/sink_registry.ts";
import { rejects } from "./_logger_fixtures.ts";

test("sinkTypeNames() lists the built-in types first and sinkFactory() finds them", () => {
  assert.deepEqual(sinkTypeNames().slice(0, 5), [
    "file",
    "rotating-file",
    "syslog",
    "relp",
    "console",
  ]);
  assert.equal(typeof sinkFactory("console"), "function");
  assert.equal(sinkFactory("no-such-type"), undefined);
});

// Before any test registers a type: the list of types below is the built-in one.
test("configure() checks sink types and references between sections", async () => {
  await rejects(
    { sinks: { s: { type: "carrier-pigeon" } } },
    TypeError,
    'Cannot configure logging as sinks.s.type must be one of "file", "rotating-file", "syslog", "relp", "console", "socket": current value is "carrier-pigeon"',
  );
  await rejects(
    {
      sinks: { s: { type: "console" } },
      loggers: { app: { sinks: ["s", "t"] } },
    },
    TypeError,
    'Cannot configure logging as loggers.app.sinks[1] must name a sink in sinks: current value is "t"',
  );
  await rejects(
    { sinks: { s: { type: "console", formatter: "xml" } } },
    TypeError,
    'Cannot configure logging as sinks.s.formatter must be "text", "json" or a name in formatters: current value is "xml"',
  );
  await rejects(
    { sinks: { s: { type: "console", filters: ["nope"] } } },
    TypeError,
    'Cannot configure logging as sinks.s.filters[0] must name a filter in filters: current value is "nope"',
  );
  await rejects(
    { loggers: { "app..db": {} } },
    TypeError,
    'Cannot configure logging as loggers["app..db"] must be named by dot-separated non-empty parts such as "app.db": current value is "app..db"',
  );
  await rejects(
    { loggers: { app: "info" } },
    TypeError,
    'Cannot configure logging as loggers.app must be an object: current value is "info"',
  );
  await rejects(
    { sinks: { s: { sink: { send() {} } } } },
    TypeError,
    'Cannot configure logging as sinks.s.sink must be an object with a write(line) method: current value is {"send":"[Function: send]"}',
  );
});

test("registerSinkType() adds sink types that configure() can build", async () => {
  const lines: string[] = [];
  registerSinkType("test-memory", (options) => {
    const prefix = options.require("prefix", "string") as string;
    const limit = options.get("limit", "size") as number | undefined;
    return {
      write: (line: string) => {
        if (limit === undefined || lines.length < limit) {
          lines.push(prefix + line);
        }
      },
    };
  });
  try {
    await configure({
      sinks: { mem: { type: "test-memory", prefix: "> ", limit: "1K" } },
      loggers: { app: { sinks: ["mem"] } },
    });
    getLogger("app").info("hi");
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? "", /^> .*Z INFO {2}app hi\n$/);
    await rejects(
      { sinks: { mem: { type: "test-memory", prefix: "> ", colour: "red" } } },
      TypeError,
      "Cannot configure logging as sinks.mem.colour is not a known option: known options are type, prefix, limit",
    );
    assert.throws(
      () => registerSinkType("test-memory", () => ({ write() {} })),
      new TypeError(
        'Cannot register sink type as the name is already registered: current value is "test-memory"',
      ),
    );
    assert.throws(
      () => registerSinkType("file", () => ({ write() {} })),
      TypeError,
    );
  } finally {
    await reset();
  }
});
