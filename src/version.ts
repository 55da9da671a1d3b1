/**
 * logrotor's version, the same as `version` in package.json and jsr.json (a
 * test checks they agree); `logrotor --version` prints it.
 *
 * @module
 */

/**
 * The version of this logrotor.
 *
 * @example Usage
 * ```ts
 * import { version } from "logrotor";
 *
 * console.log(`logrotor ${version}`);
 * ```
 */
export const version = "0.1.0";
