/**
 * Logger names: dot-separated non-empty parts (`"app.db.pool"`); `""` is
 * the root logger.
 *
 * @module
 */

const namePattern = /^[^.]+(\.[^.]+)*$/;

/**
 * Checks a logger name: dotted non-empty segments (`"app.db"`), or `""`
 * for the root when `rootAllowed`.
 *
 * @param action What is being done ("get logger").
 * @param name The name.
 * @param rootAllowed Whether `""` is allowed.
 * @throws {TypeError} When the name is not valid.
 *
 * @example Usage
 * ```ts
 * import { checkName } from "./logger_name.ts";
 * import assert from "node:assert/strict";
 *
 * checkName("get logger", "app.db", false);
 * assert.throws(() => checkName("get logger", "app..db", false), TypeError);
 * ```
 */
export function checkName(
  action: string,
  name: unknown,
  rootAllowed: boolean,
): asserts name is string {
  if (
    typeof name !== "string" ||
    !(namePattern.test(name) || (rootAllowed && name === ""))
  ) {
    throw new TypeError(
      `Cannot ${action} as the name must be dot-separated non-empty parts such as "app.db": current value is ${
        JSON.stringify(name) ?? String(name)
      }`,
    );
  }
}
