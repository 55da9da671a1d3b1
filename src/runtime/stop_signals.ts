/**
 * For long-running commands that stop cleanly on a signal (`logrotor ship
 * --from`): a SIGTERM/SIGINT listener, and whether standard error is a
 * terminal (for a progress line).
 *
 * @module
 */
import process from "node:process";

/**
 * Calls `handler` on SIGTERM or SIGINT instead of dying. With a listener
 * installed, logrotor's exit hooks only flush on these signals (the
 * command exits itself when done).
 *
 * @param handler Called with the signal's name.
 * @returns Removes the listeners.
 *
 * @example Usage
 * ```ts
 * import { onStopSignal } from "./stop_signals.ts";
 *
 * const remove = onStopSignal((signal) => console.error(`stopping on ${signal}`));
 * remove();
 * ```
 */
export function onStopSignal(handler: (signal: string) => void): () => void {
  const term = () => handler("SIGTERM");
  const int = () => handler("SIGINT");
  process.on("SIGTERM", term);
  process.on("SIGINT", int);
  return () => {
    process.off("SIGTERM", term);
    process.off("SIGINT", int);
  };
}

/**
 * Whether standard error is a terminal.
 *
 * @returns `true` for a TTY.
 *
 * @example Usage
 * ```ts
 * import { stderrIsTerminal } from "./stop_signals.ts";
 *
 * if (stderrIsTerminal()) console.error("progress…");
 * ```
 */
export function stderrIsTerminal(): boolean {
  return (process.stderr as { isTTY?: boolean }).isTTY === true;
}
