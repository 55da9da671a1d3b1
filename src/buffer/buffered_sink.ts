/**
 * The buffered sink: the synchronous hot path in front of any
 * {@linkcode Target}. It accepts strings and bytes, batches them, writes
 * only whole lines, bounds its memory with an explicit overflow policy, and
 * flushes by size, by time, on demand and at process exit.
 *
 * @module
 */
import { writableFor } from "./sink_writable.ts";
import { type FlushCallback, withFlushCallback } from "./flush_callback.ts";
import { countLineBreakBytes, countLineBreaks } from "./_lines.ts";
import {
  booleanOption,
  choiceOption,
  functionOption,
  integerOption,
  maxTimerMs,
} from "../options/validate.ts";
import {
  type Diagnostic,
  type DiagnosticKind,
  type DiagnosticListener,
  emitDiagnostic,
  printDiagnostic,
} from "../diagnostics.ts";
import { describeError } from "../errors.ts";
import type { Platform, UnrefTimer } from "../runtime/driver.ts";
import type { SinkStatus } from "./sink_status.ts";
import type { Target } from "./target.ts";
import { TargetWriteError } from "./target.ts";

/**
 * What happens when the buffer is full and the target cannot take more.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { OverflowPolicy } from "logrotor";
 *
 * // never stall the caller: when the buffer is full, lose the oldest lines
 * const overflow: OverflowPolicy = "drop-old";
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", { overflow });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export type OverflowPolicy = "block" | "drop-new" | "drop-old";

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
   * `"block"` retries the target on the caller's thread (up to
   * `blockTimeoutMs`, then drops the chunk, counted); `"drop-new"` rejects
   * the new chunk; `"drop-old"` discards the oldest buffered lines. Every
   * drop is counted and a line `… N lines dropped …` is written when
   * writing resumes.
   * @default {"block"}
   */
  readonly overflow?: OverflowPolicy;
  /**
   * How long `"block"` waits for the target before dropping.
   * @default {5000}
   */
  readonly blockTimeoutMs?: number;
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

/**
 * Counters of a sink, from {@linkcode BufferedSink.stats}.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { SinkStats } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-doc/app.log");
 * sink.write("hello\n");
 * await sink.flush();
 * const stats: SinkStats = sink.stats();
 * if (stats.droppedLines > 0) console.error(`lost ${stats.droppedLines} lines`);
 * await sink.close();
 * ```
 */
export interface SinkStats {
  /** Bytes the target accepted. */
  readonly bytesWritten: number;
  /** Lines (newlines) accepted by `write()`. */
  readonly linesAccepted: number;
  /** Calls to `write()` that were accepted. */
  readonly writes: number;
  /** Successful flushes to the target. */
  readonly flushes: number;
  /** Lines dropped by the overflow policy or after close. */
  readonly droppedLines: number;
  /** Bytes dropped. */
  readonly droppedBytes: number;
  /** Cuts made in lines longer than `maxLineBytes` (one per cut). */
  readonly splitLines: number;
  /** Failed target writes. */
  readonly errors: number;
  /** The last failure, or `undefined`. */
  readonly lastError: string | undefined;
  /** When it happened (ms since the epoch), or `undefined`. */
  readonly lastErrorTime: number | undefined;
  /** Bytes held in memory now. */
  readonly pendingBytes: number;
}

/**
 * Every key of {@linkcode BufferedSinkOptions}, for unknown-key checks.
 *
 * @example Usage
 * ```ts
 * import { bufferedSinkKeys } from "./buffered_sink.ts";
 *
 * Object.hasOwn(bufferedSinkKeys, "flushBytes"); // true
 * ```
 */
export const bufferedSinkKeys: {
  readonly [K in keyof BufferedSinkOptions]-?: true;
} = {
  flushBytes: true,
  flushIntervalMs: true,
  maxBufferedBytes: true,
  overflow: true,
  blockTimeoutMs: true,
  fsync: true,
  maxLineBytes: true,
  flushOnExit: true,
  onDiagnostic: true,
};

