import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import {
  configure,
  dispose,
  getJsonLinesFormatter,
  getLogger,
  reset,
} from "@logtape/logtape";
import { createFileSink, createRotatingFileSink } from "../../mod.ts";
import { logtapeSink } from "../../src/adapters/logtape.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const quiet = () => {};

test("logtapeSink(): LogTape's dispose() closes the logrotor sink with every record written", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    // A long interval: only the close in dispose() brings lines to disk.
    const sink = createRotatingFileSink(file, {
      flushIntervalMs: 3_600_000,
      onDiagnostic: quiet,
    });
    await configure({
      sinks: { file: logtapeSink(sink) },
      loggers: [
        { category: "app", lowestLevel: "info", sinks: ["file"] },
        { category: ["logtape", "meta"], sinks: [] },
      ],
    });
    const logger = getLogger("app");
    for (let i = 0; i < 200; i++) logger.info("record {i}", { i });
    logger.debug("below the level");
    await dispose();
    assert.equal(sink.closed, true, "dispose() closed the sink");
    const lines = fileLines(file);
    assert.equal(lines.length, 200);
    lines.forEach((line, i) => {
      assert.match(line, new RegExp(`\\[INF\\] app: record ${i}$`));
    });
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("logtapeSink() uses the given LogTape formatter", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, { onDiagnostic: quiet });
    await configure({
      sinks: {
        file: logtapeSink(sink, { formatter: getJsonLinesFormatter() }),
      },
      loggers: [
        { category: "app", lowestLevel: "info", sinks: ["file"] },
        { category: ["logtape", "meta"], sinks: [] },
      ],
    });
    getLogger("app").warn("json {n}", { n: 1 });
    // A formatter without a newline still gives one line per record.
    await dispose();
    const [line, ...rest] = fileLines(file);
    assert.deepEqual(rest, []);
    const record = JSON.parse(line!) as Record<string, unknown>;
    assert.equal(record.level, "WARN");
    assert.equal(record.message, "json 1");
    assert.deepEqual(record.properties, { n: 1 });
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("logtapeSink() adds the newline a formatter left out", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createFileSink(file, { onDiagnostic: quiet });
    const write = logtapeSink(sink, {
      formatter: (record) => `${record.level} ${record.message.join("")}`,
    });
    write({
      category: ["app"],
      level: "info",
      message: ["a"],
      rawMessage: "a",
      timestamp: 0,
      properties: {},
    });
    await write[Symbol.asyncDispose]();
    assert.deepEqual(fileLines(file), ["info a"]);
  } finally {
    removeDir(dir);
  }
});

test("logtapeSink() rejects bad arguments with typed errors", async () => {
  const dir = makeTempDir();
  const sink = createFileSink(path.join(dir, "app.log"));
  try {
    assert.throws(
      () => logtapeSink(sink, { fromatter: () => "" } as never),
      (error: unknown) =>
        error instanceof TypeError &&
        error.message.startsWith(
          'Cannot create LogTape sink as "fromatter" is not an option (did you mean "formatter"?): current value is ',
        ),
    );
    assert.throws(
      () => logtapeSink({} as never),
      /Cannot create LogTape sink as sink must be a logrotor sink/,
    );
    assert.throws(
      () => logtapeSink(sink, { formatter: "text" as never }),
      /formatter must be a function: current value is text/,
    );
  } finally {
    await sink.close();
    removeDir(dir);
  }
});
