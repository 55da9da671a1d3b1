/**
 * Log records: what a logger call produces and formatters turn into lines,
 * and the plain-object form of errors (name, message, stack, cause chain,
 * own enumerable properties).
 *
 * @module
 */
import type { LogLevel } from "./level.ts";

/**
 * Structured fields of a record: `{ userId: 42 }`.
 *
 * @example Usage
 * ```ts
 * import type { LogFields } from "logrotor/compose";
 * import { getLogger } from "logrotor";
 *
 * const fields: LogFields = { userId: 42, route: "/login" };
 * getLogger("app.http").info("user logged in", fields);
 * ```
 */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The fields of a logger call: an object, an `Error` (logged under
 * `error`), or a function returning the fields, called only when the
 * record is enabled.
 *
 * @example Usage
 * ```ts
 * import { getLogger } from "logrotor";
 *
 * const log = getLogger("app");
 * log.info("plain", { userId: 42 });
 * log.error("failed", new Error("boom"));
 * log.debug("lazy", () => ({ snapshot: JSON.stringify({ big: true }) }));
 * ```
 */
export type LogFieldsArgument = LogFields | Error | (() => LogFields);

/**
 * One log event. Created only when its logger is enabled for its level.
 *
 * @example Usage
 * ```ts
 * import type { LogRecord } from "logrotor";
 *
 * const record: LogRecord = {
 *   time: Date.now(),
 *   level: "info",
 *   logger: "app.db",
 *   message: "user logged in",
 *   fields: { userId: 42 },
 * };
 * ```
 */
export interface LogRecord {
  /** When it was logged, in milliseconds since the epoch. */
  readonly time: number;
  /** Its severity. */
  readonly level: LogLevel;
  /** The dotted name of the logger (`"app.db"`; `""` for the root). */
  readonly logger: string;
  /** The message; an `Error` passed as the message gives its `message`. */
  readonly message: string;
  /**
   * The bound context of the logger merged with the call's fields (the
   * call wins). An `Error` passed as the message or as the fields is here
   * under `error`.
   */
  readonly fields: LogFields;
}

/**
 * The plain-object form of an `Error`, from {@linkcode serializeError}.
 *
 * @example Usage
 * ```ts
 * import { serializeError, type SerializedError } from "logrotor/compose";
 *
 * const err = Object.assign(new Error("disk full"), { code: "ENOSPC" });
 * const plain: SerializedError = serializeError(err);
 * plain.code; // "ENOSPC"
 * JSON.stringify(plain);
 * ```
 */
export interface SerializedError {
  /** `err.name`, such as `"TypeError"`. */
  readonly name: string;
  /** `err.message`. */
  readonly message: string;
  /** `err.stack`, when the runtime recorded one. */
  readonly stack?: string;
  /** The serialized `err.cause`, when there is one. */
  readonly cause?: unknown;
  /** Own enumerable properties (`code`, `errno`, …) and `errors`. */
  readonly [key: string]: unknown;
}

/**
 * Turns an error into a plain object: `name`, `message`, `stack`, `cause`
 * (recursively; an `Error` cause is serialized too, a cycle becomes
 * `"[Circular]"`), the `errors` of an `AggregateError`, and the error's own
 * enumerable properties. Never throws: an unreadable property becomes a
 * string describing why.
 *
 * @param err The error.
 * @returns A plain object safe to hand to `JSON.stringify`, unless an own
 * property holds something that is not (formatters use their safe
 * serializer on it).
 *
 * @example Usage
 * ```ts
 * import { serializeError } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const err = new Error("outer", { cause: new TypeError("inner") });
 * const plain = serializeError(err);
 * assert.equal(plain.message, "outer");
 * assert.equal((plain.cause as { name: string }).name, "TypeError");
 * ```
 */
export function serializeError(err: Error): SerializedError {
  return serializeWith(err, []);
}

function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (e) {
    return `[Unreadable: ${e instanceof Error ? e.message : String(e)}]`;
  }
}

function serializeWith(err: Error, seen: Error[]): SerializedError {
  seen.push(err);
  const out: Record<string, unknown> = {
    name: String(read(err, "name") ?? "Error"),
    message: String(read(err, "message") ?? ""),
  };
  const stack = read(err, "stack");
  if (typeof stack === "string") out.stack = stack;
  let keys: string[] = [];
  try {
    keys = Object.keys(err);
  } catch {
    // a hostile proxy: keep what we have
  }
  for (const key of keys) {
    if (key === "name" || key === "message" || key === "stack") continue;
    out[key] = nested(read(err, key), seen);
  }
  if (err instanceof AggregateError && !("errors" in out)) {
    out.errors = nested(read(err, "errors"), seen);
  }
  if (Object.hasOwn(err, "cause")) {
    const cause = read(err, "cause");
    if (cause !== undefined) out.cause = nested(cause, seen);
  }
  seen.pop();
  return out as SerializedError;
}

function nested(value: unknown, seen: Error[]): unknown {
  if (value instanceof Error) {
    return seen.includes(value) ? "[Circular]" : serializeWith(value, seen);
  }
  if (Array.isArray(value) && value.some((v) => v instanceof Error)) {
    return value.map((v) => nested(v, seen));
  }
  return value;
}
