/**
 * Spawning child processes with their output as byte streams. Deno uses
 * `Deno.Command` (its node:child_process reports a child that handled a
 * signal and exited by itself as killed by that signal); Bun and Node use
 * `node:child_process`.
 *
 * @module
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import process from "node:process";
import { Readable } from "node:stream";
import { detectRuntime } from "./detect.ts";

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

/** Options of {@linkcode spawnProcess}. */
export interface SpawnOptions {
  /** Working directory. */
  readonly cwd?: string;
  /** Extra environment variables (added to the current environment). */
  readonly env?: Record<string, string>;
  /** Whether the child reads this process's stdin or nothing. */
  readonly stdin?: "inherit" | "null";
  /**
   * Kill the child when this process dies, even by SIGKILL. On Linux the
   * child is started through `setpriv --pdeathsig KILL` (util-linux), which
   * sets `PR_SET_PDEATHSIG` and then execs the command (same pid). Where
   * that cannot work (not Linux, no `setpriv` on the system) the child is
   * started directly and may outlive a killed parent; see
   * {@linkcode dieWithParentSupport}.
   * @default {false}
   */
  readonly dieWithParent?: boolean;
}

/** A running child process. */
export interface ChildProcessHandle {
  /** Its process id. */
  readonly pid: number;
  /** Its standard output. */
  readonly stdout: ReadableStream<Uint8Array>;
  /** Its standard error. */
  readonly stderr: ReadableStream<Uint8Array>;
  /** Settles when it has ended. */
  readonly exited: Promise<ExitStatus>;
  /** Sends a signal; false when the child is already gone. */
  kill(signal?: string): boolean;
}

/**
 * A failure to start a child process, with the OS error code.
 *
 * @example Usage
 * ```ts
 * import { SpawnError } from "logrotor/compose";
 *
 * function explain(err: unknown): string {
 *   if (err instanceof SpawnError && err.code === "ENOENT") {
 *     return "the command was not found";
 *   }
 *   return String(err);
 * }
 * ```
 */
export class SpawnError extends Error {
  /** `ENOENT` when the command does not exist, `EACCES`, … */
  readonly code: string;

  /**
   * @param command The command that could not start.
   * @param cause The underlying error.
   */
  constructor(command: string, cause: unknown) {
    const code = (cause as { code?: string })?.code ?? "UNKNOWN";
    super(
      `Cannot start ${JSON.stringify(command)} as spawning failed: ${code}`,
      { cause },
    );
    this.name = "SpawnError";
    this.code = code;
  }
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

interface DenoChildProcess {
  pid: number;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
  status: Promise<{ code: number; signal: string | null }>;
  kill(signal: string): void;
}

interface DenoNamespace {
  Command: new (command: string, options: object) => {
    spawn(): DenoChildProcess;
  };
}

function spawnWithDeno(
  command: string,
  args: string[],
  options: SpawnOptions,
): ChildProcessHandle {
  const deno = (globalThis as unknown as { Deno: DenoNamespace }).Deno;
  let child: DenoChildProcess;
  try {
    child = new deno.Command(command, {
      args,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined ? {} : { env: options.env }),
      stdin: options.stdin === "inherit" ? "inherit" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (err) {
    const code = (err as { code?: string }).code ??
      ((err as Error).name === "NotFound" ? "ENOENT" : undefined);
    throw new SpawnError(command, Object.assign(err as Error, { code }));
  }
  let running = true;
  const exited = child.status.then((s) => {
    running = false;
    return s.signal === null
      ? { code: s.code, signal: null }
      : { code: null, signal: s.signal };
  });
  return {
    pid: child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    exited,
    kill(signal = "SIGTERM") {
      if (!running) return false;
      try {
        child.kill(signal);
        return true;
      } catch {
        return false;
      }
    },
  };
}

function spawnWithNode(
  command: string,
  args: string[],
  options: SpawnOptions,
): Promise<ChildProcessHandle> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: { ...process.env, ...options.env },
      stdio: [
        options.stdin === "inherit" ? "inherit" : "ignore",
        "pipe",
        "pipe",
      ],
    });
    const exited = new Promise<ExitStatus>((settle) => {
      child.on("close", (code, signal) => settle({ code, signal }));
    });
    child.once("error", (err) => reject(new SpawnError(command, err)));
    child.once("spawn", () => {
      resolve({
        pid: child.pid as number,
        stdout: Readable.toWeb(child.stdout) as unknown as ReadableStream<
          Uint8Array
        >,
        stderr: Readable.toWeb(child.stderr) as unknown as ReadableStream<
          Uint8Array
        >,
        exited,
        kill: (signal = "SIGTERM") =>
          child.exitCode === null && child.signalCode === null &&
          child.kill(signal as NodeJS.Signals),
      });
    });
  });
}

