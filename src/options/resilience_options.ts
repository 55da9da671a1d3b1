/**
 * The resilience half of a file sink, shared by `createFileSink()` and
 * `createRotatingFileSink()`: one place checks the options (locking,
 * numbered variants, shared mode, degraded mode, cleanup, recovery) and
 * composes `ResilientTarget → VariantTarget → (a target per path)`.
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
import { type BufferedSinkOptions, maxHeldBytes } from "./buffer_options.ts";
import type { DiagnosticKind } from "../diagnostics.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import type { FileSinkOptions } from "../sinks/file_sink.ts";
import {
  type Fallback,
  type OnDiskFull,
  ResilientTarget,
} from "../degraded/resilient_target.ts";
import {
  type OnLocked,
  type OpenableTarget,
  VariantTarget,
} from "../file/variant_target.ts";

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
  /** See `FileSinkOptions.onLocked`. */
  readonly onLocked: OnLocked;
  /** See `FileSinkOptions.shared`. */
  readonly shared: boolean;
  /** See `FileSinkOptions.mkdir`. */
  readonly mkdir: boolean;
  /** See `FileSinkOptions.fileMode`; `undefined` when not given. */
  readonly fileMode: number | undefined;
  /** See `FileSinkOptions.maxVariants`. */
  readonly maxVariants: number;
  /** See `FileSinkOptions.waitMaxDelayMs`. */
  readonly waitMaxDelayMs: number;
  /** See `FileSinkOptions.onDiskFull`. */
  readonly onDiskFull: OnDiskFull;
  /** See `FileSinkOptions.fallback`. */
  readonly fallback: Fallback;
  /** See `FileSinkOptions.minFreeBytes`. */
  readonly minFreeBytes: number;
  /** See `FileSinkOptions.recoveryIntervalMs`. */
  readonly recoveryIntervalMs: number;
  /** See `FileSinkOptions.cleanup`; `undefined` when the user gave none. */
  readonly cleanup: ((bytesWanted: number) => number) | undefined;
  /** See `FileSinkOptions.cleanupBytes`. */
  readonly cleanupBytes: number;
  /** See `FileSinkOptions.truncateOnDiskFull`. */
  readonly truncateOnDiskFull: boolean;
  /** See `FileSinkOptions.replayBytes`. */
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
  options: FileSinkOptions,
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
  readonly [
    K in
      | Exclude<keyof FileSinkOptions, keyof BufferedSinkOptions | "mode">
      | "fileMode"
  ]-?: true;
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

/**
 * What {@linkcode composeResilientTarget} needs besides the checked
 * options.
 *
 * @example Usage
 * ```ts
 * import type { ResilientChainParts } from "./resilience_options.ts";
 * import { FileTarget } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const parts: ResilientChainParts = {
 *   path: "/tmp/logrotor-chain-doc/app.log",
 *   fs: platform.fs,
 *   platform,
 *   createTarget: (p) =>
 *     new FileTarget(platform.fs, p, { mode: "append", mkdir: true }),
 *   report: () => {},
 * };
 * ```
 */
export interface ResilientChainParts {
  /** The primary file. */
  readonly path: string;
  /** File operations. */
  readonly fs: FileDriver;
  /** Clocks, timers, process facts. */
  readonly platform: Platform;
  /** Builds the target for one path (the primary or a numbered variant). */
  readonly createTarget: (path: string) => OpenableTarget;
  /** Receives the chain's events. */
  readonly report: (
    kind: DiagnosticKind,
    message: string,
    error?: unknown,
  ) => void;
  /**
   * The emergency cleanup when the user gave none (a rotating sink deletes
   * its oldest archives). Receives the variant target to find the file in
   * use.
   */
  readonly defaultCleanup?: (
    variants: VariantTarget,
  ) => (bytesWanted: number) => number;
  /**
   * Whether the variant target checks in shared mode, on every write,
   * that the file was renamed away. `false` when the per-path target does
   * that itself (a rotating target).
   * @default {true}
   */
  readonly checkRenames?: boolean;
}

/**
 * Composes `ResilientTarget → VariantTarget → createTarget(path)`.
 *
 * @param resolved The checked options (see {@linkcode resolveResilience}).
 * @param parts Paths, driver, platform, the per-path target factory.
 * @returns The outer (resilient) target and the variant target inside it.
 *
 * @example Usage
 * ```ts
 * import {
 *   composeResilientTarget,
 *   resolveResilience,
 * } from "./resilience_options.ts";
 * import { FileTarget } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const { target } = composeResilientTarget(
 *   resolveResilience("file sink", {}),
 *   {
 *     path: "/tmp/logrotor-chain-doc/app.log",
 *     fs: platform.fs,
 *     platform,
 *     createTarget: (p) =>
 *       new FileTarget(platform.fs, p, { mode: "append", mkdir: true }),
 *     report: () => {},
 *   },
 * );
 * target.status().state; // "ok"
 * ```
 */
export function composeResilientTarget(
  resolved: ResolvedResilience,
  parts: ResilientChainParts,
): { target: ResilientTarget; variants: VariantTarget } {
  const variants = new VariantTarget(parts.fs, parts.platform, parts.path, {
    onLocked: resolved.onLocked,
    shared: resolved.shared,
    mkdir: resolved.mkdir,
    maxVariants: resolved.maxVariants,
    waitMaxDelayMs: resolved.waitMaxDelayMs,
    createTarget: parts.createTarget,
    checkRenames: parts.checkRenames ?? true,
    report: parts.report,
  });
  const target = new ResilientTarget(variants, parts.fs, parts.platform, {
    onDiskFull: resolved.onDiskFull,
    fallback: resolved.fallback,
    minFreeBytes: resolved.minFreeBytes,
    recoveryIntervalMs: resolved.recoveryIntervalMs,
    cleanup: resolved.cleanup ?? parts.defaultCleanup?.(variants),
    cleanupBytes: resolved.cleanupBytes,
    truncateOnDiskFull: resolved.truncateOnDiskFull,
    replayBytes: resolved.replayBytes,
    report: parts.report,
  });
  return { target, variants };
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
