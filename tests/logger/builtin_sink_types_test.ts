import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { builtinSinkTypes } from "../../src/logger/builtin_sink_types.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { tmpfsUnavailable, withTmpfs } from "../_fixtures/tmpfs.ts";
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
    "Cannot configure logging as sinks.remote.transport is not a known option: known options are type, host, path, port, facility, appName, hostname, procId, msgId, bom, severity, maxQueuedMessages, maxQueuedBytes, overflow, dropMarker, maxMessageBytes, batchBytes, reconnectMinMs, reconnectMaxMs, connectTimeoutMs, closeTimeoutMs, reportLossOnExit, windowSize",
  );
});

test("configure() checks overflowTimeoutMs: a duration, and only with overflow timeout", async () => {
  await rejects(
    {
      sinks: {
        file: {
          type: "file",
          path: "/tmp/x.log",
          overflow: "timeout",
          overflowTimeoutMs: "soon",
        },
      },
    },
    TypeError,
    'Cannot configure logging as sinks.file.overflowTimeoutMs must be a duration such as "200ms" or a number of milliseconds: current value is "soon"',
  );
  await rejects(
    {
      sinks: {
        file: { type: "file", path: "/tmp/x.log", overflowTimeoutMs: "50ms" },
      },
    },
    TypeError,
    'Cannot configure logging as sinks.file cannot be created: Cannot create file sink as overflowTimeoutMs must be given only with overflow "timeout": current overflow is "block"',
  );
  await rejects(
    {
      sinks: {
        remote: { type: "syslog", host: "127.0.0.1", overflow: "timeout" },
      },
    },
    TypeError,
    'Cannot configure logging as sinks.remote.overflow must be one of "drop-old", "drop-new": current value is "timeout"',
  );
});

test(
  'configure() file sink with overflow "timeout" on a full disk (tmpfs): the logger\'s lines beyond the bound are dropped and the marker counts them',
  { skip: tmpfsUnavailable() },
  async () => {
    if (tmpfsUnavailable() !== undefined) return; // Bun ignores skip
    await withTmpfs("256k", async (dir) => {
      const file = path.join(dir, "app.log");
      try {
        await configure({
          sinks: {
            file: {
              type: "file",
              path: file,
              formatter: "plain",
              overflow: "timeout",
              overflowTimeoutMs: "0ms",
              flushBytes: 256,
              flushIntervalMs: "10ms",
              maxBufferedBytes: "1K",
              onDiskFull: "block",
              flushOnExit: false,
            },
          },
          formatters: { plain: { type: "text", timestamp: false } },
          loggers: { app: { level: "info", sinks: ["file"] } },
          onDiagnostic: () => {},
        });
        // The sink opens its file with its first flush; wait for that line
        // before the disk fills up.
        const logger = getLogger("app");
        logger.info("ready");
        for (let i = 0; i < 1000; i++) {
          if (fs.existsSync(file) && fs.readFileSync(file, "utf8") !== "") {
            break;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
        assert.equal(fs.readFileSync(file, "utf8"), "INFO  app ready\n");
        const fd = fs.openSync(path.join(dir, "filler"), "w");
        try {
          for (;;) fs.writeSync(fd, new Uint8Array(4096));
        } catch (err) {
          assert.equal((err as { code?: string }).code, "ENOSPC");
        } finally {
          fs.closeSync(fd);
        }
        for (let i = 0; i < 500; i++) logger.info(`n${i}`);
        fs.rmSync(path.join(dir, "filler"));
        await reset();
        const lines = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
        const markers = lines.filter((l) => l.includes("lines dropped"));
        assert.equal(markers.length, 1, lines.slice(-3).join("\n"));
        const m =
          /… (\d+) lines dropped \(\d+ bytes, overflow policy timeout\) …/
            .exec(markers[0]!);
        assert.ok(m, markers[0]!);
        const dropped = Number(m[1]);
        assert.ok(dropped > 0, "some lines were dropped");
        // "ready", the marker, and the kept lines
        assert.equal(
          lines.length - 2 + dropped,
          500,
          "kept + counted = logged",
        );
      } finally {
        await reset();
      }
    });
  },
);
