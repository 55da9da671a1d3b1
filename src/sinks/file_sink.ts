/**
 * `createFileSink()`: a buffered, line-preserving, exit-safe sink that
 * appends to one file.
 *
 * @module
 */
import {
  choiceOption,
  optionsObject,
  rejectUnknownKeys,
} from "../options/validate.ts";
import {
  type DiagnosticKind,
  emitDiagnostic,
  printDiagnostic,
} from "../diagnostics.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import {
  BufferedSink,
  bufferedSinkKeys,
  type BufferedSinkOptions,
} from "../buffer/buffered_sink.ts";
import { FileTarget } from "../file/file_target.ts";
import {
  checkSinkPath,
  composeResilientTarget,
  resilienceKeys,
  resolveResilience,
} from "../options/resilience_options.ts";
import type { Fallback, OnDiskFull } from "../degraded/resilient_target.ts";
import type { OnLocked } from "../file/variant_target.ts";

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
export interface FileSinkOptions extends BufferedSinkOptions {
  /**
   * `"append"` keeps what the file holds; `"truncate"` empties it when the
   * sink first opens it.
   * @default {"append"}
   */
  readonly mode?: "append" | "truncate";
  /**
   * Create missing parent directories.
   * @default {true}
   */
  readonly mkdir?: boolean;
  /**
   * The permission bits of every file the sink creates (`0o600`: owner
   * only), set exactly, whatever the umask (like logrotate's `create
   * 0600`). Unset: a file created in place of another (after a rotation,
   * a deletion, a rename by logrotate) keeps the mode of the file it
   * replaces, and a first file gets `0o666` minus the umask. Archives and
   * `.gz` files always keep the mode of the live file they were.
   */
  readonly fileMode?: number;
  /**
   * The file driver to use instead of the runtime's (a fault-injecting
   * driver in tests, for example).
   */
  readonly fileDriver?: FileDriver;
  /** The platform to use instead of the detected one (tests). */
  readonly platform?: Platform;
  /**
   * When the file is held by another live writer (its lock file
   * `app.log.lock`) or cannot be opened (`EACCES`, `EPERM`, `EISDIR`,
   * `EBUSY`, `ETXTBSY`…): `"numbered"` writes to the first usable of
   * `app.001.log` … `app.999.log` and reports the switch; `"wait"` keeps
   * the lines (overflow policy applies) and retries the file with backoff;
   * `"fail"` uses no other file and goes to degraded mode (see
   * `onDiskFull`).
   * @default {"numbered"}
   */
  readonly onLocked?: OnLocked;
  /**
   * Several processes (on any runtime) append to the same file: no lock;
   * every flush is whole lines in one write; when the file is renamed away
   * the sink reopens the path.
   * @default {false}
   */
  readonly shared?: boolean;
  /**
   * The highest numbered variant tried (`app.999.log`).
   * @default {999}
   */
  readonly maxVariants?: number;
  /**
   * With `onLocked: "wait"`: the longest pause between two tries (ms).
   * @default {2000}
   */
  readonly waitMaxDelayMs?: number;
  /**
   * On `ENOSPC`, `EDQUOT`, `EROFS`, `EFBIG`, or when no file can be used:
   * `"fallback"` sends lines to `fallback` until a probe finds the file
   * writable; `"block"` keeps them and retries (like multilog; bounded by
   * `maxBufferedBytes` and `overflow`); `"drop"` drops them (counted).
   * @default {"fallback"}
   */
  readonly onDiskFull?: OnDiskFull;
  /**
   * Where lines go in degraded mode: `"stdout"`, `"stderr"`, a target, a
   * sink, or a callback receiving chunks of whole lines.
   * @default {"stdout"}
   */
  readonly fallback?: Fallback;
  /**
   * A recovery probe needs this much free space (`statfs`) before it tries
   * the file again.
   * @default {1048576}
   */
  readonly minFreeBytes?: number;
  /**
   * Time between recovery probes in degraded mode (ms).
   * @default {2000}
   */
  readonly recoveryIntervalMs?: number;
  /**
   * Emergency cleanup on a full disk, called when a write fails (not again
   * while degraded) with the bytes wanted; returns the bytes it freed (for
   * example by deleting this sink's oldest archives). The write is retried
   * when it freed any. The rotating sink's default deletes its oldest
   * archives, also without any retention option, and reports the lines each
   * deletion removed; `cleanup: () => 0` turns that off.
   */
  readonly cleanup?: (bytesWanted: number) => number;
  /**
   * Bytes the emergency cleanup is asked to free beyond the failed batch.
   * @default {minFreeBytes}
   */
  readonly cleanupBytes?: number;
  /**
   * When cleanup freed too little, truncate the live file (its lines are
   * lost; the bytes are reported). Opt-in.
   * @default {false}
   */
  readonly truncateOnDiskFull?: boolean;
  /**
   * Keep up to this many bytes of the lines sent to the fallback and write
   * them into the file on recovery (they then appear in both). `0` is off.
   * @default {0}
   */
  readonly replayBytes?: number;
}

const fileSinkKeys: Readonly<Record<string, true>> = {
  ...bufferedSinkKeys,
  ...resilienceKeys,
  mode: true,
} satisfies { readonly [K in keyof FileSinkOptions]-?: true };

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
  const mode = choiceOption(subject, "mode", options.mode, [
    "append",
    "truncate",
  ]);
  const resolved = resolveResilience(subject, options);
  checkSinkPath(subject, path, fs);
  const { mkdir, shared, fileMode } = resolved;
  let truncatePending = mode === "truncate";
  const listener = options.onDiagnostic ?? printDiagnostic;
  const report = (kind: DiagnosticKind, message: string, error?: unknown) =>
    emitDiagnostic(
      listener,
      error === undefined
        ? { kind, target: path, message, time: platform.now() }
        : { kind, target: path, message, error, time: platform.now() },
    );
  const { target } = composeResilientTarget(resolved, {
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
