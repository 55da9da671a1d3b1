/**
 * Errors callers may catch. Runtime failures inside sinks never throw into
 * the caller; they become state, counters and diagnostics. What is thrown is
 * construction-time misuse (`TypeError`, `RangeError`) and, where an API
 * promises a result it cannot deliver, a {@linkcode LogrotorError}.
 *
 * @module
 */
import {
  permissionFlag,
  permissionNeedOf,
} from "./runtime/deno_permissions.ts";

/**
 * Stable codes of {@linkcode LogrotorError}. Only codes something throws
 * are listed: `CONFIG_INVALID` (a config file that cannot be read or
 * parsed) and `OPEN_FAILED` (`tailLines()` / `followLines()` found neither
 * the file nor an archive of it to read). Misuse at construction is a `TypeError` or `RangeError`, and
 * runtime failures inside sinks are never thrown (they become state,
 * counters and diagnostics).
 *
 * @example Usage
 * ```ts
 * import { LogrotorError } from "logrotor";
 * import type { LogrotorErrorCode } from "logrotor/compose";
 *
 * function isConfigProblem(code: LogrotorErrorCode): boolean {
 *   return code === "CONFIG_INVALID";
 * }
 * const err = new LogrotorError("CONFIG_INVALID", "Cannot read app.json as ...");
 * isConfigProblem(err.code); // true
 * ```
 */
export type LogrotorErrorCode = "CONFIG_INVALID" | "OPEN_FAILED";

/**
 * A domain error with a stable string `code`; the original error, if any, is
 * kept in `cause`.
 *
 * @example Usage
 * ```ts
 * import { LogrotorError } from "logrotor";
 *
 * const err = new LogrotorError("CONFIG_INVALID", "Cannot read app.json as it is not JSON");
 * err.code; // "CONFIG_INVALID"
 * ```
 */
export class LogrotorError extends Error {
  /** A stable code to switch on. */
  readonly code: LogrotorErrorCode;

  /**
   * @param code The stable code.
   * @param message What went wrong, in the form "Cannot X as Y".
   * @param options `cause`: the underlying error.
   */
  constructor(
    code: LogrotorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LogrotorError";
    this.code = code;
  }
}

/**
 * The `code` of an error thrown by a file or network operation, or
 * `"UNKNOWN"`.
 *
 * @param err Anything caught.
 * @returns The string code (`ENOSPC`, `EACCES`, …).
 *
 * @example Usage
 * ```ts
 * import { errorCode } from "logrotor/compose";
 *
 * errorCode(Object.assign(new Error("full"), { code: "ENOSPC" })); // "ENOSPC"
 * ```
 */
export function errorCode(err: unknown): string {
  const code = typeof err === "object" && err !== null
    ? (err as { code?: unknown }).code
    : undefined;
  return typeof code === "string" ? code : "UNKNOWN";
}

/**
 * A one-line description of a caught error.
 *
 * @param err Anything caught.
 * @returns `"CODE: message"`, the code given once (Node's messages already
 * start with it); errors without a code use their name (`NotCapable`).
 *
 * @example Usage
 * ```ts
 * import { describeError } from "logrotor/compose";
 *
 * describeError(new Error("boom")); // "UNKNOWN: boom"
 * ```
 */
export function describeError(err: unknown): string {
  const need = permissionNeedOf(err);
  if (need !== undefined) {
    // Deno's "run again with the --allow-write flag" names no scope.
    return `${(err as Error).name}: Deno needs ${
      permissionFlag(need)
    } (run deno with it, or -A)`;
  }
  const message = err instanceof Error ? err.message : String(err);
  let code = errorCode(err);
  // Deno's permission errors have a name (NotCapable) and no code.
  if (
    code === "UNKNOWN" && err instanceof Error && err.name !== "Error" &&
    err.name !== ""
  ) code = err.name;
  // Node's messages already start with the code: "ENOENT: no such file …".
  return message.startsWith(`${code}:`) ? message : `${code}: ${message}`;
}
