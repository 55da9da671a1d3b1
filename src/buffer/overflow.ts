/**
 * The overflow policies: what a buffered sink does when its buffer is full
 * and the target cannot take more. Each policy is one handler in
 * {@linkcode overflowHandlers}; every drop is counted in whole lines
 * ({@linkcode DropCount}) and reported by a marker line when writing
 * resumes.
 *
 * @module
 */
import { countLineBreakBytes, countLineBreaks } from "./_lines.ts";
import type { OverflowPolicy } from "../options/buffer_options.ts";
import type { DiagnosticKind } from "../diagnostics.ts";
import type { Platform } from "../runtime/driver.ts";

export type { OverflowPolicy } from "../options/buffer_options.ts";

const newline = 10;

/**
 * The full buffer as a policy sees it (the sink gives one, built once).
 *
 * @example Usage
 * ```ts
 * import type { OverflowBuffer } from "./overflow.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * let held = 100;
 * const buffer: OverflowBuffer = {
 *   platform: getPlatform(),
 *   maxBufferedBytes: 120,
 *   blockTimeoutMs: 0,
 *   overflowTimeoutMs: 0,
 *   blockGaveUp: false,
 *   denied: () => false,
 *   pending: () => held,
 *   flush() {},
 *   dropOldest(need) { held -= need; },
 *   report() {},
 * };
 * ```
 */
export interface OverflowBuffer {
  /** Sleeping and the monotonic clock, for policies that wait. */
  readonly platform: Platform;
  /** The memory bound. */
  readonly maxBufferedBytes: number;
  /** How long `"block"` waits. */
  readonly blockTimeoutMs: number;
  /** How long `"timeout"` waits for each line that does not fit. */
  readonly overflowTimeoutMs: number;
  /**
   * `"block"` timed out (or the permission was denied): it drops at once
   * until a write works again.
   */
  blockGaveUp: boolean;
  /**
   * Whether the target's last failure was a permission the runtime denied
   * (Deno's `NotCapable`): it is never granted while the process runs, so
   * the waiting policies do not wait for it.
   */
  denied(): boolean;
  /** Bytes held now. */
  pending(): number;
  /** Tries to write the whole buffered lines to the target. */
  flush(): void;
  /** Drops whole lines from the front until `need` bytes are free. */
  dropOldest(need: number): void;
  /** Emits a diagnostic. */
  report(kind: DiagnosticKind, message: string): void;
}

/**
 * A policy: makes room for `n` more bytes in a full buffer (one flush was
 * already tried) and says whether they fit now; `false` drops them.
 *
 * @example Usage
 * ```ts
 * import type { OverflowHandler } from "./overflow.ts";
 *
 * const dropNew: OverflowHandler = () => false;
 * ```
 */
export type OverflowHandler = (buffer: OverflowBuffer, n: number) => boolean;

/**
 * Calls `retry` with growing pauses (1 ms doubling to 100 ms) until `done`
 * holds, `timeoutMs` passed or `hopeless` holds (checked before each
 * pause). Synchronous: it sleeps the thread.
 *
 * @param platform Sleeping and the monotonic clock.
 * @param timeoutMs How long to keep trying.
 * @param done Whether to stop.
 * @param retry One more attempt.
 * @param hopeless Whether waiting cannot help (a denied permission): give
 * up now.
 * @returns Whether `done` held in time.
 *
 * @example Usage
 * ```ts
 * import { retryUntil } from "./overflow.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * let tries = 0;
 * retryUntil(getPlatform(), 1000, () => tries >= 2, () => tries++); // true
 * ```
 */
export function retryUntil(
  platform: Platform,
  timeoutMs: number,
  done: () => boolean,
  retry: () => void,
  hopeless: () => boolean = () => false,
): boolean {
  const deadline = platform.monotonic() + timeoutMs;
  let pause = 1;
  while (!done()) {
    if (hopeless() || platform.monotonic() >= deadline) return false;
    platform.sleepSync(pause);
    pause = Math.min(pause * 2, 100);
    retry();
  }
  return true;
}

function fits(buffer: OverflowBuffer, n: number): boolean {
  return buffer.pending() + n <= buffer.maxBufferedBytes;
}

/**
 * Retries the target (`buffer.flush()`) until `n` more bytes fit, for at
 * most `timeoutMs`, and not at all once a permission was denied.
 */
function waitForRoom(
  buffer: OverflowBuffer,
  n: number,
  timeoutMs: number,
): boolean {
  return retryUntil(
    buffer.platform,
    timeoutMs,
    () => fits(buffer, n),
    () => buffer.flush(),
    () => buffer.denied(),
  );
}

/** `"block"`: retry the target on the caller's thread, bounded. */
function blockUntilRoom(buffer: OverflowBuffer, n: number): boolean {
  if (buffer.blockGaveUp) return false;
  if (waitForRoom(buffer, n, buffer.blockTimeoutMs)) return true;
  buffer.blockGaveUp = true;
  if (buffer.denied()) {
    // The error, naming the missing flag, was reported by the failed write.
    buffer.report(
      "dropped",
      "not blocking for a permission the runtime denied (it is never granted while the process runs); dropping new lines until a write works again",
    );
  } else {
    buffer.report(
      "error",
      `target still failing after blocking ${buffer.blockTimeoutMs} ms; dropping new lines until it recovers`,
    );
  }
  return false;
}

