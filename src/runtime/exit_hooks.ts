/**
 * One process-wide registry of synchronous exit hooks, wired to every way a
 * process can end on Deno, Bun and Node (see runtime-facts §8):
 *
 * - natural end, `process.exit()`: the `exit` event (Node, Bun, Deno's
 *   `process.exit`), `unload` (Deno, also for `Deno.exit`);
 * - SIGTERM, SIGINT, SIGHUP: a listener that runs the hooks, then ends the
 *   process with status 128+n, unless the application has its own listener
 *   for that signal, in which case the hooks only flush (`"flush"`: sinks
 *   stay open and keep accepting lines) and the application decides when to
 *   exit; the `exit` event then runs them for good. "Has its own listener"
 *   is decided when the signal arrives, whenever and however the listener
 *   was registered: `process.on`/`once`/`prependListener` before or after
 *   the sink, or `Deno.addSignalListener` (tracked by wrapping it when this
 *   module loads);
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
import type { ExitHook, ExitMode } from "./driver.ts";

const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
type HandledSignal = keyof typeof signalNumbers;
const handledSignals = Object.keys(signalNumbers) as HandledSignal[];

const hooks = new Set<ExitHook>();
const hangupHandlers = new Set<() => void>();
let installed = false;

/**
 * Runs every hook once, in registration order; a failing hook never stops
 * the rest.
 *
 * @param mode `"exit"` (default): the process is ending, hooks write out
 * and close. `"flush"`: an application signal handler owns the exit, hooks
 * write out and stay open.
 */
export function runExitHooks(mode: ExitMode = "exit"): void {
  for (const hook of [...hooks]) {
    try {
      hook(mode);
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

interface DenoSignals {
  addSignalListener(signal: string, handler: () => void): void;
  removeSignalListener(signal: string, handler: () => void): void;
}

function denoSignals(): DenoSignals | undefined {
  return (globalThis as { Deno?: DenoSignals }).Deno;
}

/**
 * Deno: every `Deno.addSignalListener` call (`process.on` for a signal goes
 * through it too) is tracked, per signal, with the wrapper that records that
 * an application listener ran in the current dispatch (a `process.once`
 * listener removes itself before ours may run). Ours is added with the
 * original function, so it is never counted.
 */
const denoOriginal = denoSignals() === undefined ? undefined : {
  add: denoSignals()!.addSignalListener,
  remove: denoSignals()!.removeSignalListener,
};
const denoApp = new Map<string, Map<() => void, () => void>>();
const appRanInDispatch = new Set<string>();

if (denoOriginal !== undefined) {
  const deno = denoSignals()!;
  deno.addSignalListener = function (signal, handler) {
    let wrappers = denoApp.get(signal);
    if (wrappers === undefined) denoApp.set(signal, wrappers = new Map());
    let wrapped = wrappers.get(handler);
    if (wrapped === undefined) {
      wrapped = function (this: unknown) {
        appRanInDispatch.add(signal);
        // Listeners of one signal run in one synchronous loop: the mark
        // lives until its end.
        queueMicrotask(() => appRanInDispatch.delete(signal));
        return handler.call(this);
      };
      wrappers.set(handler, wrapped);
    }
    return denoOriginal.add.call(this, signal, wrapped);
  };
  deno.removeSignalListener = function (signal, handler) {
    const wrappers = denoApp.get(signal);
    const wrapped = wrappers?.get(handler);
    wrappers?.delete(handler);
    return denoOriginal.remove.call(this, signal, wrapped ?? handler);
  };
}

/** Whether the application listens for `signal`, decided now. */
function appListens(signal: HandledSignal): boolean {
  if (denoOriginal !== undefined) {
    return (denoApp.get(signal)?.size ?? 0) > 0 ||
      appRanInDispatch.has(signal);
  }
  // Ours is prepended, so it runs before any `once` listener removed itself.
  const ours = signalListeners[signal];
  return process.listeners(signal).some((l) => l !== ours);
}

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
  // Someone else listens too: they own the decision to exit. Write out
  // everything now but stay open for what their shutdown logs; the `exit`
  // event closes for good.
  if (appListens(signal)) {
    runExitHooks("flush");
    return;
  }
  runExitHooks("exit");
  process.exit(128 + signalNumbers[signal]);
}

function onDenoGlobalEvent(): void {
  runExitHooks("exit");
}

function onExitEvent(): void {
  runExitHooks("exit");
}

function isDeno(): boolean {
  return typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", onExitEvent);
  for (const signal of handledSignals) {
    if (denoOriginal !== undefined) {
      denoOriginal.add.call(denoSignals(), signal, signalListeners[signal]);
    } else {
      // First, so it sees every application listener, `once` ones included.
      process.prependListener(signal, signalListeners[signal]);
    }
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
  process.off("exit", onExitEvent);
  for (const signal of handledSignals) {
    if (denoOriginal !== undefined) {
      denoOriginal.remove.call(denoSignals(), signal, signalListeners[signal]);
    } else {
      process.off(signal, signalListeners[signal]);
    }
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
