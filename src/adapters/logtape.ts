/**
 * logrotor as a LogTape sink: `logtapeSink(sink)` turns any logrotor sink
 * into a LogTape `Sink` that LogTape's `dispose()` closes (so every line is
 * on disk when `dispose()` resolves).
 *
 * @module
 */
import {
  defaultTextFormatter,
  type LogRecord,
  type Sink,
  type TextFormatter,
} from "@logtape/logtape";
import { optionsObject, rejectUnknownKeys } from "../options/validate.ts";
import { type AdapterSink, checkAdapterSink } from "./adapter_sink.ts";

export type { AdapterSink } from "./adapter_sink.ts";

/**
 * Options of {@linkcode logtapeSink}.
 *
 * @example Usage
 * ```ts
 * import { getJsonLinesFormatter } from "@logtape/logtape";
 * import type { LogtapeSinkOptions } from "logrotor/logtape";
 *
 * const options: LogtapeSinkOptions = { formatter: getJsonLinesFormatter() };
 * ```
 */
export interface LogtapeSinkOptions {
  /**
   * Turns a LogTape record into a line (ending in `\n`, as LogTape's
   * formatters do; one is added when missing).
   * @default {defaultTextFormatter}
   */
  readonly formatter?: TextFormatter;
}

const subject = "LogTape sink";
const keys = { formatter: true } as const satisfies Record<
  keyof LogtapeSinkOptions,
  true
>;

/**
 * A LogTape `Sink` that writes each record, formatted, into a logrotor
 * sink. It is `AsyncDisposable`: LogTape's `dispose()` (and `reset()`)
 * closes the logrotor sink, so every line is written when it resolves.
 *
 * @param sink Any logrotor sink (file, rotating, syslog, RELP).
 * @param options The formatter.
 * @returns The LogTape sink.
 * @throws {TypeError} When `sink` is not a sink or an option is unknown.
 *
 * @example Usage
 * ```ts
 * import { configure, dispose, getLogger } from "@logtape/logtape";
 * import { createRotatingFileSink } from "logrotor";
 * import { logtapeSink } from "logrotor/logtape";
 *
 * await configure({
 *   sinks: {
 *     file: logtapeSink(
 *       createRotatingFileSink("/tmp/logrotor-doc/logtape.log", {
 *         maxBytes: 16 * 1024 * 1024,
 *       }),
 *     ),
 *   },
 *   loggers: [{ category: "app", lowestLevel: "info", sinks: ["file"] }],
 * });
 * getLogger("app").info("hello {name}", { name: "world" });
 * await dispose(); // every line is on disk
 * ```
 */
export function logtapeSink(
  sink: AdapterSink,
  options?: LogtapeSinkOptions,
): Sink & AsyncDisposable {
  checkAdapterSink(subject, sink);
  const given = optionsObject(subject, options);
  rejectUnknownKeys(subject, given, keys);
  const formatter = given.formatter ?? defaultTextFormatter;
  if (typeof formatter !== "function") {
    throw new TypeError(
      `Cannot create ${subject} as formatter must be a function: current value is ${
        String(formatter)
      }`,
    );
  }
  const write = (record: LogRecord): void => {
    const line = formatter(record);
    sink.write(line.endsWith("\n") ? line : `${line}\n`);
  };
  return Object.assign(write, {
    [Symbol.asyncDispose]: (): Promise<void> => sink.close(),
  });
}
