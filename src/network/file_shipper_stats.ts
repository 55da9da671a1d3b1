/**
 * What a file shipper reports about itself (`FileShipper.stats()`).
 *
 * @module
 */
import type { NetworkSinkState } from "./network_stats.ts";

/**
 * Counters, the collector's state and the lag of a file shipper.
 *
 * @example Usage
 * ```ts
 * import { createRelpSink } from "logrotor";
 * import { createFileShipper, type FileShipperStats } from "logrotor/ship";
 *
 * const shipper = createFileShipper({
 *   path: "/var/log/app/app.log",
 *   state: "/var/log/app/.app.ship",
 *   sink: createRelpSink({ host: "127.0.0.1" }),
 * });
 * const s: FileShipperStats = shipper.stats();
 * console.log(`${s.ackedLines} shipped, lag ${s.lagLines} lines / ${s.lagBytes} bytes, ${s.collector}`);
 * ```
 */
export interface FileShipperStats {
  /** The collector connection's state (`connected`, `backoff`, …). */
  readonly collector: NetworkSinkState;
  /** The file being read, if any. */
  readonly file: string | undefined;
  /** The uncompressed offset read up to in it. */
  readonly offset: number;
  /** The offset of the cursor (in the cursor's file, maybe an older one). */
  readonly cursorOffset: number;
  /** Lines handed to the sink since start (including replayed ones). */
  readonly shippedLines: number;
  /** Of those, lines the collector settled (RELP: acknowledged). */
  readonly ackedLines: number;
  /** Lines handed to the sink and not yet settled. */
  readonly lagLines: number;
  /**
   * Bytes not yet settled: lines in flight, a held partial line, the rest
   * of the current file and the files after it (`.gz` at their compressed
   * size).
   */
  readonly lagBytes: number;
  /**
   * Lines sent again after a restart that were already sent before it
   * (from the cursor to the last line handed over at the last save): the
   * collector may have them twice.
   */
  readonly replayed: number;
  /** Lines the sink resent after a broken connection (possible duplicates). */
  readonly resent: number;
  /** Lines cut to `maxLineBytes` (or by the sink to its message limit). */
  readonly truncated: number;
  /** Files read to their end. */
  readonly filesFinished: number;
  /** Archives that could not be read (corrupt `.gz`): their lines are lost. */
  readonly filesSkipped: number;
  /** State file saves. */
  readonly cursorSaves: number;
  /** Starts whose cursor file was gone (deleted before it was shipped). */
  readonly resumedWithoutCursor: number;
  /** Errors seen (reading, saving the cursor). */
  readonly errors: number;
  /** The last error. */
  readonly lastError: string | undefined;
}
