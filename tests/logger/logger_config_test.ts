import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { LogrotorError } from "../../src/errors.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { configureFromFile } from "../../src/logger/config_file.ts";
import type { LoggingConfig } from "../../src/logger/config_types.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { createFileSink } from "../../src/sinks/file_sink.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { levels, rejects } from "./_logger_fixtures.ts";

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

test("configure() rejects unknown keys", async () => {
  await rejects(
    { sink: {} },
    TypeError,
    "Cannot configure logging as sink is not a known option: known options are sinks, formatters, filters, loggers, onDiagnostic",
  );
  await rejects(
    { loggers: { app: { level: "info", sink: ["x"] } } },
    TypeError,
    "Cannot configure logging as loggers.app.sink is not a known option: known options are level, sinks, filters, propagate",
  );
  await rejects(
    { sinks: { file: { type: "file", path: "/tmp/x.log", flushBytez: 1 } } },
    TypeError,
    "Cannot configure logging as sinks.file.flushBytez is not a known option: known options are type, path, flushBytes, flushIntervalMs, maxBufferedBytes, overflow, blockTimeoutMs, fsync, maxLineBytes, flushOnExit, mode, mkdir, onLocked, shared, maxVariants, waitMaxDelayMs, onDiskFull, fallback, minFreeBytes, recoveryIntervalMs, cleanupBytes, truncateOnDiskFull, replayBytes",
  );
  await rejects(
    { formatters: { f: { type: "text", colour: true } } },
    TypeError,
    "Cannot configure logging as formatters.f.colour is not a known option: known options are type, timestamp, stacks",
  );
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

test("configureFromFile() reads a JSON configuration", async () => {
  const dir = makeTempDir();
  try {
    const logFile = path.join(dir, "app.log");
    const configFile = path.join(dir, "logging.json");
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        sinks: {
          file: {
            type: "file",
            path: logFile,
            flushBytes: "1K",
            formatter: "json",
          },
        },
        loggers: {
          "": { level: "warn", sinks: ["file"] },
          "app.db": { level: "debug" },
        },
      }),
    );
    await configureFromFile(configFile);
    getLogger("app.db").debug("query", { ms: 3 });
    getLogger("app.http").info("dropped");
    getLogger("app.http").warn("slow");
    await reset();
    const lines = fileLines(logFile).map((line) => JSON.parse(line));
    assert.deepEqual(
      lines.map((l) => [l.level, l.logger, l.message]),
      [["debug", "app.db", "query"], ["warn", "app.http", "slow"]],
    );
    assert.equal(lines[0].ms, 3);
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("configureFromFile() reports unreadable files and bad JSON", async () => {
  const dir = makeTempDir();
  try {
    const missing = path.join(dir, "missing.json");
    await assert.rejects(configureFromFile(missing), (err) => {
      assert.ok(err instanceof LogrotorError);
      assert.equal(err.code, "CONFIG_INVALID");
      assert.match(
        err.message,
        new RegExp(
          `^Cannot configure logging as ${missing} cannot be read: ENOENT`,
        ),
      );
      return true;
    });
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "{ loggers: ");
    await assert.rejects(configureFromFile(broken), (err) => {
      assert.ok(err instanceof SyntaxError);
      assert.ok(
        err.message.startsWith(
          `Cannot configure logging as ${broken} is not valid JSON: `,
        ),
      );
      return true;
    });
    const wrong = path.join(dir, "wrong.json");
    fs.writeFileSync(wrong, '{ "loggers": { "app": { "level": "loud" } } }');
    await assert.rejects(
      configureFromFile(wrong),
      new TypeError(
        `Cannot configure logging as loggers.app.level must be one of ${levels}: current value is "loud"`,
      ),
    );
  } finally {
    await reset();
    removeDir(dir);
  }
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

test("configure() reports an unparsable size or duration as a TypeError naming its path", async () => {
  await rejects(
    {
      sinks: {
        file: { type: "rotating-file", path: "/tmp/x.log", maxBytes: "lots" },
      },
    },
    TypeError,
    'Cannot configure logging as sinks.file.maxBytes must be a size such as "64K" or a number of bytes: current value is "lots"',
  );
  await rejects(
    {
      sinks: {
        file: { type: "file", path: "/tmp/x.log", flushIntervalMs: "soon" },
      },
    },
    TypeError,
    'Cannot configure logging as sinks.file.flushIntervalMs must be a duration such as "200ms" or a number of milliseconds: current value is "soon"',
  );
  const dir = makeTempDir();
  try {
    const configFile = path.join(dir, "logging.json");
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        sinks: {
          file: {
            type: "rotating-file",
            path: path.join(dir, "app.log"),
            maxBytes: "lots",
          },
        },
      }),
    );
    await assert.rejects(
      configureFromFile(configFile),
      new TypeError(
        'Cannot configure logging as sinks.file.maxBytes must be a size such as "64K" or a number of bytes: current value is "lots"',
      ),
    );
    assert.deepEqual(fs.readdirSync(dir), ["logging.json"]);
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("configureFromFile() names a duplicated key, its path and its lines", async () => {
  const dir = makeTempDir();
  try {
    const logFile = path.join(dir, "app.log");
    const configFile = path.join(dir, "logging.json");
    const cases: Array<[string, string]> = [
      [
        `{
  "sinks": {
    "file": {
      "type": "file",
      "path": ${JSON.stringify(logFile)},
      "path": ${JSON.stringify(path.join(dir, "other.log"))}
    }
  }
}`,
        `has the key "path" twice at sinks.file.path (lines 5 and 6)`,
      ],
      [
        `{
  "loggers": { "app.db": { "level": "debug" }, "app": { "sinks": [] } },
  "loggers": { "app": { "level": "warn" } }
}`,
        `has the key "loggers" twice at loggers (lines 2 and 3)`,
      ],
      [
        `{
  "filters": { "f": { "type": "name", "prefix": ["a", "b"] } },
  "loggers": {
    "app.db": { "filters": ["f"], "level": "info", "level": "debug" }
  }
}`,
        `has the key "level" twice at loggers["app.db"].level (lines 4 and 4)`,
      ],
    ];
    for (const [text, what] of cases) {
      fs.writeFileSync(configFile, text);
      // JSON.parse itself accepts the file.
      JSON.parse(text);
      await assert.rejects(
        configureFromFile(configFile),
        new TypeError(
          `Cannot configure logging as ${configFile} ${what}: JSON keeps only the last value, so remove one`,
        ),
      );
    }
    // Equal keys in different objects are not duplicates.
    fs.writeFileSync(
      configFile,
      `{ "sinks": { "a": { "type": "console", "level": "info" } },
         "loggers": { "app": { "level": "info", "sinks": ["a"] } } }`,
    );
    await configureFromFile(configFile);
    assert.deepEqual(fs.readdirSync(dir), ["logging.json"]);
  } finally {
    await reset();
    removeDir(dir);
  }
});
