import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import type { LoggingConfig } from "../../src/logger/config_types.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

test("configure() builds file and console sinks from plain objects", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "logs", "app.log");
    await configure({
      sinks: {
        file: {
          type: "file",
          path: file,
          flushBytes: "64K",
          flushIntervalMs: "200ms",
          maxBufferedBytes: "8M",
          overflow: "drop-old",
          fsync: "never",
          mode: "truncate",
        },
        console: { type: "console", stream: "stderr", level: "fatal" },
      },
      formatters: { plain: { type: "text", timestamp: false } },
      loggers: {
        app: { level: "info", sinks: ["file"] },
        "app.db": { level: "debug" },
      },
    });
    getLogger("app.db.pool").debug("connected", { host: "db1" });
    getLogger("app.http").debug("dropped");
    getLogger("app.http").info("listening", { port: 8080 });
    await reset();
    const lines = fileLines(file);
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? "", /Z DEBUG app\.db\.pool connected host=db1$/);
    assert.match(lines[1] ?? "", /Z INFO {2}app\.http listening port=8080$/);
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("a rejected configure() leaves the previous configuration active", async () => {
  const lines: string[] = [];
  try {
    await configure({
      sinks: { mem: { write: (l: string) => lines.push(l) } },
      loggers: { app: { sinks: ["mem"] } },
    });
    await assert.rejects(
      configure(
        { loggers: { app: { level: "loud" } } } as unknown as LoggingConfig,
      ),
      TypeError,
    );
    getLogger("app").info("still here");
    assert.equal(lines.length, 1);
  } finally {
    await reset();
  }
});

test("configure() closes replaced sinks and reset() closes the rest", async () => {
  const closed: string[] = [];
  const sink = (name: string) => ({
    write() {},
    close() {
      closed.push(name);
      return Promise.resolve();
    },
  });
  const kept = sink("kept");
  try {
    await configure({ sinks: { a: sink("a"), kept } });
    await configure({ sinks: { kept, b: sink("b") } });
    assert.deepEqual(closed, ["a"]);
    await reset();
    assert.deepEqual(closed.sort(), ["a", "b", "kept"]);
  } finally {
    await reset();
  }
});
