import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { withContext } from "../../src/logger/implicit_context.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { withFiles } from "./_logger_fixtures.ts";

const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

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

test("fields merged with bound and implicit context keep an own __proto__ key as a field and never change a prototype", async () => {
  const parsed = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
  await withFiles(() => {
    const log = getLogger("app").with({ service: "checkout" });
    log.info("parsed", parsed);
    withContext({ requestId: "r-1" }, () => log.info("in context", parsed));
    log.info("plain", { y: 2 });
  }, (text, json) => {
    assert.equal(text.length, 3);
    assert.deepEqual(json.map((r) => Object.keys(r).slice(4)), [
      ["service", "__proto__", "x"],
      ["requestId", "service", "__proto__", "x"],
      ["service", "y"],
    ]);
    for (const record of json.slice(0, 2)) {
      assert.deepEqual(
        Object.getOwnPropertyDescriptor(record, "__proto__")?.value,
        { polluted: true },
      );
    }
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });
});
