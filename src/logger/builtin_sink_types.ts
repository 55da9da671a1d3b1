/**
 * The sink types `configure()` knows from the start: `file`,
 * `rotating-file`, `syslog`, `relp`, `console` and `socket`, each a factory that
 * reads its options through a {@linkcode SinkOptionReader} and calls the
 * public factory.
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import {
  networkOptionTable,
  relpOptionTable,
  syslogOptionTable,
} from "../network/network_option_table.ts";
import { getPlatform } from "../runtime/detect.ts";
import { createFileSink } from "../sinks/file_sink.ts";
import { createRelpSink } from "../sinks/relp_sink.ts";
import { createRotatingFileSink } from "../sinks/rotating_file_sink.ts";
import { createSocketSink } from "../sinks/socket_sink.ts";
import { createSyslogSink } from "../sinks/syslog_sink.ts";
import { createConsoleSink } from "./console_sink.ts";
import type { LogSink } from "./log_sink.ts";
import type { SinkOptionReader } from "./option_reader.ts";
import { configSchemaOf } from "./option_schema.ts";
import {
  fileSinkOptionTable,
  rotatingSinkOptionTable,
} from "../options/file_options.ts";

const fileSinkSchema = configSchemaOf(fileSinkOptionTable);

/** `{ onDiagnostic }` when `configure()` was given a listener, else `{}`. */
function listenerOf(
  options: SinkOptionReader,
): { onDiagnostic?: DiagnosticListener } {
  return options.onDiagnostic === undefined
    ? {}
    : { onDiagnostic: options.onDiagnostic };
}

function fileSinkFactory(options: SinkOptionReader): LogSink {
  const path = options.require("path", "string") as string;
  return createFileSink(path, {
    ...options.pick(fileSinkSchema),
    ...listenerOf(options),
  });
}

const rotatingSinkSchema = configSchemaOf(rotatingSinkOptionTable);

function rotatingFileSinkFactory(options: SinkOptionReader): LogSink {
  const path = options.require("path", "string") as string;
  return createRotatingFileSink(path, {
    ...options.pick(rotatingSinkSchema),
    ...listenerOf(options),
  });
}

const decoder = new TextDecoder();

/** TLS settings from flat keys: `tlsCaFile`, `tlsRejectUnauthorized`, `tlsServername`. */
function tlsOptions(options: SinkOptionReader): Record<string, unknown> {
  const tls: Record<string, unknown> = {};
  const caFile = options.get("tlsCaFile", "string") as string | undefined;
  if (caFile !== undefined) {
    tls["ca"] = decoder.decode(getPlatform().fs.readFile(caFile));
  }
  const reject = options.get("tlsRejectUnauthorized", "boolean");
  if (reject !== undefined) tls["rejectUnauthorized"] = reject;
  const servername = options.get("tlsServername", "string");
  if (servername !== undefined) tls["servername"] = servername;
  return tls;
}

const syslogSinkSchema = configSchemaOf([
  ...networkOptionTable,
  ...syslogOptionTable,
]);

function syslogSinkFactory(options: SinkOptionReader): LogSink {
  const path = options.get("path", "string") as string | undefined;
  const tls = tlsOptions(options);
  return createSyslogSink({
    ...(path === undefined
      ? { host: options.require("host", "string") as string }
      : {}),
    ...options.pick(syslogSinkSchema),
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
    ...listenerOf(options),
  });
}

const relpSinkSchema = configSchemaOf([
  ...networkOptionTable,
  ...relpOptionTable,
]);

function relpSinkFactory(options: SinkOptionReader): LogSink {
  const host = options.require("host", "string") as string;
  return createRelpSink({
    host,
    ...options.pick(relpSinkSchema),
    ...listenerOf(options),
  });
}

/** The socket sink; backoff knobs are flat keys `backoffBaseMs` … `backoffDeadlineMs`. */
function socketSinkFactory(options: SinkOptionReader): LogSink {
  const tls = tlsOptions(options);
  const backoff: Record<string, unknown> = {};
  for (const knob of ["BaseMs", "CapMs", "ResetAfterMs", "DeadlineMs"]) {
    const value = options.get(`backoff${knob}`, "duration");
    if (value !== undefined) {
      backoff[knob[0]!.toLowerCase() + knob.slice(1)] = value;
    }
  }
  return createSocketSink({
    ...options.pick({
      host: "string",
      port: "integer",
      path: "string",
      transport: ["tcp", "tls"],
      name: "string",
      maxFrameBytes: "size",
      maxQueuedMessages: "integer",
      maxQueuedBytes: "size",
      overflow: ["drop-old", "drop-new"],
      dropMarker: "boolean",
      batchBytes: "size",
      connectTimeoutMs: "duration",
      writeTimeoutMs: "duration",
      resendWindow: "integer",
      resendWindowMs: "duration",
      closeTimeoutMs: "duration",
      reportLossOnExit: "boolean",
    }),
    ...(Object.keys(backoff).length > 0 ? { backoff } : {}),
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
    ...listenerOf(options),
  });
}

function consoleSinkFactory(options: SinkOptionReader): LogSink {
  return createConsoleSink(options.pick({ stream: ["stdout", "stderr"] }));
}

/**
 * The built-in sink types by name, in the order `configure()` lists them:
 * `file`, `rotating-file`, `syslog`, `relp`, `console`, `socket`.
 *
 * @example Usage
 * ```ts
 * import { builtinSinkTypes } from "./builtin_sink_types.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(builtinSinkTypes.map(([name]) => name), [
 *   "file",
 *   "rotating-file",
 *   "syslog",
 *   "relp",
 *   "console",
 *   "socket",
 * ]);
 * ```
 */
export const builtinSinkTypes: ReadonlyArray<
  readonly [string, (options: SinkOptionReader) => LogSink]
> = [
  ["file", fileSinkFactory],
  ["rotating-file", rotatingFileSinkFactory],
  ["syslog", syslogSinkFactory],
  ["relp", relpSinkFactory],
  ["console", consoleSinkFactory],
  ["socket", socketSinkFactory],
];
