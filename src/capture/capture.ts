/**
 * Process capture: run a child and write its stdout and stderr, line by
 * line, into per-app log files (rotated when the sink factory rotates),
 * while subscribers see the lines live.
 *
 * @module
 */
import { countLineBreakBytes } from "../buffer/_lines.ts";
import { basename, join } from "../file/_path.ts";
import { validateAppName } from "../options/app_name.ts";
import { choiceOption, integerOption } from "../options/validate.ts";
import {
  type ExitStatus,
  forwardSignals,
  shellStatus,
  spawnProcess,
} from "../runtime/process_driver.ts";
import { createFileSink } from "../sinks/file_sink.ts";
import { LineBufferStream } from "../buffer/line_buffer.ts";

/**
 * What capture needs from a sink: the shape every logrotor sink has.
 *
 * @example Usage
 * ```ts
 * import type { LineSink } from "logrotor/compose";
 *
 * const decoder = new TextDecoder();
 * const lines: string[] = [];
 * const memory: LineSink = {
 *   write(chunk) {
 *     lines.push(typeof chunk === "string" ? chunk : decoder.decode(chunk));
 *     return true;
 *   },
 *   close: () => Promise.resolve(),
 * };
 * ```
 */
export interface LineSink {
  /** Accepts whole lines synchronously; false when dropped. */
  write(chunk: string | Uint8Array): boolean;
  /** Flushes and releases. */
  close(): Promise<void>;
}

/**
 * Makes the sink for one log file.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink } from "logrotor";
 * import type { SinkFactory } from "logrotor/compose";
 *
 * const rotating: SinkFactory = (path) =>
 *   createRotatingFileSink(path, { maxBytes: 10 * 1024 * 1024, keep: 5 });
 * ```
 */
export type SinkFactory = (path: string) => LineSink;

/**
 * Which of the child's streams a batch of lines came from.
 *
 * @example Usage
 * ```ts
 * import type { OutputStream } from "logrotor/compose";
 *
 * function label(stream: OutputStream): string {
 *   return stream === "stderr" ? "ERR" : "OUT";
 * }
 * ```
 */
export type OutputStream = "stdout" | "stderr";

/**
 * A batch of whole lines from a captured process.
 *
 * @example Usage
 * ```ts
 * import type { CapturedLines } from "logrotor/compose";
 *
 * const text = "listening on :8080\nready\n";
 * const batch: CapturedLines = {
 *   app: "web",
 *   stream: "stdout",
 *   bytes: new TextEncoder().encode(text),
 *   text,
 * };
 * batch.text.split("\n").length - 1; // 2 lines
 * ```
 */
export interface CapturedLines {
  /** The app name. */
  readonly app: string;
  /** Which stream. */
  readonly stream: OutputStream;
  /**
   * One or more lines, each ending in `\n`, exactly as written to the log
   * (the child's bytes, with the time stamps when asked for).
   */
  readonly bytes: Uint8Array;
  /**
   * The same lines decoded as UTF-8 (invalid bytes become U+FFFD here
   * only; the log file keeps the bytes). Decoded when first read.
   */
  readonly text: string;
}

/**
 * Receives captured lines as they are written.
 *
 * @example Usage
 * ```ts
 * import type { LinesListener } from "logrotor/compose";
 *
 * const echoErrors: LinesListener = ({ app, stream, text }) => {
 *   if (stream === "stderr") console.error(`[${app}] ${text.trimEnd()}`);
 * };
 * ```
 */
export type LinesListener = (lines: CapturedLines) => void;

/**
 * Options of {@linkcode captureProcess}.
 *
 * @example Usage
 * ```ts
 * import type { CaptureOptions } from "logrotor";
 *
 * const options: CaptureOptions = {
 *   command: "node",
 *   args: ["server.js"],
 *   name: "web",
 *   dir: "/tmp/logrotor-doc/capture",
 *   files: "merged",
 *   timestamps: true,
 *   env: { PORT: "8080" },
 *   onLines: ({ stream, text }) => {
 *     if (stream === "stderr") console.error(text.trimEnd());
 *   },
 * };
 * // await captureProcess(options);
 * ```
 */
