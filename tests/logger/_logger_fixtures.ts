/**
 * Shared pieces of the logger tests: records to format, errors with fixed
 * stacks, and a memory sink. Not a test file.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { configure, reset } from "../../src/logger/config.ts";
import type { LoggingConfig } from "../../src/logger/config_types.ts";
import type { Formatter } from "../../src/logger/formatter.ts";
import type { LogFields, LogRecord } from "../../src/logger/record.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

export const time = Date.UTC(2026, 10, 22);

/** A record of logger `app.db` at `info`, at {@linkcode time}. */
export function record(
  message: string,
  fields: LogFields = {},
  extra: Partial<LogRecord> = {},
): LogRecord {
  return { time, level: "info", logger: "app.db", message, fields, ...extra };
}

/** An error with a fixed stack, so lines can be compared exactly. */
export function fixedError(
  name: string,
  message: string,
  options?: { cause?: unknown },
): Error {
  const err = new Error(message, options);
  err.name = name;
  err.stack = `${name}: ${message}\n    at f (a.ts:1:1)`;
  return err;
}

/** A sink that keeps its lines, and a formatter that keeps its records. */
export function memory(): {
  lines: string[];
  records: LogRecord[];
  sink: { write(line: string): void };
  formatter: Formatter;
} {
  const lines: string[] = [];
  const records: LogRecord[] = [];
  return {
    lines,
    records,
    sink: { write: (line: string) => void lines.push(line) },
    formatter: (record) => {
      records.push(record);
      return `${record.level} ${record.logger} ${record.message}\n`;
    },
  };
}

/** The level choices as a configuration error lists them. */
export const levels =
  '"trace", "debug", "info", "warn", "error", "fatal", "off", "warning", "critical"';

/** Asserts that configure() rejects with this exact error. */
export async function rejects(
  config: unknown,
  kind: typeof TypeError | typeof RangeError | typeof SyntaxError,
  message: string,
): Promise<void> {
  try {
    await assert.rejects(configure(config as LoggingConfig), (err) => {
      assert.ok(err instanceof kind, `expected ${kind.name}, got ${err}`);
      assert.equal((err as Error).message, message);
      return true;
    });
  } finally {
    await reset();
  }
}

/**
 * Configures a text file sink (`app.log`, no timestamps) and a JSON file
 * sink (`app.json`) for the logger `app`, runs `body`, closes the sinks,
 * and hands the lines of both files and the diagnostics to `check`.
 */
export async function withFiles(
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
