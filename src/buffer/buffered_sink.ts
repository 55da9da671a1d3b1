/**
 * The buffered sink: the synchronous hot path in front of any
 * {@linkcode Target}. It accepts strings and bytes, batches them, writes
 * only whole lines, bounds its memory with an explicit overflow policy, and
 * flushes by size, by time, on demand and at process exit.
 *
 * This file is the buffer itself: `write()` appends to the pending strings
 * (or bytes), a flush encodes them into one byte batch and hands its whole
 * lines to the target. The pieces it uses: the options and their checks
 * (`../options/buffer_options.ts`), the overflow policies and drop counts
 * (`overflow.ts`), long-line cuts and torn lines (`line_assembly.ts`), the
 * link to the target with its failure state and counters
 * (`target_link.ts`), and the stats and status merge (`sink_stats.ts`).
 *
 * @module
 */
import { writableFor } from "./sink_writable.ts";
import { type FlushCallback, withFlushCallback } from "./flush_callback.ts";
import { countLineBreakBytes, countLineBreaks } from "./_lines.ts";
import {
  type BufferedSinkOptions,
  type FsyncPolicy,
  type OverflowPolicy,
  resolveBufferOptions,
} from "../options/buffer_options.ts";
import { printDiagnostic } from "../diagnostics.ts";
import type { Platform, UnrefTimer } from "../runtime/driver.ts";
import type { SinkStatus } from "./sink_status.ts";
import type { Target } from "./target.ts";
import {
  cutLongLines,
  tornLineBytes,
  wholeLinesPrefix,
} from "./line_assembly.ts";
import {
  DropCount,
  droppedChunkLines,
  endsOpen,
  type OverflowBuffer,
  type OverflowHandler,
  overflowHandlers,
  retryUntil,
} from "./overflow.ts";
import { mergeStatus, type SinkStats } from "./sink_stats.ts";
import { TargetLink } from "./target_link.ts";

export type {
  BufferedSinkOptions,
  FsyncPolicy,
  OverflowPolicy,
} from "../options/buffer_options.ts";
export {
  bufferedSinkKeys,
  maxFlushBytes,
  maxHeldBytes,
} from "../options/buffer_options.ts";
export type { SinkStats } from "./sink_stats.ts";

