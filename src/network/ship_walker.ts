/**
 * Walking the rotation chain for the file shipper: which file is open,
 * which comes next, where a saved cursor resumes, which archive the live
 * file became when it was rotated away, and how many bytes are still
 * unread. The shipper (`file_shipper.ts`) cuts what this reads into lines.
 *
 * The walk keeps the key (stamp, suffix) of the last archive begun: the
 * next file is the first of the chain after it, the live file last. Races
 * with the writer are settled here: a live file opened after a rotation
 * that the listing had not seen yet is closed again (its archive comes
 * first), and a cursor's file not found, or replaced between the look-up
 * and the open, is looked up again while the chain keeps changing.
 *
 * @module
 */
import type { FileDriver } from "../runtime/driver.ts";
import type { ShipFileRef } from "./ship_checkpoint.ts";
import type { ShipCursor } from "./ship_cursor.ts";
import {
  type ChainFile,
  type ChainReader,
  compareChain,
  listChain,
  openChainFile,
  uncompressedSizeOf,
} from "./ship_files.ts";
import { liveFileRotated, nextChainFile } from "./ship_chain.ts";
import type { FileFingerprint } from "./ship_fingerprint.ts";
import { archiveOfRotated, locateCursor } from "./ship_locate.ts";
import type { ShipLedger } from "./ship_ledger.ts";

type Key = { stamp: number; seq: number };
const before: Key = { stamp: -Infinity, seq: 0 };

/**
 * The open file of a file shipper and the way to the next one.
 *
 * @example Usage
 * ```ts
 * import { ChainWalker } from "./ship_walker.ts";
 * import { ShipLedger } from "./ship_ledger.ts";
 * import { getPlatform } from "../runtime/detect.ts";
 *
 * const ledger = new ShipLedger("/var/log/app.log", () => {}, Date.now);
 * const walker = new ChainWalker(getPlatform().fs, "/var/log/app.log", 1024, ledger);
 * if (await walker.openNext()) console.log(walker.reader?.file.path);
 * ```
 */
export class ChainWalker {
  /** The file being read, or `undefined` between files. */
  reader: ChainReader | undefined;
  /** The reference pending lines and the cursor keep to that file. */
  ref: ShipFileRef | undefined;
  readonly #fs: FileDriver;
  readonly #path: string;
  readonly #headBytes: number;
  readonly #ledger: ShipLedger;
  #lastKey: Key = before;

  /**
   * @param fs The file driver.
   * @param path The live file.
   * @param headBytes The fingerprint's head size.
   * @param ledger Counts skipped and finished files, reports.
   */
  constructor(
    fs: FileDriver,
    path: string,
    headBytes: number,
    ledger: ShipLedger,
  ) {
    this.#fs = fs;
    this.#path = path;
    this.#headBytes = headBytes;
    this.#ledger = ledger;
  }

