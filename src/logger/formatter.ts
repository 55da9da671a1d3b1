/**
 * Formatters turn a {@linkcode LogRecord} into one line of text: a plain
 * function `(record) => string`. Two are built in: text
 * (`2026-11-22T00:00:00.000Z INFO  app.db user logged in userId=42`) and
 * JSON (one object per line). Neither ever throws, and neither lets a
 * record span lines unless asked to.
 *
 * @module
 */
import { booleanOption, choiceOption } from "../options/validate.ts";
import type { LogLevel } from "./level.ts";
import type { LogRecord } from "./record.ts";
import { opaqueText, safeJson, safeJsonValue } from "./_safe_json.ts";

/**
 * Turns a record into a line. The line should end with `\n`; the logger
 * adds one when it does not. A formatter that throws is caught, counted and
 * reported once; the record is then skipped for that sink.
 *
 * @example A custom formatter
 * ```ts
 * import type { Formatter } from "logrotor";
 *
 * const short: Formatter = (record) =>
 *   `${record.level} ${record.logger}: ${record.message}\n`;
 * ```
 */
export type Formatter = (record: LogRecord) => string;

/**
 * How the text formatter shows the stack of an `Error` field.
 *
 * @example Usage
 * ```ts
 * import { createTextFormatter } from "logrotor";
 * import { type StackStyle } from "logrotor/compose";
 *
 * function formatterFor(verbose: boolean) {
 *   const stacks: StackStyle = verbose ? "indented" : "inline";
 *   return createTextFormatter({ stacks });
 * }
 * ```
 */
export type StackStyle = "inline" | "indented" | "none";

/**
 * Options of {@linkcode createTextFormatter}.
 *
 * @example Usage
 * ```ts
 * import { createTextFormatter } from "logrotor";
 * import { type TextFormatterOptions } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const options: TextFormatterOptions = { timestamp: false, stacks: "none" };
 * const format = createTextFormatter(options);
 * const line = format({
 *   time: 0,
 *   level: "info",
 *   logger: "app",
 *   message: "ready",
 *   fields: {},
 * });
 * assert.equal(line, "INFO  app ready\n");
 * ```
 */
export interface TextFormatterOptions {
  /**
   * Start the line with the ISO 8601 time in UTC.
   * @default {true}
   */
  readonly timestamp?: boolean;
  /**
   * `"inline"` puts an error's stack and cause chain in its quoted field
   * value with newlines escaped as `\n`, so a record stays one line;
   * `"indented"` shows `Name: message` in the field and the full stacks as
   * lines indented by four spaces after the record (the record then spans
   * several lines); `"none"` shows only `Name: message; caused by …`.
   * @default {"inline"}
   */
  readonly stacks?: StackStyle;
}

/**
 * Options of {@linkcode createJsonFormatter}.
 *
 * @example Usage
 * ```ts
 * import { createJsonFormatter } from "logrotor";
 * import { type JsonFormatterOptions } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const options: JsonFormatterOptions = { fieldsKey: "fields" };
 * const format = createJsonFormatter(options);
 * const line = format({
 *   time: 0,
 *   level: "info",
 *   logger: "app",
 *   message: "hi",
 *   fields: { userId: 42 },
 * });
 * assert.deepEqual(JSON.parse(line).fields, { userId: 42 });
 * ```
 */
export interface JsonFormatterOptions {
  /**
   * Put the fields under this key instead of at the top level. At the top
   * level, a field named `time`, `level`, `logger` or `message` is written
   * as `fields.<name>` so it cannot hide the record's own.
   */
  readonly fieldsKey?: string;
}

const levelLabels: Readonly<Record<LogLevel, string>> = {
  trace: "TRACE",
  debug: "DEBUG",
  info: "INFO ",
  warn: "WARN ",
  error: "ERROR",
  fatal: "FATAL",
};

