/**
 * Degraded mode: when the file system refuses writes (`ENOSPC`, `EDQUOT`,
 * `EROFS`, `EFBIG`) or no file can be used at all, the sink keeps
 * accepting lines and sends them to a fallback (standard output by
 * default) under a clear banner, runs an emergency cleanup, and probes
 * every `recoveryIntervalMs` for the file to be writable again. On
 * recovery it first completes the line the failure tore, optionally
 * replays the lines that went to the fallback, then resumes the file and
 * reports the downtime.
 *
 * @module
 */
import { countLineBreakBytes } from "../buffer/_lines.ts";
import { dirname } from "../file/_path.ts";
import type { DiagnosticKind } from "../diagnostics.ts";
import { describeError, errorCode } from "../errors.ts";
import type { FileDriver, Platform, UnrefTimer } from "../runtime/driver.ts";
import type { SinkStatus } from "../buffer/sink_status.ts";
import { type Target, TargetWriteError } from "../buffer/target.ts";
import { noFileCode, type VariantTarget } from "../file/variant_target.ts";

/**
 * What a sink does when the disk is full (or read-only, or no file is usable).
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { OnDiskFull } from "logrotor/compose";
 *
 * // keep the lines (up to maxBufferedBytes) until the disk has room again
 * const onDiskFull: OnDiskFull = "block";
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", {
 *   onDiskFull,
 *   maxBufferedBytes: 16 * 1024 * 1024,
 *   overflow: "drop-old",
 * });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export type OnDiskFull = "fallback" | "block" | "drop";

/**
 * Something that takes chunks of whole lines: another sink, for instance.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { FallbackSink } from "logrotor/compose";
 *
 * // a file on another disk takes the lines while app.log's disk is full
 * const spare = createFileSink("/tmp/logrotor-doc/spare.log");
 * const fallback: FallbackSink = spare;
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", { fallback });
 * sink.write("hello\n");
 * await sink.close();
 * await spare.close();
 * ```
 */
export interface FallbackSink {
  /** Accepts a chunk; `false` means it was not taken. */
  write(chunk: Uint8Array): boolean | void;
}

/**
 * Where lines go while the file cannot take them: `"stdout"`, `"stderr"`,
 * a {@linkcode Target}, a sink (anything with `write(chunk)`), or a
 * callback that receives chunks of whole lines (banners included: they are
 * lines starting with `logrotor:`). The chunk is only valid during the
 * call.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { Fallback } from "logrotor/compose";
 *
 * const decoder = new TextDecoder();
 * const fallback: Fallback = (chunk) => {
 *   console.warn(decoder.decode(chunk).trimEnd());
 * };
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", { fallback });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export type Fallback =
  | "stdout"
  | "stderr"
  | Target
  | FallbackSink
  | ((chunk: Uint8Array) => void);

/**
 * Options of {@linkcode ResilientTarget}.
 *
 * @example Usage
 * ```ts
 * import type { ResilientTargetOptions } from "logrotor/compose";
 *
 * const options: ResilientTargetOptions = {
 *   onDiskFull: "fallback",
 *   fallback: "stderr",
 *   minFreeBytes: 1024 * 1024,
 *   recoveryIntervalMs: 2000,
 *   cleanup: undefined,
 *   cleanupBytes: 1024 * 1024,
 *   truncateOnDiskFull: false,
 *   replayBytes: 64 * 1024,
 *   report: (kind, message) => console.error(`${kind}: ${message}`),
 * };
 * // new ResilientTarget(variantTarget, fs, platform, options)
 * ```
 */
export interface ResilientTargetOptions {
  /** See {@linkcode OnDiskFull}. */
  readonly onDiskFull: OnDiskFull;
  /** See {@linkcode Fallback}. */
  readonly fallback: Fallback;
  /** A probe needs this much free space before it tries the file. */
  readonly minFreeBytes: number;
  /** Time between recovery probes (ms). */
  readonly recoveryIntervalMs: number;
  /** Emergency cleanup: frees up to `bytesWanted`, returns bytes freed. */
  readonly cleanup: ((bytesWanted: number) => number) | undefined;
  /** How much the emergency cleanup tries to free beyond the failed batch. */
  readonly cleanupBytes: number;
  /** Truncate the live file when cleanup freed too little (loses its lines). */
  readonly truncateOnDiskFull: boolean;
  /** Keep up to this many bytes of fallback lines to replay into the file on recovery (0: off). */
  readonly replayBytes: number;
  /** Receives events. */
  readonly report: (
    kind: DiagnosticKind,
    message: string,
    error?: unknown,
  ) => void;
}

