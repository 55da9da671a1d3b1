/**
 * Signal forwarding from a supervisor to its child, with the escalation of
 * an ignored stop signal to SIGKILL (`timeout -k`, systemd's
 * `TimeoutStopSec` with `KillMode=mixed`).
 *
 * @module
 */
import process from "node:process";
import { descendants, signalAll } from "./process_tree.ts";
import type { ChildProcessHandle } from "./spawn_process.ts";

/**
 * Options of {@linkcode forwardSignals}.
 *
 * @example Usage
 * ```ts
 * import type { ForwardOptions } from "./forward_signals.ts";
 *
 * const options: ForwardOptions = {
 *   killAfterMs: 10_000,
 *   onKill: (signal) => console.error(`no exit after ${signal}: SIGKILL`),
 * };
 * ```
 */
export interface ForwardOptions {
  /**
   * After a forwarded SIGTERM or SIGINT, send SIGKILL to the child and the
   * processes it started (on Linux) when it still runs this many ms later
   * (`timeout -k`, systemd's `TimeoutStopSec` with `KillMode=mixed`).
   * 0 never escalates. SIGHUP (reload, reopen) never escalates.
   * @default {0}
   */
  readonly killAfterMs?: number;
  /** Called after SIGKILL was sent, with the signal that was ignored. */
  readonly onKill?: (ignored: string) => void;
}

/**
 * Forwards SIGTERM, SIGINT and SIGHUP sent to this process to a child while
 * it runs, and escalates a stop signal to SIGKILL after
 * `options.killAfterMs`. Returns a function that stops forwarding (and
 * cancels a pending escalation).
 *
 * @param child The child to forward to.
 * @param options When to escalate to SIGKILL.
 * @returns Stops forwarding.
 *
 * @example Usage
 * ```ts
 * import { forwardSignals } from "./forward_signals.ts";
 * import { spawnProcess } from "./spawn_process.ts";
 *
 * const child = await spawnProcess("sleep", ["5"]);
 * const stop = forwardSignals(child, { killAfterMs: 10_000 });
 * await child.exited;
 * stop();
 * ```
 */
export function forwardSignals(
  child: ChildProcessHandle,
  options: ForwardOptions = {},
): () => void {
  const killAfterMs = options.killAfterMs ?? 0;
  let escalation: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  void child.exited.then(() => {
    done = true;
    if (escalation !== undefined) clearTimeout(escalation);
  });
  const signals = ["SIGTERM", "SIGINT", "SIGHUP"] as const;
  const listeners = signals.map((signal) => {
    const listener = () => {
      if (!child.kill(signal) || signal === "SIGHUP" || killAfterMs <= 0) {
        return;
      }
      if (escalation !== undefined || done) return;
      escalation = setTimeout(() => {
        if (done) return;
        // Like systemd's KillMode=mixed: SIGTERM went to the main process,
        // SIGKILL goes to everything it started too (a grandchild holding
        // the output pipe would otherwise keep the capture waiting).
        const others = descendants(child.pid);
        if (!child.kill("SIGKILL")) return;
        signalAll(others, "SIGKILL");
        try {
          options.onKill?.(signal);
        } catch {
          // a listener must not stop the supervisor
        }
      }, killAfterMs);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    if (escalation !== undefined) clearTimeout(escalation);
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}
