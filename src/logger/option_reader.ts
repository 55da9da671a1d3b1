/**
 * The option reader that `configure()` checks configuration values with:
 * sizes (`"64K"`), durations (`"200ms"`), integers, booleans, string lists
 * and choices, with error messages naming the configuration path
 * (`sinks.file.flushBytes`), and keys nobody read reported as unknown.
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import { parseDuration, parseSize } from "../options/units.ts";
import { safeJson } from "./_safe_json.ts";

/**
 * How an option is read: a string, a size (`"64K"` or bytes), a duration
 * (`"200ms"` or milliseconds), a non-negative integer, a boolean, a list
 * of strings, or one of the given strings.
 *
 * @example Usage
 * ```ts
 * import { registerSinkType } from "logrotor";
 * import { type OptionKind } from "logrotor/compose";
 *
 * const schema: Record<string, OptionKind> = {
 *   url: "string",
 *   batchBytes: "size",
 *   timeout: "duration",
 *   retries: "integer",
 *   gzip: "boolean",
 *   tags: "strings",
 *   method: ["POST", "PUT"],
 * };
 * registerSinkType("http-doc-example", (options) => {
 *   const settings = options.pick(schema);
 *   return { write: (line: string) => void [settings, line] };
 * });
 * ```
 */
export type OptionKind =
  | "string"
  | "size"
  | "duration"
  | "integer"
  | "boolean"
  | "strings"
  | readonly string[];

/**
 * Reads and checks the options of one configured sink. Every read marks
 * the key as known; keys nobody read are reported as unknown after the
 * factory returns. Errors name the configuration path, such as
 * `sinks.file.flushBytes`.
 *
 * @example Usage
 * ```ts
 * import { registerSinkType } from "logrotor";
 *
 * registerSinkType("reader-doc-example", (options) => {
 *   const path = options.require("path", "string") as string;
 *   const rest = options.pick({ flushBytes: "size", mode: ["append", "truncate"] });
 *   return { write: (line: string) => void [path, rest, line] };
 * });
 * ```
 */
export interface SinkOptionReader {
  /** The configuration path of the sink (`sinks.file`). */
  readonly path: string;
  /**
   * The `onDiagnostic` listener given to `configure()`, for the factory to
   * hand to its sink (so the sink's reports reach it); `undefined` when
   * none was given.
   */
  readonly onDiagnostic: DiagnosticListener | undefined;
  /**
   * Reads one option; `undefined` when it is absent.
   * @throws {TypeError} When the value has the wrong type or is not
   * allowed (also a size or duration that cannot be parsed).
   * @throws {RangeError} When a number is negative.
   */
  get(key: string, kind: OptionKind): unknown;
  /**
   * Reads one option that must be present.
   * @throws {TypeError} When it is absent or has the wrong type.
   */
  require(key: string, kind: OptionKind): unknown;
  /**
   * Reads several options at once into an object holding only the keys
   * that are present: `pick({ flushBytes: "size", mode: ["append",
   * "truncate"] })`.
   */
  pick(schema: Readonly<Record<string, OptionKind>>): Record<string, unknown>;
}

function identifier(key: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(key);
}

/**
 * A configuration path: `loggers.app.level`, `loggers["app.db"].level`.
 *
 * @param parent The parent path (`""` at the top).
 * @param key The key below it.
 * @returns The joined path.
 *
 * @example Usage
 * ```ts
 * import { configPath } from "./option_reader.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(configPath("loggers", "app.db"), 'loggers["app.db"]');
 * ```
 */
