/**
 * How a child process ended, and the shell status that passes it on.
 *
 * @module
 */

/**
 * How a child process ended.
 *
 * @example Usage
 * ```ts
 * import { type ExitStatus, shellStatus } from "logrotor/compose";
 *
 * function describe(status: ExitStatus): string {
 *   return status.signal === null
 *     ? `exited with ${status.code}`
 *     : `killed by ${status.signal} (${shellStatus(status)})`;
 * }
 * describe({ code: null, signal: "SIGKILL" }); // "killed by SIGKILL (137)"
 * ```
 */
export interface ExitStatus {
  /** The exit code, or `null` when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it (`"SIGTERM"`), or `null`. */
  readonly signal: string | null;
}

const signalNumbers: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGTERM: 15,
};

/**
 * The conventional shell status of an {@linkcode ExitStatus}: the code, or
 * 128 + the signal's number.
 *
 * @param status How a process ended.
 * @returns A status between 0 and 255.
 *
 * @example Usage
 * ```ts
 * import { shellStatus } from "logrotor/compose";
 *
 * shellStatus({ code: null, signal: "SIGTERM" }); // 143
 * ```
 */
export function shellStatus(status: ExitStatus): number {
  if (status.code !== null) return status.code;
  return 128 + (signalNumbers[status.signal ?? ""] ?? 0);
}
