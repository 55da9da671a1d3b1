/**
 * `createFileSink()`: a buffered, line-preserving, exit-safe sink that
 * appends to one file.
 *
 * @module
 */
import { booleanOption, choiceOption } from "../_options.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import { BufferedSink, type BufferedSinkOptions } from "./buffered_sink.ts";
import { FileTarget } from "./file_target.ts";

/** Options of {@linkcode createFileSink}. */
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
   * The file driver to use instead of the runtime's (a fault-injecting
   * driver in tests, for example).
   */
  readonly fileDriver?: FileDriver;
  /** The platform to use instead of the detected one (tests). */
  readonly platform?: Platform;
}

/** A sink that appends to one file; see {@linkcode createFileSink}. */
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
 *
 * @example Write lines directly
 * ```ts
 * import { createFileSink } from "../../mod.ts";
 *
 * const sink = createFileSink("/tmp/logrotor-doc/app.log");
 * sink.write("first line\n");
 * sink.write(new TextEncoder().encode("second line\n"));
 * await sink.close();
 * ```
 *
 * @example Pipe a stream into it
 * ```ts
 * import { createFileSink } from "../../mod.ts";
 *
 * const sink = createFileSink("/tmp/logrotor-doc/piped.log");
 * await ReadableStream.from(["a\n", "b\n"]).pipeTo(sink.writable);
 * ```
 */
export function createFileSink(
  path: string,
  options: FileSinkOptions = {},
): FileSink {
  const subject = "file sink";
  if (typeof path !== "string" || path === "") {
    throw new TypeError(
      `Cannot create ${subject} as path must be a non-empty string: current value is ${
        JSON.stringify(path)
      }`,
    );
  }
  const platform = options.platform ?? getPlatform();
  const target = new FileTarget(options.fileDriver ?? platform.fs, path, {
    mode: choiceOption(subject, "mode", options.mode, ["append", "truncate"]),
    mkdir: booleanOption(subject, "mkdir", options.mkdir, true),
  });
  return new BufferedSink(target, options, { platform, subject });
}
