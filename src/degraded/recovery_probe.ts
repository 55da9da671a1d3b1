/**
 * The recovery probe of degraded mode: is there room again, does the file
 * open, and can it take what it is owed — the rest of the line a failure
 * tore (in a shared file, where the torn head cannot be cut off) and,
 * optionally, a spool of the lines that went to the fallback meanwhile.
 *
 * @module
 */
import { countLineBreakBytes } from "../buffer/_lines.ts";
import { dirname } from "../file/_path.ts";
import type { FileDriver } from "../runtime/driver.ts";
import { type Target, TargetWriteError } from "../buffer/target.ts";

interface Owed {
  /** Bytes the file is owed, in order. */
  bytes: Uint8Array;
  /** Whether these are replayed fallback lines (else the rest of a torn line). */
  readonly replay: boolean;
  /** For a torn line: the bytes of it that have landed in the file. */
  head: Uint8Array | undefined;
}

/**
 * What the file is owed while degraded, and the probe that pays it.
 *
 * @example Usage
 * ```ts
 * import { RecoveryProbe } from "./recovery_probe.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const chunks: Uint8Array[] = [];
 * const file = {
 *   name: "/tmp/app.log",
 *   write(bytes: Uint8Array, offset: number, length: number) {
 *     chunks.push(bytes.slice(offset, offset + length));
 *   },
 *   sync() {},
 *   close() {},
 * };
 * const probe = new RecoveryProbe(getPlatform().fs, 0, 1024);
 * probe.spool(new TextEncoder().encode("a\n"), 1);
 * probe.run(file, true); // true: "a\n" was replayed
 * probe.replayedLines; // 1
 * ```
 */
export class RecoveryProbe {
  readonly #fs: FileDriver;
  readonly #minFreeBytes: number;
  readonly #replayBytes: number;
  #owed: Owed[] = [];
  #spoolBytes = 0;
  /** Fallback lines not spooled (spool full) in this episode. */
  skippedLines = 0;
  /** Spooled lines written into the file on recovery, in total. */
  replayedLines = 0;

  /**
   * @param fs Free space of the file's directory.
   * @param minFreeBytes A probe needs this much free space to try the file.
   * @param replayBytes Spool at most this many bytes of fallback lines (0: off).
   */
  constructor(fs: FileDriver, minFreeBytes: number, replayBytes: number) {
    this.#fs = fs;
    this.#minFreeBytes = minFreeBytes;
    this.#replayBytes = replayBytes;
  }

  /** Bytes held for the file now. */
  get pendingBytes(): number {
    let pending = 0;
    for (const owed of this.#owed) pending += owed.bytes.length;
    return pending;
  }

  /**
   * The file holds `head`, the start of a line a failure tore; owe it
   * `rest` before anything else.
   *
   * @param rest The rest of the line (copied by the caller).
   * @param head What landed (copied by the caller).
   */
  oweRest(rest: Uint8Array, head: Uint8Array): void {
    this.#owed.unshift({ bytes: rest, replay: false, head });
  }

  /**
   * Keeps a copy of lines that went to the fallback, to replay them into
   * the file on recovery, while the spool has room (else counts them in
   * {@linkcode skippedLines}).
   *
   * @param chunk Whole lines.
   * @param lines How many.
   */
  spool(chunk: Uint8Array, lines: number): void {
    if (this.#replayBytes <= 0) return;
    if (this.#spoolBytes + chunk.length <= this.#replayBytes) {
      this.#owed.push({ bytes: chunk.slice(), replay: true, head: undefined });
      this.#spoolBytes += chunk.length;
    } else {
      this.skippedLines += lines;
    }
  }

  /**
   * Checks free space (unless `atClose`), opens the file and pays what it
   * is owed, in order.
   *
   * @param target The file side.
   * @param atClose The last try: skip the free-space check.
   * @returns `false` when there is too little room to try.
   * @throws What the open or a write threw (what landed is accounted for).
   */
  run(target: Target, atClose: boolean): boolean {
    if (!atClose && !this.#enoughSpace(target)) return false;
    target.open?.();
    while (this.#owed.length > 0) {
      const owed = this.#owed[0] as Owed;
      try {
        target.write(owed.bytes, 0, owed.bytes.length);
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
        this.replayedLines += countLineBreakBytes(
          owed.bytes,
          0,
          owed.bytes.length,
        );
      }
    }
    this.#spoolBytes = 0;
    return true;
  }

  /**
   * Gives up what the file is owed (at close): hands each torn line whole
   * (head and rest) to `divert`; spooled lines are in the fallback already.
   *
   * @param divert Takes one whole line (may spool it again: cleared after).
   */
  drain(divert: (line: Uint8Array) => void): void {
    for (const owed of this.#owed) {
      if (owed.head !== undefined) divert(concat(owed.head, owed.bytes));
    }
    this.#owed = [];
    this.#spoolBytes = 0;
  }

  #enoughSpace(target: Target): boolean {
    const path = target.describe?.().path ?? target.name;
    try {
      return this.#fs.statfs(dirname(path)).availableBytes >=
        this.#minFreeBytes;
    } catch {
      return true; // cannot tell (no permission): let the test write decide
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
