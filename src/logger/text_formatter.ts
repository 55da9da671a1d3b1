/**
 * The text formatter: `2026-11-22T00:00:00.000Z INFO  app.db user logged in
 * userId=42`. It never throws, and never lets a record span lines unless
 * asked to (`stacks: "indented"`).
 *
 * @module
 */
import { booleanOption, choiceOption } from "../options/validate.ts";
import type { Formatter } from "./formatter.ts";
import type { LogLevel } from "./level.ts";
import type { LogFields, LogRecord } from "./record.ts";
import { markBuiltinFormatter } from "./_builtin_formatter.ts";
import { contextNames, mergeFields, sharesName } from "./_bound_context.ts";
import { fallbackParts, field, isoTime } from "./_format_common.ts";
import { describeThrown, opaqueText, safeJson } from "./_safe_json.ts";

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
  const namesOf = contextNames();
  return markBuiltinFormatter(
    function formatText(record: LogRecord, context?: LogFields): string {
      try {
        return text(record, context);
      } catch (e) {
        return textFallbackLine(record, e, timestamp);
      }
    },
  );
  function text(record: LogRecord, context: LogFields | undefined): string {
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
    let fields = record.fields;
    let shown = { line, trailer: "" };
    if (context !== undefined) {
      const contextKeys = namesOf(context);
      if (sharesName(contextKeys, fields)) {
        fields = mergeFields(undefined, context, fields);
      } else {
        // The context's names first, as the merged object lists them.
        shown = fieldsText(shown, context, contextKeys);
      }
    }
    shown = fieldsText(shown, fields, Object.keys(fields));
    return shown.line + shown.trailer + "\n";
  }
  /** `shown` with ` key=value` for each of `keys` and their stack lines. */
  function fieldsText(
    shown: { line: string; trailer: string },
    fields: LogFields,
    keys: readonly string[],
  ): { line: string; trailer: string } {
    let { line, trailer } = shown;
    for (const key of keys) {
      try {
        const [text, extra] = textField(key, field(fields, key));
        line += text;
        trailer += extra;
      } catch (e) {
        line += ` ${quote(key)}=${
          JSON.stringify(`[Unserializable: ${describeThrown(e)}]`)
        }`;
      }
    }
    return { line, trailer };
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
