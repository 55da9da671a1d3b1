import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import winston from "winston";
import { createFileSink, createRotatingFileSink } from "../../mod.ts";
import { LogrotorTransport } from "../../src/adapters/winston.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const quiet = () => {};

test("LogrotorTransport: every winston entry is a line on disk once the logger ended", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createRotatingFileSink(file, {
      flushIntervalMs: 3_600_000,
      onDiagnostic: quiet,
    });
    const transport = new LogrotorTransport({ sink, level: "info" });
    const logger = winston.createLogger({
      format: winston.format.json(),
      transports: [transport],
    });
    for (let i = 0; i < 300; i++) logger.info("entry", { i });
    logger.debug("below the level");
    logger.end();
    await transport.sinkClosed;
    assert.equal(sink.closed, true);
    const entries = fileLines(file).map((l) =>
      JSON.parse(l) as Record<string, unknown>
    );
    assert.deepEqual(
      entries.map((e) => e.i),
      Array.from({ length: 300 }, (_, i) => i),
    );
    assert.deepEqual(entries[0], { level: "info", message: "entry", i: 0 });
  } finally {
    removeDir(dir);
  }
});

test("LogrotorTransport uses winston's formatted message", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, { onDiagnostic: quiet });
    const transport = new LogrotorTransport({
      sink,
      format: winston.format.printf((info) => `${info.level}|${info.message}`),
    });
    const logger = winston.createLogger({ transports: [transport] });
    logger.warn("careful");
    logger.end();
    await transport.sinkClosed;
    assert.deepEqual(fileLines(file), ["warn|careful"]);
  } finally {
    removeDir(dir);
  }
});

test("LogrotorTransport rejects bad options with typed errors", async () => {
  const dir = makeTempDir();
  const sink = createFileSink(path.join(dir, "app.log"));
  try {
    assert.throws(
      () => new LogrotorTransport({ sink, levle: "info" } as never),
      new TypeError(
        'Cannot create winston transport as "levle" is not an option (did you mean "level"?): current value is "info"',
      ),
    );
    assert.throws(
      () => new LogrotorTransport({ sink: "app.log" } as never),
      /Cannot create winston transport as sink must be a logrotor sink: current value is app.log/,
    );
  } finally {
    await sink.close();
    removeDir(dir);
  }
});
