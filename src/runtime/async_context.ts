/**
 * Async-local storage for the logger's implicit context: `node:async_hooks`'
 * `AsyncLocalStorage`, which Deno, Bun and Node all provide. A value set
 * with {@linkcode runWithStore} is seen by everything the callback starts:
 * awaits, timers, promise chains.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * A store of one value per asynchronous flow.
 *
 * @example Usage
 * ```ts
 * import { createAsyncStore } from "./async_context.ts";
 * import assert from "node:assert/strict";
 *
 * const store = createAsyncStore<string>();
 * await store.run("r1", async () => {
 *   await Promise.resolve();
 *   assert.equal(store.get(), "r1");
 * });
 * assert.equal(store.get(), undefined);
 * ```
 */
export interface AsyncStore<T> {
  /** The value of the current flow, or `undefined` outside any `run()`. */
  get(): T | undefined;
  /** Runs `fn` with `value` as the current flow's value. */
  run<R>(value: T, fn: () => R): R;
}

/**
 * Creates an {@linkcode AsyncStore}.
 *
 * @returns The store.
 *
 * @example Usage
 * ```ts
 * import { createAsyncStore } from "./async_context.ts";
 *
 * const store = createAsyncStore<number>();
 * store.run(1, () => store.get()); // 1
 * ```
 */
export function createAsyncStore<T>(): AsyncStore<T> {
  const storage = new AsyncLocalStorage<T>();
  return {
    get: () => storage.getStore(),
    run: (value, fn) => storage.run(value, fn),
  };
}
