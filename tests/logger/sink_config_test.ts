import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import type { SinkConfig } from "../../src/logger/config_types.ts";
import { getLogger } from "../../src/logger/logger.ts";
import type {
  BuiltinSinkConfig,
  CustomSinkConfig,
  RotatingFileSinkConfig,
} from "../../src/logger/sink_config.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

test('a rotating-file entry typed from the option tables takes "16M"-style sizes and configures', async () => {
  const dir = makeTempDir();
  try {
    const rotating: RotatingFileSinkConfig = {
      type: "rotating-file",
      path: path.join(dir, "app.log"),
      maxSize: "1K",
      keep: 3,
      compress: "none",
      flushIntervalMs: "50ms",
      formatter: "json",
    };
    const entry: SinkConfig = rotating;
    await configure({
      sinks: { rotating: entry },
      loggers: { app: { level: "info", sinks: ["rotating"] } },
    });
    for (let i = 0; i < 100; i++) getLogger("app").info(`line ${i}`);
    await reset();
    assert.ok(fs.readdirSync(dir).length > 1, "rotated at 1 KiB");
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("built-in entries are checked key by key; custom types stay open", () => {
  const good = {
    type: "syslog",
    host: "127.0.0.1",
    transport: "tls",
    maxQueuedBytes: "16M",
    tlsCaFile: "/etc/ca.pem",
  } satisfies BuiltinSinkConfig;
  const badValue: BuiltinSinkConfig = {
    type: "rotating-file",
    path: "x",
    // @ts-expect-error: maxSize is a number or a size text
    maxSize: true,
  };
  // @ts-expect-error: a misspelt key of a built-in type
  const badKey: BuiltinSinkConfig = { type: "file", path: "x", flushBytez: 1 };
  const custom: CustomSinkConfig = { type: "carrier-pigeon", birds: 3 };
  const entries: SinkConfig[] = [good, custom];
  assert.equal(entries.length, 2);
  void [badValue, badKey];
});
