/**
 * logrotor: Web Streams log sinks for Deno, Bun and Node that never lose a
 * line. A sink has a synchronous `write()` for the hot path and a
 * `WritableStream` (`sink.writable`) for `readable.pipeTo()`.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "./mod.ts";
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
export { BufferedSink } from "./src/sinks/buffered_sink.ts";
export type {
  BufferedSinkOptions,
  FsyncPolicy,
  OverflowPolicy,
  SinkContext,
  SinkStats,
} from "./src/sinks/buffered_sink.ts";
export type { Target } from "./src/sinks/target.ts";
export { TargetWriteError } from "./src/sinks/target.ts";
export { describeError, errorCode, LogrotorError } from "./src/errors.ts";
export type { LogrotorErrorCode } from "./src/errors.ts";
export { isValidAppName, validateAppName } from "./src/app_name.ts";
export { version } from "./src/version.ts";
export type {
  Diagnostic,
  DiagnosticKind,
  DiagnosticListener,
} from "./src/diagnostics.ts";
export type {
  FileDriver,
  FileHandle,
  FileInfo,
  OpenMode,
  Platform,
  RuntimeName,
  SpaceInfo,
} from "./src/runtime/driver.ts";
export { detectRuntime, getPlatform } from "./src/runtime/detect.ts";
export {
  createRotatingFileSink,
  RotatingFileSink,
} from "./src/sinks/rotating_file_sink.ts";
export type {
  RotatingFileSinkOptions,
  RotatingSinkStats,
} from "./src/sinks/rotating_file_sink.ts";
export type { RotationStats } from "./src/sinks/rotating_target.ts";
export type { RotationEvery } from "./src/sinks/rotation_schedule.ts";
export type { RetentionPolicy } from "./src/sinks/retention.ts";
export type { Compressor, GzipResult } from "./src/runtime/driver.ts";
export { LineBufferStream } from "./src/streams/line_buffer.ts";
export type { LineBufferOptions } from "./src/streams/line_buffer.ts";
export type { SinkState, SinkStatus } from "./src/sinks/sink_status.ts";
export { describeOwner, FileLock } from "./src/sinks/file_lock.ts";
export type { LockOwner } from "./src/sinks/file_lock.ts";
export {
  lockedCode,
  noFileCode,
  variantPath,
  VariantTarget,
} from "./src/sinks/variant_target.ts";
export type {
  OnLocked,
  OpenableTarget,
  VariantTargetOptions,
} from "./src/sinks/variant_target.ts";
export { ResilientTarget } from "./src/sinks/resilient_target.ts";
export type {
  Fallback,
  FallbackSink,
  OnDiskFull,
  ResilientTargetOptions,
} from "./src/sinks/resilient_target.ts";
export { createSyslogSink } from "./src/sinks/syslog_sink.ts";
export type { SyslogSinkOptions } from "./src/sinks/syslog_sink.ts";
export { createRelpSink } from "./src/sinks/relp_sink.ts";
export type { RelpSink, RelpSinkOptions } from "./src/sinks/relp_sink.ts";
export { SyslogSink } from "./src/sinks/syslog_shipper.ts";
export type {
  NetworkSinkOptions,
  NetworkSinkState,
  NetworkSinkStats,
  NetworkSinkStatus,
} from "./src/sinks/syslog_shipper.ts";
export type {
  StructuredData,
  SyslogFacility,
  SyslogFraming,
  SyslogHeaderOptions,
  SyslogSeverity,
} from "./src/sinks/syslog_format.ts";
export type { QueueOverflowPolicy } from "./src/sinks/replay_queue.ts";
export type { NetTlsOptions } from "./src/runtime/net_driver.ts";
export { captureFiles, captureProcess } from "./src/capture/capture.ts";
export type {
  CapturedLines,
  CaptureOptions,
  CaptureResult,
  LineSink,
  LinesListener,
  OutputStream,
  SinkFactory,
} from "./src/capture/capture.ts";
export { followLines, tailLines } from "./src/capture/tail.ts";
export type { FollowOptions, TailOptions } from "./src/capture/tail.ts";
export { shellStatus, SpawnError } from "./src/runtime/process_driver.ts";
export type { ExitStatus } from "./src/runtime/process_driver.ts";
export { configure, configureFromFile, reset } from "./src/logger/config.ts";
export type {
  FilterConfig,
  FormatterConfig,
  LoggerConfig,
  LoggingConfig,
  SinkConfig,
  SinkInstanceConfig,
} from "./src/logger/config.ts";
export { getLogger, loggingStats } from "./src/logger/logger.ts";
export type {
  LogFieldsArgument,
  Logger,
  LoggingStats,
} from "./src/logger/logger.ts";
export {
  compareLogLevel,
  isLogLevel,
  levelValue,
  logLevels,
} from "./src/logger/level.ts";
export type { LevelThreshold, LogLevel } from "./src/logger/level.ts";
export { serializeError } from "./src/logger/record.ts";
export type {
  LogFields,
  LogRecord,
  SerializedError,
} from "./src/logger/record.ts";
export {
  createJsonFormatter,
  createTextFormatter,
  jsonFormatter,
  textFormatter,
} from "./src/logger/formatter.ts";
export type {
  Formatter,
  JsonFormatterOptions,
  StackStyle,
  TextFormatterOptions,
} from "./src/logger/formatter.ts";
export { isNameWithin, levelFilter, nameFilter } from "./src/logger/filter.ts";
export type { Filter, NameFilterOptions } from "./src/logger/filter.ts";
export { createConsoleSink } from "./src/logger/console_sink.ts";
export type {
  ConsoleSink,
  ConsoleSinkOptions,
} from "./src/logger/console_sink.ts";
export type { LogSink } from "./src/logger/log_sink.ts";
export { registerSinkType } from "./src/logger/sink_types.ts";
export type {
  OptionKind,
  SinkOptionReader,
  SinkTypeFactory,
} from "./src/logger/sink_types.ts";
