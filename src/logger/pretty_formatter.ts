/**
 * The pretty formatter for development (pino-pretty, LogTape's ANSI
 * formatter): local time, aligned level names coloured by level when the
 * stream is a terminal, fields as `key=value`, error stacks indented
 * below the record.
 *
 * @module
 */
import { markBuiltinFormatter } from "./_builtin_formatter.ts";
import type { ContextFormatter } from "./_bound_context.ts";
import { colorsWanted } from "../runtime/terminal.ts";
import type { Formatter } from "./formatter.ts";
import type { LogLevel } from "./level.ts";
import type { LogFields, LogRecord } from "./record.ts";
import { createTextFormatter } from "./text_formatter.ts";

/**
 * Options of {@linkcode createPrettyFormatter}.
 *
 * @example Usage
 * ```ts
 * import { createPrettyFormatter, type PrettyFormatterOptions } from "logrotor/compose";
 *
 * const options: PrettyFormatterOptions = { colors: false };
 * const format = createPrettyFormatter(options);
 * ```
 */
export interface PrettyFormatterOptions {
  /**
   * Colour the output. By default: when `stream` is a terminal, unless
   * `NO_COLOR` is set; `FORCE_COLOR` forces colours.
   */
  readonly colors?: boolean;
  /**
   * The stream whose terminal decides the default of `colors`.
   * @default {"stdout"}
   */
  readonly stream?: "stdout" | "stderr";
}

const reset = "\x1b[0m";
const dim = "\x1b[2m";
const levelColors: Readonly<Record<LogLevel, string>> = {
  trace: "\x1b[90m",
  debug: "\x1b[36m",
  info: "\x1b[32m",
  warn: "\x1b[33m",
  error: "\x1b[31m",
  fatal: "\x1b[1;35m",
};

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** The local time of day, `HH:MM:SS.mmm`. */
function localTime(time: number): string {
  if (!Number.isFinite(time)) return String(time);
  const d = new Date(time);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${
    String(d.getMilliseconds()).padStart(3, "0")
  }`;
}

/**
 * Creates the pretty formatter: `12:04:05.123 INFO  app.db user logged in
 * userId=42`, the level coloured (when colours are on) and aligned, and an
 * error's stack on indented lines after the record. Without colours it is
 * plain text. It never throws. `configure()` has it as `"pretty"`.
 *
 * @param options Colours.
 * @returns The formatter.
 * @throws {TypeError} When `colors` is not a boolean or `stream` not
 * `"stdout"`/`"stderr"`.
 *
 * @example Usage
 * ```ts
 * import { createPrettyFormatter } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const format = createPrettyFormatter({ colors: false });
 * const line = format({
 *   time: Date.now(),
 *   level: "info",
 *   logger: "app",
 *   message: "ready",
 *   fields: { port: 8080 },
 * });
 * assert.match(line, /^\d\d:\d\d:\d\d\.\d{3} INFO  app ready port=8080\n$/);
 * ```
 */
export function createPrettyFormatter(
  options: PrettyFormatterOptions = {},
): Formatter {
  const { colors, stream = "stdout" } = options;
  if (colors !== undefined && typeof colors !== "boolean") {
    throw new TypeError(
      `Cannot create pretty formatter as colors must be a boolean: current value is ${
        String(colors)
      }`,
    );
  }
  if (stream !== "stdout" && stream !== "stderr") {
    throw new TypeError(
      `Cannot create pretty formatter as stream must be one of "stdout", "stderr": current value is ${
        JSON.stringify(stream) ?? String(stream)
      }`,
    );
  }
  const colored = colors ?? colorsWanted(stream);
  const text = createTextFormatter({ timestamp: false, stacks: "indented" });
  // The text formatter's lines end in a newline, so these do too.
  return markBuiltinFormatter(
    function formatPretty(record: LogRecord, context?: LogFields): string {
      const body = (text as ContextFormatter)(record, context);
      const time = localTime(record.time);
      if (!colored) return `${time} ${body}`;
      const color = levelColors[record.level] ?? "";
      // The text line starts with the five-character level label.
      const label = body.slice(0, 5);
      let rest = body.slice(5);
      const stack = rest.indexOf("\n    ");
      if (stack >= 0) {
        rest = rest.slice(0, stack) + dim + rest.slice(stack, -1) + reset +
          "\n";
      }
      return `${dim}${time}${reset} ${color}${label}${reset}${rest}`;
    },
  );
}
