/**
 * logrotor/compose: the building blocks behind logrotor's sinks, for people
 * who assemble their own chain — the target decorators (`FileTarget` is
 * wrapped by `VariantTarget` for locked files and by `ResilientTarget` for
 * a full disk), the swap buffer (`BufferedSink`), the cross-runtime lock,
 * the line buffer, the file and process drivers, formatter and filter
 * building blocks. The main entry, `logrotor`, has the factories and the
 * logger; everything here is stable but lower level.
 *
 * @example Usage
 * ```ts
 * import { LineBufferStream } from "logrotor/compose";
 * import { createFileSink } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-compose/app.log");
 * await ReadableStream.from(["a", "b\n"])
 *   .pipeThrough(new TextEncoderStream())
 *   .pipeThrough(new LineBufferStream({ maxLineBytes: 1024 }))
 *   .pipeTo(sink.writable);
 * ```
 *
 * @module
 */
export { BufferedSink } from "./src/buffer/buffered_sink.ts";
export type {
  BufferedSinkOptions,
  FsyncPolicy,
  SinkContext,
} from "./src/buffer/buffered_sink.ts";
export type { Target, TargetPlace } from "./src/buffer/target.ts";
export { TargetDecorator } from "./src/buffer/target_decorator.ts";
export type { ResilienceOptions } from "./src/options/resilience_options.ts";
export type { RotationOptions } from "./src/options/rotation_options.ts";
export { TargetWriteError } from "./src/buffer/target.ts";
export { describeError, errorCode } from "./src/errors.ts";
export { isValidAppName, validateAppName } from "./src/options/app_name.ts";
export type { DiagnosticKind } from "./src/diagnostics.ts";
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
export type { RotationStats } from "./src/rotation/rotating_target.ts";
export type { RotationEvery } from "./src/rotation/schedule.ts";
export type { RetentionPolicy } from "./src/rotation/retention.ts";
export type { Compressor, GzipResult } from "./src/runtime/driver.ts";
export { LineBufferStream } from "./src/buffer/line_buffer.ts";
export type { LineBufferOptions } from "./src/buffer/line_buffer.ts";
export type { SinkState } from "./src/buffer/sink_status.ts";
export { describeOwner, FileLock } from "./src/file/file_lock.ts";
export type { LockOwner } from "./src/file/file_lock.ts";
export { VariantTarget } from "./src/file/variant_target.ts";
export { lockedCode, noFileCode } from "./src/file/variant_choice.ts";
export { variantPath } from "./src/file/variant_path.ts";
export type { VariantTargetOptions } from "./src/file/variant_target.ts";
export type {
  OnLocked,
  VariantChoiceOptions,
} from "./src/file/variant_choice.ts";
export type { PathClaimOptions } from "./src/file/path_claim.ts";
export type { OpenableTarget } from "./src/file/path_claim.ts";
export { ResilientTarget } from "./src/degraded/resilient_target.ts";
export type { ResilientTargetOptions } from "./src/degraded/resilient_target.ts";
export type { EmergencyCleanupOptions } from "./src/degraded/emergency_cleanup.ts";
export type {
  Fallback,
  FallbackSink,
  OnDiskFull,
} from "./src/degraded/fallback.ts";
export type { NetworkSinkOptions } from "./src/network/network_options.ts";
export type { NetworkSinkState } from "./src/network/network_stats.ts";
export { SyslogSink } from "./src/network/network_sink.ts";
export type {
  StructuredData,
  SyslogHeaderOptions,
} from "./src/network/syslog_fields.ts";
export type {
  SyslogFacility,
  SyslogSeverity,
} from "./src/network/syslog_priority.ts";
export type { SyslogFraming } from "./src/network/syslog_framing.ts";
export type { QueueOverflowPolicy } from "./src/network/replay_queue.ts";
export type { OverflowPolicy } from "./src/buffer/buffered_sink.ts";
export { SocketSink } from "./src/network/record_sink.ts";
export type { SocketRecord } from "./src/network/socket_record.ts";
export type { SocketBackoffOptions } from "./src/sinks/socket_sink.ts";
export { MsgpackEncoder } from "./src/network/msgpack.ts";
export type { NetTlsOptions } from "./src/runtime/net_driver.ts";
export { captureFiles } from "./src/capture/capture_files.ts";
export type {
  LineSink,
  OutputStream,
  SinkFactory,
} from "./src/capture/capture_files.ts";
export type {
  CapturedLines,
  LinesListener,
} from "./src/capture/capture_stream.ts";
export { shellStatus } from "./src/runtime/exit_status.ts";
export type { ExitStatus } from "./src/runtime/exit_status.ts";
export { SpawnError } from "./src/runtime/spawn_error.ts";
export type {
  FilterConfig,
  FormatterConfig,
  LoggerConfig,
  SinkConfig,
  SinkInstanceConfig,
} from "./src/logger/config_types.ts";
export type {
  BuiltinSinkConfig,
  ConsoleSinkConfig,
  CustomSinkConfig,
  FileSinkConfig,
  RelpSinkConfig,
  RotatingFileSinkConfig,
  SinkConfigCommon,
  SyslogSinkConfig,
} from "./src/logger/sink_config.ts";
export type { LogFieldsArgument } from "./src/logger/record.ts";
export {
  canonicalLevel,
  compareLogLevel,
  isLogLevel,
  levelValue,
  logLevels,
} from "./src/logger/level.ts";
export type { LevelThreshold, LogLevelName } from "./src/logger/level.ts";
export { serializeError } from "./src/logger/record.ts";
export type { SerializedError } from "./src/logger/record.ts";
export { jsonFormatter } from "./src/logger/json_formatter.ts";
export type { JsonFormatterOptions } from "./src/logger/json_formatter.ts";
export { textFormatter } from "./src/logger/text_formatter.ts";
export type {
  StackStyle,
  TextFormatterOptions,
} from "./src/logger/text_formatter.ts";
export { isNameWithin, levelFilter, nameFilter } from "./src/logger/filter.ts";
export type { Filter, NameFilterOptions } from "./src/logger/filter.ts";
export type { ConsoleSink } from "./src/logger/console_sink.ts";
export type { LogSink } from "./src/logger/log_sink.ts";
export type {
  OptionKind,
  SinkOptionReader,
} from "./src/logger/option_reader.ts";
export type { SinkTypeFactory } from "./src/logger/sink_registry.ts";
export { createPrettyFormatter } from "./src/logger/pretty_formatter.ts";
export type { PrettyFormatterOptions } from "./src/logger/pretty_formatter.ts";
export { stdSerializers } from "./src/logger/serializers.ts";
export type { Serializer } from "./src/logger/serializers.ts";
export { compileRedaction } from "./src/logger/redaction.ts";
export type { RedactOptions } from "./src/logger/redaction.ts";
export type { SampleRates } from "./src/logger/record_gate.ts";
export type { LogMessage, LogMethod } from "./src/logger/logger.ts";
export { FileTarget } from "./src/file/file_target.ts";
export type { FileTargetOptions } from "./src/file/file_target.ts";
export { RotatingTarget } from "./src/rotation/rotating_target.ts";
export type { RotatingTargetOptions } from "./src/rotation/rotating_target.ts";
export { formatBytes, parseDuration, parseSize } from "./src/options/units.ts";
export type { StdioTeeStats } from "./src/capture/tee_stdio.ts";
export type { StdioStreamName } from "./src/runtime/stdio_tee.ts";
// Moved from mod.ts to keep it at <= 50 names (the least central types).
export type { LogrotorErrorCode } from "./src/errors.ts";
export type { SinkStatus } from "./src/buffer/sink_status.ts";
export type { NetworkSinkStatus } from "./src/network/network_stats.ts";
export type { LogFields } from "./src/logger/record.ts";
