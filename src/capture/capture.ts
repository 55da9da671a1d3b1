/**
 * Process capture: run a child and write its stdout and stderr, line by
 * line, into per-app log files (rotated when the sink factory rotates),
 * while subscribers see the lines live. The child is supervised: it dies
 * with this process, and stop signals are forwarded to it.
 *
 * @module
 */
import { basename } from "../file/_path.ts";
import { validateAppName } from "../options/app_name.ts";
import { choiceOption, integerOption } from "../options/validate.ts";
import { type ExitStatus, shellStatus } from "../runtime/exit_status.ts";
import { forwardSignals } from "../runtime/forward_signals.ts";
import { spawnProcess } from "../runtime/spawn_process.ts";
import { createFileSink } from "../sinks/file_sink.ts";
import {
  captureFiles,
  type LineSink,
  type SinkFactory,
} from "./capture_files.ts";
import { type LinesListener, StreamCapture } from "./capture_stream.ts";

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
  const capture = (stream: "stdout" | "stderr") =>
    new StreamCapture({
      app: name,
      stream,
      sink: sinks.get(paths[stream]) as LineSink,
      maxLineBytes,
      ...(options.timestamps === undefined
        ? {}
        : { timestamps: options.timestamps }),
      ...(options.onLines === undefined ? {} : { onLines: options.onLines }),
    });
  const stdout = capture("stdout");
  const stderr = capture("stderr");
  try {
    await Promise.all([stdout.pump(child.stdout), stderr.pump(child.stderr)]);
    const status = await child.exited;
    return {
      status,
      exitCode: shellStatus(status),
      files: [...sinks.keys()],
      lines: { stdout: stdout.lines, stderr: stderr.lines },
      cutLines: { stdout: stdout.cutLines, stderr: stderr.cutLines },
    };
  } finally {
    stopForwarding();
    await Promise.all([...sinks.values()].map((sink) => sink.close()));
  }
}
