/**
 * `createRotatingFileSink()`: the buffered file sink over a
 * {@linkcode RotatingTarget} — rotation by size and/or calendar, retention,
 * durable gzip in a worker, `rotate()`, `reopen()` and detection of
 * external rotation (logrotate).
 *
 * @module
 */
import { booleanOption, choiceOption, integerOption } from "../_options.ts";
import { type Diagnostic, printDiagnostic } from "../diagnostics.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { Platform } from "../runtime/driver.ts";
import {
  BufferedSink,
  type SinkContext,
  type SinkStats,
} from "./buffered_sink.ts";
import type { FileSinkOptions } from "./file_sink.ts";
import { RotatingTarget, type RotationStats } from "./rotating_target.ts";
import {
  type RotationEvery,
  RotationSchedule,
  timeZoneOption,
} from "./rotation_schedule.ts";

/**
 * Options of {@linkcode createRotatingFileSink}.
 *
 * @example Usage
 * ```ts
 * import type { RotatingFileSinkOptions } from "../../mod.ts";
 *
 * const options: RotatingFileSinkOptions = {
 *   maxBytes: 64 * 1024 * 1024,
 *   every: "hourly",
 *   timeZone: "local",
 *   maxAgeMs: 14 * 86_400_000,
 *   maxTotalBytes: 1024 ** 3,
 *   compress: "gzip",
 * };
 * ```
 */
export interface RotatingFileSinkOptions extends Omit<FileSinkOptions, "mode"> {
  /**
   * Rotate before the live file would grow past this many bytes (a single
   * line bigger than this still goes whole into one file). Unset: no size
   * rotation.
   */
  readonly maxBytes?: number;
  /**
   * Rotate at calendar boundaries of {@linkcode timeZone}.
   * @default {"never"}
   */
  readonly every?: RotationEvery;
  /**
   * The zone of the calendar boundaries: `"UTC"`, `"local"` (the process's
   * zone) or an IANA name (`"Europe/Berlin"`). Archive names are always in
   * UTC so they sort chronologically.
   * @default {"UTC"}
   */
  readonly timeZone?: string;
  /** Keep at most this many archives (newest). Unset: no count limit. */
  readonly keep?: number;
  /** Delete archives rotated more than this many ms ago. Unset: no limit. */
  readonly maxAgeMs?: number;
  /**
   * Keep only the newest archives whose sizes (as on disk, compressed or
   * not) add up to at most this. The live file is not counted. Unset: no
   * limit.
   */
  readonly maxTotalBytes?: number;
  /**
   * `"gzip"` compresses each archive in a worker (`x.gz.tmp` → fsync →
   * rename to `x.gz` → unlink `x`); `close()` waits for every job.
   * @default {false}
   */
  readonly compress?: "gzip" | false;
  /**
   * The gzip level, 1 (fastest) to 9 (smallest). Level 1 costs about a
   * third of the CPU time for archives about 25 % bigger.
   * @default {6}
   */
  readonly compressionLevel?: number;
  /**
   * Check at most this often (ms) whether the live file was renamed or
   * deleted by something else, and reopen it if so. `0` turns the check
   * off.
   * @default {250}
   */
  readonly checkIntervalMs?: number;
  /**
   * The wall clock used for calendar boundaries, archive names and ages
   * (tests inject one).
   * @default {() => Date.now()}
   */
  readonly now?: () => number;
}

/**
 * Counters of a rotating file sink: the sink's plus the rotation's.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink, type RotatingSinkStats } from "../../mod.ts";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/stats2.log");
 * await sink.close();
 * const stats: RotatingSinkStats = sink.stats();
 * stats.linesAccepted + stats.rotations; // 0
 * ```
 */
export type RotatingSinkStats = SinkStats & RotationStats;

/**
 * A buffered sink that writes to a rotating file; see
 * {@linkcode createRotatingFileSink}.
 *
 * @example Usage
 * ```ts
 * import { createRotatingFileSink } from "../../mod.ts";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/rot.log", {
 *   maxBytes: 1024,
 * });
 * sink.write("hello\n");
 * sink.rotate();
 * await sink.close();
 * sink.stats().rotations; // 1
 * ```
 */
export class RotatingFileSink extends BufferedSink {
  readonly #target: RotatingTarget;

  /**
   * @param target The rotating target.
   * @param options Buffering options.
   * @param context The platform and a name for messages.
   */
  constructor(
    target: RotatingTarget,
    options: RotatingFileSinkOptions,
    context: SinkContext,
  ) {
    super(target, options, context);
    this.#target = target;
    target.start();
  }

  /**
   * Writes the buffered whole lines, then archives the live file now (if
   * it holds anything). Never throws for I/O failures.
   *
   * @returns Whether an archive was made.
   */
  rotate(): boolean {
    if (this.closed) return false;
    this.flushSync();
    return this.#target.rotate();
  }

