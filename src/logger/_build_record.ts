/**
 * Building a record from a logger call: the message (a string, or an
 * `Error` whose message it takes), the fields (an object, an `Error`, or a
 * function called now), and the logger's bound context. What throws on the
 * way is counted and the record is still built. Private.
 *
 * @module
 */
import { getPlatform } from "../runtime/detect.ts";
import type { Platform } from "../runtime/driver.ts";
import type { LogLevel } from "./level.ts";
import type { LoggingCounters } from "./logging_stats.ts";
import type { LogFields, LogFieldsArgument, LogRecord } from "./record.ts";
import { describeThrown } from "./_safe_json.ts";

/** The fields of a record without any. */
export const emptyFields: LogFields = Object.freeze({});

let platform: Platform | undefined;

/**
 * The record of one enabled logger call.
 *
 * @param logger The logger's name.
 * @param level The call's level.
 * @param message The message.
 * @param fields The call's fields argument.
 * @param context The logger's bound context.
 * @param counters Where failures are counted and reported.
 * @returns The record.
 */
export function buildRecord(
  logger: string,
  level: LogLevel,
  message: string | Error,
  fields: LogFieldsArgument | undefined,
  context: LogFields | undefined,
  counters: LoggingCounters,
): LogRecord {
  let text: string;
  let error: Error | undefined;
  if (typeof message === "string") {
    text = message;
  } else {
    try {
      if (message instanceof Error) {
        error = message;
        text = String(message.message);
      } else {
        text = String(message);
      }
    } catch (e) {
      // The record is still written, with a placeholder message.
      text = `[unprintable message: ${describeThrown(e)}]`;
      counters.fail("fieldErrors", "message", "message conversion", e);
    }
  }
  let own: LogFields | undefined;
  if (typeof fields === "function") {
    try {
      own = fields();
    } catch (e) {
      counters.fail("fieldErrors", fields, "fields function", e);
    }
  } else {
    try {
      own = fields instanceof Error ? { error: fields } : fields;
    } catch (e) {
      counters.fail("fieldErrors", "fields", "fields argument", e);
    }
  }
  let merged: LogFields = own ?? emptyFields;
  if (context !== undefined || error !== undefined) {
    try {
      merged = error === undefined
        ? { ...context, ...own }
        : { ...context, error, ...own };
    } catch (e) {
      // Fields that cannot be listed: the record keeps the context.
      merged = error === undefined ? { ...context } : { ...context, error };
      counters.fail("fieldErrors", "fields", "fields argument", e);
    }
  }
  platform ??= getPlatform();
  return {
    time: platform.now(),
    level,
    logger,
    message: text,
    fields: merged,
  };
}
