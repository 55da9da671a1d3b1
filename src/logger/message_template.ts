/**
 * Message templates: ``log.info`user ${{ id }} logged in` `` and
 * `log.info("user {id} logged in", { id })`. A template's values become
 * fields (a one-key object `${{ id }}` names its field `id`; another value
 * is named by its position, `arg0`, `arg1`, …), and the message is
 * rendered from the record's final fields — after serializers and
 * redaction, so a redacted value never shows in the message either.
 *
 * @module
 */
import type { LogFields } from "./record.ts";
import { describeThrown, safeJson } from "./_safe_json.ts";

/**
 * A tagged template's parts and the field name of each value. Internal.
 *
 * @example Usage
 * ```ts
 * import { templateOf } from "./message_template.ts";
 *
 * const id = 7;
 * const t = templateOf(["user ", " in"], [{ id }]);
 * t.names; // ["id"]
 * ```
 */
export interface Template {
  readonly strings: readonly string[];
  readonly names: readonly string[];
  readonly fields: Record<string, unknown>;
}

/**
 * Whether a message argument is a tagged template's strings.
 *
 * @param message A logger call's first argument.
 * @returns `true` for a `TemplateStringsArray`.
 *
 * @example Usage
 * ```ts
 * import { isTemplateStrings } from "./message_template.ts";
 *
 * const tag = (s: TemplateStringsArray) => isTemplateStrings(s);
 * tag`x`; // true
 * ```
 */
export function isTemplateStrings(
  message: unknown,
): message is TemplateStringsArray {
  return Array.isArray(message) &&
    Array.isArray((message as unknown as { raw?: unknown }).raw);
}

function isOneKeyObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.keys(value).length === 1;
}

/**
 * The fields and names of a tagged template's values.
 *
 * @param strings The template's strings.
 * @param values Its values (one fewer than the strings).
 * @returns The template.
 *
 * @example Usage
 * ```ts
 * import { templateOf } from "./message_template.ts";
 * import assert from "node:assert/strict";
 *
 * const t = templateOf(["a ", " b ", ""], [{ id: 1 }, 2]);
 * assert.deepEqual(t.fields, { id: 1, arg1: 2 });
 * ```
 */
export function templateOf(
  strings: readonly string[],
  values: readonly unknown[],
): Template {
  const names: string[] = [];
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < strings.length - 1; i++) {
    const value = values[i];
    if (isOneKeyObject(value)) {
      const key = Object.keys(value)[0] as string;
      names.push(key);
      fields[key] = value[key];
    } else {
      const key = `arg${i}`;
      names.push(key);
      fields[key] = value;
    }
  }
  return { strings, names, fields };
}

/**
 * A value as message text: strings as they are, errors as
 * `Name: message`, objects as compact JSON; never throws.
 */
function valueText(value: unknown): string {
  try {
    if (typeof value === "string") return value;
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    if (typeof value === "object" && value !== null) return safeJson(value);
    return String(value);
  } catch (e) {
    return `[Unprintable: ${describeThrown(e)}]`;
  }
}

/**
 * Renders a tagged template from the record's final fields; a value whose
 * field was removed shows as `{name}`.
 *
 * @param template The template.
 * @param fields The record's fields.
 * @returns The message.
 *
 * @example Usage
 * ```ts
 * import { renderTemplate, templateOf } from "./message_template.ts";
 * import assert from "node:assert/strict";
 *
 * const t = templateOf(["user ", " in"], [{ id: 7 }]);
 * assert.equal(renderTemplate(t, t.fields), "user 7 in");
 * ```
 */
export function renderTemplate(template: Template, fields: LogFields): string {
  const { strings, names } = template;
  let out = strings[0] ?? "";
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    out += Object.hasOwn(fields, name) ? valueText(fields[name]) : `{${name}}`;
    out += strings[i + 1] ?? "";
  }
  return out;
}

const placeholder = /\{([A-Za-z_$][\w$]*)\}/g;

/**
 * Replaces `{name}` in a message by the field `name`, when the record has
 * that field; other braces are left as they are.
 *
 * @param message The message.
 * @param fields The record's fields.
 * @returns The rendered message.
 *
 * @example Usage
 * ```ts
 * import { renderPlaceholders } from "./message_template.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(renderPlaceholders("user {id} {x}", { id: 7 }), "user 7 {x}");
 * ```
 */
export function renderPlaceholders(message: string, fields: LogFields): string {
  if (message.indexOf("{") < 0) return message;
  return message.replace(
    placeholder,
    (match, name: string) =>
      Object.hasOwn(fields, name) ? valueText(fields[name]) : match,
  );
}