/** Error codes that switch the sink to degraded mode. */
const degradeCodes = new Set([
  "ENOSPC",
  "EDQUOT",
  "EROFS",
  "EFBIG",
  noFileCode,
]);
const newline = 10;
const encoder = new TextEncoder();

function causeOf(err: unknown): unknown {
  return err instanceof TargetWriteError ? err.cause : err;
}

interface Owed {
  /** Bytes the file is owed, in order. */
  bytes: Uint8Array;
  /** Whether these are replayed fallback lines (else the rest of a torn line). */
  readonly replay: boolean;
  /** For a torn line: the bytes of it that have landed in the file. */
  head: Uint8Array | undefined;
}

/**
 * Wraps the file side of a sink with degraded mode. Built by
 * `createFileSink()`; exported for custom compositions.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-degraded-doc/app.log", {
 *   onDiskFull: "fallback", // lines go to stdout while the disk is full
 *   fallback: "stdout",
 *   minFreeBytes: 1024 * 1024,
 *   recoveryIntervalMs: 2000,
 * });
 * sink.write("hello\n");
 * await sink.close();
 * sink.status().state; // "ok"
 * ```
 */
export class ResilientTarget implements Target {
  readonly name: string;
  readonly #inner: VariantTarget;
  readonly #fs: FileDriver;
  readonly #platform: Platform;
  readonly #options: ResilientTargetOptions;
  readonly #send: (chunk: Uint8Array) => boolean;
  readonly #fallbackName: string;

  #degraded = false;
  #reason: string | undefined;
  #since: number | undefined;
  #sinceMono = 0;
  #nextProbe = 0;
  #timer: UnrefTimer | undefined;
  #owed: Owed[] = [];
  #spoolBytes = 0;
  #spoolSkippedLines = 0;
  #episodeLines = 0;
  #fallbackFailing = false;

  #errors = 0;
  #lastError: string | undefined;
  #lastErrorTime: number | undefined;
  #episodes = 0;
  #attempts = 0;
  #downtimeMs = 0;
  #fallbackLines = 0;
  #fallbackBytes = 0;
  #replayedLines = 0;
  #droppedLines = 0;
  #droppedBytes = 0;
  #bytesCleaned = 0;

