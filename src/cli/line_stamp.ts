/**
 * Per-line prefixes for `logrotor write --timestamp`: ISO 8601 or TAI64N
 * (as `svlogd -tt` / `tai64n` write them), stamped when a line's first
 * byte is read.
 *
 * @module
 */

/** The `--timestamp` formats. */
export type StampFormat = "iso" | "tai64n";

/** TAI64 labels count from 2^62; TAI was 10 s ahead of UTC at 1970. */
const tai64Base = 2n ** 62n + 10n;

/**
 * The prefix for a line read at `ms` (with a trailing space).
 *
 * @param format `"iso"` (`2026-01-02T03:04:05.678Z `) or `"tai64n"`
 * (`@4000000069571a0f28692d80 `).
 * @param ms Milliseconds since the epoch.
 * @returns The prefix.
 *
 * @example Usage
 * ```ts
 * import { formatStamp } from "./line_stamp.ts";
 *
 * formatStamp("iso", 0); // "1970-01-01T00:00:00.000Z "
 * formatStamp("tai64n", 0); // "@400000000000000a00000000 "
 * ```
 */
export function formatStamp(format: StampFormat, ms: number): string {
  if (format === "iso") return `${new Date(ms).toISOString()} `;
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return `@${(tai64Base + BigInt(seconds)).toString(16).padStart(16, "0")}${
    nanos.toString(16).padStart(8, "0")
  } `;
}

/**
 * A byte stream transform that prefixes every line with `stamp()`.
 *
 * @param stamp Returns the prefix for a line starting now.
 * @returns The transform.
 *
 * @example Usage
 * ```ts
 * import { stampLines } from "./line_stamp.ts";
 *
 * const stamped = ReadableStream.from([new TextEncoder().encode("a\nb\n")])
 *   .pipeThrough(stampLines(() => "> "));
 * ```
 */
export function stampLines(
  stamp: () => string,
): TransformStream<Uint8Array, Uint8Array> {
  const encoder = new TextEncoder();
  let atStart = true;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      let from = 0;
      while (from < chunk.length) {
        if (atStart) {
          controller.enqueue(encoder.encode(stamp()));
          atStart = false;
        }
        const newline = chunk.indexOf(0x0a, from);
        const end = newline === -1 ? chunk.length : newline + 1;
        controller.enqueue(chunk.subarray(from, end));
        if (newline !== -1) atStart = true;
        from = end;
      }
    },
  });
}

/**
 * A pass-through transform that also copies every chunk with `copy` (for
 * `--echo`, like `tee`).
 *
 * @param copy Receives each chunk, synchronously.
 * @returns The transform.
 *
 * @example Usage
 * ```ts
 * import { teeChunks } from "./line_stamp.ts";
 *
 * const seen: Uint8Array[] = [];
 * const stream = ReadableStream.from([new Uint8Array([10])])
 *   .pipeThrough(teeChunks((chunk) => seen.push(chunk)));
 * ```
 */
export function teeChunks(
  copy: (chunk: Uint8Array) => void,
): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      copy(chunk);
      controller.enqueue(chunk);
    },
  });
}
