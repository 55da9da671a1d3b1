/**
 * The shape of what `configure()` takes: named sinks (from a registered
 * type, or objects), formatters, filters, and per-logger levels, sinks,
 * filters and propagation.
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import type { Filter } from "./filter.ts";
import type { Formatter } from "./formatter.ts";
import type { LevelThreshold, LogLevelName } from "./level.ts";
import type { LogSink } from "./log_sink.ts";
import type { RedactOptions } from "./redaction.ts";
import type { Serializer } from "./serializers.ts";
import type { BuiltinSinkConfig, CustomSinkConfig } from "./sink_config.ts";

/**
 * A sink built by `configure()` from a registered type: one member per
 * built-in `type` (`"file"`, `"rotating-file"`, `"syslog"`, `"relp"`,
 * `"console"`), each typed from that sink's option table so editors complete
 * every key and sizes/durations take `"16M"`/`"200ms"`, plus
 * {@linkcode CustomSinkConfig} for types added with `registerSinkType()`.
 * (That fallback takes any `type` name, so a wrong value in a built-in entry
 * is caught when the entry is annotated `BuiltinSinkConfig` or checked with
 * `satisfies BuiltinSinkConfig`.)
 *
 * @example Usage
 * ```ts
 * import type { SinkConfig } from "logrotor/compose";
 *
 * const file: SinkConfig = {
 *   type: "file",
 *   path: "./logs/app.log",
 *   flushIntervalMs: "200ms",
 *   formatter: "json",
 *   level: "info",
 * };
 * ```
 */
export type SinkConfig = BuiltinSinkConfig | CustomSinkConfig;

/**
 * A sink object handed to `configure()` with its settings.
 *
 * @example Usage
 * ```ts
 * import { configure, reset } from "logrotor";
 * import { type SinkInstanceConfig } from "logrotor/compose";
 * import { createFileSink } from "logrotor";
 *
 * const audit: SinkInstanceConfig = {
 *   sink: createFileSink("/tmp/logrotor-doc/audit.log"),
 *   formatter: "json",
 *   level: "info",
 * };
 * await configure({
 *   sinks: { audit },
 *   loggers: { "app.audit": { sinks: ["audit"] } },
 * });
 * await reset();
 * ```
 */
export interface SinkInstanceConfig {
  /** The sink. */
  readonly sink: LogSink;
  /**
   * A formatter name or function.
   * @default {"text"}
   */
  readonly formatter?: string | Formatter;
  /** The least severe level this sink takes. */
  readonly level?: LogLevelName;
  /** Names of `filters` (or filter functions) every record must pass. */
  readonly filters?: readonly (string | Filter)[];
}

/**
 * A formatter built by `configure()`.
 *
 * @example Usage
 * ```ts
 * import type { LoggingConfig } from "logrotor";
 * import type { FormatterConfig } from "logrotor/compose";
 *
 * const plain: FormatterConfig = { type: "text", timestamp: false };
 * const config: LoggingConfig = {
 *   formatters: { plain },
 *   sinks: { console: { type: "console", formatter: "plain" } },
 *   loggers: { "": { sinks: ["console"] } },
 * };
 * ```
 */
export interface FormatterConfig {
  /**
   * `"text"` (options `timestamp`, `stacks`), `"json"` (`fieldsKey`,
   * `levelAsNumber`, `levelKey`, `messageKey`, `timeKey`) or `"pretty"`
   * (`colors`, `stream`).
   */
  readonly type: "text" | "json" | "pretty";
  /** The formatter's options. */
  readonly [option: string]: unknown;
}

/**
 * A filter built by `configure()`.
 *
 * @example Usage
 * ```ts
 * import type { LoggingConfig } from "logrotor";
 * import type { FilterConfig } from "logrotor/compose";
 *
 * const noHealth: FilterConfig = {
 *   type: "name",
 *   prefix: "app.health",
 *   exclude: true,
 * };
 * const config: LoggingConfig = {
 *   filters: { noHealth, warnings: { type: "level", level: "warn" } },
 *   sinks: { console: { type: "console", filters: ["warnings"] } },
 *   loggers: { app: { sinks: ["console"], filters: ["noHealth"] } },
 * };
 * ```
 */
