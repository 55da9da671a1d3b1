import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { createFileSink } from "../../src/sinks/file_sink.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { closeAll, planSinks } from "../../src/logger/_sink_plan.ts";
import { textFormatter } from "../../src/logger/text_formatter.ts";

test("planSinks() plans sink objects as given and typed sinks with an identity", async () => {
  const object = { write() {} };
  const plans = planSinks(
    {
      sinks: {
        plain: object,
        console: { type: "console", level: "warn", stream: "stderr" },
      },
    },
    new Map([["text", textFormatter]]),
    new Map(),
  );
  assert.deepEqual(plans.map((p) => p.name), ["plain", "console"]);
  assert.equal(plans[0]?.create(), object);
  assert.equal(plans[0]?.identity, undefined);
  assert.equal(plans[1]?.minLevel, 40);
  assert.equal(typeof plans[1]?.identity, "string");
  let closed = 0;
  await closeAll([
    { write() {}, close: () => void closed++ },
    {
      write() {},
      close: () => {
        throw new Error("no");
      },
    },
  ]);
  assert.equal(closed, 1);
});

test("configure() routes the diagnostics of the sinks it builds to its onDiagnostic", async () => {
  const dir = makeTempDir();
  const file = path.join(dir, "app.log");
  // Another writer holds app.log, so the configured sink must switch to
  // app.001.log and say so.
  const holder = createFileSink(file);
  const seen: Diagnostic[] = [];
  try {
    holder.write("held\n");
    await holder.flush();
    await configure({
      sinks: { file: { type: "file", path: file, flushBytes: "1K" } },
      loggers: { app: { sinks: ["file"] } },
      onDiagnostic: (d) => seen.push(d),
    });
    getLogger("app").info("hello");
    await reset();
    const switched = seen.filter((d) => d.kind === "switched");
    assert.equal(switched.length, 1, JSON.stringify(seen));
    assert.match(switched[0]?.message ?? "", /app\.001\.log/);
    assert.equal(fileLines(path.join(dir, "app.001.log")).length, 1);
  } finally {
    await reset();
    await holder.close();
    removeDir(dir);
  }
});
