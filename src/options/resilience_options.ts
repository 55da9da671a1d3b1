/**
 * The resilience half of a file sink, shared by `createFileSink()` and
 * `createRotatingFileSink()`: one place checks the options (locking,
 * numbered variants, shared mode, degraded mode, cleanup, recovery) and
 * the file sink factories compose `ResilientTarget → VariantTarget → (a
 * target per path)` from them.
 *
 * @module
 */
import { maxTimerMs } from "./validate.ts";
import { fallbackOption, fileModeOption } from "./_resilience_values.ts";
import { keysOf, type ResolvedOf, resolveOptions } from "./option_table.ts";
import type {
  EveryKeyHasARow,
  OptionRow,
  ResolvedSoFar,
} from "./option_row.ts";
import { maxHeldBytes } from "./buffer_options.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import type { Fallback, OnDiskFull, OnLocked } from "./policies.ts";

/**
 * The resilience options of the file sinks (`createFileSink()`,
 * `createRotatingFileSink()`): locking, numbered variants, shared mode,
 * degraded mode, emergency cleanup and recovery.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", {
 *   onLocked: "numbered",
 *   onDiskFull: "fallback",
 *   fallback: "stderr",
 * });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export interface ResilienceOptions {
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

/**
 * The resilience options, checked and with their defaults applied: derived
 * from {@linkcode resilienceOptionTable} (`fileMode` and `cleanup` stay
 * `undefined` when not given; `fileDriver` and `platform` are not resolved
 * here).
 *
 * @example Usage
 * ```ts
 * import { resolveResilience } from "./resilience_options.ts";
 *
 * const resolved = resolveResilience("file sink", { shared: true });
 * resolved.onLocked; // "numbered"
 * resolved.minFreeBytes; // 1048576
 * ```
 */
export type ResolvedResilience = ResolvedOf<
  ResilienceOptions,
  typeof resilienceOptionTable
>;

/** The default `cleanupBytes`: `minFreeBytes`. */
function minFreeBytesOf(resolved: ResolvedSoFar): number {
  return resolved.minFreeBytes as number;
}

/**
 * Every option of {@linkcode ResilienceOptions}, in the order they are
 * checked (and read from a configuration).
 *
 * @example Usage
 * ```ts
 * import { resilienceOptionTable } from "./resilience_options.ts";
 *
 * resilienceOptionTable.map((row) => row.name); // ["mkdir", "onLocked", …]
 * ```
 */
