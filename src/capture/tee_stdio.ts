/**
 * The tee of the process's own output (rotary_logger's TeeStream): what the
 * program prints still reaches the terminal and is also written, line by
 * line, to rotating log files. Partial writes are assembled per stream, so
 * `"a"` then `"b\n"` is one line even when the other stream writes in
 * between (each stream's lines stay whole in a merged file).
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import { LogrotorError } from "../errors.ts";
import { validateAppName } from "../options/app_name.ts";
import {
  booleanOption,
  choiceOption,
  closest,
  optionsObject,
} from "../options/validate.ts";
import { getPlatform } from "../runtime/detect.ts";
import {
  patchStdio,
  type StdioStreamName,
  withoutStdioTee,
} from "../runtime/stdio_tee.ts";
import {
  createRotatingFileSink,
  type RotatingFileSink,
  type RotatingFileSinkOptions,
  type RotatingSinkStats,
} from "../sinks/rotating_file_sink.ts";
import { captureFiles } from "./capture_files.ts";
import { concat, countNewlines, prefixLines } from "./_line_bytes.ts";

/**
 * Options of {@linkcode teeStdio}: where the files go, how lines are laid
 * out, and every option of `createRotatingFileSink` (size and time
 * rotation, retention, gzip, variants, degraded mode), applied to each file.
 *
 * @example Usage
 * ```ts
 * import type { TeeStdioOptions } from "logrotor";
 *
 * const options: TeeStdioOptions = {
 *   dir: "/tmp/logrotor-doc/tee",
 *   name: "app",
 *   merged: true, // one app.log, stdout and stderr in call order
 *   prefix: true, // "[STDOUT] " / "[STDERR] " before each line
 *   maxBytes: 10 * 1024 * 1024,
 *   keep: 5,
 *   compress: "gzip",
 * };
 * ```
 */
export interface TeeStdioOptions extends RotatingFileSinkOptions {
  /**
   * The log directory.
   * @default {"./logs"}
   */
  readonly dir?: string;
  /**
   * The app name used in file names.
   * @default {"app"}
   */
  readonly name?: string;
  /**
   * One file `<name>.log` with both streams, interleaved in call order.
   * @default {false}
   */
  readonly merged?: boolean;
  /**
   * Start each line with `[STDOUT] ` or `[STDERR] `.
   * @default {false}
   */
  readonly prefix?: boolean;
  /**
   * `"files"`: `<dir>/<name>.out.log` and `<dir>/<name>.err.log` (as
   * `captureProcess` names them); `"folders"`: `<dir>/stdout/<name>.log`
   * and `<dir>/stderr/<name>.log`. Only for separate (not merged) files.
   * @default {"files"}
   */
  readonly layout?: "files" | "folders";
  /**
   * Whether what is printed still reaches the real stdout and stderr;
   * `false`: the files only.
   * @default {true}
   */
  readonly echo?: boolean;
}

/**
 * Counters of a {@linkcode StdioTee}.
 *
 * @example Usage
 * ```ts
 * import type { StdioTeeStats } from "logrotor/compose";
 *
 * function lost(stats: StdioTeeStats): number {
 *   return Object.values(stats.files)
 *     .reduce((sum, file) => sum + file.droppedLines, 0);
 * }
 * ```
 */
export interface StdioTeeStats {
  /** Whole lines written to the files, per stream. */
  readonly lines: Readonly<Record<StdioStreamName, number>>;
  /** Bytes printed (before prefixes), per stream. */
  readonly bytes: Readonly<Record<StdioStreamName, number>>;
  /** Partial lines longer than `maxLineBytes` that were cut. */
  readonly cutLines: number;
  /** Each file's sink counters (drops, rotations, errors), by path. */
  readonly files: Readonly<Record<string, RotatingSinkStats>>;
}

/**
 * A running tee; see {@linkcode teeStdio}.
 *
 * @example Usage
 * ```ts
 * import { type StdioTee, teeStdio } from "logrotor";
 *
 * const tee: StdioTee = teeStdio({ dir: "/tmp/logrotor-doc/tee2", echo: false });
 * console.log("hello");
 * await tee.flush();
 * tee.files; // ["/tmp/logrotor-doc/tee2/app.out.log", "/tmp/logrotor-doc/tee2/app.err.log"]
 * await tee.stop();
 * ```
 */