  /**
   * Opens the file of a saved cursor at its offset.
   *
   * @param cursor The saved cursor.
   * @returns Whether it was found (else the walk starts at the oldest file).
   * @throws {Error} When the file kept being replaced (five tries).
   */
  async resume(cursor: ShipCursor): Promise<boolean> {
    for (let attempt = 1;; attempt++) {
      const chain = listChain(this.#fs, this.#path);
      const found = await locateCursor(this.#fs, chain, cursor);
      if (found.index < 0 && attempt < 5 && this.#changed(chain)) continue;
      if (found.index < 0) {
        this.#ledger.resumedWithoutCursor++;
        this.#ledger.report(
          "dropped",
          `the file of the saved cursor (${cursor.name}, offset ${cursor.offset}) is gone; resuming from the oldest file left (lines after the cursor in the deleted file are lost)`,
        );
        return false;
      }
      const file = chain[found.index]!;
      await this.#open(file, cursor.offset, cursor.file);
      const fp = this.reader?.fingerprint;
      if (
        fp !== undefined &&
        (file.compressed || (fp.ino === cursor.file.ino &&
          fp.dev === cursor.file.dev))
      ) {
        return true;
      }
      // Rotated, compressed or deleted between the look-up and the open:
      // what the path holds now is another file. Look again.
      this.reader?.close();
      this.reader = undefined;
      this.ref = undefined;
      this.#lastKey = before;
      if (attempt === 5) {
        throw new Error(
          `the file of the saved cursor (${cursor.name}) keeps changing under the shipper`,
        );
      }
    }
  }

  /**
   * Opens the next file of the chain at its start.
   *
   * @returns Whether a file is open now (else none is left, or the one
   *   listed went away: call again later).
   */
  async openNext(): Promise<boolean> {
    const next = nextChainFile(this.#fs, this.#path, this.#lastKey);
    if (next === undefined) return false;
    await this.#open(next, 0, undefined);
    return this.reader !== undefined;
  }

  /**
   * Whether the open file, read to its current end, is complete: an
   * archive, or a live file that was rotated away.
   */
  complete(): boolean {
    const reader = this.reader!;
    return reader.file.archive !== undefined ||
      liveFileRotated(this.#fs, this.#path, reader.fingerprint);
  }

  /**
   * Closes the open file, read to its end; for a live file, notes which
   * archive it became (the cursor and the shipper's state name it).
   */
  async finish(): Promise<void> {
    const reader = this.reader!;
    const ref = this.ref!;
    if (reader.file.archive === undefined) {
      const became = await archiveOfRotated(
        this.#fs,
        listChain(this.#fs, this.#path),
        reader.fingerprint,
        this.#lastKey,
      );
      if (became !== undefined) {
        this.#lastKey = { stamp: became.stamp, seq: became.seq };
        ref.archive = became.archive!;
      }
    }
    this.#ledger.filesFinished++;
    // Closed once no pending line refers to it (the cursor may still).
    this.reader = undefined;
    this.ref = undefined;
    reader.close();
  }

  /**
   * Uncompressed bytes not read yet: the rest of the open file and every
   * file after it (a `.gz` by its gzip trailer, see
   * {@linkcode uncompressedSizeOf}). In the moment between the open live
   * file being rotated and compressed and the shipper noticing, its `.gz`
   * is counted too. Never throws: on a failure, the sum so far.
   */
  unreadBytes(): number {
    let unread = 0;
    try {
      const reader = this.reader;
      if (reader !== undefined) {
        unread = Math.max(0, reader.uncompressedSize() - reader.position);
      }
      for (const f of listChain(this.#fs, this.#path)) {
        if (compareChain(f, this.#lastKey) <= 0) continue;
        if (reader !== undefined && this.#isOpen(f, reader)) continue;
        unread += uncompressedSizeOf(this.#fs, f);
      }
    } catch {
      // stats never throw
    }
    return unread;
  }

  /** Whether the chain is no longer `chain` (rotated or compressed since). */
  #changed(chain: readonly ChainFile[]): boolean {
    const now = listChain(this.#fs, this.#path);
    return now.length !== chain.length ||
      now.some((f, i) => f.path !== chain[i]!.path);
  }

  /** Whether `f` is the open file (the live file, or what it became). */
  #isOpen(f: ChainFile, reader: ChainReader): boolean {
    if (f.path === reader.file.path && f.archive !== undefined) return true;
    if (f.compressed) return false;
    const info = this.#fs.stat(f.path);
    return info?.ino === reader.fingerprint.ino &&
      info.dev === reader.fingerprint.dev;
  }

  async #open(
    file: ChainFile,
    offset: number,
    recorded: FileFingerprint | undefined,
  ): Promise<void> {
    let reader: ChainReader | undefined;
    try {
      reader = await openChainFile(
        this.#fs,
        file,
        offset,
        this.#headBytes,
        recorded,
      );
    } catch (err) {
      if (!file.compressed) throw err;
      this.#ledger.filesSkipped++;
      this.#ledger.fail(err, `cannot read ${file.path}; skipped`);
    }
    if (reader === undefined && !file.compressed) return; // gone: list again
    if (file.archive === undefined) {
      // The live file: every archive listed now is older.
      const chain = listChain(this.#fs, this.#path);
      const last = chain.filter((f) => f.archive !== undefined).at(-1);
      if (last !== undefined && compareChain(last, this.#lastKey) > 0) {
        if (recorded === undefined) {
          // Rotated since the chain was listed: what was opened is a newer
          // live file, and the archive(s) before it come first.
          reader?.close();
          return;
        }
        this.#lastKey = { stamp: last.stamp, seq: last.seq };
      }
    } else {
      this.#lastKey = { stamp: file.stamp, seq: file.seq };
    }
    if (reader === undefined) return;
    this.reader = reader;
    this.ref = { reader, archive: file.archive ?? null };
  }
}
