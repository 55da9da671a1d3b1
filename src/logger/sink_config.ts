/**
 * The typed sink entries of `configure()`: one member per built-in sink
 * `type`, each derived from that sink's option table (sizes and durations
 * as numbers or text such as `"16M"`/`"5s"`, choices as their unions), and
 * a fallback member for types added with `registerSinkType()`.
 *
 * @module
 */
import type { OptionRow } from "../options/option_row.ts";
import type {
  fileSinkOptionTable,
  rotatingSinkOptionTable,
} from "../options/file_options.ts";
import type {
  networkOptionTable,
  relpOptionTable,
  syslogOptionTable,
} from "../network/network_option_table.ts";
import type { Filter } from "./filter.ts";
import type { Formatter } from "./formatter.ts";
import type { LogLevel } from "./level.ts";

/** How a configuration gives one row's value. */
type ConfigValueOf<R> = R extends { readonly type: "size" | "duration" }
  ? number | string
  : R extends { readonly type: "int" } ? number
  : R extends
    { readonly type: "choice"; readonly choices: readonly (infer C)[] } ? C
  : R extends { readonly type: "bool" } ? boolean
  : R extends { readonly type: "string" } ? string
  : never;

/**
 * The configuration keys of an option table (rows with `config: false`
 * left out; deprecated aliases included), each typed from its row.
 *
 * @example Usage
 * ```ts
 * import type { ConfigOptionsOf } from "./sink_config.ts";
 *
 * const rows = [
 *   { name: "maxSize", alias: "maxBytes", type: "size", min: 1, doc: "", flag: { name: "max-size" } },
 * ] as const;
 * const options: ConfigOptionsOf<typeof rows> = { maxSize: "16M" };
 * ```
 */
export type ConfigOptionsOf<Rows extends readonly OptionRow[]> =
  & {
    readonly [
      R in Rows[number] as R extends { readonly config: false } ? never
        : R["name"]
    ]?: ConfigValueOf<R>;
  }
  & {
    readonly [
      R in Rows[number] as R extends { readonly alias: infer A extends string }
        ? A
        : never
    ]?: ConfigValueOf<R>;
  };

/**
 * What every sink entry of `configure()` may have besides its type's own
 * options.
 *
 * @example Usage
 * ```ts
 * import type { SinkConfigCommon } from "logrotor/compose";
 *
 * const common: SinkConfigCommon = { formatter: "json", level: "warn" };
 * ```
 */
export interface SinkConfigCommon {
  /**
   * A formatter name (`"text"`, `"json"` or a key of `formatters`) or a
   * formatter function.
   * @default {"text"}
   */
  readonly formatter?: string | Formatter;
  /** The least severe level this sink takes. */
  readonly level?: LogLevel;
  /** Names of `filters` (or filter functions) every record must pass. */
  readonly filters?: readonly (string | Filter)[];
}

/**
 * A `"file"` sink entry: `createFileSink(path, options)`.
 *
 * @example Usage
 * ```ts
 * import type { FileSinkConfig } from "logrotor/compose";
 *
 * const file: FileSinkConfig = { type: "file", path: "./logs/app.log", flushBytes: "64K" };
 * ```
 */
export interface FileSinkConfig
  extends SinkConfigCommon, ConfigOptionsOf<typeof fileSinkOptionTable> {
  /** The sink type. */
  readonly type: "file";
  /** The file to append to. */
  readonly path: string;
}

/**
 * A `"rotating-file"` sink entry: `createRotatingFileSink(path, options)`.
 *
 * @example Usage
 * ```ts
 * import type { RotatingFileSinkConfig } from "logrotor/compose";
 *
 * const file: RotatingFileSinkConfig = {
 *   type: "rotating-file",
 *   path: "./logs/app.log",
 *   maxSize: "16M",
 *   keep: 10,
 *   compress: "gzip",
 * };
 * ```
 */
export interface RotatingFileSinkConfig
  extends SinkConfigCommon, ConfigOptionsOf<typeof rotatingSinkOptionTable> {
  /** The sink type. */
  readonly type: "rotating-file";
  /** The live file. */
  readonly path: string;
}

/**
 * A `"syslog"` sink entry: `createSyslogSink(options)`; TLS settings as
 * flat keys.
 *
 * @example Usage
 * ```ts
 * import type { SyslogSinkConfig } from "logrotor/compose";
 *
 * const remote: SyslogSinkConfig = { type: "syslog", host: "logs.example", transport: "tls" };
 * ```
 */
export interface SyslogSinkConfig
  extends
    SinkConfigCommon,
    ConfigOptionsOf<typeof networkOptionTable>,
    ConfigOptionsOf<typeof syslogOptionTable> {
  /** The sink type. */
  readonly type: "syslog";
  /** The server's host name or IP address. */
  readonly host: string;
  /** A CA certificate file (PEM) to trust, read at `configure()`. */
  readonly tlsCaFile?: string;
  /** Verify the server's certificate. @default {true} */
  readonly tlsRejectUnauthorized?: boolean;
  /** The server name to verify (default: `host`). */
  readonly tlsServername?: string;
}

/**
 * A `"relp"` sink entry: `createRelpSink(options)`.
 *
 * @example Usage
 * ```ts
 * import type { RelpSinkConfig } from "logrotor/compose";
 *
 * const audit: RelpSinkConfig = { type: "relp", host: "127.0.0.1", windowSize: 256 };
 * ```
 */
export interface RelpSinkConfig
  extends
    SinkConfigCommon,
    ConfigOptionsOf<typeof networkOptionTable>,
    ConfigOptionsOf<typeof relpOptionTable> {
  /** The sink type. */
  readonly type: "relp";
  /** The server's host name or IP address. */
  readonly host: string;
}

/**
 * A `"console"` sink entry.
 *
 * @example Usage
 * ```ts
 * import type { ConsoleSinkConfig } from "logrotor/compose";
 *
 * const console: ConsoleSinkConfig = { type: "console", stream: "stderr" };
 * ```
 */
export interface ConsoleSinkConfig extends SinkConfigCommon {
  /** The sink type. */
  readonly type: "console";
  /** Which standard stream. @default {"stdout"} */
  readonly stream?: "stdout" | "stderr";
}

/**
 * A sink entry of a built-in type, discriminated by `type`: annotate with it
 * (or `satisfies BuiltinSinkConfig`) to have every key and value checked.
 *
 * @example Usage
 * ```ts
 * import type { BuiltinSinkConfig } from "logrotor/compose";
 *
 * const file = {
 *   type: "rotating-file",
 *   path: "./logs/app.log",
 *   maxSize: "16M",
 * } satisfies BuiltinSinkConfig;
 * ```
 */
export type BuiltinSinkConfig =
  | FileSinkConfig
  | RotatingFileSinkConfig
  | SyslogSinkConfig
  | RelpSinkConfig
  | ConsoleSinkConfig;

/**
 * A sink entry of a type added with `registerSinkType()`: any `type` name
 * and the options its factory reads.
 *
 * @example Usage
 * ```ts
 * import type { CustomSinkConfig } from "logrotor/compose";
 *
 * const http: CustomSinkConfig = { type: "http", url: "https://logs.example" };
 * ```
 */
export interface CustomSinkConfig extends SinkConfigCommon {
  /** The registered type. */
  readonly type: string;
  /** The type's own options. */
  readonly [option: string]: unknown;
}
