/**
 * The stream face of a poller: text chunks pulled one at a time from an
 * async generator that naps between polls, and a cancel that wakes it from
 * its nap and waits for the chunk in flight before it ends the generator.
 *
 * @module
 */

/**
 * A wakeable sleep between two polls.
 *
 * @example Usage
 * ```ts
 * import { Nap } from "./_polling_stream.ts";
 *
 * const nap = new Nap();
 * const napping = nap.sleep(60_000);
 * nap.wake(); // resolves `napping` now
 * await napping;
 * ```
 */
export class Nap {
  #wake: (() => void) | undefined;

  /**
   * Resolves after `ms`, or sooner when {@linkcode Nap.wake} is called.
   *
   * @param ms How long to sleep.
   * @returns Settles when the nap is over.
   */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // A ref'd timer: an active follow keeps the process alive, like an
      // open socket (an unref'd one let Node exit with status 13).
      const timer = setTimeout(() => this.#wake?.(), ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  /** Ends the current nap now (nothing when none is running). */
  wake(): void {
    this.#wake?.();
  }
}

/**
 * A stream that pulls `chunks` one at a time (`highWaterMark: 1`, so the
 * generator runs only as fast as the stream is read). Cancelling it calls
 * `stop` (which should make the generator finish and wake it), waits for
 * the chunk being pulled, then returns the generator (its `finally` runs).
 *
 * @param chunks The producer.
 * @param stop Tells the producer to stop.
 * @returns The chunks as a stream.
 *
 * @example Usage
 * ```ts
 * import { pollingStream } from "./_polling_stream.ts";
 *
 * async function* ticks() {
 *   yield "a\n";
 *   yield "b\n";
 * }
 * const stream = pollingStream(ticks(), () => {});
 * for await (const chunk of stream) console.log(chunk.trimEnd());
 * ```
 */
export function pollingStream(
  chunks: AsyncGenerator<string>,
  stop: () => void,
): ReadableStream<string> {
  let pending: Promise<unknown> | undefined;
  return new ReadableStream<string>({
    async pull(controller) {
      const next = chunks.next();
      pending = next;
      try {
        const { value, done } = await next;
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        controller.error(err);
      } finally {
        pending = undefined;
      }
    },
    async cancel() {
      stop();
      await pending?.catch(() => {});
      await chunks.return(undefined);
    },
  }, { highWaterMark: 1 });
}