// deno-lint-ignore no-control-regex
const lineBreaking = /[\x00-\x08\x0a-\x1f\x7f]/;
// deno-lint-ignore no-control-regex
const lineBreakingAll = /[\x00-\x08\x0a-\x1f\x7f]/g;
// deno-lint-ignore no-control-regex
const needsQuotes = /[\s"=\\\x00-\x1f\x7f]/;

function escapeChar(c: string): string {
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Escapes control characters (newlines, carriage returns, escape
 * sequences; not tabs) so text cannot start a new line or inject terminal
 * codes.
 */
function escapeLine(text: string): string {
  return lineBreaking.test(text)
    ? text.replace(lineBreakingAll, escapeChar)
    : text;
}

function quote(text: string): string {
  return text !== "" && !needsQuotes.test(text) ? text : JSON.stringify(text);
}

function isoTime(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString() : String(time);
}

function describeThrown(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return "unknown error";
  }
}

function field(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (e) {
    return `[Unreadable: ${describeThrown(e)}]`;
  }
}

function header(err: Error): string {
  return `${String(field(err, "name") ?? "Error")}: ${
    String(field(err, "message") ?? "")
  }`;
}

/**
 * An error as text: its stack (or `Name: message`) followed by its cause
 * chain, one "Caused by:" per link.
 */
function errorText(err: Error, withStack: boolean, seen: Error[]): string {
  seen.push(err);
  const head = header(err);
  const stack = withStack ? field(err, "stack") : undefined;
  let text = typeof stack === "string" && stack !== ""
    ? (stack.includes(head) ? stack : `${head}\n${stack}`)
    : head;
  const cause = Object.hasOwn(err, "cause") ? field(err, "cause") : undefined;
  if (cause !== undefined) {
    text += withStack ? "\nCaused by: " : "; caused by ";
    text += !(cause instanceof Error)
      ? (typeof cause === "string" ? cause : safeJson(cause))
      : seen.includes(cause)
      ? "[Circular]"
      : errorText(cause, withStack, seen);
  }
  seen.pop();
  return text;
}

/** Properties already shown by {@linkcode errorText}. */
const errorBuiltins = new Set(["name", "message", "stack", "cause"]);

function textValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
    case "boolean":
    case "bigint":
    case "undefined":
      return String(value);
    case "symbol":
    case "function":
      return quote(opaqueText(value));
  }
  if (value === null) return "null";
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? "null" : value.toISOString();
  }
  return safeJson(value);
}

/**
 * Creates the text formatter: `time LEVEL logger message key=value…`.
 * Values are bare when they hold no space, quote, `=`, backslash or
 * control character, and JSON-quoted otherwise; objects are compact JSON
 * (safe for cycles and BigInt); symbols and functions show as
 * `Symbol(id)` and `"[Function: name]"` (never a function's source); a
 * field that cannot be read shows why; newlines in the message are escaped
 * so a record is always one line (see `stacks` for errors). A record whose
 * fields cannot even be listed is written without them, still as a text
 * line, ending in `formatError="…"`.
 *
 * @param options Timestamp and stack display.
 * @returns The formatter.
 * @throws {TypeError} When an option has the wrong type or value.
 *
 * @example Usage
 * ```ts
 * import { createTextFormatter } from "logrotor";
 * import assert from "node:assert/strict";
 *
 * const format = createTextFormatter();
 * const line = format({
 *   time: Date.UTC(2026, 10, 22),
 *   level: "info",
 *   logger: "app.db",
 *   message: "user logged in",
 *   fields: { userId: 42, name: "Ada L" },
 * });
 * assert.equal(
 *   line,
 *   '2026-11-22T00:00:00.000Z INFO  app.db user logged in userId=42 name="Ada L"\n',
 * );
 * ```
 */