export const resilienceOptionTable = [
  {
    name: "mkdir",
    type: "bool",
    default: true,
    doc: "Create missing parent directories.",
    flag: {
      name: "mkdir",
      doc: "create missing directories (--no-mkdir to refuse)",
    },
  },
  {
    name: "onLocked",
    type: "choice",
    choices: ["numbered", "wait", "fail"],
    doc:
      "When the file is held by another writer or cannot be opened: use app.001.log…, wait, or fail.",
    flag: {
      name: "on-locked",
      doc:
        "when the file is held by another writer or cannot be opened: use NAME.001.log…, wait, or fail",
    },
  },
  {
    name: "shared",
    type: "bool",
    default: false,
    doc: "Several processes append to the same file (no lock).",
    flag: { name: "shared" },
  },
  {
    name: "maxVariants",
    type: "int",
    min: 0,
    max: 999,
    default: 999,
    doc: "The highest numbered variant tried (app.999.log).",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "waitMaxDelayMs",
    type: "duration",
    min: 1,
    max: maxTimerMs,
    default: 2000,
    doc: 'With onLocked "wait": the longest pause between two tries.',
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "onDiskFull",
    type: "choice",
    choices: ["fallback", "block", "drop"],
    doc:
      "On ENOSPC/EDQUOT/EROFS/EFBIG: send lines to the fallback, hold them, or drop them.",
    flag: {
      name: "on-disk-full",
      doc:
        "on ENOSPC/EDQUOT/EROFS: send lines to --fallback, hold them, or drop them",
    },
  },
  {
    name: "fallback",
    type: "choice",
    choices: ["stdout", "stderr"],
    doc:
      'Where lines go in degraded mode: "stdout", "stderr" (API: also a target, a sink or a function).',
    flag: { name: "fallback", doc: "where lines go while the disk is full" },
    check: fallbackOption,
  },
  {
    name: "minFreeBytes",
    type: "size",
    min: 0,
    default: 1024 * 1024,
    doc: "Free space a recovery probe needs before it tries the file again.",
    flag: {
      name: "min-free",
      doc: "free space a recovery probe needs before it resumes the file",
    },
  },
  {
    name: "recoveryIntervalMs",
    type: "duration",
    min: 1,
    max: maxTimerMs,
    default: 2000,
    doc: "Time between recovery probes in degraded mode.",
    flag: {
      name: "recovery-interval",
      doc: "time between recovery probes while degraded",
    },
  },
  {
    name: "cleanupBytes",
    type: "size",
    min: 0,
    default: minFreeBytesOf,
    doc:
      "Bytes the emergency cleanup is asked to free beyond the failed batch (default: minFreeBytes).",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "truncateOnDiskFull",
    type: "bool",
    default: false,
    doc: "When cleanup freed too little, truncate the live file (opt-in).",
    flag: { none: "destructive: API and configuration only" },
  },
  {
    name: "replayBytes",
    type: "size",
    min: 0,
    max: maxHeldBytes,
    default: 0,
    doc:
      "Keep this much of the fallback's lines and write them into the file on recovery (0: off).",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "fileMode",
    type: "int",
    min: 0,
    max: 0o777,
    doc:
      "The permission bits of every file the sink creates (unset: keep the replaced file's).",
    flag: {
      name: "file-mode",
      kind: "string",
      placeholder: "OCTAL",
      doc: "permissions of new files, e.g. 600",
      defaultText: "the replaced file's, else the umask's",
    },
    config: false,
    check: fileModeOption,
  },
  {
    name: "cleanup",
    type: "function",
    doc: "Emergency cleanup on a full disk; returns the bytes it freed.",
    flag: { none: "a function" },
    config: false,
  },
  {
    name: "fileDriver",
    type: "object",
    doc: "The file driver to use instead of the runtime's (tests).",
    flag: { none: "an object (tests)" },
    config: false,
  },
  {
    name: "platform",
    type: "object",
    doc: "The platform to use instead of the detected one (tests).",
    flag: { none: "an object (tests)" },
    config: false,
  },
] as const satisfies readonly (OptionRow & {
  readonly name: keyof ResilienceOptions;
})[];

// Every option has a row (a missing one fails to type-check here).
const _covered: EveryKeyHasARow<
  keyof ResilienceOptions,
  typeof resilienceOptionTable
> = true;
void _covered;

/**
 * Checks the resilience options of a file sink against
 * {@linkcode resilienceOptionTable} and applies their defaults. Throws
 * `TypeError`/`RangeError` in the form "Cannot create file sink as
 * minFreeBytes must be >= 0: current value is -1".
 *
 * @param subject What is created (`"file sink"`, `"rotating file sink"`).
 * @param options The user's options.
 * @returns The checked values.
 *
 * @example Usage
 * ```ts
 * import { resolveResilience } from "./resilience_options.ts";
 *
 * resolveResilience("rotating file sink", { onLocked: "wait" }).waitMaxDelayMs; // 2000
 * ```
 */
export function resolveResilience(
  subject: string,
  options: ResilienceOptions,
): ResolvedResilience {
  const { fileDriver: _d, platform: _p, ...resolved } = resolveOptions(
    subject,
    resilienceOptionTable,
    options,
  );
  return resolved as unknown as ResolvedResilience;
}

/**
 * The keys of a file sink's options that are not buffering options (those
 * are {@linkcode bufferedSinkKeys}), shared by the file and rotating sinks.
 * `fileMode` is the mode of new files.
 *
 * @example Usage
 * ```ts
 * import { resilienceKeys } from "./resilience_options.ts";
 *
 * Object.hasOwn(resilienceKeys, "onDiskFull"); // true
 * ```
 */
export const resilienceKeys: {
  readonly [K in keyof ResilienceOptions]-?: true;
} = keysOf(resilienceOptionTable) as {
  readonly [K in keyof ResilienceOptions]-?: true;
};
