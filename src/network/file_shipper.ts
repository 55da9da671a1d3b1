/**
 * The file shipper: ships a log file and its rotated archives to a
 * collector with a persisted cursor, so that neither a crash of the
 * shipper nor an outage of the collector loses a line — the log files are
 * the spool.
 *
 * It reads the files in rotation order (`ship_files.ts`), cuts them into
 * whole lines (a partial last line of the live file waits for its newline),
 * hands each line to a network sink as one message and keeps, per line, the
 * sink's message number and the byte offset after the line. The sink's
 * settled watermark (`NetworkSink.progress()`: RELP acknowledgements; for
 * TCP/TLS, written to the socket) turns into the cursor — the file's
 * fingerprint and the offset after the last settled line — which is saved
 * atomically (`ship_cursor.ts`) at most every `checkpointMs` or every
 * `checkpointLines` settled lines, and once more by `stop()`. At most
 * `maxPending` lines are unsettled at a time, so the sink's queue never
 * overflows.
 *
 * After a restart shipping resumes at the cursor: lines after it are sent
 * again even if the collector had them (at most `maxPending` plus the lines
 * settled since the last save), so delivery is at-least-once.
 *
 * @module
 */
import { getPlatform } from "../runtime/detect.ts";
import type { FileDriver } from "../runtime/driver.ts";
import {
  type FileShipperOptions,
  type FileShipperSettings,
  resolveFileShipperOptions,
} from "./file_shipper_options.ts";
import type { FileShipperStats } from "./file_shipper_stats.ts";
import { ShipCheckpoint } from "./ship_checkpoint.ts";
import { readShipCursor } from "./ship_cursor.ts";
import type { ChainReader } from "./ship_files.ts";
import { PendingLines } from "./ship_pending.ts";
import type { ShipFileRef } from "./ship_checkpoint.ts";
import { LineCutter } from "./ship_lines.ts";
import { ShipLedger } from "./ship_ledger.ts";
import { ChainWalker } from "./ship_walker.ts";

const noBytes = new Uint8Array(0);

/**
 * Ships a log file and its archives from disk with a persisted cursor.
 * Create one with {@linkcode createFileShipper}.
 *
 * @example Usage
 * ```ts
 * import { createRelpSink } from "logrotor";
 * import { createFileShipper } from "logrotor/ship";
 *
 * const shipper = createFileShipper({
 *   path: "/var/log/app/app.log",
 *   state: "/var/log/app/.app.ship",
 *   sink: createRelpSink({ host: "127.0.0.1", port: 2514 }),
 * });
 * await shipper.start();
 * console.log(shipper.stats().ackedLines);
 * await shipper.stop();
 * ```
 */
export class FileShipper {
  readonly #s: FileShipperSettings;
  readonly #fs: FileDriver;
  readonly #now: () => number;
  readonly #walk: ChainWalker;
  #cutter: LineCutter;
  /** The offset after the last whole line cut from the current file. */
  #lineEnd = 0;
  /** Bytes read but not yet cut (the pending limit stopped the cutter). */
  #backlog: Uint8Array | undefined;
  #pending = new PendingLines<ShipFileRef>();
  readonly #checkpoint: ShipCheckpoint;
  #replayLeft = 0;
  #running: Promise<void> | undefined;
  #stopping = false;
  #final: FileShipperStats | undefined;
  #wake: (() => void) | undefined;
  readonly #stats: ShipLedger;