export interface CaptureOptions {
  /** The program to run. */
  readonly command: string;
  /** Its arguments. */
  readonly args?: readonly string[];
  /**
   * The app name used in file names.
   * @default {basename(command)}
   */
  readonly name?: string;
  /**
   * The directory for the logs.
   * @default {"./logs"}
   */
  readonly dir?: string;
  /**
   * `"separate"`: `<name>.out.log` and `<name>.err.log`; `"merged"`: both
   * streams into `<name>.log`.
   * @default {"separate"}
   */
  readonly files?: "separate" | "merged";
  /** Makes each file's sink (default: `createFileSink(path)`). */
  readonly createSink?: SinkFactory;
  /**
   * Prefix every line with an ISO 8601 time stamp.
   * @default {false}
   */
  readonly timestamps?: boolean;
  /**
   * Forward SIGTERM, SIGINT and SIGHUP sent to this process to the child
   * (and wait for it) instead of ending at once.
   * @default {true}
   */
  readonly forwardSignals?: boolean;
  /**
   * When a forwarded SIGTERM or SIGINT has not ended the child after this
   * many ms, send it SIGKILL (like `timeout -k` and systemd's
   * `TimeoutStopSec`, whose default is also 10 s). 0 waits forever.
   * @default {10000}
   */
  readonly killAfterMs?: number;
  /** Told when a child ignored `signal` and was sent SIGKILL. */
  readonly onKill?: (
    info: { app: string; signal: string; afterMs: number },
  ) => void;
  /** The child's working directory. */
  readonly cwd?: string;
  /** Extra environment variables for the child. */
  readonly env?: Record<string, string>;
  /** Sees every batch of lines as it is written. */
  readonly onLines?: LinesListener;
  /**
   * A line longer than this many bytes is cut (at the start of the UTF-8
   * character that straddles the limit; binary bytes exactly at it) and the
   * rest continues as a new line; cuts are counted in
   * {@linkcode CaptureResult.cutLines}.
   * @default {1048576}
   */
  readonly maxLineBytes?: number;
}

/**
 * The outcome of {@linkcode captureProcess}.
 *
 * @example Usage
 * ```ts
 * import type { CaptureResult } from "logrotor";
 *
 * function summary(result: CaptureResult): string {
 *   const { stdout, stderr } = result.lines;
 *   const cut = result.cutLines.stdout + result.cutLines.stderr;
 *   return `exit ${result.exitCode}: ${stdout} out, ${stderr} err lines ` +
 *     `(${cut} cuts) in ${result.files.join(", ")}`;
 * }
 * ```
 */
export interface CaptureResult {
  /** How the child ended. */
  readonly status: ExitStatus;
  /** The shell status to pass on (code, or 128 + signal number). */
  readonly exitCode: number;
  /** The log files written. */
  readonly files: readonly string[];
  /** Lines captured from stdout and stderr. */
  readonly lines: { readonly stdout: number; readonly stderr: number };
  /** Cuts made in lines longer than `maxLineBytes`, per stream. */
  readonly cutLines: { readonly stdout: number; readonly stderr: number };
}

/**
 * The log file paths of an app.
 *
 * @param dir The log directory.
 * @param name The app name.
 * @param files Separate or merged streams.
 * @returns The path for each stream.
 *
 * @example Usage
 * ```ts
 * import { captureFiles } from "logrotor/compose";
 *
 * captureFiles("logs", "web", "separate").stdout; // "logs/web.out.log"
 * ```
 */
export function captureFiles(
  dir: string,
  name: string,
  files: "separate" | "merged",
): Record<OutputStream, string> {
  if (files === "merged") {
    const path = join(dir, `${name}.log`);
    return { stdout: path, stderr: path };
  }
  return {
    stdout: join(dir, `${name}.out.log`),
    stderr: join(dir, `${name}.err.log`),
  };
}

const encoder = new TextEncoder();