/** The largest `flushBytes`: one batch is allocated twice over up front. */
export const maxFlushBytes = 64 * 1024 * 1024;
/** The largest `maxBufferedBytes` and `maxLineBytes` (1 GiB). */
export const maxHeldBytes = 1024 * 1024 * 1024;

const newline = 10;
const retryDelayMs = 50;
const sealGroupChars = 32 * 1024;
const encoder = new TextEncoder();

/**
 * Runtime context a sink needs (injected so tests can use their own).
 *
 * @example Usage
 * ```ts
 * import { BufferedSink, type SinkContext } from "logrotor/compose";
 * import type { Target } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const decoder = new TextDecoder();
 * const lines: string[] = [];
 * const memory: Target = {
 *   name: "memory",
 *   write(bytes, offset, length) {
 *     lines.push(decoder.decode(bytes.subarray(offset, offset + length)));
 *   },
 *   sync() {},
 *   close() {},
 * };
 * const context: SinkContext = { platform: getPlatform(), subject: "memory" };
 * const sink = new BufferedSink(memory, { flushOnExit: false }, context);
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export interface SinkContext {
  /** The platform (timers, exit hooks, sleeping). */
  readonly platform: Platform;
  /** What the sink is called in messages ("file sink"). */
  readonly subject: string;
}

