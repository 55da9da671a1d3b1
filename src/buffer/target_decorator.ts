/**
 * The base of every layer of the target chain that wraps "the next
 * target": it passes the optional capabilities of {@linkcode Target}
 * (open, reopen, cut a torn tail, describe, truncate, rotation, counters)
 * through to the next target, so a layer overrides only what it changes
 * and nobody reaches past its neighbour.
 *
 * @module
 */
import type { Target, TargetPlace } from "./target.ts";

const nowhere: TargetPlace = { path: undefined, shared: false, variant: false };

/**
 * A {@linkcode Target} that wraps the next target and passes its optional
 * capabilities through. Subclasses write `write`, `sync`, `close` and
 * `next()`.
 *
 * @example Usage
 * ```ts
 * import { TargetDecorator } from "./target_decorator.ts";
 * import type { Target } from "logrotor/compose";
 *
 * class Counting extends TargetDecorator {
 *   readonly name: string;
 *   bytes = 0;
 *   readonly #next: Target;
 *   constructor(next: Target) {
 *     super();
 *     this.#next = next;
 *     this.name = next.name;
 *   }
 *   protected next(): Target {
 *     return this.#next;
 *   }
 *   write(bytes: Uint8Array, offset: number, length: number): void {
 *     this.#next.write(bytes, offset, length);
 *     this.bytes += length;
 *   }
 *   sync(): void {
 *     this.#next.sync();
 *   }
 *   close(): void | Promise<void> {
 *     return this.#next.close();
 *   }
 * }
 * const counting = new Counting({
 *   name: "memory",
 *   write() {},
 *   sync() {},
 *   close() {},
 * });
 * counting.rotate(); // false: the memory target does not rotate
 * ```
 */
export abstract class TargetDecorator<Stats extends object = object>
  implements Target<Stats> {
  /** A name for diagnostics (usually the path). */
  abstract readonly name: string;

  /** The next target in use now; `undefined` while none is open. */
  protected abstract next(): Target<Stats> | undefined;

  /**
   * The next target to read from (archives, counters): by default the one
   * in use; a layer that replaces its next target may name the last one.
   */
  protected lastNext(): Target<Stats> | undefined {
    return this.next();
  }

  abstract write(bytes: Uint8Array, offset: number, length: number): void;
  abstract sync(): void;
  abstract close(): void | Promise<void>;

  /** Opens the next target now (see {@linkcode Target.open}). */
  open(): void {
    this.next()?.open?.();
  }

  /** Reopens the file by its path (see {@linkcode Target.reopen}). */
  reopen(): void {
    this.next()?.reopen?.();
  }

  /** Cuts a torn tail off the file (see {@linkcode Target.cutTail}). */
  cutTail(bytes: number): boolean {
    return this.next()?.cutTail?.(bytes) ?? false;
  }

  /** The file written now (see {@linkcode Target.describe}). */
  describe(): TargetPlace {
    return this.next()?.describe?.() ?? nowhere;
  }

  /** Empties the file in use (see {@linkcode Target.truncate}). */
  truncate(): number {
    return this.next()?.truncate?.() ?? 0;
  }

  /** Archives the file in use (see {@linkcode Target.rotate}). */
  rotate(): boolean {
    return this.next()?.rotate?.() ?? false;
  }

  /** Archives if a boundary passed (see {@linkcode Target.rotateIfDue}). */
  rotateIfDue(): boolean {
    return this.next()?.rotateIfDue?.() ?? false;
  }

  /** Deletes old archives for space (see {@linkcode Target.deleteOldestArchives}). */
  deleteOldestArchives(bytesWanted: number): number {
    return this.next()?.deleteOldestArchives?.(bytesWanted) ?? 0;
  }

  /** Time to the next boundary (see {@linkcode Target.msUntilBoundary}). */
  msUntilBoundary(): number {
    return this.lastNext()?.msUntilBoundary?.() ?? Infinity;
  }

  /** Archives of the file in use (see {@linkcode Target.archives}). */
  archives(): string[] {
    return this.lastNext()?.archives?.() ?? [];
  }

  /** The next target's counters (see {@linkcode Target.stats}). */
  stats(): Stats | undefined {
    return this.lastNext()?.stats?.();
  }
}
