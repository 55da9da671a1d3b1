/**
 * The flags every file-writing subcommand shares, and their mapping onto
 * sink options: one flag per sink option.
 *
 * @module
 */
import type { FileSinkOptions } from "../sinks/file_sink.ts";
import { type FlagSpec, type FlagValues, UsageError } from "./args.ts";
import { printError } from "./output.ts";
import type { Diagnostic, DiagnosticKind } from "../diagnostics.ts";

/** Diagnostics that report routine work: shown only with `--verbose`. */
const notices: ReadonlySet<DiagnosticKind> = new Set<DiagnosticKind>([
  "rotated",
  "deleted",
  "info",
]);

/** Flags for the buffered file sink's options. */
export const sinkFlags: readonly FlagSpec[] = [
  {
    name: "flush-bytes",
    kind: "size",
    placeholder: "SIZE",
    description: "flush once this much is buffered",
    defaultText: "256K",
  },
  {
    name: "flush-interval",
    kind: "duration",
    placeholder: "DUR",
    description: "flush buffered lines at most this long after they came in",
    defaultText: "100ms",
  },
  {
    name: "max-buffered",
    kind: "size",
    placeholder: "SIZE",
    description: "memory bound before the overflow policy applies",
    defaultText: "8M",
  },
  {
    name: "overflow",
    kind: ["block", "drop-new", "drop-old", "timeout"],
    description: "what to do when the buffer is full and the file lags",
    defaultText: "block",
  },
  {
    name: "block-timeout",
    kind: "duration",
    placeholder: "DUR",
    description: "how long --overflow block waits before dropping",
    defaultText: "5s",
  },
  {
    name: "overflow-timeout",
    kind: "duration",
    placeholder: "DUR",
    description:
      "with --overflow timeout: how long each line waits for room before it is dropped",
    defaultText: "100ms",
  },
  {
    name: "mode",
    kind: ["append", "truncate"],
    description: "keep or empty an existing file",
    defaultText: "append",
  },
  {
    name: "file-mode",
    kind: "string",
    placeholder: "OCTAL",
    description: "permissions of new files, e.g. 600",
    defaultText: "the replaced file's, else the umask's",
  },
  {
    name: "mkdir",
    kind: "boolean",
    description: "create missing directories (--no-mkdir to refuse)",
    defaultText: "on",
  },
  {
    name: "fsync",
    kind: ["close", "flush", "never"],
    description: "when to fsync the file",
    defaultText: "close",
  },
  {
    name: "max-line",
    kind: "size",
    placeholder: "SIZE",
    description:
      "cut a line longer than this many bytes (at a UTF-8 character boundary)",
    defaultText: "1M",
  },
  {
    name: "on-locked",
    kind: ["numbered", "wait", "fail"],
    description:
      "when the file is held by another writer or cannot be opened: use NAME.001.log…, wait, or fail",
    defaultText: "numbered",
  },
  {
    name: "shared",
    kind: "boolean",
    description: "several processes append to the same file (no lock)",
    defaultText: "off",
  },
  {
    name: "on-disk-full",
    kind: ["fallback", "block", "drop"],
    description:
      "on ENOSPC/EDQUOT/EROFS: send lines to --fallback, hold them, or drop them",
    defaultText: "fallback",
  },
  {
    name: "fallback",
    kind: ["stdout", "stderr"],
    description: "where lines go while the disk is full",
    defaultText: "stdout",
  },
  {
    name: "min-free",
    kind: "size",
    placeholder: "SIZE",
    description: "free space a recovery probe needs before it resumes the file",
    defaultText: "1M",
  },
  {
    name: "verbose",
    kind: "boolean",
    description: "also report rotations and deleted archives on stderr",
    defaultText: "off",
  },
  {
    name: "quiet",
    kind: "boolean",
    description:
      "report nothing on stderr but the error that decides the exit status",
    defaultText: "off",
  },
  {
    name: "recovery-interval",
    kind: "duration",
    placeholder: "DUR",
    description: "time between recovery probes while degraded",
    defaultText: "2s",
  },
];

/** The sink option each sink flag sets (`flush-bytes` → `flushBytes`). */
export const sinkOptionByFlag: Readonly<Record<string, string>> = {
  "flush-bytes": "flushBytes",
  "flush-interval": "flushIntervalMs",
  "max-buffered": "maxBufferedBytes",
  "overflow": "overflow",
  "block-timeout": "blockTimeoutMs",
  "overflow-timeout": "overflowTimeoutMs",
  "mode": "mode",
  "mkdir": "mkdir",
  "fsync": "fsync",
  "max-line": "maxLineBytes",
  "on-locked": "onLocked",
  "shared": "shared",
  "on-disk-full": "onDiskFull",
  "fallback": "fallback",
  "min-free": "minFreeBytes",
  "recovery-interval": "recoveryIntervalMs",
};

/**
 * Maps parsed sink flags onto {@linkcode FileSinkOptions}.
 *
 * @param flags Parsed flag values.
 * @returns Options for `createFileSink()` (diagnostics go to stderr).
 *
 * @example Usage
 * ```ts
 * import { sinkOptionsFromFlags } from "./sink_flags.ts";
 *
 * sinkOptionsFromFlags({ "flush-bytes": 65536 }).flushBytes; // 65536
 * ```
 */
export function sinkOptionsFromFlags(flags: FlagValues): FileSinkOptions {
  const verbose = flags["verbose"] === true;
  const quiet = flags["quiet"] === true;
  if (verbose && quiet) {
    throw new UsageError("logrotor: choose one of --verbose and --quiet");
  }
  const options: Record<string, unknown> = {
    onDiagnostic: (d: Diagnostic) => {
      if (quiet || (!verbose && notices.has(d.kind))) return;
      printError(`logrotor: ${d.target}: ${d.message}\n`);
    },
  };
  for (const [flag, option] of Object.entries(sinkOptionByFlag)) {
    if (flags[flag] !== undefined) options[option] = flags[flag];
  }
  const fileMode = flags["file-mode"];
  if (typeof fileMode === "string") {
    if (!/^0?[0-7]{1,3}$/.test(fileMode)) {
      throw new UsageError(
        `logrotor: --file-mode must be an octal mode from 0 to 777 (e.g. 600, 0640): current value is ${
          JSON.stringify(fileMode)
        }`,
      );
    }
    options["fileMode"] = parseInt(fileMode, 8);
  }
  return options as FileSinkOptions;
}
