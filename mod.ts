/**
 * logrotor: Web Streams log sinks for Deno, Bun and Node that never lose a
 * line. A sink has a synchronous `write()` for the hot path and a
 * `WritableStream` (`sink.writable`) for `readable.pipeTo()`.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-mod/app.log", {
 *   flushIntervalMs: 200,
 *   overflow: "drop-old",
 * });
 * sink.write(`${new Date().toISOString()} started\n`);
 * await sink.close();
 * ```
 *
 * @module
 */
export { createFileSink } from "./src/sinks/file_sink.ts";
export type { FileSink, FileSinkOptions } from "./src/sinks/file_sink.ts";
export type { SinkStats } from "./src/buffer/buffered_sink.ts";
export { LogrotorError } from "./src/errors.ts";
export { version } from "./src/version.ts";
export type { Diagnostic, DiagnosticListener } from "./src/diagnostics.ts";
export {
  createRotatingFileSink,
  RotatingFileSink,
} from "./src/sinks/rotating_file_sink.ts";
export type {
  RotatingFileSinkOptions,
  RotatingSinkStats,
} from "./src/sinks/rotating_file_sink.ts";
export { createSyslogSink } from "./src/sinks/syslog_sink.ts";
export type { SyslogSinkOptions } from "./src/sinks/syslog_sink.ts";
export { createSocketSink } from "./src/sinks/socket_sink.ts";
export type { SocketSinkOptions } from "./src/sinks/socket_sink.ts";
export { createRelpSink } from "./src/sinks/relp_sink.ts";
export type { RelpSink, RelpSinkOptions } from "./src/sinks/relp_sink.ts";
export { NetworkSink } from "./src/network/network_sink.ts";
export type { NetworkSinkStats } from "./src/network/network_stats.ts";
export { captureProcess } from "./src/capture/capture.ts";
export type { CaptureOptions, CaptureResult } from "./src/capture/capture.ts";
export { tailLines } from "./src/capture/tail_lines.ts";
export type { TailOptions } from "./src/capture/tail_lines.ts";
export { followLines } from "./src/capture/follow_lines.ts";
export type { FollowOptions } from "./src/capture/follow_lines.ts";
export { configure, reset } from "./src/logger/config.ts";
export { configureFromFile } from "./src/logger/config_file.ts";
export type { LoggingConfig } from "./src/logger/config_types.ts";
export { getLogger, loggingStats } from "./src/logger/logger.ts";
export { withContext } from "./src/logger/implicit_context.ts";
export type { Logger } from "./src/logger/logger.ts";
export type { LoggingStats } from "./src/logger/logging_stats.ts";
export type { LogLevel } from "./src/logger/level.ts";
export type { LogRecord } from "./src/logger/record.ts";
export { createJsonFormatter } from "./src/logger/json_formatter.ts";
export { createTextFormatter } from "./src/logger/text_formatter.ts";
export type { Formatter } from "./src/logger/formatter.ts";
export { createConsoleSink } from "./src/logger/console_sink.ts";
export type { ConsoleSinkOptions } from "./src/logger/console_sink.ts";
export { registerSinkType } from "./src/logger/sink_registry.ts";
export { teeStdio } from "./src/capture/tee_stdio.ts";
export type { StdioTee, TeeStdioOptions } from "./src/capture/tee_stdio.ts";
export { basicConfig } from "./src/logger/basic_config.ts";
export type { BasicConfigOptions } from "./src/logger/basic_config.ts";
