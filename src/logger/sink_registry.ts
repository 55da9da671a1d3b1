/**
 * The registry of sink types that `configure()` can build from plain
 * objects (`{ type: "file", path: "./logs/app.log", flushBytes: "64K" }`).
 * The built-in types are there from the start; other sinks join with
 * {@linkcode registerSinkType}.
 *
 * @module
 */
import { builtinSinkTypes } from "./builtin_sink_types.ts";
import type { LogSink } from "./log_sink.ts";
import { showValue, type SinkOptionReader } from "./option_reader.ts";

/**
 * Builds a sink from its checked options. Errors it throws become
 * configuration errors naming the sink's path.
 *
 * @example Usage
 * ```ts
 * import type { SinkTypeFactory } from "logrotor/compose";
 *
 * const memory: SinkTypeFactory = (options) => {
 *   const limit = options.get("limit", "size") as number | undefined;
 *   const lines: string[] = [];
 *   return {
 *     write: (line: string) => {
 *       if (limit === undefined || lines.length < limit) lines.push(line);
 *     },
 *   };
 * };
 * ```
 */
export type SinkTypeFactory = (options: SinkOptionReader) => LogSink;

const sinkTypes = new Map<string, SinkTypeFactory>(builtinSinkTypes);

/**
 * Makes a sink type available to `configure()`: a configured sink
 * `{ type: name, …options }` is built by `factory`, which reads its
 * options through the reader (so sizes, durations and unknown keys are
 * checked with messages naming the configuration path).
 *
 * @param name The `type` to register, such as `"rotating-file"`.
 * @param factory Builds the sink from its options.
 * @throws {TypeError} When the name is empty or already registered.
 *
 * @example Usage
 * ```ts
 * import { registerSinkType } from "logrotor";
 *
 * const lines: string[] = [];
 * registerSinkType("memory-doc-example", (options) => {
 *   const prefix = (options.get("prefix", "string") as string) ?? "";
 *   return { write: (line: string) => lines.push(prefix + line) };
 * });
 * ```
 */
export function registerSinkType(name: string, factory: SinkTypeFactory): void {
  if (typeof name !== "string" || name === "") {
    throw new TypeError(
      `Cannot register sink type as the name must be a non-empty string: current value is ${
        showValue(name)
      }`,
    );
  }
  if (typeof factory !== "function") {
    throw new TypeError(
      `Cannot register sink type as the factory must be a function: current value is ${
        showValue(factory)
      }`,
    );
  }
  if (sinkTypes.has(name)) {
    throw new TypeError(
      `Cannot register sink type as the name is already registered: current value is ${
        showValue(name)
      }`,
    );
  }
  sinkTypes.set(name, factory);
}

/**
 * The factory of a registered sink type. Internal to `configure()`.
 *
 * @param name The type.
 * @returns Its factory, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import { sinkFactory } from "./sink_registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(typeof sinkFactory("file"), "function");
 * ```
 */
export function sinkFactory(name: string): SinkTypeFactory | undefined {
  return sinkTypes.get(name);
}

/**
 * The registered sink type names. Internal to `configure()`.
 *
 * @returns The names, built-in first.
 *
 * @example Usage
 * ```ts
 * import { sinkTypeNames } from "./sink_registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(sinkTypeNames().includes("console"));
 * ```
 */
export function sinkTypeNames(): string[] {
  return [...sinkTypes.keys()];
}
