/**
 * The settled watermark of a {@linkcode NetworkSink}: every message gets a
 * number (1, 2, …) when it is queued; the watermark is the highest number
 * `n` such that messages 1…n are all settled (acknowledged or refused by a
 * RELP server, or written to the socket for TCP/TLS). Acknowledgements that
 * arrive out of order wait in a set until the gap closes. A message that is
 * dropped (queue overflow) or lost (close timeout, exit) never settles, so
 * the watermark stops before it: a reader of the watermark (the file
 * shipper) never counts such a message as delivered.
 *
 * @module
 */

/**
 * Tracks the contiguous prefix of settled message numbers.
 *
 * @example Usage
 * ```ts
 * import { SettledWatermark } from "./settled_watermark.ts";
 *
 * const w = new SettledWatermark();
 * w.next(); // 1
 * w.next(); // 2
 * w.settle(2);
 * w.through; // 0 (1 is not settled yet)
 * w.settle(1);
 * w.through; // 2
 * ```
 */
export class SettledWatermark {
  #last = 0;
  #through = 0;
  readonly #ahead = new Set<number>();

  /** The number of the last message numbered so far. */
  get last(): number {
    return this.#last;
  }

  /** Messages 1…through are all settled. */
  get through(): number {
    return this.#through;
  }

  /** Numbers the next message. */
  next(): number {
    return ++this.#last;
  }

  /**
   * Marks a message settled (again is harmless).
   *
   * @param seq Its number.
   */
  settle(seq: number): void {
    if (seq <= this.#through) return;
    if (seq !== this.#through + 1) {
      this.#ahead.add(seq);
      return;
    }
    let through = seq;
    while (this.#ahead.delete(through + 1)) through++;
    this.#through = through;
  }
}
