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
  /**
   * Lines read and handed to the sink that it has not settled yet (RELP:
   * not acknowledged; TCP/TLS: not written to the socket). Lines not read
   * yet are not counted here — counting them would mean reading them —
   * but their bytes are in `unreadBytes` and `lagBytes`.
   */
  readonly lagLines: number;
  /**
   * Bytes of the files not settled yet, uncompressed: the lines in flight
   * (their bytes in the file, newline included), a partial line held for
   * its newline, bytes read but not yet cut into lines, and `unreadBytes`.
   * 0 when the collector has everything the files hold.
   */
  readonly lagBytes: number;
  /**
   * Bytes not read yet, uncompressed: the rest of the file being read and
   * every file after it in rotation order. A `.gz` counts its uncompressed
   * size from its gzip trailer (ISIZE), exact below 4 GiB per archive (the
   * trailer holds the size modulo 2^32). Just after the live file was
   * rotated and compressed, until the shipper notices, its `.gz` counts too.
   */
  readonly unreadBytes: number;
  /**
   * Lines sent again after a restart that had already been handed to the
   * collector before it, as far as the state file knows: the state records,
   * with the cursor, how many lines were in flight after it (saved at most
   * every `checkpointMs` / `checkpointLines` while that number changes, even
   * when nothing settles, and by `stop()`); after a restart, that many
   * lines from the cursor on are counted here. Lines handed over after the
   * last save before a crash are sent again too but are not known, so not
   * counted (at most `maxPending` + `checkpointLines` of them). The
   * collector may have each replayed line twice.
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
