/**
 * Bounded-memory reading for `tail`: the last lines of an open file read
 * backwards in blocks, and of a gzip archive streamed through
 * `DecompressionStream` in chunks, keeping only the last lines in a ring.
 *
 * @module
 */
import { readAt } from "../runtime/read_tail.ts";
import { concat } from "./_line_bytes.ts";

/** Bytes read per step, backwards from the end or forwards through a `.gz`. */
export const blockBytes = 64 * 1024;

/**
 * Compressed bytes fed to the decompressor per step: small, as one step's
 * output is up to ~1000 times larger (Deno's peak RSS on a 200 MB archive
 * was 138 MB with 64 KiB steps, 88 MB with 4 KiB).
 */
const gzipInputBytes = 4 * 1024;

const newline = 10;

/** The last `limit` strings pushed, oldest first. */
export class LineRing {
  readonly #limit: number;
  #items: string[] = [];
  #next = 0;

  /** @param limit How many to keep (>= 1). */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** @param line Keeps it, forgetting the oldest when full. */
  push(line: string): void {
    if (this.#items.length < this.#limit) {
      this.#items.push(line);
      return;
    }
    this.#items[this.#next] = line;
    this.#next = (this.#next + 1) % this.#limit;
  }

  /** @returns The kept strings, oldest first. */
  toArray(): string[] {
    return [
      ...this.#items.slice(this.#next),
      ...this.#items.slice(0, this.#next),
    ];
  }
}

/**
 * The last `count` lines of the first `end` bytes of an open file, read
 * backwards in {@linkcode blockBytes} blocks: memory is the lines asked for
 * plus one block, whatever the file's size. A last line without a newline
 * counts as a line. Splitting on the byte `\n` is UTF-8 safe.
 *
 * @param fd The descriptor.
 * @param end Where the file ends (its size when it was looked at).
 * @param count How many lines (>= 1).
 * @returns Up to `count` lines, oldest first.
 */
export function lastLinesOfFile(
  fd: number,
  end: number,
  count: number,
): string[] {
  const decoder = new TextDecoder();
  const lines: string[] = []; // newest first
  let pos = end;
  let carry: Uint8Array[] = []; // the current line's later bytes, in order
  let skipNewlineAtEnd = true;
  while (pos > 0 && lines.length < count) {
    const from = Math.max(0, pos - blockBytes);
    const block = readAt(fd, from, pos - from);
    // Truncated under us: the lines found so far are all there is.
    if (block.length < pos - from) return lines.reverse();
    let lineEnd = block.length;
    for (let i = block.length - 1; i >= 0; i--) {
      if (block[i] !== newline) continue;
      if (skipNewlineAtEnd && from + i === end - 1) {
        lineEnd = i; // the file's final newline ends the last line
        skipNewlineAtEnd = false;
        continue;
      }
      skipNewlineAtEnd = false;
      lines.push(
        decoder.decode(concat([block.subarray(i + 1, lineEnd), ...carry])),
      );
      carry = [];
      lineEnd = i;
      if (lines.length === count) return lines.reverse();
    }
    skipNewlineAtEnd = false;
    if (lineEnd > 0) carry = [block.slice(0, lineEnd), ...carry];
    pos = from;
  }
  if (pos === 0 && lines.length < count && end > 0) {
    // The file's first line (empty when the file starts with "\n").
    lines.push(decoder.decode(concat(carry)));
  }
  return lines.reverse();
}

/**
 * Where the last complete line of the first `end` bytes ends: just after
 * the last `\n`, or 0 when there is none. Reads backwards in blocks.
 *
 * @param fd The descriptor.
 * @param end Where the file ends.
 * @returns The position just after the last newline.
 */
export function endOfLastLine(fd: number, end: number): number {
  let pos = end;
  while (pos > 0) {
    const from = Math.max(0, pos - blockBytes);
    const block = readAt(fd, from, pos - from);
    const i = block.lastIndexOf(newline);
    if (i >= 0) return from + i + 1;
    if (block.length < pos - from) return 0;
    pos = from;
  }
  return 0;
}

/**
 * The text of a gzip file, streamed through `DecompressionStream`: the file
 * is read from `fd` in small chunks as the decompressor
 * asks for them, so neither the compressed nor the plain bytes are ever
 * held whole.
 *
 * @param fd The descriptor of the `.gz` file.
 * @returns Pieces of decoded text, in order.
 * @throws When the file is not valid gzip (corrupt, truncated, bad CRC).
 */
export async function* gzipText(fd: number): AsyncGenerator<string> {
  let position = 0;
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      const bytes = readAt(fd, position, gzipInputBytes);
      position += bytes.length;
      if (bytes.length === 0) controller.close();
      else controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
    },
  }, { highWaterMark: 0 });
  const reader = source.pipeThrough(new DecompressionStream("gzip"))
    .getReader();
  const decoder = new TextDecoder();
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (text !== "") yield text;
    }
    const rest = decoder.decode();
    if (rest !== "") yield rest;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * The last `count` lines of a gzip file, streamed (see
 * {@linkcode gzipText}), keeping only `count` lines at a time.
 *
 * @param fd The descriptor of the `.gz` file.
 * @param count How many lines (>= 1).
 * @returns Up to `count` lines, oldest first.
 * @throws When the file is not valid gzip.
 */
export async function lastLinesOfGzip(
  fd: number,
  count: number,
): Promise<string[]> {
  const ring = new LineRing(count);
  let partial = "";
  for await (const text of gzipText(fd)) {
    const all = partial + text;
    const end = all.lastIndexOf("\n");
    if (end < 0) {
      partial = all;
      continue;
    }
    partial = all.slice(end + 1);
    // Only the piece's last `count` lines can be kept: find where they
    // start instead of making a string of every line.
    let start = end;
    for (let found = 0; found < count && start >= 0; found++) {
      start = start === 0 ? -1 : all.lastIndexOf("\n", start - 1);
    }
    for (const line of all.slice(start + 1, end).split("\n")) ring.push(line);
  }
  if (partial !== "") ring.push(partial);
  return ring.toArray();
}

/** Bytes compared to tell a rewritten file from a grown one. */
export const fingerprintBytes = 256;

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function lastBytes(before: Uint8Array, bytes: Uint8Array): Uint8Array {
  if (bytes.length >= fingerprintBytes) {
    return bytes.slice(bytes.length - fingerprintBytes);
  }
  const keep = Math.min(before.length, fingerprintBytes - bytes.length);
  const out = new Uint8Array(keep + bytes.length);
  out.set(before.subarray(before.length - keep));
  out.set(bytes, keep);
  return out;
}
