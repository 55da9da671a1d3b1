/**
 * The lines a file shipper handed to its sink and that are not settled
 * yet, oldest first: each with the sink's message number and the file
 * offset after the line. When the sink's settled watermark passes entries,
 * the last one passed is the new cursor.
 *
 * @module
 */

/** One line handed over (or an empty line riding on the last message). */
export interface PendingLine<R> {
  /** The sink's message number it waits for. */
  readonly seq: number;
  /** The file it came from. */
  readonly ref: R;
  /** The offset after its newline. */
  readonly offset: number;
  /** Its bytes in the file, newline included (for the lag). */
  readonly bytes: number;
  /** Whether it was sent as a message (empty lines are not). */
  readonly counted: boolean;
}

/** What {@linkcode PendingLines.settle} released. */
export interface Settled<R> {
  /** The newest entry released: the new cursor. */
  readonly last: PendingLine<R>;
  /** Messages among them. */
  readonly lines: number;
  /** Their bytes. */
  readonly bytes: number;
}

/**
 * A FIFO of pending lines.
 *
 * @example Usage
 * ```ts
 * import { PendingLines } from "./ship_pending.ts";
 *
 * const p = new PendingLines<string>();
 * p.push({ seq: 1, ref: "app.log", offset: 6, bytes: 5, counted: true });
 * p.push({ seq: 2, ref: "app.log", offset: 12, bytes: 5, counted: true });
 * p.settle(1)?.last.offset; // 6
 * p.length; // 1
 * ```
 */
export class PendingLines<R> {
  #items: Array<PendingLine<R> | undefined> = [];
  #head = 0;
  #bytes = 0;
  #lines = 0;

  /** Entries waiting. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Their bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Messages among them (entries sent as a message, see `counted`). */
  get lines(): number {
    return this.#lines;
  }

  /** @param line Appends a line. */
  push(line: PendingLine<R>): void {
    this.#items.push(line);
    this.#bytes += line.bytes;
    if (line.counted) this.#lines++;
  }

  /**
   * Releases every entry whose message number is at most `settled`.
   *
   * @param settled The sink's settled watermark.
   * @returns What was released, or `undefined` for nothing.
   */
  settle(settled: number): Settled<R> | undefined {
    const items = this.#items;
    let i = this.#head;
    let last: PendingLine<R> | undefined;
    let lines = 0;
    let bytes = 0;
    while (i < items.length && items[i]!.seq <= settled) {
      last = items[i]!;
      bytes += last.bytes;
      if (last.counted) lines++;
      items[i] = undefined;
      i++;
    }
    if (i === items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (i > 4096 && i * 2 > items.length) {
      this.#items = items.slice(i);
      this.#head = 0;
    } else {
      this.#head = i;
    }
    this.#bytes -= bytes;
    this.#lines -= lines;
    return last === undefined ? undefined : { last, lines, bytes };
  }
}
