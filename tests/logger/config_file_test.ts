import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { LogrotorError } from "../../src/errors.ts";
import { reset } from "../../src/logger/config.ts";
import { configureFromFile } from "../../src/logger/config_file.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { levels } from "./_logger_fixtures.ts";

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
