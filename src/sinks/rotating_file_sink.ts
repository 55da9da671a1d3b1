/**
 * `createRotatingFileSink()`: the buffered file sink over a rotating file —
 * rotation by size and/or calendar, retention, durable gzip in a worker,
 * `rotate()`, `reopen()` and detection of external rotation (logrotate) —
 * with every resilience feature of `createFileSink()`:
 *
 * ```
 * RotatingFileSink (BufferedSink)
 *   → ResilientTarget   degraded mode, fallback, emergency cleanup, recovery
 *     → VariantTarget   lock on the live file, app.001.log … variants, shared
 *       → RotatingTarget (one per path: app.log or app.001.log)
 * ```
 *
 * @module
 */
import {
  choiceOption,
  functionOption,
  integerOption,
  optionsObject,
  rejectUnknownKeys,
} from "../options/validate.ts";
import {
  resolveRotation,
  type RotationOptions,
  rotationOptionTable,
} from "../options/rotation_options.ts";
import { keysOf } from "../options/option_table.ts";
import { deprecationsIn } from "../options/option_aliases.ts";
import { rotatingSinkOptionTable } from "../options/file_options.ts";
import {
  checkPermissions,
  type Diagnostic,
  type DiagnosticKind,
  emitDiagnostic,
  printDiagnostic,
} from "../diagnostics.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { Platform, UnrefTimer } from "../runtime/driver.ts";
import {
  BufferedSink,
  type SinkContext,
  type SinkStats,
} from "../buffer/buffered_sink.ts";
import type { FileSinkOptions } from "./file_sink.ts";
import { checkSinkPath } from "../options/sink_path.ts";
import { filePermissionNeeds } from "./_file_permissions.ts";
import { resolveResilience } from "../options/resilience_options.ts";
import { composeFileChain } from "./_file_chain.ts";
import type { Target } from "../buffer/target.ts";

import {
  RotatingTarget,
  type RotationStats,
} from "../rotation/rotating_target.ts";
import { parseTimeOfDay, RotationSchedule } from "../rotation/schedule.ts";

/** Every option key of {@linkcode createRotatingFileSink} (the CLI's flag reference lists those without a flag). */
export const rotatingSinkKeys: Readonly<Record<string, true>> = keysOf(
  rotatingSinkOptionTable,
);

/**
 * Options of {@linkcode createRotatingFileSink}.
 *
 * @example Usage
 * ```ts
 * import type { RotatingFileSinkOptions } from "logrotor";
 *
 * const options: RotatingFileSinkOptions = {
 *   maxSize: "64M",
 *   every: "hourly",
 *   timeZone: "local",
 *   maxAgeMs: 14 * 86_400_000,
 *   maxTotalBytes: 1024 ** 3,
 *   compress: "gzip",
 * };
 * ```
 */
export interface RotatingFileSinkOptions
  extends Omit<FileSinkOptions, "mode">, RotationOptions {}

/**
 * Counters of a rotating file sink: the sink's plus the rotation's.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink, type RotatingSinkStats } from "logrotor";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/stats2.log");
 * await sink.close();
 * const stats: RotatingSinkStats = sink.stats();
 * stats.linesAccepted + stats.rotations; // 0
 * ```
 */
export type RotatingSinkStats = SinkStats & RotationStats;

const noRotation: RotationStats = {
  rotations: 0,
  rotationFailures: 0,
  reopens: 0,
  archivesWritten: 0,
  archivesDeleted: 0,
  linesDeletedOnDiskFull: 0,
  linesUnshippedDeleted: 0,
  compressionFailures: 0,
  compressionMs: 0,
  compressedBytesIn: 0,
  compressedBytesOut: 0,
  compressionsPending: 0,
  liveBytes: 0,
  tornLinesEnded: 0,
  rotationsByOthers: 0,
};

const boundaryTimerMinMs = 50;
const boundaryTimerMaxMs = 60_000;

/**
 * A buffered sink that writes to a rotating file; see
 * {@linkcode createRotatingFileSink}.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink } from "logrotor";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/rot.log", {
 *   maxSize: 1024,
 * });
 * sink.write("hello\n");
 * sink.rotate();
 * await sink.close();
 * sink.stats().rotations; // 1
 * ```
 */
export class RotatingFileSink extends BufferedSink {
  readonly #chain: Target<RotationStats>;
  readonly #platform: Platform;
  #boundaryTimer: UnrefTimer | undefined;

  /**
   * Opens the file (the primary, or a numbered variant when the primary is
   * held by another writer) right away, so start-up recovery and retention
   * run now; a failure here is retried by the first flush.
   *
   * @param chain The target chain over rotating targets (one per path);
   *   rotation goes through its {@linkcode Target.rotate} capabilities.
   * @param options Buffering options.
   * @param context The platform and a name for messages.
   */
  constructor(
    chain: Target<RotationStats>,
    options: RotatingFileSinkOptions,
    context: SinkContext,
  ) {
    super(chain, options, context);
    this.#chain = chain;
    this.#platform = context.platform;
    try {
      chain.open?.();
    } catch {
      // locked (onLocked "wait"), no space…: the first flush tries again
      // and degrades or waits as configured
    }
    if (options.every !== undefined && options.every !== "never") {
      this.#armBoundaryTimer();
    }
  }

