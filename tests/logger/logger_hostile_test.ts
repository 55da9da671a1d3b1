import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger, loggingStats } from "../../src/logger/logger.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * Configures a text file sink (`app.log`, no timestamps) and a JSON file
 * sink (`app.json`) for the logger `app`, runs `body`, closes the sinks,
 * and hands the lines of both files and the diagnostics to `check`.
 */
async function withFiles(
  body: () => void,
  check: (
    text: string[],
    json: Record<string, unknown>[],
    reports: Diagnostic[],
  ) => void,
): Promise<void> {
  const dir = makeTempDir();
  const reports: Diagnostic[] = [];
  try {
    await configure({
      sinks: {
        text: {
          type: "file",
          path: path.join(dir, "app.log"),
          formatter: "plain",
        },
        json: {
          type: "file",
          path: path.join(dir, "app.json"),
          formatter: "json",
        },
      },
      formatters: { plain: { type: "text", timestamp: false } },
      loggers: { app: { sinks: ["text", "json"] } },
      onDiagnostic: (d) => reports.push(d),
    });
    body();
    await reset();
    check(
      fileLines(path.join(dir, "app.log")),
      fileLines(path.join(dir, "app.json")).map((line) => JSON.parse(line)),
      reports.filter((d) => d.target === "logger"),
    );
  } finally {
    await reset();
    removeDir(dir);
  }
}

test("a message whose toString throws or an Error in a Proxy is written with a placeholder message and reported", async () => {
  let fieldErrors = -1;
  await withFiles(() => {
    const log = getLogger("app");
    const unprintable = {
      toString(): never {
        throw new Error("no string");
      },
    };
    log.info(unprintable as unknown as string);
    log.info(
      new Proxy(new Error("hidden"), {
        get(): never {
          throw new Error("get trap");
        },
      }),
    );
    log.info(
      new Proxy(new Error("hidden"), {
        getPrototypeOf(): never {
          throw new Error("prototype trap");
        },
      }),
    );
    log.info("after");
    fieldErrors = loggingStats().fieldErrors;
  }, (text, json, reports) => {
    assert.equal(fieldErrors, 3);
    assert.deepEqual(text.map((line) => line.split(" error=")[0]), [
      "INFO  app [unprintable message: Error: no string]",
      "INFO  app [unprintable message: Error: get trap]",
      "INFO  app [unprintable message: Error: prototype trap]",
      "INFO  app after",
    ]);
    assert.deepEqual(json.map((line) => line.message), [
      "[unprintable message: Error: no string]",
      "[unprintable message: Error: get trap]",
      "[unprintable message: Error: prototype trap]",
      "after",
    ]);
    assert.equal(reports.length, 1);
    assert.equal(
      reports[0]?.message,
      "message conversion threw Error: no string; the record was written with a placeholder message; later failures of the same kind are only counted",
    );
  });
});

test("a fields function that throws: the record is written without its fields and the report says so", async () => {
  await withFiles(() => {
    getLogger("app").with({ requestId: "r1" }).warn("slow", () => {
      throw new Error("fields bug");
    });
  }, (text, json, reports) => {
    assert.deepEqual(text, ["WARN  app slow requestId=r1"]);
    assert.equal(json.length, 1);
    assert.equal(json[0]?.message, "slow");
    assert.equal(json[0]?.requestId, "r1");
    assert.equal(reports.length, 1);
    assert.equal(
      reports[0]?.message,
      "fields function threw Error: fields bug; the record was written without its fields; later failures of the same kind are only counted",
    );
    assert.doesNotMatch(reports[0]?.message ?? "", /skipped/);
  });
});

test("a record whose fields cannot be listed is written in the sink's own format with an ISO time", async () => {
  const dir = makeTempDir();
  const unlistable = new Proxy({}, {
    ownKeys(): never {
      throw new Error("no keys");
    },
  });
  try {
    await configure({
      sinks: {
        text: { type: "file", path: path.join(dir, "app.log") },
        json: {
          type: "file",
          path: path.join(dir, "app.json"),
          formatter: "json",
        },
      },
      loggers: { app: { sinks: ["text", "json"] } },
    });
    getLogger("app").error("cannot list", unlistable);
    await reset();
    const text = fileLines(path.join(dir, "app.log"));
    assert.equal(text.length, 1);
    const [time, rest] = [text[0]?.slice(0, 24), text[0]?.slice(25)];
    assert.match(time ?? "", isoTime);
    assert.equal(rest, 'ERROR app cannot list formatError="Error: no keys"');
    const json = fileLines(path.join(dir, "app.json"));
    assert.equal(json.length, 1);
    const record = JSON.parse(json[0] ?? "");
    assert.match(record.time, isoTime);
    assert.deepEqual({ ...record, time: "" }, {
      time: "",
      level: "error",
      logger: "app",
      message: "cannot list",
      formatError: "Error: no keys",
    });
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("Symbol and function values are shown as the same strings by the text and JSON formatters", async () => {
  await withFiles(() => {
    // Runtimes name functions differently; this one surely has no name.
    const anonymous = Object.defineProperty(() => 1, "name", { value: "" });
    getLogger("app").info("odd", {
      id: Symbol("id"),
      handler: function onRequest() {},
      anonymous,
      nested: { list: [Symbol("x"), Math.max] },
    });
  }, (text, json) => {
    assert.deepEqual(text, [
      'INFO  app odd id=Symbol(id) handler="[Function: onRequest]" anonymous="[Function (anonymous)]" nested={"list":["Symbol(x)","[Function: max]"]}',
    ]);
    assert.equal(json.length, 1);
    const { time: _time, ...rest } = json[0] ?? {};
    assert.deepEqual(rest, {
      level: "info",
      logger: "app",
      message: "odd",
      id: "Symbol(id)",
      handler: "[Function: onRequest]",
      anonymous: "[Function (anonymous)]",
      nested: { list: ["Symbol(x)", "[Function: max]"] },
    });
  });
});

test("log() with an unknown level is counted in loggingStats() and reported once, never thrown", async () => {
  let stats: ReturnType<typeof loggingStats> | undefined;
  await withFiles(() => {
    const log = getLogger("app");
    const call = log.log as (level: unknown, message: string) => void;
    call.call(log, "bogus", "one");
    call.call(log, "off", "two");
    call.call(log, "toString", "three");
    call.call(log, {
      toString(): never {
        throw new Error("no level");
      },
    }, "four");
    log.log("warn", "known");
    stats = loggingStats();
  }, (text, json, reports) => {
    assert.equal(stats?.unknownLevels, 4);
    assert.equal(stats?.records, 1);
    assert.deepEqual(text, ["WARN  app known"]);
    assert.deepEqual(json.map((line) => line.message), ["known"]);
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.kind, "dropped");
    assert.equal(
      reports[0]?.message,
      'log() was called on logger "app" with the unknown level "bogus"; the record was dropped (levels are trace, debug, info, warn, error, fatal); later such calls are only counted',
    );
  });
});
