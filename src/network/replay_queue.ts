/**
 * A bounded FIFO of encoded messages waiting for (re)delivery. It holds at
 * most `maxMessages` messages and `maxBytes` bytes; when a new message does
 * not fit, the overflow policy drops either the oldest messages
 * (`"drop-old"`) or the new one (`"drop-new"`). It never throws and never
 * grows past its bounds; the caller counts what it reports as dropped.
 *
 * @module
 */

/**
 * Which messages a full queue gives up.
 *
 * @example Usage
 * ```ts
 * import { createRelpSink } from "logrotor";
 *
 * // Keep the oldest 10,000 messages during an outage; count newer ones as dropped.
 * const sink = createRelpSink({ host: "127.0.0.1", maxQueuedMessages: 10_000, overflow: "drop-new" });
 * await sink.close();
 * ```
 */
export type QueueOverflowPolicy = "drop-old" | "drop-new";

/** One message in the queue. */
export interface QueuedMessage {
  /** The unframed message bytes. */
  readonly bytes: Uint8Array;
  /** How often it was handed to a connection already (0 = never). */
  attempts: number;
  /** When it was last handed to a connection (monotonic ms). */
  sentAt: number;
  /** The sink's number for it (1, 2, …), for its settled watermark; absent for markers. */
  readonly seq?: number;
}

/** Bounds and policy of a {@linkcode ReplayQueue}. */
export interface ReplayQueueOptions {
  /** At most this many messages. */
  readonly maxMessages: number;
  /** At most this many bytes (message bytes, not counting framing). */
  readonly maxBytes: number;
  /** What to drop when full. */
  readonly overflow: QueueOverflowPolicy;
}

/** What a `push`/`requeueFront` had to drop. */
export interface DropResult {
  /** Whether the new message(s) are in the queue. */
  readonly accepted: boolean;
  /** Messages dropped. */
  readonly messages: number;
  /** Their bytes. */
  readonly bytes: number;
}

const none: DropResult = { accepted: true, messages: 0, bytes: 0 };

/**
 * A bounded FIFO with O(1) `push` and `shift`.
 *
 * @example Usage
 * ```ts
 * import { ReplayQueue } from "./replay_queue.ts";
 *
 * const q = new ReplayQueue({ maxMessages: 2, maxBytes: 1024, overflow: "drop-old" });
 * const m = (s: string) => ({ bytes: new TextEncoder().encode(s), attempts: 0, sentAt: 0 });
 * q.push(m("a"));
 * q.push(m("b"));
 * q.push(m("c")).messages; // 1 ("a" was dropped)
 * q.shift()?.bytes.length; // 1 ("b")
 * ```
 */
export class ReplayQueue {
  readonly #maxMessages: number;
  readonly #maxBytes: number;
  readonly #overflow: QueueOverflowPolicy;
  #items: QueuedMessage[] = [];
  #head = 0;
  #bytes = 0;

  /** @param options Bounds and policy (assumed valid). */
  constructor(options: ReplayQueueOptions) {
    this.#maxMessages = options.maxMessages;
    this.#maxBytes = options.maxBytes;
    this.#overflow = options.overflow;
  }

  /** Messages queued. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Bytes queued. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Appends a message, applying the overflow policy when it does not fit.
   * A message larger than `maxBytes` on its own is always dropped.
   *
   * @param item The message.
   * @returns What was dropped (the new message itself under `"drop-new"`).
   */
  push(item: QueuedMessage): DropResult {
    const size = item.bytes.length;
    if (size > this.#maxBytes) {
      return { accepted: false, messages: 1, bytes: size };
    }
    if (this.#fits(1, size)) {
      this.#add(item);
      return none;
    }
    if (this.#overflow === "drop-new") {
      return { accepted: false, messages: 1, bytes: size };
    }
    let messages = 0;
    let bytes = 0;
    while (!this.#fits(1, size)) {
      const old = this.shift()!;
      messages++;
      bytes += old.bytes.length;
    }
    this.#add(item);
    return { accepted: true, messages, bytes };
  }

  /**
   * Puts messages back at the front, in their order (after a broken
   * connection). Then applies the bounds: `"drop-old"` drops from the
   * front (the oldest), `"drop-new"` from the back.
   *
   * @param items The messages, oldest first.
   * @returns What was dropped.
   */
  requeueFront(items: readonly QueuedMessage[]): DropResult {
    if (items.length === 0) return none;
    const rest = this.#items.slice(this.#head);
    this.#items = [...items, ...rest];
    this.#head = 0;
    for (const item of items) this.#bytes += item.bytes.length;
    let messages = 0;
    let bytes = 0;
    while (this.length > 0 && !this.#fits(0, 0)) {
      const dropped = this.#overflow === "drop-old"
        ? this.shift()!
        : this.#pop();
      messages++;
      bytes += dropped.bytes.length;
    }
    return messages === 0 ? none : { accepted: true, messages, bytes };
  }

  /** The oldest message, without removing it. */
  peek(): QueuedMessage | undefined {
    return this.#items[this.#head];
  }

  /** Removes and returns the oldest message. */
  shift(): QueuedMessage | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head]!;
    this.#items[this.#head] = undefined as unknown as QueuedMessage;
    this.#head++;
    this.#bytes -= item.bytes.length;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /**
   * Empties the queue.
   *
   * @returns What it held.
   */
  clear(): DropResult {
    const result = {
      accepted: true,
      messages: this.length,
      bytes: this.#bytes,
    };
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    return result;
  }

  #pop(): QueuedMessage {
    const item = this.#items.pop()!;
    this.#bytes -= item.bytes.length;
    return item;
  }

  #fits(count: number, size: number): boolean {
    return this.length + count <= this.#maxMessages &&
      this.#bytes + size <= this.#maxBytes;
  }

  #add(item: QueuedMessage): void {
    this.#items.push(item);
    this.#bytes += item.bytes.length;
  }
}
