/**
 * How a rotating file rotates when this process is its only writer: at
 * once, and only at a line boundary. A batch that would cross `maxBytes`
 * is split after its last newline that still fits; a single line bigger
 * than `maxBytes` goes whole into a file of its own; the rest of a line
 * that half landed goes to the same file first.
 *
 * @module
 */
import type { LiveFile } from "./live_file.ts";
import type { BoundaryTrigger } from "./schedule.ts";
import type { RotationHost, RotationMode } from "./rotation_context.ts";

const newline = 10;

/**
 * Rotation by a single writer.
 *
 * @example Usage
 * ```ts
 * import { SingleWriterRotation } from "./single_writer_rotation.ts";
 * import { LiveFile } from "./live_file.ts";
 * import { RotationContext } from "./rotation_context.ts";
 * import { BoundaryTrigger } from "./schedule.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const ctx = new RotationContext({
 *   path: "/tmp/logrotor-doc/single.log",
 *   fs: platform.fs,
 *   platform,
 *   now: () => Date.now(),
 *   mkdir: true,
 *   onDiagnostic: () => {},
 * });
 * const live = new LiveFile(ctx, {
 *   shared: false,
 *   checkIntervalMs: 0,
 *   fsync: false,
 *   maxBytes: 1024,
 * });
 * const rotation = new SingleWriterRotation(ctx, live, new BoundaryTrigger(undefined), 1024, {
 *   rotate: (reason, stampHint) =>
 *     live.rotate(reason, stampHint ?? Date.now()) !== undefined,
 *   rotateForTime: () => false,
 *   rotated: () => {},
 * });
 * const line = new TextEncoder().encode("hello\n");
 * rotation.write(line, 0, line.length);
 * live.close();
 * ```
 */
export class SingleWriterRotation implements RotationMode {
  /** Always 0: no other process rotates this file. */
  readonly rotationsByOthers = 0;
  readonly #now: () => number;
  readonly #live: LiveFile;
  readonly #trigger: BoundaryTrigger;
  readonly #maxBytes: number;
  readonly #host: RotationHost;

  /**
   * @param clock Its `now` is the wall clock.
   * @param live The live file.
   * @param trigger The next calendar boundary.
   * @param maxBytes Rotate before the live file would exceed this.
   * @param host The target (its rename and retry state).
   */
  constructor(
    clock: { readonly now: () => number },
    live: LiveFile,
    trigger: BoundaryTrigger,
    maxBytes: number,
    host: RotationHost,
  ) {
    this.#now = clock.now;
    this.#live = live;
    this.#trigger = trigger;
    this.#maxBytes = maxBytes;
    this.#host = host;
  }

  /** At once. */
  rotateDue(reason: string, stampHint: number): boolean {
    return this.#host.rotate(reason, stampHint);
  }

  /**
   * Writes the batch, rotating inside it at line boundaries when a
   * calendar boundary passed or `maxBytes` would be crossed.
   */
  write(bytes: Uint8Array, offset: number, length: number): void {
    const live = this.#live;
    const trigger = this.#trigger;
    const host = this.#host;
    const max = this.#maxBytes;
    let done = 0;
    while (done < length) {
      const at = offset + done;
      const left = length - done;
      if (!live.openLine && this.#now() >= trigger.next) {
        host.rotate("time", trigger.pass(this.#now()));
      }
      const size = live.size;
      const room = max - size;
      let n: number;
      if (live.openLine) {
        // The rest of a line that half landed before: same file, first.
        const end = bytes.indexOf(newline, at);
        n = end === -1 || end >= at + left ? left : end + 1 - at;
      } else if (left <= room || this.#live.rotationDeferred()) {
        n = left;
      } else {
        const lastFit = room > 0
          ? bytes.lastIndexOf(newline, at + room - 1)
          : -1;
        if (lastFit >= at) {
          n = lastFit + 1 - at;
        } else if (size > 0 && host.rotate("size")) {
          continue;
        } else if (size > 0) {
          n = left; // cannot rotate now: keep writing here
        } else {
          // A fresh file and a line longer than maxBytes: it goes whole.
          const end = bytes.indexOf(newline, at);
          n = end === -1 || end >= at + left ? left : end + 1 - at;
        }
      }
      live.write(bytes, at, n, done);
      done += n;
      live.presyncIfDue();
    }
  }

  /** No lock to let go. */
  release(): void {}
}