export function createTextFormatter(
  options: TextFormatterOptions = {},
): Formatter {
  const subject = "text formatter";
  const timestamp = booleanOption(
    subject,
    "timestamp",
    options.timestamp,
    true,
  );
  const stacks = choiceOption(subject, "stacks", options.stacks, [
    "inline",
    "indented",
    "none",
  ]);
  let lastTime = Number.NaN;
  let lastIso = "";
  return function formatText(record: LogRecord): string {
    try {
      return text(record);
    } catch (e) {
      return textFallbackLine(record, e, timestamp);
    }
  };
  function text(record: LogRecord): string {
    let line = "";
    if (timestamp) {
      if (record.time !== lastTime) {
        lastTime = record.time;
        lastIso = isoTime(record.time);
      }
      line = lastIso + " ";
    }
    line += levelLabels[record.level] ?? String(record.level);
    if (record.logger !== "") line += " " + escapeLine(record.logger);
    line += " " + escapeLine(record.message);
    let trailer = "";
    const fields = record.fields;
    for (const key of Object.keys(fields)) {
      try {
        const [shown, extra] = textField(key, field(fields, key));
        line += shown;
        trailer += extra;
      } catch (e) {
        line += ` ${quote(key)}=${
          JSON.stringify(`[Unserializable: ${describeThrown(e)}]`)
        }`;
      }
    }
    return line + trailer + "\n";
  }
  /** One field as ` key=value`, and its indented stack lines, if any. */
  function textField(key: string, value: unknown): [string, string] {
    const name = quote(key);
    if (!(value instanceof Error)) return [` ${name}=${textValue(value)}`, ""];
    let line: string;
    let trailer = "";
    if (stacks === "inline") {
      line = ` ${name}=${JSON.stringify(errorText(value, true, []))}`;
    } else {
      line = ` ${name}=${JSON.stringify(errorText(value, false, []))}`;
      if (stacks === "indented") {
        trailer = errorText(value, true, []).split("\n")
          .map((l) => "\n    " + escapeLine(l)).join("");
      }
    }
    for (const extra of Object.keys(value)) {
      if (errorBuiltins.has(extra)) continue;
      line += ` ${quote(`${key}.${extra}`)}=${textValue(field(value, extra))}`;
    }
    return [line, trailer];
  }
}

/** `String(value)` that never throws. */
function safeString(value: unknown): string {
  try {
    return typeof value === "string" ? value : String(value);
  } catch (e) {
    return `[Unprintable: ${describeThrown(e)}]`;
  }
}

/** The parts of a record that a fallback line shows, read safely. */
function fallbackParts(record: LogRecord): {
  time: string;
  level: string;
  logger: string;
  message: string;
} {
  const time = field(record, "time");
  return {
    time: typeof time === "number" ? isoTime(time) : safeString(time),
    level: safeString(field(record, "level")),
    logger: safeString(field(record, "logger")),
    message: safeString(field(record, "message")),
  };
}

/**
 * The text line of last resort, for a record whose fields cannot even be
 * listed: the record without its fields, and why, in the text format.
 */
function textFallbackLine(
  record: LogRecord,
  e: unknown,
  timestamp: boolean,
): string {
  const parts = fallbackParts(record);
  const label = levelLabels[parts.level as LogLevel] ?? parts.level;
  return `${timestamp ? parts.time + " " : ""}${escapeLine(label)}${
    parts.logger === "" ? "" : " " + escapeLine(parts.logger)
  } ${escapeLine(parts.message)} formatError=${
    JSON.stringify(describeThrown(e))
  }\n`;
}

/**
 * The JSON line of last resort, for a record whose fields cannot even be
 * listed: the record without its fields, and why.
 */
function jsonFallbackLine(record: LogRecord, e: unknown): string {
  return `${
    JSON.stringify({ ...fallbackParts(record), formatError: describeThrown(e) })
  }\n`;
}

const reservedKeys = new Set(["time", "level", "logger", "message"]);