  /** @param options See {@linkcode FileShipperOptions}. */
  constructor(options: FileShipperOptions) {
    this.#s = resolveFileShipperOptions(options);
    const platform = getPlatform();
    this.#fs = platform.fs;
    this.#now = () => platform.now();
    this.#cutter = new LineCutter(this.#s.maxLineBytes);
    this.#stats = new ShipLedger(this.#s.path, this.#s.onDiagnostic, this.#now);
    this.#walk = new ChainWalker(
      this.#fs,
      this.#s.path,
      this.#s.headBytes,
      this.#stats,
    );
    this.#checkpoint = new ShipCheckpoint(
      this.#fs,
      this.#s.state,
      this.#s.checkpointLines,
      this.#s.checkpointMs,
    );
  }

  /**
   * Reads the state file, finds where to resume and starts shipping in the
   * background. Resolves once shipping has begun.
   *
   * @throws {Error} When the state file exists but is not a ship state, or
   *   its file kept being replaced under the shipper (five tries).
   */
  async start(): Promise<void> {
    if (this.#running !== undefined) return;
    const cursor = readShipCursor(this.#fs, this.#s.state);
    if (cursor !== undefined && await this.#walk.resume(cursor)) {
      this.#opened(cursor.offset);
      this.#replayLeft = cursor.unsettled;
    }
    this.#running = this.#loop();
  }

  /**
   * Stops reading, waits (up to `stopTimeoutMs`) for the collector to
   * settle what was sent, saves the cursor and closes the sink. Lines not
   * settled are shipped again by the next start.
   */
  async stop(): Promise<void> {
    if (this.#stopping) return await this.#running;
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
    const end = this.#now() + this.#s.stopTimeoutMs;
    const sink = this.#s.sink;
    while (this.#now() < end) {
      const p = sink.progress();
      if (p.settled >= p.queued) break;
      await delay(20);
    }
    this.#settle(true);
    await sink.close();
    this.#settle(true);
    // The last numbers stay: the file they were measured on is closed now.
    this.#final = this.stats();
    this.#walk.reader?.close();
  }

  /** Counters, the collector's state and the lag (after `stop()`: as it stopped). */
  stats(): FileShipperStats {
    if (this.#final !== undefined) return this.#final;
    const st = this.#stats;
    const sink = this.#s.sink;
    const p = sink.progress();
    const r = this.#walk.reader;
    const sinkStats = sink.stats();
    const unreadBytes = this.#walk.unreadBytes();
    return {
      collector: sink.status().state,
      file: r?.file.path,
      offset: r?.position ?? 0,
      cursorOffset: this.#checkpoint.cursor?.offset ?? 0,
      shippedLines: st.shippedLines,
      ackedLines: st.ackedLines,
      lagLines: Math.max(0, p.queued - p.settled),
      lagBytes: this.#pending.bytes + this.#cutter.buffered +
        (this.#backlog?.length ?? 0) + unreadBytes,
      unreadBytes,
      replayed: st.replayed,
      resent: sinkStats.resent,
      truncated: st.truncated + sinkStats.truncated,
      filesFinished: st.filesFinished,
      filesSkipped: st.filesSkipped,
      cursorSaves: this.#checkpoint.saves,
      resumedWithoutCursor: st.resumedWithoutCursor,
      errors: st.errors,
      lastError: st.lastError,
    };
  }

  // ---- the loop -------------------------------------------------------

  async #loop(): Promise<void> {
    let busy = 0;
    while (!this.#stopping) {
      let progressed = false;
      try {
        progressed = await this.#step();
      } catch (err) {
        this.#stats.fail(err);
      }
      this.#settle(false);
      if (progressed && ++busy % 8 === 0) {
        // Reads resolve at once: let acknowledgements and timers in.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      if (!progressed && !this.#stopping) {
        const p = this.#s.sink.progress();
        const blocked = p.queued - p.settled >= this.#s.maxPending;
        await this.#sleep(
          blocked ? Math.min(20, this.#s.pollMs) : this.#s.pollMs,
        );
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.#wake = done;
    });
  }

  async #step(): Promise<boolean> {
    const p = this.#s.sink.progress();
    if (p.queued - p.settled >= this.#s.maxPending) return false;
    const walk = this.#walk;
    if (walk.reader === undefined) {
      if (!await walk.openNext()) return false;
      this.#opened(0);
      return true;
    }
    const reader = walk.reader;
    const backlog = this.#backlog;
    if (backlog !== undefined) {
      this.#backlog = undefined;
      this.#consume(backlog, reader.position - backlog.length);
      return true;
    }
    const cut = reader.rewindIfCut(
      this.#cutter.buffered > 0 ? this.#cutter.held() : noBytes,
      this.#lineEnd,
    );
    if (cut !== undefined) {
      this.#rewound(reader, cut);
      return true;
    }
    let bytes = await reader.read(64 * 1024);
    if (bytes.length > 0) {
      this.#consume(bytes, reader.position - bytes.length);
      return true;
    }
    if (!walk.complete()) return false;
    // Rotated (or an archive): read once more after noticing, then done.
    bytes = await reader.read(64 * 1024);
    if (bytes.length > 0) {
      this.#consume(bytes, reader.position - bytes.length);
      return true;
    }
    // Complete: a torn last line is shipped as it is.
    this.#ship(this.#cutter.end(), reader.position);
    await walk.finish();
    return true;
  }

  /** A file was opened at `offset`: cut lines from there. */
  #opened(offset: number): void {
    this.#cutter = new LineCutter(this.#s.maxLineBytes);
    this.#lineEnd = offset;
    this.#backlog = undefined;
    // Before anything settles, the cursor is where reading began.
    this.#checkpoint.begin(this.#walk.ref!, offset);
  }

  /** The live file was cut below what was read: read on from `to`. */
  #rewound(reader: ChainReader, to: number): void {
    this.#cutter = new LineCutter(this.#s.maxLineBytes);
    if (to < this.#lineEnd) {
      this.#stats.report(
        "info",
        `${reader.file.path} was truncated below the lines already shipped; shipping it again from offset ${to}`,
      );
    }
    this.#lineEnd = to;
  }

  /** Cuts and ships `bytes` (read from `start`) up to the pending limit. */
  #consume(bytes: Uint8Array, start: number): void {
    this.#walk.reader!.refreshHead(this.#s.headBytes);
    const sink = this.#s.sink;
    const max = this.#s.maxPending;
    const used = this.#cutter.push(bytes, start, (line, end, cut) => {
      if (cut) this.#stats.truncated++;
      this.#ship(line, end);
      const p = sink.progress();
      return p.queued - p.settled < max;
    });
    if (used < bytes.length) this.#backlog = bytes.subarray(used);
  }

  /** Hands one line (ending at `end`) to the sink and remembers it. */
  #ship(line: string | undefined, end: number): void {
    const sink = this.#s.sink;
    let counted = false;
    if (line !== undefined && line !== "") {
      sink.send(line);
      counted = true;
      this.#stats.shippedLines++;
      if (this.#replayLeft > 0) {
        this.#replayLeft--;
        this.#stats.replayed++;
      }
    }
    if (end < 0) return; // a cut line: its newline's entry covers it
    const bytes = end - this.#lineEnd; // the file's bytes, newline included
    this.#lineEnd = end;
    this.#pending.push({
      seq: sink.progress().queued,
      ref: this.#walk.ref!,
      offset: end,
      bytes,
      counted,
    });
  }

  /** Moves the cursor to the settled watermark; saves it when due. */
  #settle(force: boolean): void {
    const done = this.#pending.settle(this.#s.sink.progress().settled);
    if (done !== undefined) {
      this.#checkpoint.advance(done.last.ref, done.last.offset, done.lines);
      this.#stats.ackedLines += done.lines;
    }
    try {
      this.#checkpoint.save(this.#now(), force, this.#pending.lines);
    } catch (err) {
      this.#stats.fail(err, `cannot save the cursor to ${this.#s.state}`);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates a file shipper: ships `path` and its rotated (and gzipped)
 * archives through `sink`, resuming after a restart from the cursor in
 * `state`. See the README's "Durable shipping" for the guarantees.
 *
 * @param options See {@linkcode FileShipperOptions}.
 * @returns The shipper (call `start()`).
 * @throws {TypeError | RangeError} For invalid options.
 *
 * @example Usage
 * ```ts
 * import { createRelpSink } from "logrotor";
 * import { createFileShipper } from "logrotor/ship";
 *
 * const shipper = createFileShipper({
 *   path: "/var/log/app/app.log",
 *   state: "/var/log/app/.app.ship",
 *   sink: createRelpSink({ host: "127.0.0.1", port: 2514 }),
 * });
 * await shipper.start();
 * await shipper.stop();
 * ```
 */
export function createFileShipper(options: FileShipperOptions): FileShipper {
  return new FileShipper(options);
}
