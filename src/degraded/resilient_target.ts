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
import { describeError, errorCode } from "../errors.ts";
import type { FileDriver, Platform, UnrefTimer } from "../runtime/driver.ts";
import type { SinkStatus } from "../buffer/sink_status.ts";
import { type Target, TargetWriteError } from "../buffer/target.ts";
import { TargetDecorator } from "../buffer/target_decorator.ts";
import { noFileCode } from "../file/variant_choice.ts";
import { causeOf, degradeCodes, lineStartBefore } from "./_write_failure.ts";
import { FallbackOutput } from "./fallback.ts";
import { emergencyCleanup } from "./emergency_cleanup.ts";
import { RecoveryProbe } from "./recovery_probe.ts";
import type { ResilientTargetOptions } from "./resilient_target_options.ts";
import {
  degradedMessage,
  recoveredMessage,
  skippedMarker,
} from "./_degraded_messages.ts";

export type { ResilientTargetOptions } from "./resilient_target_options.ts";

const newline = 10;

/**
 * Wraps the file side of a sink (the next target in the chain, usually a
 * `VariantTarget`) with degraded mode: the state machine ok → degraded →
 * recovered, over a {@linkcode FallbackOutput}, the emergency cleanup and a
 * {@linkcode RecoveryProbe}. Built by `createFileSink()`; exported for
 * custom compositions.
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
export class ResilientTarget<Stats extends object = object>
  extends TargetDecorator<Stats> {
  /** The configured file (the next target's name). */
  readonly name: string;
  readonly #inner: Target<Stats>;
  readonly #platform: Platform;
  readonly #options: ResilientTargetOptions;
  readonly #fallback: FallbackOutput;
  readonly #probe: RecoveryProbe;

  #degraded = false;
  #reason: string | undefined;
  #since: number | undefined;
  #sinceMono = 0;
  #nextProbe = 0;
  #timer: UnrefTimer | undefined;
  /** Fallback lines when the current episode began. */
  #episodeStartLines = 0;

  #errors = 0;
  #lastError: string | undefined;
  #lastErrorTime: number | undefined;
  #episodes = 0;
  #attempts = 0;
  #downtimeMs = 0;
  #bytesCleaned = 0;

  /**
   * @param inner The next target: the file side (primary or variant).
   * @param fs The file driver (free space, for the recovery probe).
   * @param platform Clocks, timers, standard streams.
   * @param options See {@linkcode ResilientTargetOptions}.
   */
  constructor(
    inner: Target<Stats>,
    fs: FileDriver,
    platform: Platform,
    options: ResilientTargetOptions,
  ) {
    super();
    this.#inner = inner;
    this.#platform = platform;
    this.#options = options;
    this.name = inner.name;
    const probe = new RecoveryProbe(
      fs,
      options.minFreeBytes,
      options.replayBytes,
    );
    this.#probe = probe;
    this.#fallback = new FallbackOutput(options.fallback, platform, {
      onDiskFull: options.onDiskFull,
      report: options.report,
      sent: (chunk, lines) => probe.spool(chunk, lines),
    });
  }

  /** Whether lines currently go somewhere other than the file. */
  get degraded(): boolean {
    return this.#degraded;
  }

  /** Writes to the file, or to the fallback while degraded (see {@linkcode Target.write}). */
  write(bytes: Uint8Array, offset: number, length: number): void {
    if (this.#degraded && this.#options.onDiskFull !== "block") {
      if (
        this.#platform.monotonic() < this.#nextProbe ||
        !this.#tryRecover(false)
      ) {
        this.#fallback.divert(bytes, offset, length);
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

  /** Makes written data durable; nothing to do while lines go elsewhere. */
  sync(): void {
    if (this.#degraded && this.#options.onDiskFull !== "block") return;
    try {
      this.#inner.sync();
    } catch (err) {
      this.#noteError(err);
      throw err;
    }
  }

  /** Makes written data durable off the calling thread (see {@linkcode Target.syncAsync}). */
  async syncAsync(): Promise<void> {
    if (this.#degraded && this.#options.onDiskFull !== "block") return;
    try {
      const inner = this.#inner;
      await (inner.syncAsync === undefined ? inner.sync() : inner.syncAsync());
    } catch (err) {
      this.#noteError(err);
      throw err;
    }
  }

  /** Finishes synchronously at process exit (see {@linkcode Target.closeSync}). */
  closeSync(): void {
    this.#finish();
    this.#inner.closeSync?.();
  }

  /** Tries the file one last time, then closes it (see {@linkcode Target.close}). */
  async close(): Promise<void> {
    this.#finish();
    await this.#inner.close();
  }

  /** The file side it wraps (see {@linkcode TargetDecorator}). */
  protected next(): Target<Stats> {
    return this.#inner;
  }

  /** The health snapshot (see {@linkcode SinkStatus}). */
  status(): SinkStatus {
    const place = this.describe();
    return {
      state: this.#degraded ? "degraded" : place.variant ? "variant" : "ok",
      primaryPath: this.#inner.name,
      path: place.path,
      shared: place.shared,
      errors: this.#errors,
      lastError: this.#lastError,
      lastErrorTime: this.#lastErrorTime,
      degradedReason: this.#degraded ? this.#reason : undefined,
      degradedSince: this.#degraded ? this.#since : undefined,
      degradedEpisodes: this.#episodes,
      recoveryAttempts: this.#attempts,
      downtimeMs: this.#downtimeMs +
        (this.#degraded ? this.#platform.monotonic() - this.#sinceMono : 0),
      fallbackLines: this.#fallback.lines,
      fallbackBytes: this.#fallback.bytes,
      replayedLines: this.#probe.replayedLines,
      droppedLines: this.#fallback.droppedLines,
      droppedBytes: this.#fallback.droppedBytes,
      bytesCleaned: this.#bytesCleaned,
      pendingBytes: this.#probe.pendingBytes,
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
    return this.#tryRecover(false);
  }

  #noteError(err: unknown): void {
    this.#errors++;
    this.#lastError = describeError(causeOf(err));
    this.#lastErrorTime = this.#platform.now();
  }

  /** The file named in messages: the one in use, else the configured one. */
  #file(): string {
    return this.#inner.describe?.().path ?? this.#inner.name;
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
      this.#cleanUp(length - written)
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
    let rest = offset + written;
    if (this.#options.onDiskFull === "block") {
      // Whole lines only: cut a torn head off the file (sole writer) so the
      // line is written whole later, or dropped without a trace.
      if (written > 0 && bytes[rest - 1] !== newline) {
        const lineStart = lineStartBefore(bytes, offset, rest);
        if (this.cutTail(rest - lineStart)) written = lineStart - offset;
      }
      throw new TargetWriteError(cause, written);
    }
    const end = offset + length;
    if (written > 0 && bytes[rest - 1] !== newline) {
      const lineStart = lineStartBefore(bytes, offset, rest);
      if (this.cutTail(rest - lineStart)) {
        // Sole writer: the torn head is cut off the file, which ends on a
        // line again; the whole line goes to the fallback below.
        rest = lineStart;
      } else {
        // Shared file: the torn head stays; owe it the rest on recovery.
        let lineEnd = bytes.indexOf(newline, rest);
        if (lineEnd === -1 || lineEnd >= end) lineEnd = end - 1;
        this.#probe.oweRest(
          bytes.slice(rest, lineEnd + 1),
          bytes.slice(lineStart, rest),
        );
        rest = lineEnd + 1;
      }
    }
    if (rest < end) this.#fallback.divert(bytes, rest, end - rest);
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
    this.#episodeStartLines = this.#fallback.lines;
    const file = this.#file();
    const message = degradedMessage(
      file,
      cause,
      this.#since,
      options,
      this.#fallback.name,
    );
    this.#fallback.banner(`${file}: ${message}`);
    options.report("error", message, cause);
    if (options.onDiskFull !== "block") {
      this.#timer = this.#platform.every(options.recoveryIntervalMs, () => {
        if (this.#degraded) this.#tryRecover(false);
      });
    }
  }

  /** One recovery probe: free space, reopen, pay what the file is owed. */
  #tryRecover(atClose: boolean): boolean {
    this.#attempts++;
    this.#nextProbe = this.#platform.monotonic() +
      this.#options.recoveryIntervalMs;
    try {
      if (!this.#probe.run(this.#inner, atClose)) return false;
    } catch (err) {
      this.#noteError(err);
      return false;
    }
    this.#recover();
    return true;
  }

  #recover(): void {
    if (!this.#degraded) return;
    const downtime = this.#platform.monotonic() - this.#sinceMono;
    this.#degraded = false;
    this.#downtimeMs += downtime;
    this.#timer?.cancel();
    this.#timer = undefined;
    const file = this.#file();
    const skipped = this.#probe.skippedLines;
    if (skipped > 0) {
      const marker = skippedMarker(skipped, this.#fallback.name);
      this.#probe.skippedLines = 0;
      try {
        this.#inner.write(marker, 0, marker.length);
      } catch (err) {
        this.#noteError(err);
      }
    }
    const message = recoveredMessage(
      file,
      downtime,
      this.#reason,
      this.#fallback.lines - this.#episodeStartLines,
      this.#fallback.name,
    );
    this.#fallback.banner(`${file}: ${message}`);
    this.#options.report("recovered", message);
    this.#reason = undefined;
    this.#since = undefined;
  }

  /** The emergency cleanup when a write first fails (not again while degraded). */
  #cleanUp(remaining: number): boolean {
    const freed = emergencyCleanup(this.#inner, this.#options, remaining);
    this.#bytesCleaned += freed;
    return freed > 0;
  }

  /** At close: one last try at the file, then torn lines go to the fallback whole. */
  #finish(): void {
    if (this.#degraded && this.#options.onDiskFull !== "block") {
      this.#tryRecover(true);
    }
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#probe.drain((line) => this.#fallback.divert(line, 0, line.length));
  }
}
