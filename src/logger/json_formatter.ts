/**
 * The JSON formatter: one object per line. It never throws: cycles,
 * BigInts, errors, symbols, functions and unreadable values all become
 * JSON.
 *
 * @module
 */
import type { Formatter } from "./formatter.ts";
import { levelValue, type LogLevel } from "./level.ts";
import type { LogFields, LogRecord } from "./record.ts";
import { fallbackParts, field, isoTime } from "./_format_common.ts";
import { describeThrown, safeJson, safeJsonValue } from "./_safe_json.ts";
import { markBuiltinFormatter } from "./_builtin_formatter.ts";
import { contextNames, mergeFields, sharesName } from "./_bound_context.ts";

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
  /**
   * Write the level as pino's number (trace 10, debug 20, info 30, warn 40,
   * error 50, fatal 60) instead of its name.
   * @default {false}
   */
  readonly levelAsNumber?: boolean;
  /**
   * The key of the level.
   * @default {"level"}
   */
  readonly levelKey?: string;
  /**
   * The key of the message (`"msg"` as pino writes it).
   * @default {"message"}
   */
  readonly messageKey?: string;
  /**
   * The key of the time.
   * @default {"time"}
   */
  readonly timeKey?: string;
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

function checkKey(name: string, value: unknown): string | undefined {
  if (value !== undefined && (typeof value !== "string" || value === "")) {
    throw new TypeError(
      `Cannot create JSON formatter as ${name} must be a non-empty string: current value is ${
        JSON.stringify(value) ?? String(value)
      }`,
    );
  }
  return value;
}

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
  const fieldsKey = checkKey("fieldsKey", options.fieldsKey);
  const timeKey = checkKey("timeKey", options.timeKey) ?? "time";
  const levelKey = checkKey("levelKey", options.levelKey) ?? "level";
  const messageKey = checkKey("messageKey", options.messageKey) ?? "message";
  const asNumber = options.levelAsNumber;
  if (asNumber !== undefined && typeof asNumber !== "boolean") {
    throw new TypeError(
      `Cannot create JSON formatter as levelAsNumber must be a boolean: current value is ${
        String(asNumber)
      }`,
    );
  }
  const nestedKey = fieldsKey === undefined ? "" : JSON.stringify(fieldsKey);
  const reservedKeys = new Set([timeKey, levelKey, "logger", messageKey]);
  const timeStart = `{${JSON.stringify(timeKey)}:`;
  const levelPart = `,${JSON.stringify(levelKey)}:`;
  const messagePart = `,${JSON.stringify(messageKey)}:`;
  const levelText = asNumber === true
    ? (level: LogLevel) => {
      const value = levelValue(level);
      return value === undefined ? JSON.stringify(String(level)) : `${value}`;
    }
    : (level: LogLevel) => JSON.stringify(String(level));
  // The parts that repeat from record to record are built once: the time
  // of the last millisecond, the level and logger parts, and each field
  // name's `,"name":` (a bounded cache).
  const levelParts = new Map<unknown, string>();
  const keyParts = new Map<string, string>();
  let lastTime = Number.NaN;
  let timeText = "";
  let lastLogger: unknown;
  let loggerText = "";
  let lastLevel: unknown;
  let lastMessage: string | undefined;
  let quotedMessage = "";
  // Time, level, logger and the message key: one flat string per change.
  let head = "";
  // The field names of the last record and their parts: records logged
  // from the same place have the same names, compared by identity.
  const lastKeys: string[] = [];
  const lastKeyParts: string[] = [];
  const namesOf = contextNames();
  return markBuiltinFormatter(
    function formatJson(record: LogRecord, context?: LogFields): string {
      try {
        return json(record, context);
      } catch (e) {
        return jsonFallbackLine(record, e);
      }
    },
  );
  function levelTextOf(level: LogLevel): string {
    let part = levelParts.get(level);
    if (part === undefined) {
      part = `${levelPart}${levelText(level)}`;
      if (typeof level === "string" && levelParts.size < 16) {
        levelParts.set(level, part);
      }
    }
    return part;
  }
  function keyPartOf(key: string): string {
    let part = keyParts.get(key);
    if (part === undefined) {
      const name = reservedKeys.has(key) ? `fields.${key}` : key;
      part = `,${JSON.stringify(name)}:`;
      if (keyParts.size >= maxCachedKeys) keyParts.clear();
      keyParts.set(key, part);
    }
    return part;
  }
  function headOf(record: LogRecord): string {
    const time = record.time;
    const level = record.level;
    const logger = record.logger;
    if (time === lastTime && level === lastLevel && logger === lastLogger) {
      return head;
    }
    if (time !== lastTime) {
      timeText = `${timeStart}${JSON.stringify(isoTime(time))}`;
      lastTime = time;
    }
    if (logger !== lastLogger) {
      loggerText = `,"logger":${JSON.stringify(String(logger))}`;
      lastLogger = logger;
    }
    lastLevel = level;
    head = timeText + levelTextOf(level) + loggerText + messagePart;
    head.charCodeAt(0); // flattened once here, not in every line using it
    return head;
  }
  function json(record: LogRecord, context: LogFields | undefined): string {
    const message = record.message;
    // Records from one call site share their message: quoted once.
    if (typeof message !== "string") {
      quotedMessage = JSON.stringify(String(message));
      lastMessage = undefined;
    } else if (message !== lastMessage) {
      quotedMessage = JSON.stringify(message);
      lastMessage = message;
    }
    let line = headOf(record) + quotedMessage;
    let fields = record.fields;
    let rest = "";
    let at = 0;
    if (context !== undefined) {
      const contextKeys = namesOf(context);
      if (nestedKey !== "" || sharesName(contextKeys, fields)) {
        fields = mergeFields(undefined, context, fields);
      } else {
        // The context's names first, as the merged object lists them.
        rest = guardedText(context, contextKeys, 0);
        at = contextKeys.length;
      }
    }
    if (nestedKey !== "") {
      const text = safeJson(fields);
      if (text !== "{}") line += `,${nestedKey}:${text}`;
      return line + "}\n";
    }
    return line + rest + guardedText(fields, Object.keys(fields), at) + "}\n";
  }
  function guardedText(
    fields: LogFields,
    keys: readonly string[],
    at: number,
  ): string {
    try {
      return fieldsText(fields, keys, false, at);
    } catch {
      // A getter threw: again, each read on its own (see field()).
      return fieldsText(fields, keys, true, at);
    }
  }
  /**
   * `,"name":value` for each of `keys`; `at` is the position of the first
   * among the record's fields (the cache of the last names is by position).
   */
  function fieldsText(
    fields: LogFields,
    keys: readonly string[],
    guarded: boolean,
    at: number,
  ): string {
    let text = "";
    for (let k = 0; k < keys.length; k++) {
      const i = k + at;
      const key = keys[k] as string;
      const value = guarded ? field(fields, key) : fields[key];
      let valueText: string | undefined;
      switch (typeof value) {
        case "string":
          valueText = JSON.stringify(value);
          break;
        case "number":
          valueText = Number.isFinite(value) ? "" + value : `"${value}"`;
          break;
        case "boolean":
          valueText = value ? "true" : "false";
          break;
        default:
          valueText = safeJsonValue(value);
          if (valueText === undefined) continue;
      }
      let part: string;
      if (lastKeys[i] === key) {
        part = lastKeyParts[i] as string;
      } else {
        part = keyPartOf(key);
        if (i < 32) {
          lastKeys[i] = key;
          lastKeyParts[i] = part;
        }
      }
      text += part + valueText;
    }
    return text;
  }
}

/** Field names whose `,"name":` part a JSON formatter keeps at most. */
const maxCachedKeys = 1024;

export const jsonFormatter: Formatter = createJsonFormatter();
