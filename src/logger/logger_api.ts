/**
 * The logger's face: the {@linkcode Logger} interface, its level methods
 * (text, lazy functions, tagged templates) and the message types.
 *
 * @module
 */
import type { LogLevelName } from "./level.ts";
import type { LogFields, LogFieldsArgument } from "./record.ts";

/**
 * A named logger. Get one with {@linkcode getLogger}; it is configured by
 * `configure()`. No method ever throws into the caller.
 *
 * @example Usage
 * ```ts
 * import { getLogger } from "logrotor";
 *
 * const log = getLogger("app.db");
 * log.info("user logged in", { userId: 42 });
 * if (log.isEnabled("debug")) log.debug("pool", { size: 4 });
 * log.with({ requestId: "r1" }).warn("slow query", { ms: 1200 });
 * log.error(new Error("connection lost"));
 * ```
 */
export interface Logger {
  /** The dotted name (`""` for the root logger). */
  readonly name: string;
  /** The bound context, merged into every record's fields. */
  readonly context: LogFields;
  /**
   * The logger named `<this name>.<name>`, keeping this logger's context.
   * @throws {TypeError} When `name` is not dotted non-empty segments.
   */
  getChild(name: string): Logger;
  /** The same logger with `context` added to every record's fields. */
  with(context: LogFields): Logger;
  /**
   * Whether a record at `level` would reach at least one sink (before
   * sampling and rate limits).
   */
  isEnabled(level: LogLevelName): boolean;
  /** Logs at `level` (`"warning"` and `"critical"` are accepted). */
  log(
    level: LogLevelName,
    message: LogMessage,
    fields?: LogFieldsArgument,
  ): void;
  /** Logs at `trace`. */
  trace: LogMethod;
  /** Logs at `debug`. */
  debug: LogMethod;
  /** Logs at `info`. */
  info: LogMethod;
  /** Logs at `warn`. */
  warn: LogMethod;
  /** Logs at `error`. */
  error: LogMethod;
  /** Logs at `fatal`. */
  fatal: LogMethod;
}

/**
 * The message of a logger call: text (`{name}` placeholders are replaced
 * by the fields of that name), an `Error` (its message; the error goes to
 * the `error` field), or a function called only when the record is
 * enabled, returning the text — or the fields, for a record without a
 * message.
 *
 * @example Usage
 * ```ts
 * import { getLogger } from "logrotor";
 * import type { LogMessage } from "logrotor/compose";
 *
 * const lazy: LogMessage = () => `state ${JSON.stringify({ big: true })}`;
 * getLogger("app").debug(lazy);
 * ```
 */
export type LogMessage =
  | string
  | Error
  | (() => string | Error | LogFields);

/**
 * A level method of a {@linkcode Logger}: `log.info("text", fields)` or,
 * as a tagged template, ``log.info`user ${{ id }} logged in` `` (each
 * value becomes a field: a one-key object names it, another value is
 * `arg0`, `arg1`, … by position; at most 4 values are captured; use
 * `{name}` placeholders for more).
 *
 * @example Usage
 * ```ts
 * import { getLogger } from "logrotor";
 *
 * const log = getLogger("app");
 * const id = 42;
 * log.info`user ${{ id }} logged in`; // message "user 42 logged in", field id=42
 * log.info("user {id} logged in", { id });
 * ```
 */
export interface LogMethod {
  /** A message and its fields. */
  (message: LogMessage, fields?: LogFieldsArgument): void;
  /** A tagged template. */
  (strings: TemplateStringsArray, ...values: unknown[]): void;
}