  /** Paths of the archives on disk now, oldest first. */
  archives(): string[] {
    try {
      return this.#target.archives();
    } catch {
      return [];
    }
  }

  /** Counters: the sink's, plus rotations, archives and compression. */
  override stats(): RotatingSinkStats {
    return { ...super.stats(), ...this.#target.stats() };
  }
}

/** The default listener for rotation events: routine ones stay quiet. */
function printTrouble(diagnostic: Diagnostic): void {
  if (diagnostic.kind === "error" || diagnostic.kind === "dropped") {
    printDiagnostic(diagnostic);
  }
}

function optionalInteger(
  subject: string,
  name: string,
  value: unknown,
  min: number,
): number | undefined {
  return value === undefined
    ? undefined
    : integerOption(subject, name, value, 0, min);
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
 * `onDiagnostic` receives `"rotated"`, `"deleted"` (one per archive removed
 * by retention, also counted in `stats().archivesDeleted`) and `"info"`
 * events besides errors; without a listener only errors and drops are
 * printed to standard error.
 *
 * @param path The live file.
 * @param options Rotation, retention, compression and buffering options.
 * @returns The sink.
 * @throws {TypeError | RangeError} for invalid options.
 *
 * @example Rotate daily in Berlin time and by size, keep a week, gzip
 * ```ts
 * import { createRotatingFileSink } from "../../mod.ts";
 *
 * const sink = createRotatingFileSink("/tmp/logrotor-doc/app.log", {
 *   maxBytes: 16 * 1024 * 1024,
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
  options: RotatingFileSinkOptions = {},
): RotatingFileSink {
  const subject = "rotating file sink";
  if (typeof path !== "string" || path === "") {
    throw new TypeError(
      `Cannot create ${subject} as path must be a non-empty string: current value is ${
        JSON.stringify(path)
      }`,
    );
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot create ${subject} as options must be an object: current value is ${
        String(options)
      }`,
    );
  }
  const maxBytes = optionalInteger(subject, "maxBytes", options.maxBytes, 1);
  const every = choiceOption(subject, "every", options.every, [
    "never",
    "hourly",
    "daily",
  ]);
  const timeZone = timeZoneOption(subject, options.timeZone);
  const keep = optionalInteger(subject, "keep", options.keep, 1);
  const maxAgeMs = optionalInteger(subject, "maxAgeMs", options.maxAgeMs, 1);
  const maxTotalBytes = optionalInteger(
    subject,
    "maxTotalBytes",
    options.maxTotalBytes,
    1,
  );
  const compress = options.compress ?? false;
  if (compress !== false && compress !== "gzip") {
    throw new TypeError(
      `Cannot create ${subject} as compress must be "gzip" or false: current value is ${
        JSON.stringify(compress)
      }`,
    );
  }
  const compressionLevel = integerOption(
    subject,
    "compressionLevel",
    options.compressionLevel,
    6,
    1,
  );
  if (compressionLevel > 9) {
    throw new RangeError(
      `Cannot create ${subject} as compressionLevel must be <= 9: current value is ${compressionLevel}`,
    );
  }
  const checkIntervalMs = integerOption(
    subject,
    "checkIntervalMs",
    options.checkIntervalMs,
    250,
    0,
  );
  if (options.now !== undefined && typeof options.now !== "function") {
    throw new TypeError(
      `Cannot create ${subject} as now must be a function: current value is ${typeof options
        .now}`,
    );
  }
  const fsync = choiceOption(subject, "fsync", options.fsync, [
    "close",
    "flush",
    "never",
  ]);
  const mkdir = booleanOption(subject, "mkdir", options.mkdir, true);
  if (
    options.onDiagnostic !== undefined &&
    typeof options.onDiagnostic !== "function"
  ) {
    throw new TypeError(
      `Cannot create ${subject} as onDiagnostic must be a function: current value is ${typeof options
        .onDiagnostic}`,
    );
  }
  const platform: Platform = options.platform ?? getPlatform();
  const now = options.now ?? (() => platform.now());
  const target = new RotatingTarget({
    path,
    fs: options.fileDriver ?? platform.fs,
    platform,
    now,
    maxBytes: maxBytes ?? Infinity,
    schedule: every === "never"
      ? undefined
      : new RotationSchedule(every, timeZone),
    retention: { keep, maxAgeMs, maxTotalBytes },
    compressor: compress === "gzip" ? platform.createCompressor() : undefined,
    compressionLevel,
    checkIntervalMs,
    mkdir,
    fsync: fsync !== "never",
    onDiagnostic: options.onDiagnostic ?? printTrouble,
  });
  return new RotatingFileSink(target, options, { platform, subject });
}
