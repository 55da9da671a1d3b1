/**
 * A JSON serializer that never throws: cycles become `"[Circular]"`,
 * BigInts become strings, errors become {@linkcode serializeError} objects,
 * symbols and functions become strings (`"Symbol(id)"`,
 * `"[Function: name]"`) instead of vanishing, unreadable properties and
 * failing `toJSON()` become descriptive strings.
 *
 * @module
 */
import { serializeError } from "./record.ts";

const maxDepth = 32;

/**
 * What was thrown, as `Name: message`, without ever throwing itself.
 *
 * @param e Anything thrown.
 * @returns Its description, or `"unknown error"`.
 */
export function describeThrown(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return "unknown error";
  }
}

/**
 * A symbol or function as log text: `Symbol(id)`, `[Function: name]` or
 * `[Function (anonymous)]` (as `node:util` shows them; never a function's
 * source). Both formatters show such values this way.
 *
 * @param value A symbol or a function (anything else is shown as a
 * function).
 * @returns Its text.
 */
export function opaqueText(value: unknown): string {
  try {
    if (typeof value === "symbol") return value.toString();
    const name = (value as { name?: unknown }).name;
    return typeof name === "string" && name !== ""
      ? `[Function: ${name}]`
      : "[Function (anonymous)]";
  } catch {
    return typeof value === "symbol" ? "Symbol()" : "[Function]";
  }
}

/**
 * Serializes any value as compact JSON; never throws.
 *
 * @param value Anything.
 * @returns JSON text (`"null"` for values JSON has no form for).
 */
export function safeJson(value: unknown): string {
  return write(value, [], 0) ?? "null";
}

/**
 * Serializes one value as compact JSON, or returns `undefined` for
 * `undefined` (which JSON omits); never throws.
 *
 * @param value Anything.
 * @returns JSON text or `undefined`.
 */
export function safeJsonValue(value: unknown): string | undefined {
  return write(value, [], 0);
}

/** Serializes one value, or returns `undefined` for `undefined`. */
function write(
  value: unknown,
  ancestors: object[],
  depth: number,
): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : `"${value}"`;
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return `"${value}"`;
    case "undefined":
      return undefined;
    case "function":
    case "symbol":
      return JSON.stringify(opaqueText(value));
  }
  if (value === null) return "null";
  const object = value as object;
  if (ancestors.includes(object)) return '"[Circular]"';
  if (depth >= maxDepth) return '"[Too deep]"';
  ancestors.push(object);
  try {
    return writeObject(object, ancestors, depth + 1);
  } catch (e) {
    return JSON.stringify(`[Unserializable: ${describeThrown(e)}]`);
  } finally {
    ancestors.pop();
  }
}

function writeObject(
  object: object,
  ancestors: object[],
  depth: number,
): string | undefined {
  if (object instanceof Error) {
    return writeEntries(
      Object.entries(serializeError(object)),
      ancestors,
      depth,
    );
  }
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    const replaced: unknown = toJSON.call(object);
    if (typeof replaced !== "object" || replaced === null) {
      return write(replaced, ancestors, depth);
    }
    object = replaced;
  }
  if (Array.isArray(object)) return writeArray(object, ancestors, depth);
  if (object instanceof Set) return writeArray([...object], ancestors, depth);
  if (object instanceof Map) {
    return writeEntries(
      [...object].map(([k, v]) => [String(k), v] as [string, unknown]),
      ancestors,
      depth,
    );
  }
  if (ArrayBuffer.isView(object)) {
    const view = object as unknown as ArrayLike<number>;
    return writeArray(Array.from(view), ancestors, depth);
  }
  return writePlain(object, ancestors, depth);
}

/** An object's own enumerable properties, written without a copy. */
function writePlain(
  object: object,
  ancestors: object[],
  depth: number,
): string {
  let out = "{";
  for (const key of Object.keys(object)) {
    let item: unknown;
    try {
      item = (object as Record<string, unknown>)[key];
    } catch (e) {
      item = `[Unreadable: ${describeThrown(e)}]`;
    }
    const text = write(item, ancestors, depth);
    if (text === undefined) continue;
    out += `${out.length === 1 ? "" : ","}${quotedKey(key)}:${text}`;
  }
  return out + "}";
}

const quotedKeys = new Map<string, string>();

/** `JSON.stringify(key)`, remembered for the first 1024 names seen. */
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 1024) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function writeArray(
  items: readonly unknown[],
  ancestors: object[],
  depth: number,
): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ",";
    out += write(items[i], ancestors, depth) ?? "null";
  }
  return out + "]";
}

function writeEntries(
  entries: ReadonlyArray<readonly [string, unknown]>,
  ancestors: object[],
  depth: number,
): string {
  let out = "{";
  let first = true;
  for (const [key, item] of entries) {
    const text = write(item, ancestors, depth);
    if (text === undefined) continue;
    out += `${first ? "" : ","}${quotedKey(key)}:${text}`;
    first = false;
  }
  return out + "}";
}
