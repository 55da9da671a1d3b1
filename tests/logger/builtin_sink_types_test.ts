import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { builtinSinkTypes } from "../../src/logger/builtin_sink_types.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { rejects } from "./_logger_fixtures.ts";

test("builtinSinkTypes lists file, rotating-file, syslog, relp, console and socket", () => {
  assert.deepEqual(builtinSinkTypes.map(([name]) => name), [
    "file",
    "rotating-file",
    "syslog",
    "relp",
    "console",
    "socket",
  ]);
});

test("configure() builds a rotating-file sink with gzip and retention", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    await configure({
      sinks: {
        rotating: {
          type: "rotating-file",
          path: file,
          maxBytes: "4K",
          keep: 50,
          compress: "gzip",
          onDiskFull: "fallback",
        },
      },
      formatters: { plain: { type: "text", timestamp: false } },
      loggers: { app: { level: "info", sinks: ["rotating"] } },
    });
    const logger = getLogger("app");
    for (let i = 0; i < 500; i++) logger.info(`request ${i}`, { n: i });
    await reset();
    const names = fs.readdirSync(dir);
    assert.ok(
      names.filter((n) => n.endsWith(".log.gz")).length >= 5,
      names.join(),
    );
    assert.ok(!names.some((n) => n.endsWith(".tmp")));
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("configure() checks network sink options by path", async () => {
  await rejects(
    { sinks: { remote: { type: "syslog" } } },
    TypeError,
    "Cannot configure logging as sinks.remote.host is required: current value is undefined",
  );
  await rejects(
    {
      sinks: { remote: { type: "relp", host: "127.0.0.1", transport: "tls" } },
    },
    TypeError,
    "Cannot configure logging as sinks.remote.transport is not a known option: known options are type, host, port, facility, appName, hostname, procId, msgId, bom, severity, maxQueuedMessages, maxQueuedBytes, overflow, dropMarker, maxMessageBytes, batchBytes, reconnectMinMs, reconnectMaxMs, connectTimeoutMs, closeTimeoutMs, reportLossOnExit, windowSize",
  );
});