const setprivCandidates = [
  "/usr/bin/setpriv",
  "/bin/setpriv",
  "/usr/sbin/setpriv",
  "/sbin/setpriv",
];
let setprivPath: string | null | undefined;

function findSetpriv(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  if (process.platform !== "linux") return setprivPath;
  const dirs = (process.env["PATH"] ?? "").split(":").filter(Boolean);
  for (
    const candidate of [
      ...dirs.map((d) => `${d}/setpriv`),
      ...setprivCandidates,
    ]
  ) {
    if (executable(candidate)) return setprivPath = candidate;
  }
  return setprivPath;
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether {@linkcode SpawnOptions.dieWithParent} works here: `"pdeathsig"`
 * on Linux with `setpriv`, `"none"` elsewhere (the child can outlive a
 * parent killed by SIGKILL).
 *
 * @returns How a child is tied to this process's life.
 *
 * @example Usage
 * ```ts
 * import { dieWithParentSupport } from "./process_driver.ts";
 *
 * if (dieWithParentSupport() === "none") {
 *   console.error("a child may outlive this process if it is killed");
 * }
 * ```
 */
export function dieWithParentSupport(): "pdeathsig" | "none" {
  return findSetpriv() === null ? "none" : "pdeathsig";
}

/**
 * Resolves `command` the way `execvp` would, so that a missing command is
 * still reported as ENOENT when it is started through a wrapper.
 */
function resolveCommand(
  command: string,
  options: SpawnOptions,
): string {
  const fail = (code: string) =>
    new SpawnError(
      command,
      Object.assign(new Error(`${code}: ${command}`), { code }),
    );
  if (command.includes("/")) {
    const full = command.startsWith("/") || options.cwd === undefined
      ? command
      : `${options.cwd}/${command}`;
    if (!fs.existsSync(full)) throw fail("ENOENT");
    if (!executable(full)) throw fail("EACCES");
    return full;
  }
  const searchPath = options.env?.["PATH"] ?? process.env["PATH"] ?? "";
  let denied = false;
  for (const dir of searchPath.split(":")) {
    // A relative PATH entry is relative to the child's working directory.
    const entry = `${dir === "" ? "." : dir}/${command}`;
    const full = entry.startsWith("/") || options.cwd === undefined
      ? entry
      : `${options.cwd}/${entry}`;
    if (executable(full)) return full;
    if (fs.existsSync(full)) denied = true;
  }
  throw fail(denied ? "EACCES" : "ENOENT");
}

/**
 * Starts a child process with piped stdout and stderr.
 *
 * @param command The program (looked up in `PATH`).
 * @param args Its arguments.
 * @param options Working directory, environment, stdin.
 * @returns The running child.
 * @throws {SpawnError} When it cannot start (`ENOENT`, `EACCES`).
 *
 * @example Usage
 * ```ts
 * import { spawnProcess } from "./process_driver.ts";
 *
 * const child = await spawnProcess("echo", ["hello"]);
 * const text = await new Response(child.stdout).text();
 * await child.exited;
 * ```
 */
export function spawnProcess(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<ChildProcessHandle> {
  const setpriv = options.dieWithParent === true ? findSetpriv() : null;
  if (setpriv !== null) {
    try {
      args = [
        "--pdeathsig",
        "KILL",
        "--",
        resolveCommand(command, options),
        ...args,
      ];
    } catch (err) {
      return Promise.reject(err);
    }
    command = setpriv;
  }
  if (detectRuntime() === "deno") {
    try {
      return Promise.resolve(spawnWithDeno(command, args, options));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  return spawnWithNode(command, args, options);
}

/**
 * The processes below `root` in the process tree (Linux `/proc`; empty
 * where there is no `/proc`).
 */
function descendants(root: number): number[] {
  const parents = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Field 4 (ppid) follows the state after the ")" ending the name.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const siblings = parents.get(ppid);
      if (siblings === undefined) parents.set(ppid, [pid]);
      else siblings.push(pid);
    } catch {
      // ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const pid of parents.get(queue.shift() as number) ?? []) {
      found.push(pid);
      queue.push(pid);
    }
  }
  return found;
}

/**
 * Options of {@linkcode forwardSignals}.
 *
 * @example Usage
 * ```ts
 * import type { ForwardOptions } from "./process_driver.ts";
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
 * import { forwardSignals, spawnProcess } from "./process_driver.ts";
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
        for (const pid of others) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
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
