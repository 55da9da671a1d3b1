/**
 * `createFileSink()`: a buffered, line-preserving, exit-safe sink that
 * appends to one file.
 *
 * @module
 */
import { optionsObject, rejectUnknownKeys } from "../options/validate.ts";
import { checkOption, keysOf } from "../options/option_table.ts";
import { fileModeRow, fileSinkOptionTable } from "../options/file_options.ts";
import {
  checkPermissions,
  type DiagnosticKind,
  emitDiagnostic,
  printDiagnostic,
} from "../diagnostics.ts";
import { getPlatform } from "../runtime/detect.ts";
import {
  BufferedSink,
  type BufferedSinkOptions,
} from "../buffer/buffered_sink.ts";
import { FileTarget } from "../file/file_target.ts";
import { checkSinkPath } from "../options/sink_path.ts";
import { filePermissionNeeds } from "./_file_permissions.ts";
import {
  type ResilienceOptions,
  resolveResilience,
} from "../options/resilience_options.ts";
import { composeFileChain } from "./_file_chain.ts";

/**
 * Options of {@linkcode createFileSink}.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { FileSinkOptions } from "logrotor";
 *
 * const options: FileSinkOptions = {
 *   mode: "append",
 *   flushIntervalMs: 200,
 *   onLocked: "numbered",
 *   onDiskFull: "fallback",
 *   fallback: "stderr",
 * };
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", options);
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export interface FileSinkOptions
  extends BufferedSinkOptions, ResilienceOptions {
  /**
   * `"append"` keeps what the file holds; `"truncate"` empties it when the
   * sink first opens it.
   * @default {"append"}
   */
  readonly mode?: "append" | "truncate";
}

const fileSinkKeys: Readonly<Record<string, true>> = keysOf(
  fileSinkOptionTable,
);

/**
 * A sink that appends to one file; see {@linkcode createFileSink}.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { FileSink } from "logrotor";
 *
 * function log(sink: FileSink, message: string): void {
 *   if (!sink.write(`${new Date().toISOString()} ${message}\n`)) {
 *     console.error(`dropped: ${message}`);
 *   }
 * }
 * const sink: FileSink = createFileSink("/tmp/logrotor-doc/app.log");
 * log(sink, "started");
 * await sink.close();
 * ```
 */
export type FileSink = BufferedSink;

/**
 * Creates a buffered sink that appends lines to a file. `write()` is
 * synchronous and never throws for I/O failures; batches of whole lines go
 * to the file when `flushBytes` are buffered, `flushIntervalMs` after the
 * first unflushed write, on `flush()`, on `close()` and when the process
 * ends (exit, SIGTERM, SIGINT, SIGHUP, uncaught errors). The file is opened
 * on the first flush.
 *
 * @param path The file to append to.
 * @param options Buffering, overflow and file options.
 * @returns The sink; also a `WritableStream` via `sink.writable`.
 * @throws {TypeError} When `path` is not a non-empty string or names an
 * existing directory, when `options` is not an object or `undefined`
 * (`null` is refused), or has a key that is not an option (the message
 * suggests the nearest one).
 * @throws {RangeError} When a number is out of its range.
 *
 * @example Write lines directly
 * ```ts
 * import { createFileSink } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-doc/app.log");
 * sink.write("first line\n");
 * sink.write(new TextEncoder().encode("second line\n"));
 * await sink.close();
 * ```
 *
 * @example Pipe a stream into it
 * ```ts
 * import { createFileSink } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-doc/piped.log");
 * await ReadableStream.from(["a\n", "b\n"]).pipeTo(sink.writable);
 * await sink.close(); // ending a pipe flushes, never closes
 * ```
 */
export function createFileSink(
  path: string,
  options?: FileSinkOptions,
): FileSink {
  const subject = "file sink";
  if (typeof path !== "string" || path === "") {
    throw new TypeError(
      `Cannot create ${subject} as path must be a non-empty string: current value is ${
        JSON.stringify(path)
      }`,
    );
  }
  options = optionsObject(subject, options);
  rejectUnknownKeys(subject, options, fileSinkKeys);
  const platform = options.platform ?? getPlatform();
  const fs = options.fileDriver ?? platform.fs;
  const mode = checkOption(subject, fileModeRow, "mode", options.mode, {});
  const resolved = resolveResilience(subject, options);
  checkSinkPath(subject, path, fs);
  const { mkdir, shared, fileMode } = resolved;
  let truncatePending = mode === "truncate";
  const listener = checkPermissions(
    subject,
    path,
    filePermissionNeeds(path, {
      read: true,
      lock: !shared,
      ownDriver: options.fileDriver !== undefined,
    }),
    options.onDiagnostic ?? printDiagnostic,
  );
  options = { ...options, onDiagnostic: listener };
  const report = (kind: DiagnosticKind, message: string, error?: unknown) =>
    emitDiagnostic(
      listener,
      error === undefined
        ? { kind, target: path, message, time: platform.now() }
        : { kind, target: path, message, error, time: platform.now() },
    );
  const target = composeFileChain(resolved, {
    path,
    fs,
    platform,
    // "truncate" applies to the sink's first successful open only: a
    // reopen (SIGHUP, recovery from degraded mode, a variant switch) must
    // never erase lines written before it.
    createTarget: (file) =>
      new FileTarget(fs, file, {
        mode: truncatePending ? "truncate" : "append",
        mkdir,
        shared,
        fileMode,
        onOpen: () => {
          truncatePending = false;
        },
        // Shared mode: the variant target checks the path before each write.
        followRenames: !shared,
        onReopen: (reason) =>
          report(
            "info",
            reason === "deleted"
              ? `${file} was deleted while open; recreated it and wrote the last batch again`
              : `${file} was renamed away; reopened the path`,
          ),
      }),
    report,
  });
  return new BufferedSink(target, options, { platform, subject });
}
