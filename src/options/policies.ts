/**
 * The resilience policies as option values: what a sink does with a locked
 * file (`onLocked`) and with a full disk (`onDiskFull`, `fallback`). They
 * live with the other options so the option tables need nothing from the
 * layers that carry them out (file/, degraded/).
 *
 * @module
 */
import type { Target } from "../buffer/target.ts";

/**
 * What a sink does when its file is locked by another writer or cannot be opened.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { OnLocked } from "logrotor/compose";
 *
 * // never write to app.001.log: a locked app.log means degraded mode
 * const onLocked: OnLocked = "fail";
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", {
 *   onLocked,
 *   fallback: "stderr",
 * });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export type OnLocked = "numbered" | "wait" | "fail";

/**
 * What a sink does when the disk is full (or read-only, or no file is usable).
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { OnDiskFull } from "logrotor/compose";
 *
 * // keep the lines (up to maxBufferedBytes) until the disk has room again
 * const onDiskFull: OnDiskFull = "block";
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", {
 *   onDiskFull,
 *   maxBufferedBytes: 16 * 1024 * 1024,
 *   overflow: "drop-old",
 * });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export type OnDiskFull = "fallback" | "block" | "drop";

/**
 * Something that takes chunks of whole lines: another sink, for instance.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { FallbackSink } from "logrotor/compose";
 *
 * // a file on another disk takes the lines while app.log's disk is full
 * const spare = createFileSink("/tmp/logrotor-doc/spare.log");
 * const fallback: FallbackSink = spare;
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", { fallback });
 * sink.write("hello\n");
 * await sink.close();
 * await spare.close();
 * ```
 */
export interface FallbackSink {
  /** Accepts a chunk; `false` means it was not taken. */
  write(chunk: Uint8Array): boolean | void;
}

/**
 * Where lines go while the file cannot take them: `"stdout"`, `"stderr"`,
 * a {@linkcode Target}, a sink (anything with `write(chunk)`), or a
 * callback that receives chunks of whole lines (banners included: they are
 * lines starting with `logrotor:`). The chunk is only valid during the
 * call.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { Fallback } from "logrotor/compose";
 *
 * const decoder = new TextDecoder();
 * const fallback: Fallback = (chunk) => {
 *   console.warn(decoder.decode(chunk).trimEnd());
 * };
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", { fallback });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export type Fallback =
  | "stdout"
  | "stderr"
  | Target
  | FallbackSink
  | ((chunk: Uint8Array) => void);
