/**
 * The buffered sink's options, declared once: the public option types, a
 * table of rows (name, type, range, default, doc, CLI flag, config key) and
 * the checks and the resolved options derived from it.
 *
 * @module
 */
import * as validate from "./validate.ts";
import { keysOf, resolveOptions } from "./option_table.ts";
import type {
  EveryKeyHasARow,
  OptionRow,
  ResolvedSoFar,
} from "./option_row.ts";
import type { DiagnosticListener } from "../diagnostics.ts";

/**
 * What happens when the buffer is full and the target cannot take more.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { OverflowPolicy } from "logrotor/compose";
 *
 * // never stall the caller: when the buffer is full, lose the oldest lines
 * const overflow: OverflowPolicy = "drop-old";
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", { overflow });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export type OverflowPolicy = "block" | "drop-new" | "drop-old" | "timeout";

/**
 * When the sink calls fsync.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { FsyncPolicy } from "logrotor/compose";
 *
 * // an audit log: durable after every flush, at a cost in throughput
 * const fsync: FsyncPolicy = "flush";
 * const sink = createFileSink("/tmp/logrotor-doc/audit.log", { fsync });
 * sink.write("user 42 deleted invoice 7\n");
 * await sink.close();
 * ```
 */
export type FsyncPolicy = "close" | "flush" | "never";

/**
 * Options shared by every buffered sink.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { BufferedSinkOptions } from "logrotor/compose";
 *
 * const buffering: BufferedSinkOptions = {
 *   flushBytes: 64 * 1024,
 *   flushIntervalMs: 200,
 *   maxBufferedBytes: 4 * 1024 * 1024,
 *   overflow: "drop-new",
 *   fsync: "close",
 * };
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", buffering);
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export interface BufferedSinkOptions {
  /**
   * Flush once this many bytes are buffered. 256 KiB keeps the rare call
   * that flushes out of the 99.9th latency percentile (at 64 KiB one call
   * in ~550 pays for a 40 µs flush) at no cost in throughput (measured in
   * bench/hotpath_bench.ts).
   * @default {262144}
   */
  readonly flushBytes?: number;
  /**
   * Flush buffered lines at most this long after they were written. The
   * timer never keeps the process alive. `0` turns timed flushing off.
   * @default {100}
   */
  readonly flushIntervalMs?: number;
  /**
   * Memory bound: bytes held (buffered plus not yet accepted by the target)
   * before the overflow policy applies.
   * @default {8388608}
   */
  readonly maxBufferedBytes?: number;
  /**
   * `"block"` waits on the caller's thread until there is room: it is
   * meant not to lose lines, and `blockTimeoutMs` is only a safety net
   * (after it runs out once, new lines are dropped at once until a write
   * works again). `"timeout"` waits at most `overflowTimeoutMs` for every
   * line that does not fit, then drops that line (counted) and waits
   * again for the next one. `"drop-new"` rejects the new chunk;
   * `"drop-old"` discards the oldest buffered lines. Every drop is counted
   * and a line `… N lines dropped …` is written when writing resumes.
   * Neither `"block"` nor `"timeout"` waits for a permission Deno denied
   * (it is never granted while the process runs): the lines are dropped
   * at once.
   * @default {"block"}
   */
  readonly overflow?: OverflowPolicy;
  /**
   * How long `"block"` waits for the target before dropping.
   * @default {5000}
   */
  readonly blockTimeoutMs?: number;
  /**
   * With `overflow: "timeout"`: how long each write that does not fit
   * waits for room (0 to 2^31 - 1 ms) before its line is dropped. Giving
   * it with another policy is an error.
   * @default {100}
   */
  readonly overflowTimeoutMs?: number;
  /**
   * `"flush"`: fsync after every flush; `"close"`: at close and exit;
   * `"never"`.
   * @default {"close"}
   */
  readonly fsync?: FsyncPolicy;
  /**
   * A line longer than this many bytes is cut at the limit, rounded down
   * to a UTF-8 character boundary, and ended with a newline; the rest
   * continues as a new line (counted in `stats().splitLines`). This holds
   * for a line that arrives in one piece and for one built from many
   * writes. A line of exactly this length is not cut.
   * @default {1048576}
   */
  readonly maxLineBytes?: number;
  /**
   * Flush synchronously on every way the process can end (exit, signals,
   * uncaught errors).
   * @default {true}
   */
  readonly flushOnExit?: boolean;
  /** Receives diagnostics; defaults to one line on standard error. */
  readonly onDiagnostic?: DiagnosticListener;
}