const newline = 10;
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
  readonly #overflow: OverflowPolicy;
  readonly #blockTimeoutMs: number;
  readonly #fsync: FsyncPolicy;
  readonly #maxLineBytes: number;
  readonly #link: TargetLink; // writes, fsync, failure state, counters
  readonly #makeMoreRoom: OverflowHandler;
  readonly #room: OverflowBuffer; // what the overflow policy may do here

  // Strings waiting to be encoded in one go, then bytes waiting to be written.
  #strings: string[] = [];
  #stringChars = 0;
  #buf: Uint8Array;
  #bufLen = 0;
  #endsOpen = false; // the last accepted chunk did not end in "\n"
  #skipToNewline = false; // a dropped chunk ended mid-line: drop its rest too
  #tornInTarget = false; // the target holds a partial line we gave up on
  // Bytes of the buffer's first line already in the target (a write that
  // stopped mid-line); 0 when the buffer starts a line.
  #tornHeadBytes = 0;

  #timer: UnrefTimer | undefined;
  #removeExitHook: (() => void) | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  #lines = 0;
  #writes = 0;
  readonly #drops = new DropCount();
  #splitLines = 0;

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
    const resolved = resolveBufferOptions(subject, options);
    this.#flushBytes = resolved.flushBytes;
    this.#flushIntervalMs = resolved.flushIntervalMs;
    this.#overflow = resolved.overflow;
    this.#blockTimeoutMs = resolved.blockTimeoutMs;
    this.#fsync = resolved.fsync;
    this.#maxLineBytes = resolved.maxLineBytes;
    this.#link = new TargetLink(
      target,
      this.#platform,
      resolved.onDiagnostic ?? printDiagnostic,
      this.#fsync === "flush",
    );
    this.#makeMoreRoom = overflowHandlers[this.#overflow];
    this.#room = {
      platform: this.#platform,
      maxBufferedBytes: resolved.maxBufferedBytes,
      blockTimeoutMs: this.#blockTimeoutMs,
      overflowTimeoutMs: resolved.overflowTimeoutMs,
      blockGaveUp: false,
      denied: () => this.#link.denied,
      pending: () => this.#pending(),
      flush: () => void this.#flushSync(false),
      dropOldest: (need) => this.#dropOldest(need),
      report: (kind, message) => this.#link.report(kind, message),
    };
    this.#buf = new Uint8Array(Math.max(this.#flushBytes * 2, 4096));
    if (resolved.flushOnExit) {
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
      return this.#reject(chunk);
    }
    if (this.#stringChars + this.#bufLen + n > this.#flushBytes) {
      if (!this.#makeRoom(n)) return this.#dropNewChunk(chunk);
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
    if (this.#closed || this.#skipToNewline) return this.#reject(chunk);
    if (this.#stringChars + this.#bufLen + n > this.#flushBytes) {
      if (!this.#makeRoom(n)) return this.#dropNewChunk(chunk);
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
    if (
      !this.#link.failing || this.#platform.monotonic() >= this.#link.retryAt
    ) {
      this.#flushSync(false);
    }
    const pending = this.#pending();
    if (pending === 0 || pending + n <= this.#room.maxBufferedBytes) {
      return true;
    }
    return this.#makeMoreRoom(this.#room, n);
  }

  #pending(): number {
    return this.#stringChars + this.#bufLen;
  }

  #reject(chunk: string | Uint8Array): boolean {
    if (this.#skipToNewline && !this.#closed) {
      const at = typeof chunk === "string"
        ? chunk.indexOf("\n")
        : chunk.indexOf(newline);
      if (at !== -1) {
        // The rest of a line counted when its first part was dropped.
        this.#skipToNewline = false;
        this.#drops.add(0, at + 1);
        if (at + 1 === chunk.length) return false;
        return this.write(
          typeof chunk === "string"
            ? chunk.slice(at + 1)
            : chunk.subarray(at + 1),
        );
      }
      this.#drops.add(0, chunk.length);
      return false;
    }
    return this.#dropNewChunk(chunk);
  }

  #dropNewChunk(chunk: string | Uint8Array): boolean {
    this.#dropNew(droppedChunkLines(chunk), chunk.length, endsOpen(chunk));
    return false;
  }

  /**
   * Drops a new chunk. A line is counted once, when its first byte is
   * dropped: `lines` counts a chunk's last, unfinished line too, and the
   * rest of that line (in later chunks) is not counted again.
   */
  #dropNew(lines: number, bytes: number, endsOpen: boolean): void {
    if (this.#closed) {
      if (this.#drops.addAfterClose(lines, bytes, endsOpen)) {
        this.#link.report("dropped", "write after close: lines dropped");
      }
      return;
    }
    // A held partial line can no longer be completed: it is dropped with
    // the chunk that continues it (counted there, as one line).
    if (this.#holdsPartialLine()) this.#dropHeldPartial();
    this.#skipToNewline = endsOpen;
    this.#drops.add(lines, bytes);
  }

  /** Removes the unfinished last line from the buffer (its bytes counted). */
  #dropHeldPartial(): void {
    this.#sealStrings();
    if (!this.#endsOpen || this.#bufLen === 0) return;
    const start = this.#buf.lastIndexOf(newline, this.#bufLen - 1) + 1;
    if (start === 0 && this.#tornHeadBytes > 0) {
      // Its head is already in the target: cut it there, or end it.
      this.#dropTornHead();
    }
    this.#drops.add(0, this.#bufLen - start);
    this.#bufLen = start;
    this.#endsOpen = false;
  }

  /**
   * The half-written line at the buffer's head is being dropped: cut its
   * head off the target (sole writer), or have the marker end it.
   */
  #dropTornHead(): void {
    const torn = this.#tornHeadBytes;
    this.#tornHeadBytes = 0;
    if (this.#link.cutTail(torn)) {
      this.#drops.add(0, torn);
    } else {
      this.#tornInTarget = true;
    }
  }

  /** Drops whole lines from the front until at least `need` bytes are free. */
  #dropOldest(need: number): void {
    this.#sealStrings();
    const cut = wholeLinesPrefix(this.#buf, this.#bufLen, need);
    if (cut === 0) return;
    if (this.#tornHeadBytes > 0) this.#dropTornHead();
    this.#drops.add(countLineBreakBytes(this.#buf, 0, cut), cut);
    this.#buf.copyWithin(0, cut, this.#bufLen);
    this.#bufLen -= cut;
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
    if (this.#bufLen > this.#maxLineBytes) {
      const cut = cutLongLines(this.#buf, this.#bufLen, this.#maxLineBytes);
      if (cut !== undefined) {
        this.#buf = cut.bytes;
        this.#bufLen = cut.length;
        this.#splitLines += cut.cuts;
      }
    }
    if (this.#tornHeadBytes > 0) {
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

  /** Writes `buf[0, cut)`, then moves what is left to the front. */
  #writeToTarget(cut: number): boolean {
    const buf = this.#buf;
    const link = this.#link;
    const ok = link.write(buf, cut);
    const written = link.written;
    if (written > 0) {
      this.#tornHeadBytes = tornLineBytes(buf, written, this.#tornHeadBytes);
      buf.copyWithin(0, written, this.#bufLen);
      this.#bufLen -= written;
    }
    if (ok && link.succeeded()) {
      this.#room.blockGaveUp = false;
      link.report("recovered", "writing again");
    }
    return ok;
  }

  #writeDropMarker(): boolean {
    const drops = this.#drops;
    if (drops.unreportedLines === 0 && !this.#tornInTarget) return true;
    const lines = drops.unreportedLines;
    const bytes = drops.unreportedBytes;
    const marker = drops.marker(this.#overflow, this.#tornInTarget);
    if (!this.#link.writeWhole(encoder.encode(marker))) {
      // A marker that half landed leaves a torn line; write it whole later.
      if (this.#link.written > 0) this.#tornInTarget = true;
      return false;
    }
    this.#tornInTarget = false;
    drops.reported();
    this.#link.report(
      "dropped",
      `${lines} lines (${bytes} bytes) were dropped by overflow policy ${this.#overflow}`,
    );
    return true;
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
      ok = retryUntil(
        this.#platform,
        this.#blockTimeoutMs,
        () => ok,
        () => ok = this.#flushSync(true),
        this.#room.denied, // a denied permission is not waited for
      );
    }
    if (!ok) {
      this.#sealStrings();
      const lines = countLineBreakBytes(this.#buf, 0, this.#bufLen);
      this.#drops.add(lines, this.#bufLen);
      this.#link.report(
        "dropped",
        `${lines} lines (${this.#bufLen} bytes) could not be written before closing (${this.#link.lastError})`,
      );
      this.#bufLen = 0;
    }
    if (syncNow && this.#fsync !== "never") this.#link.sync();
  }

  /** The exit hook: final flush, then let the target settle synchronously. */
  #exitSync(): void {
    this.#finishSync(true);
    this.#link.closeSync();
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
    await this.#link.close(this.#fsync !== "never");
    this.#removeExitHook?.();
    this.#removeExitHook = undefined;
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
    this.#link.reopen();
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
    return mergeStatus(
      this.#target.name,
      this.#link.failing,
      this.stats(),
      this.#target.status?.(),
    );
  }

  /** Counters and the last error. */
  stats(): SinkStats {
    return {
      bytesWritten: this.#link.bytesWritten,
      linesAccepted: this.#lines +
        this.#strings.reduce((sum, text) => sum + countLineBreaks(text), 0),
      writes: this.#writes,
      flushes: this.#link.flushes,
      droppedLines: this.#drops.lines,
      droppedBytes: this.#drops.bytes,
      splitLines: this.#splitLines,
      errors: this.#link.errors,
      lastError: this.#link.lastError,
      lastErrorTime: this.#link.lastErrorTime,
      pendingBytes: this.#pending(),
    };
  }
}
