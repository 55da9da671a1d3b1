/**
 * The checkpointing of a file shipper: the cursor (the file and the offset
 * after the last settled line) moves with the settled watermark and is
 * saved atomically at most every `checkpointMs` or every `checkpointLines`
 * settled lines, or at once when forced.
 *
 * @module
 */
import type { FileDriver } from "../runtime/driver.ts";
import { writeShipCursor } from "./ship_cursor.ts";
import type { ChainReader } from "./ship_files.ts";

/**
 * The file a shipped line came from, as the cursor records it.
 *
 * @example Usage
 * ```ts
 * import type { ShipFileRef } from "./ship_checkpoint.ts";
 *
 * function archiveOf(ref: ShipFileRef): string | null {
 *   return ref.archive;
 * }
 * ```
 */
export interface ShipFileRef {
  /** The open file. */
  reader: ChainReader;
  /** Its archive name once known (`null` while it is the live file). */
  archive: string | null;
}

/**
 * The cursor of a file shipper and when to save it.
 *
 * @example Usage
 * ```ts
 * import { ShipCheckpoint } from "./ship_checkpoint.ts";
 * import { getPlatform } from "../runtime/detect.ts";
 *
 * const checkpoint = new ShipCheckpoint(getPlatform().fs, "/tmp/app.ship", 1000, 1000);
 * checkpoint.cursor; // undefined: nothing settled yet
 * checkpoint.save(Date.now(), false, 0); // nothing to save
 * ```
 */
export class ShipCheckpoint {
  /** Where shipping would resume, or `undefined` before the first settled line. */
  cursor: { ref: ShipFileRef; offset: number } | undefined;
  /** Cursor saves so far. */
  saves = 0;
  readonly #fs: FileDriver;
  readonly #state: string;
  readonly #lines: number;
  readonly #ms: number;
  #dirty = false;
  #settledSinceSave = 0;
  #lastSave = 0;
  #savedUnsettled = 0;

  /**
   * @param fs The file driver.
   * @param state The state file.
   * @param checkpointLines Save after this many settled lines…
   * @param checkpointMs …or this long after the last save.
   */
  constructor(
    fs: FileDriver,
    state: string,
    checkpointLines: number,
    checkpointMs: number,
  ) {
    this.#fs = fs;
    this.#state = state;
    this.#lines = checkpointLines;
    this.#ms = checkpointMs;
  }

  /**
   * Reading began at `offset` of `ref`: the cursor until a line settles
   * (saved once lines are in flight, so a restart knows they were sent).
   */
  begin(ref: ShipFileRef, offset: number): void {
    this.cursor ??= { ref, offset };
  }

  /** `lines` more lines settled, the last one ending at `offset` of `ref`. */
  advance(ref: ShipFileRef, offset: number, lines: number): void {
    this.cursor = { ref, offset };
    this.#settledSinceSave += lines;
    this.#dirty = true;
  }

  /**
   * Saves the cursor when it moved, or the number of lines in flight
   * after it changed, and a save is due (or `force`). `unsettled` (the
   * messages handed to the collector after the cursor) is recorded: a
   * restart counts that many lines as replayed.
   *
   * @throws {Error} When the state file cannot be written.
   */
  save(now: number, force: boolean, unsettled: number): void {
    const cursor = this.cursor;
    if (cursor === undefined) return;
    if (!this.#dirty && unsettled === this.#savedUnsettled) return;
    if (
      !force && this.#settledSinceSave < this.#lines &&
      now - this.#lastSave < this.#ms
    ) return;
    writeShipCursor(this.#fs, this.#state, {
      file: cursor.ref.reader.fingerprint,
      name: cursor.ref.reader.file.path.split("/").at(-1)!,
      archive: cursor.ref.archive,
      offset: cursor.offset,
      unsettled,
      savedAt: now,
    });
    this.saves++;
    this.#savedUnsettled = unsettled;
    this.#dirty = false;
    this.#settledSinceSave = 0;
    this.#lastSave = now;
  }
}