/** The largest `flushBytes`: one batch is allocated twice over up front. */
export const maxFlushBytes = 64 * 1024 * 1024;
/** The largest `maxBufferedBytes` and `maxLineBytes` (1 GiB). */
export const maxHeldBytes = 1024 * 1024 * 1024;

/**
 * {@linkcode BufferedSinkOptions} with every default applied and every
 * value checked (`onDiagnostic` stays optional: its default lives with the
 * diagnostics).
 *
 * @example Usage
 * ```ts
 * import { resolveBufferOptions } from "./buffer_options.ts";
 * import type { ResolvedBufferOptions } from "./buffer_options.ts";
 *
 * const resolved: ResolvedBufferOptions = resolveBufferOptions("file sink", {});
 * resolved.flushBytes; // 262144
 * ```
 */
export type ResolvedBufferOptions =
  & {
    readonly [K in Exclude<keyof BufferedSinkOptions, "onDiagnostic">]-?:
      NonNullable<BufferedSinkOptions[K]>;
  }
  & { readonly onDiagnostic: DiagnosticListener | undefined };

/**
 * One option of the buffered sink: a row of an {@linkcode OptionRow} table
 * named by a key of {@linkcode BufferedSinkOptions}.
 *
 * @example Usage
 * ```ts
 * import type { BufferOptionRow } from "./buffer_options.ts";
 *
 * const row: BufferOptionRow = {
 *   name: "flushIntervalMs",
 *   type: "duration",
 *   min: 0,
 *   max: 2 ** 31 - 1,
 *   default: 100,
 *   doc: "Flush buffered lines at most this long after they were written.",
 *   flag: { name: "flush-interval" },
 * };
 * ```
 */
export type BufferOptionRow = OptionRow & {
  readonly name: keyof BufferedSinkOptions;
};

/** `overflowTimeoutMs`: a duration, and only with `overflow: "timeout"`. */
function overflowTimeoutOption(
  subject: string,
  key: string,
  value: unknown,
  resolved: ResolvedSoFar,
): number {
  if (value !== undefined && resolved.overflow !== "timeout") {
    throw new TypeError(
      `Cannot create ${subject} as ${key} must be given only with overflow "timeout": current overflow is "${
        String(resolved.overflow)
      }"`,
    );
  }
  return validate.integerOption(
    subject,
    key,
    value,
    100,
    0,
    validate.maxTimerMs,
  );
}

/** The default `maxBufferedBytes`: four batches, at least 8 MiB. */
function fourBatches(resolved: ResolvedSoFar): number {
  return Math.max(8 * 1024 * 1024, (resolved.flushBytes as number) * 4);
}

/**
 * Every option of {@linkcode BufferedSinkOptions}, in the order they are
 * checked.
 *
 * @example Usage
 * ```ts
 * import { bufferOptionTable } from "./buffer_options.ts";
 *
 * bufferOptionTable.map((row) => row.name); // ["flushBytes", …]
 * ```
 */