export interface StdioTee {
  /** The log files written. */
  readonly files: readonly string[];
  /** Counters. */
  stats(): StdioTeeStats;
  /** Writes out every whole line printed so far. */
  flush(): Promise<void>;
  /**
   * Restores the original streams, writes out every line (a partial last
   * line is ended with a newline) and closes the files. Idempotent.
   */
  stop(): Promise<void>;
}

const subject = "stdio tee";
const teeKeys = ["dir", "name", "merged", "prefix", "layout", "echo"];
const newline = 10;
const encoder = new TextEncoder();
const prefixes: Record<StdioStreamName, Uint8Array> = {
  stdout: encoder.encode("[STDOUT] "),
  stderr: encoder.encode("[STDERR] "),
};

let activeFiles: readonly string[] | undefined;

/** `dir/sub`, without doubling a trailing slash. */
function inDir(dir: string, sub: string): string {
  return `${dir.endsWith("/") ? dir : `${dir}/`}${sub}`;
}

/** The options meant for the rotating file sinks, with `onDiagnostic` kept off the tee. */
function sinkOptions(options: TeeStdioOptions): RotatingFileSinkOptions {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (teeKeys.includes(key)) continue;
    const guess = closest(key, teeKeys);
    if (guess !== undefined) {
      throw new TypeError(
        `Cannot create ${subject} as ${
          JSON.stringify(key)
        } is not an option (did you mean ${
          JSON.stringify(guess)
        }?): current value is ${JSON.stringify(value) ?? String(value)}`,
      );
    }
    rest[key] = value;
  }
  const listener = rest.onDiagnostic;
  if (typeof listener === "function") {
    rest.onDiagnostic = ((d) =>
      withoutStdioTee(() =>
        (listener as DiagnosticListener)(d)
      )) satisfies DiagnosticListener;
  }
  return rest as RotatingFileSinkOptions;
}

/**
 * Tees the process's own stdout and stderr into rotating log files: what
 * the program prints with `console.*`, `process.stdout.write` /
 * `process.stderr.write` and, on Deno, `Deno.stdout` / `Deno.stderr`
 * writes, still reaches the terminal (unless `echo: false`) and is written
 * to the files, bytes as printed, in whole lines. Exit-safe: lines printed
 * right before `process.exit()`, an uncaught throw or SIGTERM are in the
 * files (a partial last line is ended with a newline).
 *
 * One tee at a time: calling `teeStdio` while one is active throws a
 * `LogrotorError` (`CONFIG_INVALID`); `stop()` the first one before
 * starting another.
 *
 * @param options Where and how; plus any `createRotatingFileSink` option.
 * @returns The running tee.
 * @throws {TypeError} On a bad or unknown option.
 * @throws {LogrotorError} When a tee is already active.
 *
 * @example Usage
 * ```ts
 * import { teeStdio } from "logrotor";
 *
 * const tee = teeStdio({ dir: "/tmp/logrotor-doc/logs", name: "app", maxBytes: 1 << 20 });
 * console.log("hello"); // terminal + /tmp/logrotor-doc/logs/app.out.log
 * process.stdout.write("a");
 * process.stdout.write("b\n"); // one line "ab"
 * console.error("oops"); // terminal + /tmp/logrotor-doc/logs/app.err.log
 * await tee.stop(); // flushes, restores the original streams
 * ```
 */