export interface FilterConfig {
  /** `"level"` (option `level`) or `"name"` (options `prefix`, `exclude`). */
  readonly type: "level" | "name";
  /** The filter's options. */
  readonly [option: string]: unknown;
}

/**
 * The settings of one logger (and, by inheritance, its descendants).
 *
 * @example Usage
 * ```ts
 * import type { LoggerConfig } from "logrotor/compose";
 *
 * const db: LoggerConfig = { level: "debug", sinks: ["dbFile"], propagate: false };
 * ```
 */
export interface LoggerConfig {
  /** Its level; unset, it inherits the nearest configured ancestor's. */
  readonly level?: LevelThreshold | "warning" | "critical";
  /** Names of sinks attached here. */
  readonly sinks?: readonly string[];
  /** Names of filters (or functions) for the sinks attached here. */
  readonly filters?: readonly (string | Filter)[];
  /**
   * Whether records also go to the ancestors' sinks.
   * @default {true}
   */
  readonly propagate?: boolean;
  /**
   * The fraction of records kept by level (`{ debug: 0.1 }`), over the
   * top-level `sample`; shared with its descendants.
   */
  readonly sample?: Readonly<Partial<Record<LogLevelName, number>>>;
  /**
   * At most this many records per second from this logger and its
   * descendants (bursts up to one second's worth); a record
   * "N records suppressed by the rate limit" comes when they pass again.
   */
  readonly rateLimit?: number;
}

/**
 * What `configure()` takes.
 *
 * @example A file sink and a console sink
 * ```ts
 * import type { LoggingConfig } from "logrotor";
 *
 * const config: LoggingConfig = {
 *   sinks: {
 *     file: { type: "file", path: "./logs/app.log", flushBytes: "64K" },
 *     console: { type: "console", level: "warn" },
 *   },
 *   formatters: { plain: { type: "text", timestamp: false } },
 *   filters: { noHealth: { type: "name", prefix: "app.health", exclude: true } },
 *   loggers: {
 *     app: { level: "info", sinks: ["file", "console"], filters: ["noHealth"] },
 *     "app.db": { level: "debug" },
 *   },
 * };
 * ```
 */
export interface LoggingConfig {
  /** Sinks by name: a typed config, an instance config or a sink object. */
  readonly sinks?: Readonly<
    Record<string, SinkConfig | SinkInstanceConfig | LogSink>
  >;
  /** Formatters by name, in addition to the built-in `text` and `json`. */
  readonly formatters?: Readonly<Record<string, FormatterConfig | Formatter>>;
  /** Filters by name. */
  readonly filters?: Readonly<Record<string, FilterConfig | Filter>>;
  /** Loggers by dotted name; `""` is the root logger. */
  readonly loggers?: Readonly<Record<string, LoggerConfig>>;
  /**
   * Receives the report of the first failure of each sink, formatter and
   * filter, and the diagnostics of the sinks built from `type` entries
   * (switches to `app.001.log`, drops, rotations…); by default each sink
   * prints its troubles as one line on standard error.
   */
  readonly onDiagnostic?: DiagnosticListener;
  /**
   * Fields to censor (or remove) before any filter, formatter or sink
   * sees a record: `{ paths: ["password", "req.headers.authorization",
   * "user.*.token"], censor: "[REDACTED]" }` or just the paths.
   */
  readonly redact?: RedactOptions | readonly string[];
  /** Functions by field key that turn a field's value into what is logged. */
  readonly serializers?: Readonly<Record<string, Serializer>>;
  /** The fraction of records kept by level, for every logger. */
  readonly sample?: Readonly<Partial<Record<LogLevelName, number>>>;
  /** Records per second for loggers without their own `rateLimit`. */
  readonly rateLimit?: number;
}
