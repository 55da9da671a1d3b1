import assert from "node:assert/strict";
import { test } from "node:test";
import { levels, rejects } from "./_logger_fixtures.ts";
import { planLoggers, settingsFor } from "../../src/logger/_logger_plan.ts";
import type { SinkPlan } from "../../src/logger/_sink_plan.ts";
import { textFormatter } from "../../src/logger/text_formatter.ts";

test("planLoggers() checks loggers and settingsFor() gives them their routes", () => {
  const plans = planLoggers(
    {
      loggers: {
        app: { level: "debug", sinks: ["mem"], propagate: false },
        "": {},
      },
    },
    new Set(["mem"]),
    new Map(),
  );
  assert.deepEqual(plans.map((p) => [p.name, p.level, p.propagate]), [
    ["app", "debug", false],
    ["", undefined, true],
  ]);
  const sink = { write() {} };
  const sinkPlan: SinkPlan = {
    name: "mem",
    path: "sinks.mem",
    formatter: textFormatter,
    minLevel: -Infinity,
    filters: [],
    create: () => sink,
  };
  const settings = settingsFor(
    [sinkPlan],
    plans,
    new Map([[sinkPlan, sink]]),
    undefined,
  );
  assert.equal(settings.loggers.get("app")?.routes[0]?.sink, sink);
  assert.equal(settings.onDiagnostic, undefined);
  assert.throws(
    () =>
      planLoggers({ loggers: { app: { sinks: ["x"] } } }, new Set(), new Map()),
    new TypeError(
      'Cannot configure logging as loggers.app.sinks[0] must name a sink in sinks: current value is "x"',
    ),
  );
});

test("configure() names the path of a bad level", async () => {
  await rejects(
    { loggers: { app: { level: "loud" } } },
    TypeError,
    `Cannot configure logging as loggers.app.level must be one of ${levels}: current value is "loud"`,
  );
  await rejects(
    { loggers: { "app.db": { level: 3 } } },
    TypeError,
    `Cannot configure logging as loggers["app.db"].level must be one of ${levels}: current value is 3`,
  );
});
