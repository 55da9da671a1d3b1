/**
 * Building a record from a logger call: the message (a string, with
 * `{name}` placeholders; an `Error` whose message it takes; a tagged
 * template; or a function called now), the fields (an object, an `Error`,
 * or a function called now), the implicit context, the logger's bound
 * context, then serializers and redaction (`prepare`), and last the
 * message rendered from the final fields. What throws on the way is
 * counted and the record is still built. Private.
 *
 * @module
 */
import { getPlatform } from "../runtime/detect.ts";
import type { Platform } from "../runtime/driver.ts";
import type { LogLevel } from "./level.ts";
import type { LoggingCounters } from "./logging_stats.ts";
import type { LogFields, LogFieldsArgument, LogRecord } from "./record.ts";
import {
  isTemplateStrings,
  renderPlaceholders,
  renderTemplate,
  type Template,
  templateOf,
} from "./message_template.ts";
import { describeThrown } from "./_safe_json.ts";
import { mergeFields } from "./_bound_context.ts";

/** What a tagged template's fifth and later values are logged as. */
const notCaptured = "[not captured: a template logs at most 4 values]";

/** The fields of a record without any. */
export const emptyFields: LogFields = Object.freeze({});

let platform: Platform | undefined;

/**
 * The record of one enabled logger call.
 *
 * @param logger The logger's name.
 * @param level The call's level.
 * @param message The message argument.
 * @param fields The call's second argument.
 * @param args A tagged template's values after the first, if any.
 * @param context The logger's bound context.
 * @param implicit The implicit context of the flow (`withContext()`).
 * @param prepare Serializers and redaction, when configured.
 * @param counters Where failures are counted and reported.
 * @returns The record.
 */
export function buildRecord(
  logger: string,
  level: LogLevel,
  message: unknown,
  fields: unknown,
  args: ArrayLike<unknown> | undefined,
  context: LogFields | undefined,
  implicit: LogFields | undefined,
  prepare: ((fields: LogFields) => LogFields) | undefined,
  counters: LoggingCounters,
): LogRecord {
  let text = "";
  let error: Error | undefined;
  let template: Template | undefined;
  let own: LogFields | undefined;
  let ownFields: unknown = fields;
  if (typeof message === "function") {
    try {
      message = message();
    } catch (e) {
      message = `[unprintable message: ${describeThrown(e)}]`;
      counters.fail("fieldErrors", "message", "message conversion", e);
    }
    if (
      typeof message === "object" && message !== null &&
      !(message instanceof Error)
    ) {
      // `() => ({ … })`: lazy fields without a message.
      own = message as LogFields;
      message = "";
    }
  }
  if (typeof message === "string") {
    text = message;
  } else if (isTemplateStrings(message)) {
    const values: unknown[] = [fields];
    if (args !== undefined) {
      for (let i = 0; i < args.length; i++) values.push(args[i]);
    }
    for (let i = values.length; i < message.length - 1; i++) {
      values.push(notCaptured);
    }
    template = templateOf(message, values);
    ownFields = undefined;
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
  if (typeof ownFields === "function") {
    try {
      own = { ...own, ...(ownFields as () => LogFields)() };
    } catch (e) {
      counters.fail("fieldErrors", ownFields, "fields function", e);
    }
  } else if (ownFields !== undefined) {
    try {
      const value = ownFields as LogFieldsArgument;
      own = value instanceof Error
        ? { ...own, error: value }
        : own === undefined
        ? value as LogFields
        : { ...own, ...value };
    } catch (e) {
      counters.fail("fieldErrors", "fields", "fields argument", e);
    }
  }
  if (template !== undefined) {
    own = own === undefined ? template.fields : { ...own, ...template.fields };
  }
  let merged: LogFields = own ?? emptyFields;
  if (context !== undefined || error !== undefined || implicit !== undefined) {
    try {
      merged = error === undefined
        ? mergeFields(implicit, context, own)
        : mergeFields(implicit, context, { error }, own);
    } catch (e) {
      // Fields that cannot be listed: the record keeps the context.
      merged = error === undefined
        ? mergeFields(implicit, context, undefined)
        : mergeFields(implicit, context, { error });
      counters.fail("fieldErrors", "fields", "fields argument", e);
    }
  }
  if (prepare !== undefined) {
    try {
      merged = prepare(merged);
    } catch (e) {
      // Fields that cannot be serialized or redacted are not written.
      merged = emptyFields;
      counters.fail("fieldErrors", prepare, "redaction", e);
    }
  }
  if (template !== undefined) text = renderTemplate(template, merged);
  else if (merged !== emptyFields) text = renderPlaceholders(text, merged);
  platform ??= getPlatform();
  return {
    time: platform.now(),
    level,
    logger,
    message: text,
    fields: merged,
  };
}
