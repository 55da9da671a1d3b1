/**
 * The resilience half of a file sink, shared by `createFileSink()` and
 * `createRotatingFileSink()`: one place checks the options (locking,
 * numbered variants, shared mode, degraded mode, cleanup, recovery) and
 * the file sink factories compose `ResilientTarget → VariantTarget → (a
 * target per path)` from them.
 *
 * @module
 */
import {
  booleanOption,
  choiceOption,
  functionOption,
  integerOption,
  maxTimerMs,
} from "./validate.ts";
import { maxHeldBytes } from "./buffer_options.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import type { Fallback, OnDiskFull } from "../degraded/fallback.ts";
import type { OnLocked } from "../file/variant_choice.ts";

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
 * The resilience options, checked and with their defaults applied.
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
export interface ResolvedResilience {
  /** See `ResilienceOptions.onLocked`. */
  readonly onLocked: OnLocked;
  /** See `ResilienceOptions.shared`. */
  readonly shared: boolean;
  /** See `ResilienceOptions.mkdir`. */
  readonly mkdir: boolean;
  /** See `ResilienceOptions.fileMode`; `undefined` when not given. */
  readonly fileMode: number | undefined;
  /** See `ResilienceOptions.maxVariants`. */
  readonly maxVariants: number;
  /** See `ResilienceOptions.waitMaxDelayMs`. */
  readonly waitMaxDelayMs: number;
  /** See `ResilienceOptions.onDiskFull`. */
  readonly onDiskFull: OnDiskFull;
  /** See `ResilienceOptions.fallback`. */
  readonly fallback: Fallback;
  /** See `ResilienceOptions.minFreeBytes`. */
  readonly minFreeBytes: number;
  /** See `ResilienceOptions.recoveryIntervalMs`. */
  readonly recoveryIntervalMs: number;
  /** See `ResilienceOptions.cleanup`; `undefined` when the user gave none. */
  readonly cleanup: ((bytesWanted: number) => number) | undefined;
  /** See `ResilienceOptions.cleanupBytes`. */
  readonly cleanupBytes: number;
  /** See `ResilienceOptions.truncateOnDiskFull`. */
  readonly truncateOnDiskFull: boolean;
  /** See `ResilienceOptions.replayBytes`. */
  readonly replayBytes: number;
}

function fileModeOption(
  subject: string,
  value: unknown,
): number | undefined {
  if (value === undefined) return undefined;
  const mode = integerOption(subject, "fileMode", value, 0, 0);
  if (mode > 0o777) {
    throw new RangeError(
      `Cannot create ${subject} as fileMode must be <= 0o777 (511): current value is ${mode} (0o${
        mode.toString(8)
      })`,
    );
  }
  return mode;
}

/**
 * Checks the resilience options of a file sink and applies their
 * defaults. Throws `TypeError`/`RangeError` in the form "Cannot create
 * file sink as minFreeBytes must be >= 0: current value is -1".
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
  const minFreeBytes = integerOption(
    subject,
    "minFreeBytes",
    options.minFreeBytes,
    1024 * 1024,
    0,
  );
  const maxVariants = integerOption(
    subject,
    "maxVariants",
    options.maxVariants,
    999,
    0,
  );
  if (maxVariants > 999) {
    throw new RangeError(
      `Cannot create ${subject} as maxVariants must be <= 999: current value is ${maxVariants}`,
    );
  }
  return {
    onLocked: choiceOption(subject, "onLocked", options.onLocked, [
      "numbered",
      "wait",
      "fail",
    ]),
    shared: booleanOption(subject, "shared", options.shared, false),
    mkdir: booleanOption(subject, "mkdir", options.mkdir, true),
    fileMode: fileModeOption(subject, options.fileMode),
    maxVariants,
    waitMaxDelayMs: integerOption(
      subject,
      "waitMaxDelayMs",
      options.waitMaxDelayMs,
      2000,
      1,
      maxTimerMs,
    ),
    onDiskFull: choiceOption(subject, "onDiskFull", options.onDiskFull, [
      "fallback",
      "block",
      "drop",
    ]),
    fallback: fallbackOption(subject, options.fallback),
    minFreeBytes,
    recoveryIntervalMs: integerOption(
      subject,
      "recoveryIntervalMs",
      options.recoveryIntervalMs,
      2000,
      1,
      maxTimerMs,
    ),
    cleanup: functionOption(subject, "cleanup", options.cleanup),
    cleanupBytes: integerOption(
      subject,
      "cleanupBytes",
      options.cleanupBytes,
      minFreeBytes,
      0,
    ),
    truncateOnDiskFull: booleanOption(
      subject,
      "truncateOnDiskFull",
      options.truncateOnDiskFull,
      false,
    ),
    replayBytes: integerOption(
      subject,
      "replayBytes",
      options.replayBytes,
      0,
      0,
      maxHeldBytes,
    ),
  };
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
} = {
  mkdir: true,
  fileDriver: true,
  platform: true,
  onLocked: true,
  shared: true,
  maxVariants: true,
  waitMaxDelayMs: true,
  onDiskFull: true,
  fallback: true,
  minFreeBytes: true,
  recoveryIntervalMs: true,
  cleanup: true,
  cleanupBytes: true,
  truncateOnDiskFull: true,
  replayBytes: true,
  fileMode: true,
};

/**
 * Refuses a sink path that names an existing directory (a file sink would
 * otherwise find it unusable and write to a numbered sibling). Throws a
 * `TypeError`: the path is wrong the way a bad option is wrong, and the
 * caller learns it at construction, not from a diagnostic later.
 *
 * @param subject What is created (`"file sink"`).
 * @param path The sink's file.
 * @param fs File operations.
 *
 * @example Usage
 * ```ts
 * import { checkSinkPath } from "./resilience_options.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * checkSinkPath("file sink", "/tmp/logrotor-doc/app.log", getPlatform().fs);
 * ```
 */
export function checkSinkPath(
  subject: string,
  path: string,
  fs: FileDriver,
): void {
  let isDirectory = false;
  try {
    isDirectory = fs.stat(path)?.isDirectory ?? false;
  } catch {
    return; // unreadable here: the open reports it (and onLocked applies)
  }
  if (isDirectory) {
    throw new TypeError(
      `Cannot create ${subject} as path must name a file, not a directory: current value is ${
        JSON.stringify(path)
      }`,
    );
  }
}

function fallbackOption(subject: string, value: unknown): Fallback {
  if (value === undefined) return "stdout";
  if (value === "stdout" || value === "stderr") return value;
  if (
    typeof value === "function" ||
    (typeof value === "object" && value !== null &&
      typeof (value as { write?: unknown }).write === "function")
  ) {
    return value as Fallback;
  }
  throw new TypeError(
    `Cannot create ${subject} as fallback must be "stdout", "stderr", a target, a sink or a function: current value is ${
      typeof value === "string" ? JSON.stringify(value) : typeof value
    }`,
  );
}