export const bufferOptionTable = [
  {
    name: "flushBytes",
    type: "size",
    min: 1,
    max: maxFlushBytes,
    default: 256 * 1024,
    doc: "Flush once this many bytes are buffered.",
    flag: { name: "flush-bytes", doc: "flush once this much is buffered" },
  },
  {
    name: "flushIntervalMs",
    type: "duration",
    min: 0,
    max: validate.maxTimerMs,
    default: 100,
    doc: "Flush buffered lines at most this long after they were written.",
    flag: {
      name: "flush-interval",
      doc: "flush buffered lines at most this long after they came in",
    },
  },
  {
    name: "maxBufferedBytes",
    type: "size",
    min: 1,
    max: maxHeldBytes,
    default: fourBatches,
    atLeast: "flushBytes",
    doc: "Bytes held before the overflow policy applies.",
    flag: {
      name: "max-buffered",
      doc: "memory bound before the overflow policy applies",
      defaultText: "8M",
    },
  },
  {
    name: "overflow",
    type: "choice",
    choices: ["block", "drop-new", "drop-old", "timeout"],
    doc: "What happens when the buffer is full.",
    flag: {
      name: "overflow",
      doc: "what to do when the buffer is full and the file lags",
    },
  },
  {
    name: "blockTimeoutMs",
    type: "duration",
    min: 0,
    max: validate.maxTimerMs,
    default: 5000,
    doc: 'How long "block" waits for the target before dropping.',
    flag: {
      name: "block-timeout",
      doc: "how long --overflow block waits before dropping",
    },
  },
  {
    name: "overflowTimeoutMs",
    type: "duration",
    min: 0,
    max: validate.maxTimerMs,
    default: 100,
    doc: 'With "timeout": how long a line waits for room before it is dropped.',
    flag: {
      name: "overflow-timeout",
      doc:
        "with --overflow timeout: how long each line waits for room before it is dropped",
      defaultText: "100ms",
    },
    check: overflowTimeoutOption,
  },

  {
    name: "fsync",
    type: "choice",
    choices: ["close", "flush", "never"],
    doc: "When the sink calls fsync.",
    flag: { name: "fsync", doc: "when to fsync the file" },
  },
  {
    name: "maxLineBytes",
    type: "size",
    min: 1,
    max: maxHeldBytes,
    default: 1024 * 1024,
    doc: "A longer line is cut at a UTF-8 boundary.",
    flag: {
      name: "max-line",
      doc:
        "cut a line longer than this many bytes (at a UTF-8 character boundary)",
    },
  },
  {
    name: "onDiagnostic",
    type: "function",
    doc: "Receives diagnostics; defaults to one line on standard error.",
    flag: { none: "a function (the CLI prints diagnostics to stderr)" },
    config: false,
  },
  {
    name: "flushOnExit",
    type: "bool",
    default: true,
    doc: "Flush synchronously on every way the process can end.",
    flag: { none: "the CLI always flushes at exit" },
  },
] as const satisfies readonly BufferOptionRow[];

// Every option has a row (a missing one fails to type-check here).
const _covered: EveryKeyHasARow<
  keyof BufferedSinkOptions,
  typeof bufferOptionTable
> = true;
void _covered;

/**
 * Every key of {@linkcode BufferedSinkOptions}, for unknown-key checks.
 *
 * @example Usage
 * ```ts
 * import { bufferedSinkKeys } from "./buffer_options.ts";
 *
 * Object.hasOwn(bufferedSinkKeys, "flushBytes"); // true
 * ```
 */
export const bufferedSinkKeys: {
  readonly [K in keyof BufferedSinkOptions]-?: true;
} = keysOf(bufferOptionTable) as {
  readonly [K in keyof BufferedSinkOptions]-?: true;
};

/**
 * Checks the buffered sink's options against {@linkcode bufferOptionTable}
 * and applies the defaults. Misuse throws `TypeError`/`RangeError` ("Cannot
 * create file sink as flushBytes must be >= 1: current value is 0").
 *
 * @param subject What is being created ("file sink").
 * @param options The given options.
 * @returns Every option, checked, with its default applied.
 *
 * @example Usage
 * ```ts
 * import { resolveBufferOptions } from "./buffer_options.ts";
 *
 * resolveBufferOptions("file sink", { overflow: "drop-old" }).overflow; // "drop-old"
 * ```
 */
export function resolveBufferOptions(
  subject: string,
  options: BufferedSinkOptions,
): ResolvedBufferOptions {
  return resolveOptions(
    subject,
    bufferOptionTable,
    options,
  ) as unknown as ResolvedBufferOptions;
}