/**
 * `"timeout"`: retry the target on the caller's thread for at most
 * `overflowTimeoutMs`, for every chunk that does not fit; then drop it.
 * A denied permission is not waited for.
 */
function waitThenDrop(buffer: OverflowBuffer, n: number): boolean {
  return waitForRoom(buffer, n, buffer.overflowTimeoutMs);
}

/**
 * The handler of each {@linkcode OverflowPolicy}. A new policy is one
 * entry here and one choice in the options table.
 *
 * @example Usage
 * ```ts
 * import { overflowHandlers } from "./overflow.ts";
 *
 * const handler = overflowHandlers["drop-new"];
 * ```
 */
export const overflowHandlers: {
  readonly [P in OverflowPolicy]: OverflowHandler;
} = {
  block: blockUntilRoom,
  "drop-new": () => false,
  "drop-old": (buffer, n) => {
    buffer.dropOldest(buffer.pending() + n - buffer.maxBufferedBytes);
    return fits(buffer, n);
  },
  timeout: waitThenDrop,
};

/**
 * The lines a dropped chunk costs: its line breaks, plus its unfinished
 * last line (a line is counted once, when its first byte is dropped).
 *
 * @param chunk The dropped chunk (not empty).
 * @returns Lines to count.
 *
 * @example Usage
 * ```ts
 * import { droppedChunkLines } from "./overflow.ts";
 *
 * droppedChunkLines("a\nb"); // 2
 * ```
 */
export function droppedChunkLines(chunk: string | Uint8Array): number {
  return typeof chunk === "string"
    ? countLineBreaks(chunk) + (endsOpen(chunk) ? 1 : 0)
    : countLineBreakBytes(chunk, 0, chunk.length) + (endsOpen(chunk) ? 1 : 0);
}

/**
 * Whether a chunk (not empty) ends mid-line.
 *
 * @param chunk Text or bytes.
 * @returns `true` when its last character is not `\n`.
 *
 * @example Usage
 * ```ts
 * import { endsOpen } from "./overflow.ts";
 *
 * endsOpen("a\nb"); // true
 * ```
 */
export function endsOpen(chunk: string | Uint8Array): boolean {
  return typeof chunk === "string"
    ? chunk.charCodeAt(chunk.length - 1) !== newline
    : chunk[chunk.length - 1] !== newline;
}

/**
 * Counts drops: totals for the stats, and the part not yet reported by a
 * marker line.
 *
 * @example Usage
 * ```ts
 * import { DropCount } from "./overflow.ts";
 *
 * const drops = new DropCount();
 * drops.add(3, 120);
 * drops.marker("drop-new", false); // "… 3 lines dropped (120 bytes, overflow policy drop-new) …\n"
 * ```
 */
export class DropCount {
  /** Lines dropped in all. */
  lines = 0;
  /** Bytes dropped in all. */
  bytes = 0;
  /** Lines dropped since the last marker. */
  unreportedLines = 0;
  /** Bytes dropped since the last marker. */
  unreportedBytes = 0;
  #openAfterClose = false; // a chunk dropped after close ended mid-line
  #reportedAfterClose = false;

  /**
   * Counts a drop.
   *
   * @param lines Lines dropped (0 for the rest of a line already counted).
   * @param bytes Bytes dropped.
   */
  add(lines: number, bytes: number): void {
    this.lines += lines;
    this.bytes += bytes;
    this.unreportedLines += lines;
    this.unreportedBytes += bytes;
  }

  /**
   * The marker line for the unreported drops.
   *
   * @param policy The overflow policy, named in the marker.
   * @param torn Whether the target ends mid-line (the marker starts a new
   * line first).
   * @returns The marker text, ending in a newline.
   */
  marker(policy: OverflowPolicy, torn: boolean): string {
    return (torn ? "\n" : "") +
      `… ${this.unreportedLines} lines dropped (${this.unreportedBytes} bytes, overflow policy ${policy}) …\n`;
  }

  /**
   * Counts a chunk dropped because the sink is closed. The unfinished last
   * line of one such chunk is not counted again when the next continues it.
   *
   * @param lines The chunk's lines, its unfinished last one included.
   * @param bytes Its bytes.
   * @param endsOpen Whether it ends mid-line.
   * @returns Whether this is the first such drop (to report once).
   */
  addAfterClose(lines: number, bytes: number, endsOpen: boolean): boolean {
    if (this.#openAfterClose) lines--;
    this.#openAfterClose = endsOpen;
    this.add(lines, bytes);
    if (this.#reportedAfterClose) return false;
    this.#reportedAfterClose = true;
    return true;
  }

  /** The marker landed: nothing is unreported now. */
  reported(): void {
    this.unreportedLines = 0;
    this.unreportedBytes = 0;
  }
}