/**
 * Creates the JSON formatter: one object per line,
 * `{"time":"…","level":"info","logger":"app.db","message":"…",…fields}`.
 * Errors become `{name, message, stack, cause, …own props}`; cycles become
 * `"[Circular]"`, BigInts strings, symbols and functions strings as the
 * text formatter shows them (`"Symbol(id)"`, `"[Function: name]"`), and a
 * value that cannot be read a string saying why. A record whose fields
 * cannot even be listed is written without them, with `formatError`
 * saying why. It never throws.
 *
 * @param options Where the fields go.
 * @returns The formatter.
 * @throws {TypeError} When `fieldsKey` is not a non-empty string.
 *
 * @example Usage
 * ```ts
 * import { createJsonFormatter } from "logrotor";
 * import assert from "node:assert/strict";
 *
 * const format = createJsonFormatter();
 * const line = format({
 *   time: Date.UTC(2026, 10, 22),
 *   level: "warn",
 *   logger: "app",
 *   message: "slow",
 *   fields: { ms: 1200n },
 * });
 * assert.deepEqual(JSON.parse(line), {
 *   time: "2026-11-22T00:00:00.000Z",
 *   level: "warn",
 *   logger: "app",
 *   message: "slow",
 *   ms: "1200",
 * });
 * ```
 */
export function createJsonFormatter(
  options: JsonFormatterOptions = {},
): Formatter {
  const fieldsKey = options.fieldsKey;
  if (
    fieldsKey !== undefined &&
    (typeof fieldsKey !== "string" || fieldsKey === "")
  ) {
    throw new TypeError(
      `Cannot create JSON formatter as fieldsKey must be a non-empty string: current value is ${
        JSON.stringify(fieldsKey) ?? String(fieldsKey)
      }`,
    );
  }
  const nestedKey = fieldsKey === undefined ? "" : JSON.stringify(fieldsKey);
  return function formatJson(record: LogRecord): string {
    try {
      return json(record);
    } catch (e) {
      return jsonFallbackLine(record, e);
    }
  };
  function json(record: LogRecord): string {
    let line = `{"time":${JSON.stringify(isoTime(record.time))},"level":${
      JSON.stringify(String(record.level))
    },"logger":${JSON.stringify(String(record.logger))},"message":${
      JSON.stringify(String(record.message))
    }`;
    const fields = record.fields;
    if (nestedKey !== "") {
      const text = safeJson(fields);
      if (text !== "{}") line += `,${nestedKey}:${text}`;
      return line + "}\n";
    }
    for (const key of Object.keys(fields)) {
      const value = field(fields, key);
      const text = typeof value === "string"
        ? JSON.stringify(value)
        : safeJsonValue(value);
      if (text === undefined) continue;
      const name = reservedKeys.has(key) ? `fields.${key}` : key;
      line += `,${JSON.stringify(name)}:${text}`;
    }
    return line + "}\n";
  }
}

/**
 * The text formatter with default options; see
 * {@linkcode createTextFormatter}.
 *
 * @example Usage
 * ```ts
 * import { textFormatter } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const line = textFormatter({
 *   time: 0,
 *   level: "error",
 *   logger: "app",
 *   message: "two\nlines",
 *   fields: {},
 * });
 * assert.equal(line, "1970-01-01T00:00:00.000Z ERROR app two\\nlines\n");
 * ```
 */
export const textFormatter: Formatter = createTextFormatter();

/**
 * The JSON formatter with default options; see
 * {@linkcode createJsonFormatter}.
 *
 * @example Usage
 * ```ts
 * import { jsonFormatter } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const fields: Record<string, unknown> = { id: 1 };
 * fields.self = fields;
 * const line = jsonFormatter({
 *   time: 0,
 *   level: "info",
 *   logger: "app",
 *   message: "hi",
 *   fields,
 * });
 * assert.equal(JSON.parse(line).self.self, "[Circular]");
 * ```
 */
export const jsonFormatter: Formatter = createJsonFormatter();