/** Prefixes every line of a block of whole lines with an ISO 8601 time. */
function stampLines(lines: Uint8Array, count: number, now: number): Uint8Array {
  const stamp = encoder.encode(new Date(now).toISOString() + " ");
  const out = new Uint8Array(lines.length + count * stamp.length);
  let from = 0;
  let at = 0;
  while (from < lines.length) {
    const end = lines.indexOf(10, from) + 1 || lines.length;
    out.set(stamp, at);
    at += stamp.length;
    out.set(lines.subarray(from, end), at);
    at += end - from;
    from = end;
  }
  return out;
}

/**
 * Runs a command and captures its stdout and stderr into log files until
 * it exits. Lines are never split or interleaved: each stream goes through
 * a line buffer before its sink.
 *
 * @param options The command, where its logs go, and listeners.
 * @returns How the child ended and what was captured.
 * @throws {SpawnError} When the command cannot start.
 *
 * @example Usage
 * ```ts
 * import { captureProcess } from "logrotor";
 *
 * const result = await captureProcess({
 *   command: "sh",
 *   args: ["-c", "echo hello; echo oops >&2"],
 *   name: "hello",
 *   dir: "/tmp/logrotor-capture",
 * });
 * result.exitCode; // 0
 * ```
 */
export async function captureProcess(
  options: CaptureOptions,
): Promise<CaptureResult> {
  if (typeof options.command !== "string" || options.command === "") {
    throw new TypeError(
      `Cannot capture a process as command must be a non-empty string: current value is ${
        JSON.stringify(options.command)
      }`,
    );
  }
  const name = validateAppName(
    options.name ?? basename(options.command),
    "capture",
  );
  const layout = choiceOption("capture", "files", options.files, [
    "separate",
    "merged",
  ]);
  const paths = captureFiles(options.dir ?? "./logs", name, layout);
  const createSink = options.createSink ?? ((path) => createFileSink(path));
  const killAfterMs = integerOption(
    "capture",
    "killAfterMs",
    options.killAfterMs,
    10_000,
    0,
  );
  const maxLineBytes = integerOption(
    "capture",
    "maxLineBytes",
    options.maxLineBytes,
    1024 * 1024,
    1,
  );
  const sinks = new Map<string, LineSink>();
  for (const path of new Set(Object.values(paths))) {
    sinks.set(path, createSink(path));
  }
  const child = await spawnProcess(options.command, [...(options.args ?? [])], {
    dieWithParent: true,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const stopForwarding = options.forwardSignals === false
    ? () => {}
    : forwardSignals(child, {
      killAfterMs,
      onKill: (signal) =>
        options.onKill?.({ app: name, signal, afterMs: killAfterMs }),
    });
  const counts = { stdout: 0, stderr: 0 };
  const onLines = options.onLines;
  const splitters = {
    stdout: new LineBufferStream({ maxLineBytes }),
    stderr: new LineBufferStream({ maxLineBytes }),
  };
  // Bytes all the way: lines are split on 0x0A and never decoded, so the
  // log holds exactly what the child wrote (like `logrotor write`).
  function pump(stream: OutputStream, source: ReadableStream<Uint8Array>) {
    const sink = sinks.get(paths[stream]) as LineSink;
    return source.pipeThrough(splitters[stream]).pipeTo(
      new WritableStream<Uint8Array>({
        write(chunk) {
          const lines = countLineBreakBytes(chunk, 0, chunk.length);
          counts[stream] += lines;
          const bytes = options.timestamps
            ? stampLines(chunk, lines, Date.now())
            : chunk;
          sink.write(bytes);
          if (onLines === undefined) return;
          let text: string | undefined;
          try {
            onLines({
              app: name,
              stream,
              bytes,
              get text() {
                return text ??= new TextDecoder().decode(bytes);
              },
            });
          } catch {
            // a listener must not stop the capture
          }
        },
      }),
    );
  }
  try {
    await Promise.all([
      pump("stdout", child.stdout),
      pump("stderr", child.stderr),
    ]);
    const status = await child.exited;
    return {
      status,
      exitCode: shellStatus(status),
      files: [...sinks.keys()],
      lines: counts,
      cutLines: {
        stdout: splitters.stdout.splitLines,
        stderr: splitters.stderr.splitLines,
      },
    };
  } finally {
    stopForwarding();
    await Promise.all([...sinks.values()].map((sink) => sink.close()));
  }
}