export function configPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (identifier(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * A value as shown after "current value is": JSON, shortened.
 *
 * @param value Anything.
 * @returns Printable text.
 *
 * @example Usage
 * ```ts
 * import { showValue } from "./option_reader.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(showValue({ a: 1 }), '{"a":1}');
 * ```
 */
export function showValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  const text = safeJson(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Throws a configuration error in the house form.
 *
 * @param kind The error class.
 * @param path The configuration path.
 * @param rule What the value must be.
 * @param value The value given.
 *
 * @example Usage
 * ```ts
 * import { configError } from "./option_reader.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => configError(RangeError, "sinks.file.keep", "must be >= 0", -1),
 *   RangeError,
 * );
 * ```
 */
export function configError(
  kind: typeof TypeError | typeof RangeError,
  path: string,
  rule: string,
  value: unknown,
): never {
  throw new kind(
    `Cannot configure logging as ${path} ${rule}: current value is ${
      showValue(value)
    }`,
  );
}

/**
 * Checks one configuration value.
 *
 * @param path Its configuration path.
 * @param value The value.
 * @param kind How to read it.
 * @returns The value in its canonical form (sizes and durations as numbers).
 *
 * @example Usage
 * ```ts
 * import { readOption } from "./option_reader.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(readOption("sinks.file.flushBytes", "64K", "size"), 65536);
 * ```
 */
export function readOption(
  path: string,
  value: unknown,
  kind: OptionKind,
): unknown {
  if (typeof kind !== "string") {
    if (typeof value !== "string" || !kind.includes(value)) {
      configError(
        TypeError,
        path,
        `must be one of ${kind.map((k) => `"${k}"`).join(", ")}`,
        value,
      );
    }
    return value;
  }
  switch (kind) {
    case "string":
      if (typeof value !== "string" || value === "") {
        configError(TypeError, path, "must be a non-empty string", value);
      }
      return value;
    case "boolean":
      if (typeof value !== "boolean") {
        configError(TypeError, path, "must be a boolean", value);
      }
      return value;
    case "strings":
      if (
        !Array.isArray(value) || !value.every((v) => typeof v === "string")
      ) {
        configError(TypeError, path, "must be an array of strings", value);
      }
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        configError(TypeError, path, "must be an integer", value);
      }
      if (value < 0) configError(RangeError, path, "must be >= 0", value);
      return value;
    case "size":
    case "duration": {
      const example = kind === "size"
        ? 'a size such as "64K" or a number of bytes'
        : 'a duration such as "200ms" or a number of milliseconds';
      if (typeof value === "number") {
        if (!Number.isInteger(value)) {
          configError(TypeError, path, `must be ${example}`, value);
        }
        if (value < 0) configError(RangeError, path, "must be >= 0", value);
        return value;
      }
      if (typeof value !== "string") {
        configError(TypeError, path, `must be ${example}`, value);
      }
      try {
        return kind === "size" ? parseSize(value) : parseDuration(value);
      } catch {
        // A wrong value like any other: the same TypeError as `true`.
        configError(TypeError, path, `must be ${example}`, value);
      }
    }
  }
}

class OptionReader implements SinkOptionReader {
  readonly path: string;
  readonly onDiagnostic: DiagnosticListener | undefined;
  readonly #options: Readonly<Record<string, unknown>>;
  readonly #read = new Set<string>();

  constructor(
    path: string,
    options: Readonly<Record<string, unknown>>,
    onDiagnostic: DiagnosticListener | undefined,
  ) {
    this.path = path;
    this.onDiagnostic = onDiagnostic;
    this.#options = options;
  }

  get(key: string, kind: OptionKind): unknown {
    this.#read.add(key);
    if (!Object.hasOwn(this.#options, key)) return undefined;
    const value = this.#options[key];
    if (value === undefined) return undefined;
    return readOption(configPath(this.path, key), value, kind);
  }

  require(key: string, kind: OptionKind): unknown {
    const value = this.get(key, kind);
    if (value === undefined) {
      configError(TypeError, configPath(this.path, key), "is required", value);
    }
    return value;
  }

  pick(schema: Readonly<Record<string, OptionKind>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, kind] of Object.entries(schema)) {
      const value = this.get(key, kind);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  unreadKeys(): string[] {
    return Object.keys(this.#options).filter((key) => !this.#read.has(key));
  }

  knownKeys(): string[] {
    return [...this.#read];
  }
}

/**
 * Runs a factory over options, then rejects keys it did not read. Internal
 * to `configure()`.
 *
 * @param factory The sink type's factory.
 * @param path The sink's configuration path.
 * @param options Its options (without `type`, `formatter`, `level`,
 * `filters`).
 * @param onUnknown Called with what was built before an unknown key is
 * reported (to close it).
 * @param onDiagnostic The listener given to `configure()`.
 * @returns The sink.
 *
 * @example Usage
 * ```ts
 * import { buildWithReader } from "./option_reader.ts";
 * import assert from "node:assert/strict";
 *
 * const built = buildWithReader(
 *   (reader) => reader.pick({ stream: ["stdout", "stderr"] }),
 *   "sinks.console",
 *   { stream: "stderr" },
 * );
 * assert.deepEqual(built, { stream: "stderr" });
 * ```
 */
export function buildWithReader<T>(
  build: (reader: SinkOptionReader) => T,
  path: string,
  options: Readonly<Record<string, unknown>>,
  onUnknown?: (built: T) => void,
  onDiagnostic?: DiagnosticListener,
): T {
  const reader = new OptionReader(path, options, onDiagnostic);
  const built = build(reader);
  const unread = reader.unreadKeys();
  if (unread.length > 0) {
    onUnknown?.(built);
    const key = unread[0] as string;
    const known = reader.knownKeys();
    throw new TypeError(
      `Cannot configure logging as ${
        configPath(path, key)
      } is not a known option: known options are ${
        ["type", ...known].join(", ")
      }`,
    );
  }
  return built;
}