  /**
   * @param inner The file side (primary or variant).
   * @param fs The file driver (free space, truncation).
   * @param platform Clocks, timers, standard streams.
   * @param options See {@linkcode ResilientTargetOptions}.
   */
  constructor(
    inner: VariantTarget,
    fs: FileDriver,
    platform: Platform,
    options: ResilientTargetOptions,
  ) {
    this.#inner = inner;
    this.#fs = fs;
    this.#platform = platform;
    this.#options = options;
    this.name = inner.name;
    const fallback = options.fallback;
    if (fallback === "stdout" || fallback === "stderr") {
      this.#fallbackName = fallback;
      this.#send = fallback === "stdout"
        ? (chunk) => platform.writeStdout(chunk)
        : (chunk) => platform.writeStderr(chunk);
    } else if (typeof fallback === "function") {
      this.#fallbackName = "the fallback callback";
      this.#send = (chunk) => {
        fallback(chunk);
        return true;
      };
    } else if (isTarget(fallback)) {
      this.#fallbackName = fallback.name;
      this.#send = (chunk) => {
        fallback.write(chunk, 0, chunk.length);
        return true;
      };
    } else {
      this.#fallbackName = "the fallback sink";
      this.#send = (chunk) => fallback.write(chunk.slice()) !== false;
    }
  }

  /** Whether lines currently go somewhere other than the file. */
  get degraded(): boolean {
    return this.#degraded;
  }

  write(bytes: Uint8Array, offset: number, length: number): void {
    if (this.#degraded && this.#options.onDiskFull !== "block") {
      if (
        this.#platform.monotonic() < this.#nextProbe || !this.#probe(false)
      ) {
        this.#divert(bytes, offset, length);
        return;
      }
    }
    try {
      this.#inner.write(bytes, offset, length);
    } catch (err) {
      this.#onWriteError(err, bytes, offset, length);
      return;
    }
    if (this.#degraded) this.#recover(); // "block": a retry got through
  }

  sync(): void {
    if (this.#degraded && this.#options.onDiskFull !== "block") return;
    try {
      this.#inner.sync();
    } catch (err) {
      this.#noteError(err);
      throw err;
    }
  }

  async syncAsync(): Promise<void> {
    if (this.#degraded && this.#options.onDiskFull !== "block") return;
    try {
      await this.#inner.syncAsync();
    } catch (err) {
      this.#noteError(err);
      throw err;
    }
  }

  closeSync(): void {
    this.#finish();
    this.#inner.closeSync();
  }

  /** Cuts a torn tail off the current file (see {@linkcode Target.cutTail}). */
  cutTail(bytes: number): boolean {
    return this.#inner.cutTail(bytes);
  }

  /** Reopens the file by its path (see {@linkcode VariantTarget.reopen}). */
  reopen(): void {
    this.#inner.reopen();
  }

  async close(): Promise<void> {
    this.#finish();
    await this.#inner.close();
  }

  /** The health snapshot (see {@linkcode SinkStatus}). */
  status(): SinkStatus {
    let pending = 0;
    for (const owed of this.#owed) pending += owed.bytes.length;
    return {
      state: this.#degraded
        ? "degraded"
        : this.#inner.onVariant
        ? "variant"
        : "ok",
      primaryPath: this.#inner.name,
      path: this.#inner.path,
      shared: this.#inner.shared,
      errors: this.#errors,
      lastError: this.#lastError,
      lastErrorTime: this.#lastErrorTime,
      degradedReason: this.#degraded ? this.#reason : undefined,
      degradedSince: this.#degraded ? this.#since : undefined,
      degradedEpisodes: this.#episodes,
      recoveryAttempts: this.#attempts,
      downtimeMs: this.#downtimeMs +
        (this.#degraded ? this.#platform.monotonic() - this.#sinceMono : 0),
      fallbackLines: this.#fallbackLines,
      fallbackBytes: this.#fallbackBytes,
      replayedLines: this.#replayedLines,
      droppedLines: this.#droppedLines,
      droppedBytes: this.#droppedBytes,
      bytesCleaned: this.#bytesCleaned,
      pendingBytes: pending,
    };
  }

  /**
   * Runs a recovery probe now instead of waiting for the next interval.
   *
   * @returns Whether the sink writes to the file again.
   */
  probe(): boolean {
    if (!this.#degraded || this.#options.onDiskFull === "block") {
      return !this.#degraded;
    }
    return this.#probe(false);
  }

  #noteError(err: unknown): void {
    this.#errors++;
    this.#lastError = describeError(causeOf(err));
    this.#lastErrorTime = this.#platform.now();
  }

  #onWriteError(
    err: unknown,
    bytes: Uint8Array,
    offset: number,
    length: number,
  ): void {
    this.#noteError(err);
    let code = errorCode(err);
    if (!degradeCodes.has(code)) throw err;
    let written = err instanceof TargetWriteError ? err.written : 0;
    let cause = causeOf(err);
    if (
      !this.#degraded && code !== noFileCode &&
      this.#emergencyCleanup(length - written)
    ) {
      try {
        this.#inner.write(bytes, offset + written, length - written);
        this.#options.report(
          "recovered",
          `writing again after emergency cleanup freed space`,
        );
        return;
      } catch (retryErr) {
        this.#noteError(retryErr);
        written += retryErr instanceof TargetWriteError ? retryErr.written : 0;
        code = errorCode(retryErr);
        cause = causeOf(retryErr);
        if (!degradeCodes.has(code)) {
          throw new TargetWriteError(cause, written);
        }
      }
    }
    this.#enterDegraded(code, cause);
    if (this.#options.onDiskFull === "block") {
      // Whole lines only: cut a torn head off the file (sole writer) so the
      // line is written whole later, or dropped without a trace.
      const rest = offset + written;
      if (written > 0 && bytes[rest - 1] !== newline) {
        let lineStart = rest - 1;
        while (lineStart > offset && bytes[lineStart - 1] !== newline) {
          lineStart--;
        }
        if (this.#inner.cutTail(rest - lineStart)) written = lineStart - offset;
      }
      throw new TargetWriteError(cause, written);
    }
    let rest = offset + written;
    const end = offset + length;
    if (written > 0 && bytes[rest - 1] !== newline) {
      let lineStart = rest - 1;
      while (lineStart > offset && bytes[lineStart - 1] !== newline) {
        lineStart--;
      }
      if (this.#inner.cutTail(rest - lineStart)) {
        // Sole writer: the torn head is cut off the file, which ends on a
        // line again; the whole line goes to the fallback below.
        rest = lineStart;
      } else {
        // Shared file: the torn head stays; owe it the rest on recovery.
        let lineEnd = bytes.indexOf(newline, rest);
        if (lineEnd === -1 || lineEnd >= end) lineEnd = end - 1;
        this.#owed.unshift({
          bytes: bytes.slice(rest, lineEnd + 1),
          replay: false,
          head: bytes.slice(lineStart, rest),
        });
        rest = lineEnd + 1;
      }
    }
    if (rest < end) this.#divert(bytes, rest, end - rest);
  }

  /** Sends whole lines to the fallback (or drops them, by policy). */
  #divert(bytes: Uint8Array, offset: number, length: number): void {
    const lines = countLineBreakBytes(bytes, offset, offset + length);
    if (this.#options.onDiskFull === "drop") {
      this.#droppedLines += lines;
      this.#droppedBytes += length;
      return;
    }
    const chunk = bytes.subarray(offset, offset + length);
    if (!this.#sendSafely(chunk)) {
      this.#droppedLines += lines;
      this.#droppedBytes += length;
      if (!this.#fallbackFailing) {
        this.#fallbackFailing = true;
        this.#options.report(
          "dropped",
          `${this.#fallbackName} refused lines too; they are dropped (counted) until the file recovers`,
        );
      }
      return;
    }
    this.#fallbackFailing = false;
    this.#fallbackLines += lines;
    this.#fallbackBytes += length;
    this.#episodeLines += lines;
    if (this.#options.replayBytes > 0) {
      if (this.#spoolBytes + length <= this.#options.replayBytes) {
        this.#owed.push({
          bytes: chunk.slice(),
          replay: true,
          head: undefined,
        });
        this.#spoolBytes += length;
      } else {
        this.#spoolSkippedLines += lines;
      }
    }
  }

  #sendSafely(chunk: Uint8Array): boolean {
    try {
      return this.#send(chunk);
    } catch {
      return false;
    }
  }

  #banner(text: string): void {
    if (this.#options.onDiskFull !== "fallback") return;
    this.#sendSafely(encoder.encode(`logrotor: ${text}\n`));
  }

  #enterDegraded(code: string, cause: unknown): void {
    if (this.#degraded) return;
    const options = this.#options;
    this.#degraded = true;
    this.#reason = code;
    this.#since = this.#platform.now();
    this.#sinceMono = this.#platform.monotonic();
    this.#nextProbe = this.#sinceMono + options.recoveryIntervalMs;
    this.#episodes++;
    this.#episodeLines = 0;
    const file = this.#inner.path ?? this.#inner.name;
    const what = options.onDiskFull === "fallback"
      ? `lines go to ${this.#fallbackName}`
      : options.onDiskFull === "drop"
      ? "lines are dropped (counted)"
      : "lines are held and retried";
    const message = `cannot write ${file} (${describeError(cause)}); from ${
      new Date(this.#since).toISOString()
    } ${what} until it is writable again (probing every ${options.recoveryIntervalMs} ms)`;
    this.#banner(`${file}: ${message}`);
    options.report("error", message, cause);
    if (options.onDiskFull !== "block") {
      this.#timer = this.#platform.every(options.recoveryIntervalMs, () => {
        if (this.#degraded) this.#probe(false);
      });
    }
  }

  /** Checks free space, reopens, pays what the file is owed. */
  #probe(atClose: boolean): boolean {
    this.#attempts++;
    this.#nextProbe = this.#platform.monotonic() +
      this.#options.recoveryIntervalMs;
    if (!atClose && !this.#enoughSpace()) return false;
    try {
      this.#inner.open();
      while (this.#owed.length > 0) {
        const owed = this.#owed[0] as Owed;
        try {
          this.#inner.write(owed.bytes, 0, owed.bytes.length);
        } catch (err) {
          const written = err instanceof TargetWriteError ? err.written : 0;
          if (owed.head !== undefined) {
            owed.head = concat(owed.head, owed.bytes.subarray(0, written));
          }
          owed.bytes = owed.bytes.subarray(written);
          throw err;
        }
        this.#owed.shift();
        if (owed.replay) {
          this.#replayedLines += countLineBreakBytes(
            owed.bytes,
            0,
            owed.bytes.length,
          );
        }
      }
      this.#spoolBytes = 0;
    } catch (err) {
      this.#noteError(err);
      return false;
    }
    this.#recover();
    return true;
  }

  #enoughSpace(): boolean {
    const path = this.#inner.path ?? this.#inner.name;
    try {
      return this.#fs.statfs(dirname(path)).availableBytes >=
        this.#options.minFreeBytes;
    } catch {
      return true; // cannot tell (no permission): let the test write decide
    }
  }

  #recover(): void {
    if (!this.#degraded) return;
    const downtime = this.#platform.monotonic() - this.#sinceMono;
    this.#degraded = false;
    this.#downtimeMs += downtime;
    this.#timer?.cancel();
    this.#timer = undefined;
    const file = this.#inner.path ?? this.#inner.name;
    if (this.#spoolSkippedLines > 0) {
      const marker = encoder.encode(
        `… ${this.#spoolSkippedLines} lines went only to ${this.#fallbackName} (replay spool full) …\n`,
      );
      this.#spoolSkippedLines = 0;
      try {
        this.#inner.write(marker, 0, marker.length);
      } catch (err) {
        this.#noteError(err);
      }
    }
    const message = `writing to ${file} again after ${
      Math.round(downtime)
    } ms (${this.#reason}); ${this.#episodeLines} lines went to ${this.#fallbackName} meanwhile`;
    this.#banner(`${file}: ${message}`);
    this.#options.report("recovered", message);
    this.#reason = undefined;
    this.#since = undefined;
  }

  /**
   * Frees space when a write first fails (not again while degraded): the
   * cleanup hook, then (opt-in) truncation of the live file.
   */
  #emergencyCleanup(remaining: number): boolean {
    const options = this.#options;
    const wanted = remaining + options.cleanupBytes;
    let freed = 0;
    if (options.cleanup !== undefined) {
      try {
        const result = options.cleanup(wanted);
        if (typeof result === "number" && result > 0) freed += result;
      } catch (err) {
        options.report("error", `emergency cleanup failed`, err);
      }
    }
    const path = this.#inner.path;
    if (freed < wanted && options.truncateOnDiskFull && path !== undefined) {
      try {
        const size = this.#fs.stat(path)?.size ?? 0;
        if (size > 0) {
          this.#fs.close(this.#fs.open(path, "truncate"));
          this.#inner.reopen();
          freed += size;
          options.report(
            "dropped",
            `disk full: truncated ${path}, losing its ${size} bytes (truncateOnDiskFull)`,
          );
        }
      } catch (err) {
        options.report("error", `cannot truncate ${path}`, err);
      }
    }
    this.#bytesCleaned += freed;
    if (freed > 0) {
      options.report(
        "deleted",
        `disk full: emergency cleanup freed ${freed} bytes`,
      );
    }
    return freed > 0;
  }

  /** At close: one last try at the file, then torn lines go to the fallback whole. */
  #finish(): void {
    if (this.#degraded && this.#options.onDiskFull !== "block") {
      this.#probe(true);
    }
    this.#timer?.cancel();
    this.#timer = undefined;
    for (const owed of this.#owed) {
      if (owed.head === undefined) continue; // replay: already in the fallback
      const whole = concat(owed.head, owed.bytes);
      this.#divert(whole, 0, whole.length);
    }
    this.#owed = [];
    this.#spoolBytes = 0;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function isTarget(value: object): value is Target {
  const candidate = value as Partial<Target>;
  return typeof candidate.write === "function" &&
    typeof candidate.sync === "function" &&
    typeof candidate.close === "function" &&
    typeof candidate.name === "string";
}
