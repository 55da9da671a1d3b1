/**
 * Implicit context: `withContext({ requestId }, () => handler())` adds the
 * fields to every record logged inside the callback, across `await`,
 * timers and promise chains, with no logger passed around (the runtime's
 * `AsyncLocalStorage`). Until the first `withContext()` call, loggers do
 * not even look for a context.
 *
 * @module
 */
import { type AsyncStore, createAsyncStore } from "../runtime/async_context.ts";
import type { LogFields } from "./record.ts";

let store: AsyncStore<LogFields> | undefined;

/**
 * Runs `callback` with `context` added to the fields of every record
 * logged inside it, including after `await`, in timers and in promise
 * chains it starts. Nested calls merge (the inner wins on a shared key);
 * a call's own fields and a logger's `with()` context win over it.
 *
 * @param context The fields to add.
 * @param callback The code to run.
 * @returns What `callback` returns (a promise stays a promise).
 * @throws {TypeError} When `context` is not an object or `callback` not a
 * function.
 *
 * @example Usage
 * ```ts
 * import { configure, getLogger, reset, withContext } from "logrotor";
 *
 * const lines: string[] = [];
 * await configure({
 *   sinks: { memory: { write: (line: string) => lines.push(line) } },
 *   loggers: { app: { sinks: ["memory"] } },
 * });
 * const log = getLogger("app");
 * await withContext({ requestId: "r1" }, async () => {
 *   await Promise.resolve();
 *   log.info("handled"); // … handled requestId=r1
 * });
 * await reset();
 * ```
 */
export function withContext<T>(context: LogFields, callback: () => T): T {
  if (typeof context !== "object" || context === null) {
    throw new TypeError(
      `Cannot run with context as context must be an object: current value is ${
        String(context)
      }`,
    );
  }
  if (typeof callback !== "function") {
    throw new TypeError(
      `Cannot run with context as callback must be a function: current value is ${
        String(callback)
      }`,
    );
  }
  store ??= createAsyncStore<LogFields>();
  const outer = store.get();
  return store.run(
    outer === undefined ? { ...context } : { ...outer, ...context },
    callback,
  );
}

/**
 * The implicit context of the current flow, or `undefined` (always, until
 * `withContext()` was first called). Internal.
 *
 * @returns The merged context.
 *
 * @example Usage
 * ```ts
 * import { currentContext, withContext } from "./implicit_context.ts";
 *
 * withContext({ a: 1 }, () => currentContext()); // { a: 1 }
 * ```
 */
export function currentContext(): LogFields | undefined {
  return store === undefined ? undefined : store.get();
}
