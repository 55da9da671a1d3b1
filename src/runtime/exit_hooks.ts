/**
 * One process-wide registry of synchronous exit hooks, wired to every way a
 * process can end on Deno, Bun and Node (see runtime-facts §8):
 *
 * - natural end, `process.exit()`: the `exit` event (Node, Bun, Deno's
 *   `process.exit`), `unload` (Deno, also for `Deno.exit`);
 * - SIGTERM, SIGINT, SIGHUP: a listener that runs the hooks, then ends the
 *   process with status 128+n, unless the application has its own listener
 *   for that signal, in which case the application decides when to exit;
 * - uncaught exception / unhandled rejection: the `exit` event on Node and
 *   Bun; `error` and `unhandledrejection` listeners on Deno.
 *
 * The listeners are installed when the first hook registers and removed
 * when the last one goes, so a process with no open sink behaves exactly as
 * it would without logrotor.
 *
 * @module
 */
import process from "node:process";
import type { ExitHook } from "./driver.ts";

const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
type HandledSignal = keyof typeof signalNumbers;
const handledSignals = Object.keys(signalNumbers) as HandledSignal[];

const hooks = new Set<ExitHook>();
const hangupHandlers = new Set<() => void>();
let installed = false;

/** Runs every hook once, in registration order; a failing hook never stops the rest. */
export function runExitHooks(): void {
  for (const hook of [...hooks]) {
    try {
      hook();
    } catch {
      // A hook that fails while the process dies has nowhere to report to.
    }
  }
}

const signalListeners: Record<HandledSignal, () => void> = {
  SIGHUP: () => onSignal("SIGHUP"),
  SIGINT: () => onSignal("SIGINT"),
  SIGTERM: () => onSignal("SIGTERM"),
};

function onSignal(signal: HandledSignal): void {
  if (signal === "SIGHUP" && hangupHandlers.size > 0) {
    for (const handler of [...hangupHandlers]) {
      try {
        handler();
      } catch {
        // reopen failures are reported by the sink itself
      }
    }
    return;
  }
  runExitHooks();
  // Someone else listens too: they own the decision to exit (our exit hook
  // runs again then, and finds nothing left to write).
  if (process.listenerCount(signal) > 1) return;
  process.exit(128 + signalNumbers[signal]);
}

function onDenoGlobalEvent(): void {
  runExitHooks();
}

function isDeno(): boolean {
  return typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", runExitHooks);
  for (const signal of handledSignals) {
    process.on(signal, signalListeners[signal]);
  }
  if (isDeno()) {
    globalThis.addEventListener("unload", onDenoGlobalEvent);
    globalThis.addEventListener("error", onDenoGlobalEvent);
    globalThis.addEventListener("unhandledrejection", onDenoGlobalEvent);
  }
}

function uninstallWhenIdle(): void {
  if (!installed || hooks.size > 0 || hangupHandlers.size > 0) return;
  installed = false;
  process.off("exit", runExitHooks);
  for (const signal of handledSignals) {
    process.off(signal, signalListeners[signal]);
  }
  if (isDeno()) {
    globalThis.removeEventListener("unload", onDenoGlobalEvent);
    globalThis.removeEventListener("error", onDenoGlobalEvent);
    globalThis.removeEventListener("unhandledrejection", onDenoGlobalEvent);
  }
}

/**
 * Registers a synchronous exit hook.
 *
 * @param hook Runs once per exit path; must be synchronous and idempotent.
 * @returns A function that removes the hook.
 *
 * @example Usage
 * ```ts
 * import { addExitHook } from "./exit_hooks.ts";
 *
 * const remove = addExitHook(() => {});
 * remove();
 * ```
 */
export function addExitHook(hook: ExitHook): () => void {
  hooks.add(hook);
  install();
  return () => {
    hooks.delete(hook);
    uninstallWhenIdle();
  };
}

/**
 * Makes SIGHUP call `handler` instead of ending the process.
 *
 * @param handler Runs on every SIGHUP.
 * @returns A function that removes it.
 *
 * @example Usage
 * ```ts
 * import { addHangupHandler } from "./exit_hooks.ts";
 *
 * const remove = addHangupHandler(() => {});
 * remove();
 * ```
 */
export function addHangupHandler(handler: () => void): () => void {
  hangupHandlers.add(handler);
  install();
  return () => {
    hangupHandlers.delete(handler);
    uninstallWhenIdle();
  };
}