export function teeStdio(options?: TeeStdioOptions): StdioTee {
  options = optionsObject(subject, options);
  const dir = options.dir ?? "./logs";
  if (typeof dir !== "string" || dir === "") {
    throw new TypeError(
      `Cannot create ${subject} as dir must be a non-empty string: current value is ${
        JSON.stringify(dir)
      }`,
    );
  }
  const name = validateAppName(options.name ?? "app", subject);
  const merged = booleanOption(subject, "merged", options.merged, false);
  const prefix = booleanOption(subject, "prefix", options.prefix, false);
  const echo = booleanOption(subject, "echo", options.echo, true);
  const layout = choiceOption(subject, "layout", options.layout, [
    "files",
    "folders",
  ]);
  if (merged && layout === "folders") {
    throw new TypeError(
      `Cannot create ${subject} as layout must be "files" when merged is true: current value is "folders"`,
    );
  }
  const maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
  const forSinks = sinkOptions(options);
  if (activeFiles !== undefined) {
    throw new LogrotorError(
      "CONFIG_INVALID",
      `Cannot create ${subject} as one is already active (writing ${
        activeFiles.join(", ")
      }): stop() it first`,
    );
  }
  const paths: Record<StdioStreamName, string> = layout === "folders"
    ? {
      stdout: captureFiles(inDir(dir, "stdout"), name, "merged").stdout,
      stderr: captureFiles(inDir(dir, "stderr"), name, "merged").stderr,
    }
    : captureFiles(dir, name, merged ? "merged" : "separate");

  const platform = getPlatform();
  const held: Record<StdioStreamName, Uint8Array[]> = {
    stdout: [],
    stderr: [],
  };
  const heldBytes: Record<StdioStreamName, number> = { stdout: 0, stderr: 0 };
  const lines = { stdout: 0, stderr: 0 };
  const bytes = { stdout: 0, stderr: 0 };
  let cutLines = 0;
  const sinks = new Map<string, RotatingFileSink>();
  const sinkOf = (stream: StdioStreamName) =>
    sinks.get(paths[stream]) as RotatingFileSink;

  const emit = (stream: StdioStreamName, whole: Uint8Array) => {
    const count = countNewlines(whole);
    lines[stream] += count;
    sinkOf(stream).write(
      prefix ? prefixLines(whole, count, prefixes[stream]) : whole,
    );
  };
  /** Writes out a held partial line, ended with a newline. */
  const endPartial = (stream: StdioStreamName) => {
    if (heldBytes[stream] === 0) return;
    const parts = held[stream];
    parts.push(Uint8Array.of(newline));
    const line = concat(parts, heldBytes[stream] + 1);
    held[stream] = [];
    heldBytes[stream] = 0;
    emit(stream, line);
  };
  const onWrite = (stream: StdioStreamName, chunk: string | Uint8Array) => {
    const data = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    if (data.length === 0) return;
    bytes[stream] += data.length;
    const last = data.lastIndexOf(newline);
    if (last === -1) {
      held[stream].push(data.slice());
      heldBytes[stream] += data.length;
      if (heldBytes[stream] > maxLineBytes) {
        cutLines++;
        endPartial(stream);
      }
      return;
    }
    const parts = held[stream];
    parts.push(data.subarray(0, last + 1));
    const whole = concat(parts, heldBytes[stream] + last + 1);
    held[stream] = last + 1 === data.length ? [] : [data.slice(last + 1)];
    heldBytes[stream] = data.length - last - 1;
    emit(stream, whole);
  };

  // Registered before the sinks' own exit hooks, so it runs first: held
  // partial lines reach the sinks before they write out for good.
  const removeExitHook = platform.onExit((mode) => {
    if (mode === "flush") return;
    endPartial("stdout");
    endPartial("stderr");
  });
  try {
    for (const path of new Set(Object.values(paths))) {
      sinks.set(path, createRotatingFileSink(path, forSinks));
    }
  } catch (err) {
    removeExitHook();
    for (const sink of sinks.values()) void sink.close();
    if (err instanceof TypeError || err instanceof RangeError) {
      const message = err.message.replace(
        /^Cannot create rotating file sink as/,
        `Cannot create ${subject} as`,
      );
      throw err instanceof RangeError
        ? new RangeError(message, { cause: err })
        : new TypeError(message, { cause: err });
    }
    throw err;
  }
  const files = [...sinks.keys()];
  activeFiles = files;
  const restore = patchStdio({ onWrite, echo });

  let stopping: Promise<void> | undefined;
  return {
    files,
    stats: () => ({
      lines: { ...lines },
      bytes: { ...bytes },
      cutLines,
      files: Object.fromEntries(
        [...sinks].map(([path, sink]) => [path, sink.stats()]),
      ),
    }),
    flush: async () => {
      await Promise.all([...sinks.values()].map((sink) => sink.flush()));
    },
    stop: () => {
      stopping ??= (async () => {
        restore();
        endPartial("stdout");
        endPartial("stderr");
        removeExitHook();
        if (activeFiles === files) activeFiles = undefined;
        await Promise.all([...sinks.values()].map((sink) => sink.close()));
      })();
      return stopping;
    },
  };
}
