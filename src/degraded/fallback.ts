/**
 * The fallback of degraded mode: where lines go while the file cannot take
 * them (standard output or error, a target, a sink or a callback), and the
 * `logrotor:` banners that mark where a degraded episode begins and ends.
 *
 * @module
 */
import { countLineBreakBytes } from "../buffer/_lines.ts";
import type { DiagnosticKind } from "../diagnostics.ts";
import type { Platform } from "../runtime/driver.ts";
import type { Target } from "../buffer/target.ts";
import type {
  Fallback,
  FallbackSink,
  OnDiskFull,
} from "../options/policies.ts";
export type { Fallback, FallbackSink, OnDiskFull };

const encoder = new TextEncoder();

/**
 * Where {@linkcode FallbackOutput} sends what it takes, besides the
 * fallback itself.
 *
 * @example Usage
 * ```ts
 * import type { FallbackOutputOptions } from "./fallback.ts";
 *
 * const options: FallbackOutputOptions = {
 *   onDiskFull: "fallback",
 *   report: (kind, message) => console.error(`${kind}: ${message}`),
 *   sent: (chunk, lines) => {},
 * };
 * ```
 */
export interface FallbackOutputOptions {
  /** See {@linkcode OnDiskFull}: `"drop"` counts lines instead of sending them. */
  readonly onDiskFull: OnDiskFull;
  /** Receives events (the fallback refusing lines). */
  readonly report: (kind: DiagnosticKind, message: string) => void;
  /** Called with each chunk the fallback took (to spool it for replay). */
  readonly sent: (chunk: Uint8Array, lines: number) => void;
}

/**
 * One {@linkcode Fallback}, whatever its kind, behind one `divert()` that
 * never throws and counts what it sent or dropped.
 *
 * @example Usage
 * ```ts
 * import { FallbackOutput } from "./fallback.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const out = new FallbackOutput("stderr", getPlatform(), {
 *   onDiskFull: "fallback",
 *   report: () => {},
 *   sent: () => {},
 * });
 * out.name; // "stderr"
 * const lines = new TextEncoder().encode("a\nb\n");
 * out.divert(lines, 0, lines.length);
 * out.lines; // 2
 * ```
 */
export class FallbackOutput {
  /** How messages name it: `"stdout"`, a target's name, `"the fallback sink"`… */
  readonly name: string;
  /** Lines sent to the fallback. */
  lines = 0;
  /** Bytes sent to the fallback (banners not included). */
  bytes = 0;
  /** Lines dropped: by policy or refused by the fallback. */
  droppedLines = 0;
  /** Bytes of those lines. */
  droppedBytes = 0;
  readonly #send: (chunk: Uint8Array) => boolean;
  readonly #options: FallbackOutputOptions;
  #failing = false;

  /**
   * @param fallback The configured fallback.
   * @param platform The standard streams.
   * @param options See {@linkcode FallbackOutputOptions}.
   */
  constructor(
    fallback: Fallback,
    platform: Platform,
    options: FallbackOutputOptions,
  ) {
    this.#options = options;
    if (fallback === "stdout" || fallback === "stderr") {
      this.name = fallback;
      this.#send = fallback === "stdout"
        ? (chunk) => platform.writeStdout(chunk)
        : (chunk) => platform.writeStderr(chunk);
    } else if (typeof fallback === "function") {
      this.name = "the fallback callback";
      this.#send = (chunk) => {
        fallback(chunk);
        return true;
      };
    } else if (isTarget(fallback)) {
      this.name = fallback.name;
      this.#send = (chunk) => {
        fallback.write(chunk, 0, chunk.length);
        return true;
      };
    } else {
      this.name = "the fallback sink";
      this.#send = (chunk) => fallback.write(chunk.slice()) !== false;
    }
  }

  /**
   * Sends whole lines to the fallback, or drops them (counted) by policy
   * or when the fallback refuses them (reported once until it takes lines
   * again).
   *
   * @param bytes Holds the lines.
   * @param offset Where they start.
   * @param length How many bytes.
   */
  divert(bytes: Uint8Array, offset: number, length: number): void {
    const lines = countLineBreakBytes(bytes, offset, offset + length);
    if (this.#options.onDiskFull === "drop") {
      this.droppedLines += lines;
      this.droppedBytes += length;
      return;
    }
    const chunk = bytes.subarray(offset, offset + length);
    if (!this.#sendSafely(chunk)) {
      this.droppedLines += lines;
      this.droppedBytes += length;
      if (!this.#failing) {
        this.#failing = true;
        this.#options.report(
          "dropped",
          `${this.name} refused lines too; they are dropped (counted) until the file recovers`,
        );
      }
      return;
    }
    this.#failing = false;
    this.lines += lines;
    this.bytes += length;
    this.#options.sent(chunk, lines);
  }

  /**
   * Writes the line `logrotor: <text>` (a degraded episode begins or ends)
   * when lines go to the fallback (`onDiskFull: "fallback"`).
   *
   * @param text The message.
   */
  banner(text: string): void {
    if (this.#options.onDiskFull !== "fallback") return;
    this.#sendSafely(encoder.encode(`logrotor: ${text}\n`));
  }

  #sendSafely(chunk: Uint8Array): boolean {
    try {
      return this.#send(chunk);
    } catch {
      return false;
    }
  }
}

function isTarget(value: object): value is Target {
  const candidate = value as Partial<Target>;
  return typeof candidate.write === "function" &&
    typeof candidate.sync === "function" &&
    typeof candidate.close === "function" &&
    typeof candidate.name === "string";
}