/**
 * A buffered, line-preserving sink in front of a {@linkcode Target}.
 * Create one with `createFileSink()`; this class is the shared machinery.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-example/app.log");
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export class BufferedSink {
  readonly #target: Target;
  readonly #platform: Platform;
  readonly #flushBytes: number;
  readonly #flushIntervalMs: number;
  readonly #maxBufferedBytes: number;
  readonly #overflow: OverflowPolicy;
  readonly #blockTimeoutMs: number;
  readonly #fsync: FsyncPolicy;
  readonly #maxLineBytes: number;
  readonly #listener: DiagnosticListener;

  // Strings waiting to be encoded in one go, then bytes waiting to be written.
  #strings: string[] = [];
  #stringChars = 0;
  #buf: Uint8Array;
  #bufLen = 0;
  #endsOpen = false; // the last accepted chunk did not end in "\n"
  #skipToNewline = false; // a dropped chunk ended mid-line: drop its rest too
  #tornInTarget = false; // the target holds a partial line we gave up on
  #headIsContinuation = false; // the buffer starts with the rest of a half-written line
  #tornHeadBytes = 0; // bytes of that half-written line already in the target
  #droppedOpenAfterClose = false; // a chunk dropped after close ended mid-line

  #timer: UnrefTimer | undefined;
  #removeExitHook: (() => void) | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  #failing = false; // the last target write failed
  #retryAt = 0; // while failing, write() retries the target from this time on
  #reportedWriteAfterClose = false;
  #gaveUpBlocking = false; // "block" timed out; drop at once until a write works

  #bytesWritten = 0;
  #lines = 0;
  #writes = 0;
  #flushes = 0;
  #droppedLines = 0;
  #droppedBytes = 0;
  #unreportedDroppedLines = 0;
  #unreportedDroppedBytes = 0;
  #splitLines = 0;
  #errors = 0;
  #lastError: string | undefined;
  #lastErrorTime: number | undefined;

  /**
   * @param target Where flushed lines go.
   * @param options Buffering options (checked here).
   * @param context The platform and a name for messages.
   */
  constructor(
    target: Target,
    options: BufferedSinkOptions,
    context: SinkContext,
  ) {
    const subject = context.subject;
    this.#target = target;
    this.#platform = context.platform;
    this.#flushBytes = integerOption(
      subject,
      "flushBytes",
      options.flushBytes,
      256 * 1024,
      1,
      maxFlushBytes,
    );
    this.#flushIntervalMs = integerOption(
      subject,
      "flushIntervalMs",
      options.flushIntervalMs,
      100,
      0,
      maxTimerMs,
    );
    this.#maxBufferedBytes = integerOption(
      subject,
      "maxBufferedBytes",
      options.maxBufferedBytes,
      Math.max(8 * 1024 * 1024, this.#flushBytes * 4),
      1,
      maxHeldBytes,
    );
    if (this.#maxBufferedBytes < this.#flushBytes) {
      throw new RangeError(
        `Cannot create ${subject} as maxBufferedBytes must be >= flushBytes (${this.#flushBytes}): current value is ${this.#maxBufferedBytes}`,
      );
    }
    this.#overflow = choiceOption(subject, "overflow", options.overflow, [
      "block",
      "drop-new",
      "drop-old",
    ]);
    this.#blockTimeoutMs = integerOption(
      subject,
      "blockTimeoutMs",
      options.blockTimeoutMs,
      5000,
      0,
      maxTimerMs,
    );
    this.#fsync = choiceOption(subject, "fsync", options.fsync, [
      "close",
      "flush",
      "never",
    ]);
    this.#maxLineBytes = integerOption(
      subject,
      "maxLineBytes",
      options.maxLineBytes,
      1024 * 1024,
      1,
      maxHeldBytes,
    );
    this.#listener =
      functionOption(subject, "onDiagnostic", options.onDiagnostic) ??
        printDiagnostic;
    this.#buf = new Uint8Array(Math.max(this.#flushBytes * 2, 4096));
    if (booleanOption(subject, "flushOnExit", options.flushOnExit, true)) {
      this.#removeExitHook = this.#platform.onExit((mode) =>
        mode === "flush" ? this.#finishSync(true) : this.#exitSync()
      );
    }
  }

  /** The name of the target (the file path for file sinks). */
  get name(): string {
    return this.#target.name;
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Accepts a chunk synchronously; never awaits and never throws for
   * runtime failures. Returns `false` when the chunk was dropped (counted
   * in {@linkcode stats}).
   *
   * @param chunk Text (encoded as UTF-8) or bytes; lines end with `\n`.
   */
  write(chunk: string | Uint8Array): boolean {
    if (typeof chunk === "string") return this.#writeString(chunk);
    if (chunk instanceof Uint8Array) return this.#writeBytes(chunk);
    throw new TypeError(
      `Cannot write to ${this.#target.name} as the chunk must be a string or Uint8Array: current type is ${
        chunk === null ? "null" : typeof chunk
      }`,
    );
  }

  #writeString(chunk: string): boolean {
    const n = chunk.length;
    if (n === 0) return true;
    if (this.#closed || this.#skipToNewline) {
      return this.#rejectString(chunk);
    }
    if (this.#stringChars + this.#bufLen + n > this.#flushBytes) {
      if (!this.#makeRoom(n)) return this.#dropNewString(chunk);
    }
    // Nothing here looks inside the string: reading a character of a
    // template-built string flattens it (30–60 ns per line, measured in
    // bench/hotpath_bench.ts). Lines and the trailing newline are counted
    // on the joined batch in #sealStrings.
    this.#strings.push(chunk);
    this.#stringChars += n;
    this.#writes++;
    if (this.#timer === undefined) this.#armTimer();
    return true;
  }

  #writeBytes(chunk: Uint8Array): boolean {
    const n = chunk.length;
    if (n === 0) return true;
    if (this.#closed || this.#skipToNewline) return this.#rejectBytes(chunk);
    if (this.#stringChars + this.#bufLen + n > this.#flushBytes) {
      if (!this.#makeRoom(n)) return this.#dropNewBytes(chunk);
    }
    this.#sealStrings();
    this.#ensureCapacity(this.#bufLen + n);
    this.#buf.set(chunk, this.#bufLen);
    this.#bufLen += n;
    this.#lines += countLineBreakBytes(chunk, 0, n);
    this.#writes++;
    this.#endsOpen = chunk[n - 1] !== newline;
    if (this.#timer === undefined) this.#armTimer();
    return true;
  }

  /** Flushes, then applies the overflow policy; true when `n` more fit. */
  #makeRoom(n: number): boolean {
    // While the target fails, retry it at most every retryDelayMs from here.
    if (!this.#failing || this.#platform.monotonic() >= this.#retryAt) {
      this.#flushSync(false);
    }
    const pending = this.#pending();
    if (pending === 0 || pending + n <= this.#maxBufferedBytes) return true;
    switch (this.#overflow) {
      case "drop-new":
        return false;
      case "drop-old":
        this.#dropOldest(this.#pending() + n - this.#maxBufferedBytes);
        return this.#pending() + n <= this.#maxBufferedBytes;
      case "block":
        return this.#blockUntilRoom(n);
    }
  }

  #blockUntilRoom(n: number): boolean {
    if (this.#gaveUpBlocking) return false;
    const deadline = this.#platform.monotonic() + this.#blockTimeoutMs;
    let pause = 1;
    while (this.#pending() + n > this.#maxBufferedBytes) {
      if (this.#platform.monotonic() >= deadline) {
        this.#gaveUpBlocking = true;
        this.#report(
          "error",
          `target still failing after blocking ${this.#blockTimeoutMs} ms; dropping new lines until it recovers`,
        );
        return false;
      }
      this.#platform.sleepSync(pause);
      pause = Math.min(pause * 2, 100);
      this.#flushSync(false);
    }
    return true;
  }

  #pending(): number {
    return this.#stringChars + this.#bufLen;
  }

  #rejectString(chunk: string): boolean {
    if (this.#skipToNewline && !this.#closed) {
      const at = chunk.indexOf("\n");
      if (at !== -1) {
        // The rest of a line counted when its first part was dropped.
        this.#skipToNewline = false;
        this.#countDrop(0, at + 1);
        return at + 1 === chunk.length
          ? false
          : this.write(chunk.slice(at + 1));
      }
      this.#countDrop(0, chunk.length);
      return false;
    }
    return this.#dropNewString(chunk);
  }

  #rejectBytes(chunk: Uint8Array): boolean {
    if (this.#skipToNewline && !this.#closed) {
      const at = chunk.indexOf(newline);
      if (at !== -1) {
        this.#skipToNewline = false;
        this.#countDrop(0, at + 1);
        return at + 1 === chunk.length
          ? false
          : this.write(chunk.subarray(at + 1));
      }
      this.#countDrop(0, chunk.length);
      return false;
    }
    return this.#dropNewBytes(chunk);
  }

  #dropNewString(chunk: string): boolean {
    const open = chunk.charCodeAt(chunk.length - 1) !== newline;
    this.#dropNew(countLineBreaks(chunk) + (open ? 1 : 0), chunk.length, open);
    return false;
  }

  #dropNewBytes(chunk: Uint8Array): boolean {
    const open = chunk[chunk.length - 1] !== newline;
    this.#dropNew(
      countLineBreakBytes(chunk, 0, chunk.length) + (open ? 1 : 0),
      chunk.length,
      open,
    );
    return false;
  }

  /**
   * Drops a new chunk. A line is counted once, when its first byte is
   * dropped: `lines` counts a chunk's last, unfinished line too, and the
   * rest of that line (in later chunks) is not counted again.
   */
  #dropNew(lines: number, bytes: number, endsOpen: boolean): void {
    if (this.#closed) {
      if (this.#droppedOpenAfterClose) lines--;
      this.#droppedOpenAfterClose = endsOpen;
      this.#countDrop(lines, bytes);
      if (!this.#reportedWriteAfterClose) {
        this.#reportedWriteAfterClose = true;
        this.#report("dropped", "write after close: lines dropped");
      }
      return;
    }
    // A held partial line can no longer be completed: it is dropped with
    // the chunk that continues it (counted there, as one line).
    if (this.#holdsPartialLine()) this.#dropHeldPartial();
    this.#skipToNewline = endsOpen;
    this.#countDrop(lines, bytes);
  }

  /** Removes the unfinished last line from the buffer (its bytes counted). */
  #dropHeldPartial(): void {
    this.#sealStrings();
    if (!this.#endsOpen || this.#bufLen === 0) return;
    const start = this.#buf.lastIndexOf(newline, this.#bufLen - 1) + 1;
    if (start === 0 && this.#headIsContinuation) {
      // Its head is already in the target: cut it there, or end it.
      this.#dropTornHead();
    }
    this.#countDrop(0, this.#bufLen - start);
    this.#bufLen = start;
    this.#endsOpen = false;
  }

  /**
   * The half-written line at the buffer's head is being dropped: cut its
   * head off the target (sole writer), or have the marker end it.
   */
  #dropTornHead(): void {
    this.#headIsContinuation = false;
    const torn = this.#tornHeadBytes;
    this.#tornHeadBytes = 0;
    let cut = false;
    try {
      cut = this.#target.cutTail?.(torn) ?? false;
    } catch {
      cut = false;
    }
    if (cut) {
      this.#bytesWritten -= torn;
      this.#countDrop(0, torn);
    } else {
      this.#tornInTarget = true;
    }
  }

  #countDrop(lines: number, bytes: number): void {
    this.#droppedLines += lines;
    this.#droppedBytes += bytes;
    this.#unreportedDroppedLines += lines;
    this.#unreportedDroppedBytes += bytes;
  }

  /** Drops whole lines from the front until at least `need` bytes are free. */
  #dropOldest(need: number): void {
    this.#sealStrings();
    let cut = 0;
    while (cut < this.#bufLen && cut < need) {
      const at = this.#buf.indexOf(newline, cut);
      if (at === -1 || at >= this.#bufLen) break;
      cut = at + 1;
    }
    if (cut === 0) return;
    if (this.#headIsContinuation) this.#dropTornHead();
    this.#countDrop(countLineBreakBytes(this.#buf, 0, cut), cut);
    this.#buf.copyWithin(0, cut, this.#bufLen);
    this.#bufLen -= cut;
  }

  #appendRaw(text: string): void {
    this.#strings.push(text);
    this.#stringChars += text.length;
  }

  /** Whether the last accepted chunk did not end in a newline. */
  #holdsPartialLine(): boolean {
    const last = this.#strings.at(-1);
    return last === undefined
      ? this.#endsOpen
      : last.charCodeAt(last.length - 1) !== newline;
  }

  #ensureCapacity(size: number): void {
    if (size <= this.#buf.length) return;
    const bigger = new Uint8Array(Math.max(size, this.#buf.length * 2));
    bigger.set(this.#buf.subarray(0, this.#bufLen));
    this.#buf = bigger;
  }

  /**
   * Encodes the pending strings into the byte buffer, joined in groups of
   * at most `sealGroupChars` characters: one join per group is cheap, while
   * one join of a whole large batch allocates a string big enough for
   * V8's large-object space on every flush (measured: 256 KiB batches ran
   * 26 % slower on Node joined at once).
   */
  #sealStrings(): void {
    const strings = this.#strings;
    if (strings.length === 0) return;
    this.#strings = [];
    const total = this.#stringChars;
    this.#stringChars = 0;
    this.#ensureCapacity(this.#bufLen + total * 3);
    if (total <= sealGroupChars) {
      this.#encode(
        strings.length === 1 ? strings[0] as string : strings.join(""),
      );
      return;
    }
    let from = 0;
    let chars = 0;
    for (let i = 0; i < strings.length; i++) {
      chars += (strings[i] as string).length;
      if (chars >= sealGroupChars || i === strings.length - 1) {
        this.#encode(strings.slice(from, i + 1).join(""));
        from = i + 1;
        chars = 0;
      }
    }
  }

  /** Appends one joined text to the byte buffer, counting its lines. */
  #encode(text: string): void {
    this.#lines += countLineBreaks(text);
    this.#endsOpen = text.charCodeAt(text.length - 1) !== newline;
    const { written } = encoder.encodeInto(
      text,
      this.#buf.subarray(this.#bufLen),
    );
    this.#bufLen += written;
  }

  #armTimer(): void {
    if (this.#flushIntervalMs === 0 || this.#closed) return;
    this.#timer = this.#platform.after(this.#flushIntervalMs, () => {
      this.#timer = undefined;
      this.#flushSync(false);
      if (this.#pending() > 0) this.#armTimer();
    });
  }

  /**
   * Writes whole buffered lines to the target. With `final`, also the
   * partial last line, terminated with a newline. Returns false when bytes
   * are still held because the target failed.
   */
  #flushSync(final: boolean): boolean {
    this.#sealStrings();
    if (this.#bufLen === 0) return true;
    // Only a buffer longer than the limit can hold a line longer than it:
    // with the defaults (256 KiB batches, 1 MiB lines) this costs nothing.
    if (this.#bufLen > this.#maxLineBytes) this.#cutLongLines();
    if (this.#headIsContinuation) {
      // Finish the half-written line before anything else (a marker) goes in.
      const end = this.#buf.indexOf(newline);
      if (end !== -1 && end < this.#bufLen && !this.#writeToTarget(end + 1)) {
        return false;
      }
    }
    if (!this.#writeDropMarker()) return false;
    let cut = this.#bufLen;
    if (this.#endsOpen) {
      const lastNewline = this.#buf.lastIndexOf(newline, this.#bufLen - 1);
      cut = lastNewline + 1;
      if (final) {
        this.#ensureCapacity(this.#bufLen + 1);
        this.#buf[this.#bufLen++] = newline;
        this.#endsOpen = false;
        cut = this.#bufLen;
      }
    }
    if (cut === 0) return true;
    return this.#writeToTarget(cut);
  }

  /**
   * Cuts every line longer than `maxLineBytes` (the unfinished last one
   * too) into pieces of at most that many bytes, each cut rounded down to a
   * UTF-8 character boundary and ended with a newline; the rest of the line
   * continues as a new line (the last rest stays held if unfinished). A
   * line of exactly `maxLineBytes` is not cut, so no empty line appears.
   */
  #cutLongLines(): void {
    const max = this.#maxLineBytes;
    const buf = this.#buf;
    const len = this.#bufLen;
    let start = 0;
    for (;;) {
      if (start >= len) return;
      let end = buf.indexOf(newline, start);
      if (end === -1 || end >= len) end = len;
      if (end - start > max) break;
      start = end + 1;
    }
    const out = new Uint8Array(
      Math.max(buf.length, len + Math.floor(len / max) + 2),
    );
    out.set(buf.subarray(0, start));
    let at = start;
    while (start < len) {
      let end = buf.indexOf(newline, start);
      if (end === -1 || end >= len) end = len;
      while (end - start > max) {
        let cut = start + max;
        while (cut > start && ((buf[cut] as number) & 0xc0) === 0x80) cut--;
        if (cut === start) cut = start + max; // a character longer than max
        out.set(buf.subarray(start, cut), at);
        at += cut - start;
        out[at++] = newline;
        this.#splitLines++;
        start = cut;
      }
      const stop = end < len ? end + 1 : len;
      out.set(buf.subarray(start, stop), at);
      at += stop - start;
      start = stop;
    }
    this.#buf = out;
    this.#bufLen = at;
  }

  /** Writes `buf[0, cut)`, then moves what is left to the front. */
  #writeToTarget(cut: number): boolean {
    const buf = this.#buf;
    let written = cut;
    let ok = true;
    try {
      this.#target.write(buf, 0, cut);
    } catch (err) {
      written = err instanceof TargetWriteError ? err.written : 0;
      ok = false;
      this.#onTargetError(err);
    }
    if (ok && this.#fsync === "flush") this.#syncAfterWrite();
    this.#bytesWritten += written;
    if (written > 0) {
      if (buf[written - 1] !== newline) {
        const lineStart = buf.lastIndexOf(newline, written - 1) + 1;
        this.#tornHeadBytes = written - lineStart +
          (lineStart === 0 && this.#headIsContinuation
            ? this.#tornHeadBytes
            : 0);
        this.#headIsContinuation = true;
      } else {
        this.#headIsContinuation = false;
        this.#tornHeadBytes = 0;
      }
      buf.copyWithin(0, written, this.#bufLen);
      this.#bufLen -= written;
    }
    if (ok) this.#onTargetOk();
    return ok;
  }

  #writeDropMarker(): boolean {
    if (this.#unreportedDroppedLines === 0 && !this.#tornInTarget) return true;
    const lines = this.#unreportedDroppedLines;
    const bytes = this.#unreportedDroppedBytes;
    const marker = (this.#tornInTarget ? "\n" : "") +
      `… ${lines} lines dropped (${bytes} bytes, overflow policy ${this.#overflow}) …\n`;
    const encoded = encoder.encode(marker);
    try {
      this.#target.write(encoded, 0, encoded.length);
    } catch (err) {
      // A marker that half landed leaves a torn line; write it whole later.
      if (err instanceof TargetWriteError && err.written > 0) {
        this.#tornInTarget = true;
      }
      this.#onTargetError(err);
      return false;
    }
    this.#bytesWritten += encoded.length;
    this.#tornInTarget = false;
    this.#unreportedDroppedLines = 0;
    this.#unreportedDroppedBytes = 0;
    this.#report(
      "dropped",
      `${lines} lines (${bytes} bytes) were dropped by overflow policy ${this.#overflow}`,
    );
    return true;
  }

  /** fsync after a write that landed: a failure must not resend the lines. */
  #syncAfterWrite(): void {
    try {
      this.#target.sync();
    } catch (err) {
      this.#errors++;
      this.#lastError = describeError(err);
      this.#lastErrorTime = this.#platform.now();
      this.#report(
        "error",
        `fsync failed (${this.#lastError}); the lines were written but may not be durable`,
        err,
      );
    }
  }

  #onTargetError(err: unknown): void {
    this.#errors++;
    this.#retryAt = this.#platform.monotonic() + retryDelayMs;
    this.#lastError = describeError(
      err instanceof TargetWriteError ? err.cause : err,
    );
    this.#lastErrorTime = this.#platform.now();
    if (!this.#failing) {
      this.#failing = true;
      this.#report("error", `write failed (${this.#lastError})`, err);
    }
  }

  #onTargetOk(): void {
    this.#flushes++;
    if (this.#failing) {
      this.#failing = false;
      this.#gaveUpBlocking = false;
      this.#report("recovered", "writing again");
    }
  }

  #report(kind: DiagnosticKind, message: string, error?: unknown): void {
    const diagnostic: Diagnostic = error === undefined
      ? { kind, target: this.#target.name, message, time: this.#platform.now() }
      : {
        kind,
        target: this.#target.name,
        message,
        error,
        time: this.#platform.now(),
      };
    emitDiagnostic(this.#listener, diagnostic);
  }

  /**
   * Writes every complete buffered line now, synchronously. A partial last
   * line stays held until its newline or `close()`.
   *
   * @returns Whether everything that could be written was written.
   */
  flushSync(): boolean {
    return this.#flushSync(false);
  }

  /**
   * Writes every complete buffered line (see {@linkcode flushSync}).
   *
   * @param callback Also called when done (pino's `logger.flush(cb)`).
   * @returns A promise that resolves when the lines are with the target.
   */
  flush(callback?: FlushCallback): Promise<void> {
    this.#flushSync(false);
    return withFlushCallback(Promise.resolve(), callback);
  }

  /**
   * Everything out, the partial line terminated; with `syncNow`, fsync
   * synchronously too (the exit path: only synchronous work survives it).
   */
  #finishSync(syncNow: boolean): void {
    let ok = this.#flushSync(true);
    if (!ok && this.#overflow === "block") {
      const deadline = this.#platform.monotonic() + this.#blockTimeoutMs;
      let pause = 1;
      while (!ok && this.#platform.monotonic() < deadline) {
        this.#platform.sleepSync(pause);
        pause = Math.min(pause * 2, 100);
        ok = this.#flushSync(true);
      }
    }
    if (!ok) {
      this.#sealStrings();
      const lines = countLineBreakBytes(this.#buf, 0, this.#bufLen);
      this.#countDrop(lines, this.#bufLen);
      this.#report(
        "dropped",
        `${lines} lines (${this.#bufLen} bytes) could not be written before closing (${this.#lastError})`,
      );
      this.#bufLen = 0;
    }
    if (syncNow && this.#fsync !== "never") {
      try {
        this.#target.sync();
      } catch (err) {
        this.#onTargetError(err);
      }
    }
  }

  /** The exit hook: final flush, then let the target settle synchronously. */
  #exitSync(): void {
    this.#finishSync(true);
    try {
      this.#target.closeSync?.();
    } catch {
      // the process is ending; the target's own recovery runs at next start
    }
  }

  /**
   * Flushes everything (a partial last line gets a newline), fsyncs unless
   * `fsync: "never"`, and closes the target. Later writes are dropped and
   * counted.
   *
   * @returns A promise that resolves once the data is in the file.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#finishSync(false);
    this.#closing = this.#closeTarget();
    return this.#closing;
  }

  async #closeTarget(): Promise<void> {
    if (this.#fsync !== "never") {
      // Off the event loop: an fsync of a large file takes tens of ms. The
      // exit hook stays registered meanwhile and syncs synchronously.
      try {
        await (this.#target.syncAsync?.() ?? this.#target.sync());
      } catch (err) {
        this.#onTargetError(err);
      }
    }
    try {
      await this.#target.close();
    } catch (err) {
      this.#onTargetError(err);
    } finally {
      this.#removeExitHook?.();
      this.#removeExitHook = undefined;
    }
  }

  /**
   * Writes the buffered whole lines, then closes and reopens the file by
   * its path, so lines go to the new file after an external tool (such as
   * logrotate) renamed the old one. Failures become diagnostics and
   * counters; the next flush retries.
   */
  reopen(): void {
    if (this.#closed) return;
    this.#flushSync(false);
    try {
      this.#target.reopen?.();
    } catch (err) {
      this.#onTargetError(err);
    }
  }

  /** Closes the sink (`await using sink = createFileSink(…)`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * A fresh `WritableStream` face per access, for `readable.pipeTo(sink.writable)`;
   * ending a pipe flushes but never closes the sink (call `close()`).
   */
  get writable(): WritableStream<string | Uint8Array> {
    return writableFor(this);
  }

  /**
   * Health: the target's status (degraded mode, variant file) when it has
   * one, with this sink's own drops, errors and held bytes folded in.
   *
   * @returns A snapshot; see {@linkcode SinkStatus}.
   */
  status(): SinkStatus {
    const stats = this.stats();
    const target = this.#target.status?.();
    const newer = target !== undefined &&
      (target.lastErrorTime ?? 0) >= (stats.lastErrorTime ?? 0);
    return {
      state: target?.state ?? (this.#failing ? "degraded" : "ok"),
      primaryPath: target?.primaryPath ?? this.#target.name,
      path: target?.path ?? this.#target.name,
      shared: target?.shared ?? false,
      errors: Math.max(target?.errors ?? 0, stats.errors),
      lastError: newer ? target.lastError : stats.lastError,
      lastErrorTime: newer ? target.lastErrorTime : stats.lastErrorTime,
      degradedReason: target?.degradedReason,
      degradedSince: target?.degradedSince,
      degradedEpisodes: target?.degradedEpisodes ?? 0,
      recoveryAttempts: target?.recoveryAttempts ?? 0,
      downtimeMs: target?.downtimeMs ?? 0,
      fallbackLines: target?.fallbackLines ?? 0,
      fallbackBytes: target?.fallbackBytes ?? 0,
      replayedLines: target?.replayedLines ?? 0,
      droppedLines: (target?.droppedLines ?? 0) + stats.droppedLines,
      droppedBytes: (target?.droppedBytes ?? 0) + stats.droppedBytes,
      bytesCleaned: target?.bytesCleaned ?? 0,
      pendingBytes: (target?.pendingBytes ?? 0) + stats.pendingBytes,
    };
  }

  /** Counters and the last error. */
  stats(): SinkStats {
    return {
      bytesWritten: this.#bytesWritten,
      linesAccepted: this.#lines +
        this.#strings.reduce((sum, text) => sum + countLineBreaks(text), 0),
      writes: this.#writes,
      flushes: this.#flushes,
      droppedLines: this.#droppedLines,
      droppedBytes: this.#droppedBytes,
      splitLines: this.#splitLines,
      errors: this.#errors,
      lastError: this.#lastError,
      lastErrorTime: this.#lastErrorTime,
      pendingBytes: this.#pending(),
    };
  }
}