  /**
   * Wakes up at the next calendar boundary (at least every minute, so a
   * changed clock is noticed) to rotate an idle file on time. The timer
   * never keeps the process alive.
   */
  #armBoundaryTimer(): void {
    const until = this.#chain.msUntilBoundary?.() ?? Infinity;
    const wait = Math.min(
      Math.max(until, boundaryTimerMinMs),
      boundaryTimerMaxMs,
    );
    this.#boundaryTimer = this.#platform.after(wait, () => {
      if (this.closed) return;
      this.rotateIfDue();
      this.#armBoundaryTimer();
    });
  }

  /**
   * Writes the buffered whole lines, then archives the file in use if a
   * calendar boundary (`every`) has passed since it was begun. The sink
   * does this by itself from a timer; call it to force the check.
   *
   * @returns Whether an archive was made.
   */
  rotateIfDue(): boolean {
    if (this.closed) return false;
    this.flushSync();
    return this.#chain.rotateIfDue?.() ?? false;
  }

  /** Stops the boundary timer, then closes like every sink. */
  override close(): Promise<void> {
    this.#boundaryTimer?.cancel();
    this.#boundaryTimer = undefined;
    return super.close();
  }

  /**
   * Writes the buffered whole lines, then archives the file in use now
   * (if it holds anything). Never throws for I/O failures.
   *
   * @returns Whether an archive was made.
   */
  rotate(): boolean {
    if (this.closed) return false;
    this.flushSync();
    try {
      this.#chain.open?.();
    } catch {
      // rotate what is there anyway
    }
    return this.#chain.rotate?.() ?? false;
  }

  /** Paths of the archives of the file in use on disk now, oldest first. */
  archives(): string[] {
    try {
      return this.#chain.archives?.() ?? [];
    } catch {
      return [];
    }
  }

  /**
   * Counters: the sink's, plus rotations, archives and compression of the
   * file in use.
   */
  override stats(): RotatingSinkStats {
    return { ...super.stats(), ...(this.#chain.stats?.() ?? noRotation) };
  }
}

/**
 * The default listener of a rotating sink: routine events (rotations,
 * retention, info) stay quiet; trouble, switches and recoveries print.
 */
function printTrouble(diagnostic: Diagnostic): void {
  if (
    diagnostic.kind === "error" || diagnostic.kind === "dropped" ||
    diagnostic.kind === "switched" || diagnostic.kind === "recovered" ||
    diagnostic.kind === "deprecated" ||
    // lines deleted by the disk-full cleanup are lost: say so
    (diagnostic.kind === "deleted" &&
      diagnostic.message.startsWith("disk full"))
  ) {
    printDiagnostic(diagnostic);
  }
}

/**
 * Creates a buffered sink that appends lines to `path` and rotates it.
 * The live file keeps its name (so `tail -F` works); each archive is named
 * once after its rotation moment in UTC, `app.2026-11-21T10-00-00.000Z.log`
 * (`.gz` when compressed), and is never renamed again. Rotation happens only
 * at line boundaries. Retention (`keep`, `maxAgeMs`, `maxTotalBytes`) is
 * computed from the directory at start, after each rotation and after each
 * compression, and touches only this sink's own archive names. What a crash
 * left behind (`.gz.tmp`, an archive whose `.gz` is missing) is finished or
 * cleaned at start.
 *
 * Resilience works as in `createFileSink()`: the live file is locked for
 * one writer (`app.log.lock`); when another process holds it the sink
 * writes to `app.001.log` (…`app.999.log`), which rotates into its own
 * archives `app.001.<stamp>.log` with the same retention. With
 * `shared: true` several processes append to one live file and one of
 * them at a time rotates it under `app.log.rotate.lock`; the others notice
 * the rename and reopen. On a full disk the default emergency cleanup
 * first removes leftovers (`.gz.tmp`, sources of complete `.gz`), then
 * deletes this file's oldest archives until `cleanupBytes` are freed —
 * also when no retention (`keep`, `maxAgeMs`, `maxTotalBytes`) is set.
 * Each deletion is reported as a `"deleted"` diagnostic naming the files
 * and the bytes and lines lost (printed to stderr without `onDiagnostic`)
 * and counted in `stats().archivesDeleted`, `stats().linesDeletedOnDiskFull`
 * and `status().bytesCleaned`; lines go to the fallback while that is not
 * enough. `cleanup: () => 0` turns it off (archives are then never deleted
 * for space). A compression that fails (a full disk) leaves the archive
 * uncompressed and is retried at the next rotation or start.
 *
 * New live files and `.gz` archives keep the mode of the file they
 * replace (`fileMode` sets it exactly for new files). Nothing is renamed or
 * deleted outside the live file's directory: a live path that is a
 * symbolic link is written through but never rotated (as logrotate
 * refuses to rotate symlinks; reported once, counted in
 * `stats().rotationFailures`), and archive-shaped symbolic links are left
 * alone by retention, compression, recovery and the disk-full cleanup.
 *
 * `onDiagnostic` receives `"rotated"`, `"deleted"` (one per archive removed
 * by retention, also counted in `stats().archivesDeleted`) and `"info"`
 * events besides errors; without a listener only errors, drops, variant
 * switches and recoveries are printed to standard error.
 *
 * @param path The live file.
 * @param options Rotation, retention, compression and buffering options.
 * @returns The sink.
 * @throws {TypeError | RangeError} for invalid options.
 *
 * @example Several processes share one rotating file
 * ```ts
 * import { createRotatingFileSink } from "logrotor";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/shared.log", {
 *   shared: true,
 *   maxSize: "1M",
 *   keep: 5,
 * });
 * sink.write(`pid ${Date.now()}\n`);
 * await sink.close();
 * ```
 *
 * @example Rotate daily in Berlin time and by size, keep a week, gzip
 * ```ts
 * import { createRotatingFileSink } from "logrotor";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/app.log", {
 *   maxSize: "16M",
 *   every: "daily",
 *   timeZone: "Europe/Berlin",
 *   keep: 7,
 *   compress: "gzip",
 * });
 * sink.write("started\n");
 * await sink.close(); // resolves once every archive is compressed and fsynced
 * ```
 */
export function createRotatingFileSink(
  path: string,
  options?: RotatingFileSinkOptions,
): RotatingFileSink {
  const subject = "rotating file sink";
  if (typeof path !== "string" || path === "") {
    throw new TypeError(
      `Cannot create ${subject} as path must be a non-empty string: current value is ${
        JSON.stringify(path)
      }`,
    );
  }
  options = optionsObject(subject, options);
  rejectUnknownKeys(subject, options, rotatingSinkKeys);
  const { fileMode } = options as { fileMode?: unknown };
  integerOption(subject, "fileMode", fileMode, 0, 0, 0o777);
  const rotation = resolveRotation(subject, options);
  const fsync = choiceOption(subject, "fsync", options.fsync, [
    "close",
    "flush",
    "never",
  ]);
  functionOption(subject, "onDiagnostic", options.onDiagnostic);
  const resolved = resolveResilience(subject, options);
  const platform: Platform = options.platform ?? getPlatform();
  const fs = options.fileDriver ?? platform.fs;
  checkSinkPath(subject, path, fs);
  const now = options.now ?? (() => platform.now());
  const listener = checkPermissions(
    subject,
    path,
    filePermissionNeeds(path, {
      read: true,
      lock: !resolved.shared,
      ownDriver: options.fileDriver !== undefined,
    }),
    options.onDiagnostic ?? printTrouble,
  );
  options = { ...options, onDiagnostic: listener };
  const report = (kind: DiagnosticKind, message: string, error?: unknown) =>
    emitDiagnostic(
      listener,
      error === undefined
        ? { kind, target: path, message, time: now() }
        : { kind, target: path, message, error, time: now() },
    );
  for (const notice of deprecationsIn(rotationOptionTable, options)) {
    report("deprecated", notice);
  }
  const { every, keep, maxAgeMs, maxTotalBytes, retainUntilShipped } = rotation;
  const schedule = every === "never" ? undefined : new RotationSchedule(
    every,
    rotation.timeZone,
    rotation.at === undefined ? undefined : parseTimeOfDay(rotation.at),
  );
  const chain = composeFileChain<RotationStats>(resolved, {
    path,
    fs,
    platform,
    // The live path (primary or variant) and its own archives.
    createTarget: (live) =>
      new RotatingTarget({
        path: live,
        fs,
        platform,
        now,
        maxBytes: rotation.maxSize ?? Infinity,
        schedule,
        retention: { keep, maxAgeMs, maxTotalBytes, retainUntilShipped },
        compressor: rotation.compress === "gzip"
          ? platform.createCompressor()
          : undefined,
        compressionLevel: rotation.compressionLevel,
        checkIntervalMs: rotation.checkIntervalMs,
        mkdir: resolved.mkdir,
        fsync: fsync !== "never",
        shared: resolved.shared,
        fileMode: resolved.fileMode,
        onDiagnostic: listener,
      }),
    // The rotating target checks for renames itself (every write when shared).
    checkRenames: false,
    // A full disk: delete the oldest archives of the file in use.
    cleanupArchives: true,
    report,
  });
  return new RotatingFileSink(chain, options, {
    platform,
    subject,
  });
}
