/**
 * `basicConfig()`: the Python-logging one-liner on top of `configure()` —
 * a root logger at one level writing to one rotating file or to the
 * console.
 *
 * @module
 */
import {
  booleanOption,
  choiceOption,
  optionsObject,
  rejectUnknownKeys,
} from "../options/validate.ts";
import { configure, configureUnlessConfigured } from "./config.ts";
import type { LoggingConfig } from "./config_types.ts";
import { isLogLevel, type LogLevel, logLevels } from "./level.ts";

/**
 * Options of {@linkcode basicConfig}.
 *
 * @example Usage
 * ```ts
 * import type { BasicConfigOptions } from "logrotor";
 *
 * const options: BasicConfigOptions = {
 *   level: "debug",
 *   file: "/tmp/logrotor-doc/basic/app.log",
 *   format: "json",
 * };
 * ```
 */
export interface BasicConfigOptions {
  /**
   * The root logger's level: records below it are dropped.
   * @default {"info"}
   */
  readonly level?: LogLevel;
  /**
   * Write to this file (a `"rotating-file"` sink with its defaults; the
   * directory is created). Not together with `stream`.
   */
  readonly file?: string;
  /**
   * Write to standard error or output (a `"console"` sink). Used when no
   * `file` is given.
   * @default {"stderr"}
   */
  readonly stream?: "stderr" | "stdout";
  /**
   * The line format.
   * @default {"text"}
   */
  readonly format?: "text" | "json";
  /**
   * Replace an existing configuration. Without it, `basicConfig()` does
   * nothing when logging is already configured (like Python's).
   * @default {false}
   */
  readonly force?: boolean;
}

const subject = "basic logging configuration";
const keys: Readonly<Record<string, true>> = {
  level: true,
  file: true,
  stream: true,
  format: true,
  force: true,
} satisfies { readonly [K in keyof BasicConfigOptions]-?: true };

/**
 * Configures logging in one call, like Python's `logging.basicConfig`: the
 * root logger (`""`, so every logger) at `level`, writing `format` lines to
 * a rotating file (`file`) or to standard error / output (`stream`).
 *
 * When logging is already configured (by `configure()`,
 * `configureFromFile()` or an earlier `basicConfig()`, and not `reset()`
 * since), it does nothing and resolves to `false`, unless `force: true`,
 * which replaces that configuration. Bad options throw at once, before
 * anything changes.
 *
 * @param options Level, destination and format.
 * @returns A promise resolving to whether the configuration was applied.
 * @throws {TypeError} On an unknown option, a value of the wrong type, or
 * both `file` and `stream`.
 *
 * @example Usage
 * ```ts
 * import { basicConfig, getLogger, reset } from "logrotor";
 *
 * await basicConfig({ level: "info", file: "/tmp/logrotor-doc/basic/app.log" });
 * getLogger("app").info("started", { port: 8080 });
 * await basicConfig({ level: "debug" }); // false: already configured
 * await basicConfig({ level: "debug", stream: "stderr", force: true }); // true
 * await reset();
 * ```
 */
export function basicConfig(options?: BasicConfigOptions): Promise<boolean> {
  options = optionsObject(subject, options);
  rejectUnknownKeys(subject, options, keys);
  const level = options.level ?? "info";
  if (!isLogLevel(level)) {
    throw new TypeError(
      `Cannot create ${subject} as level must be one of ${
        logLevels.map((l) => `"${l}"`).join(", ")
      }: current value is ${JSON.stringify(level) ?? String(level)}`,
    );
  }
  const { file } = options;
  if (file !== undefined && (typeof file !== "string" || file === "")) {
    throw new TypeError(
      `Cannot create ${subject} as file must be a non-empty string: current value is ${
        JSON.stringify(file) ?? String(file)
      }`,
    );
  }
  if (file !== undefined && options.stream !== undefined) {
    throw new TypeError(
      `Cannot create ${subject} as file and stream must not both be given: current values are ${
        JSON.stringify(file)
      } and ${JSON.stringify(options.stream)}`,
    );
  }
  const stream = choiceOption(subject, "stream", options.stream, [
    "stderr",
    "stdout",
  ]);
  const format = choiceOption(subject, "format", options.format, [
    "text",
    "json",
  ]);
  const force = booleanOption(subject, "force", options.force, false);
  const config: LoggingConfig = {
    sinks: {
      basic: file === undefined
        ? { type: "console", stream, formatter: format }
        : { type: "rotating-file", path: file, formatter: format },
    },
    loggers: { "": { level, sinks: ["basic"] } },
  };
  return force
    ? configure(config).then(() => true)
    : configureUnlessConfigured(config);
}
