/**
 * Spawning child processes with their output as byte streams. Deno uses
 * `Deno.Command` (its node:child_process reports a child that handled a
 * signal and exited by itself as killed by that signal); Bun and Node use
 * `node:child_process`.
 *
 * @module
 */
import { spawn } from "node:child_process";
import process from "node:process";
import { Readable } from "node:stream";
import { detectRuntime } from "./detect.ts";
import { dieWithParentCommand } from "./die_with_parent.ts";
import type { ExitStatus } from "./exit_status.ts";
import { SpawnError } from "./spawn_error.ts";

/** Options of {@linkcode spawnProcess}. */
export interface SpawnOptions {
  /** Working directory. */
  readonly cwd?: string;
  /** Extra environment variables (added to the current environment). */
  readonly env?: Record<string, string>;
  /**
   * The child's stdin: this process's (`"inherit"`), nothing (`"null"`,
   * the default), or a pipe this process holds open and never writes to
   * (`"piped"`) until `closeStdin()`: the child reads end-of-file when this
   * process closes it or dies, even by SIGKILL (see stdin_end.ts).
   */
  readonly stdin?: "inherit" | "null" | "piped";
  /**
   * Kill the child when this process dies, even by SIGKILL. On Linux the
   * child is started through `setpriv --pdeathsig KILL` (util-linux), which
   * sets `PR_SET_PDEATHSIG` and then execs the command (same pid). Where
   * that cannot work (not Linux, no `setpriv` on the system) the child is
   * started directly and may outlive a killed parent; see
   * `dieWithParentSupport` (die_with_parent.ts).
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
  /** Closes this end of a `"piped"` stdin (nothing otherwise). */
  closeStdin(): void;
}

interface DenoChildProcess {
  pid: number;
  stdin: WritableStream<Uint8Array>;
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
      stdin: options.stdin ?? "null",
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
    closeStdin() {
      if (options.stdin === "piped") child.stdin.close().catch(() => {});
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
        options.stdin === "inherit"
          ? "inherit"
          : options.stdin === "piped"
          ? "pipe"
          : "ignore",
        "pipe",
        "pipe",
      ],
    });
    const exited = new Promise<ExitStatus>((settle) => {
      child.on("close", (code, signal) => settle({ code, signal }));
    });
    child.once("error", (err) => reject(new SpawnError(command, err)));
    // A pipe to a child that is gone: nothing is ever written to it.
    child.stdin?.on("error", () => {});
    child.once("spawn", () => {
      resolve({
        pid: child.pid as number,
        stdout: Readable.toWeb(
          child.stdout as Readable,
        ) as unknown as ReadableStream<
          Uint8Array
        >,
        stderr: Readable.toWeb(
          child.stderr as Readable,
        ) as unknown as ReadableStream<
          Uint8Array
        >,
        exited,
        kill: (signal = "SIGTERM") =>
          child.exitCode === null && child.signalCode === null &&
          child.kill(signal as NodeJS.Signals),
        closeStdin: () => child.stdin?.destroy(),
      });
    });
  });
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
 * import { spawnProcess } from "./spawn_process.ts";
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
  if (options.dieWithParent === true) {
    try {
      const wrapped = dieWithParentCommand(command, args, options);
      if (wrapped !== undefined) ({ command, args } = wrapped);
    } catch (err) {
      return Promise.reject(err);
    }
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
