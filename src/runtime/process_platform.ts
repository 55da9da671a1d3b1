/**
 * The {@linkcode Platform} parts shared by the three runtimes, built on
 * `node:process` (which Deno 2 and Bun implement); the per-runtime files
 * only fill in what differs.
 *
 * @module
 */
import * as fs from "node:fs";
import * as os from "node:os";
import process from "node:process";
import { Readable } from "node:stream";
import type { Platform, RuntimeName, UnrefTimer } from "./driver.ts";
import { addExitHook, addHangupHandler } from "./exit_hooks.ts";
import { createInProcessCompressor } from "./gzip_in_process.ts";
import { createWorkerCompressor } from "./gzip_worker.ts";
import { createNodeFileDriver } from "./node_fs.ts";

/** How a runtime makes a timer stop keeping the process alive. */
export type Unref = (timer: unknown) => void;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

function writeAllSync(fd: number, bytes: Uint8Array): boolean {
  let offset = 0;
  let spins = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      // A non-blocking pipe that is full: wait a little, give up after ~2 s.
      if ((err as { code?: string }).code === "EAGAIN" && spins++ < 2000) {
        sleepSync(1);
        continue;
      }
      return false;
    }
  }
  return true;
}

/**
 * The state letter of `/proc/<pid>/stat` (`R`, `S`, `Z`, …), or
 * `undefined` where there is no such entry (no process, or no /proc).
 */
function procState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 3 follows the ")" that closes the command name (which may
    // itself contain spaces and parentheses).
    return stat.charAt(stat.lastIndexOf(")") + 2);
  } catch {
    return undefined;
  }
}

/**
 * A zombie (`Z`: dead, not yet reaped by its parent) or a dying task
 * (`X`) owns nothing, though its pid still answers `kill(pid, 0)` and its
 * start time still matches: after `kill -9`, until the parent waits (never,
 * under a container PID 1 that does not reap).
 */
function isDead(pid: number): boolean {
  const state = procState(pid);
  return state === "Z" || state === "X";
}

function processAlive(pid: number): boolean | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return !isDead(pid);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ESRCH") return false;
    if (code === "EPERM") return true;
    return undefined;
  }
}

function processStartId(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime) counts from after the ")" closing the command name.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // A zombie is no incarnation of anything any more.
    if (fields[0] === "Z" || fields[0] === "X") return undefined;
    return fields[19] ?? "";
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ENOENT" || code === "ESRCH") {
      // No /proc entry: either no /proc at all (macOS) or no such process.
      return fs.existsSync("/proc/self/stat")
        ? undefined
        : processAlive(pid) === false
        ? undefined
        : "";
    }
    return processAlive(pid) === false ? undefined : "";
  }
}

/** The pieces a runtime supplies to {@linkcode createProcessPlatform}. */
export interface RuntimeParts {
  /** The runtime's name. */
  readonly runtime: RuntimeName;
  /** Makes a timer handle stop keeping the process alive. */
  readonly unref: Unref;
  /** Standard input as a byte stream. */
  readonly stdin: () => ReadableStream<Uint8Array>;
}

/**
 * Builds a {@linkcode Platform} from `node:process` plus runtime parts.
 *
 * @param parts What differs between runtimes.
 * @returns The platform.
 *
 * @example Usage
 * ```ts
 * import { createProcessPlatform } from "./process_platform.ts";
 *
 * const platform = createProcessPlatform({
 *   runtime: "node",
 *   unref: (t) => (t as { unref(): void }).unref(),
 *   stdin: () => new ReadableStream(),
 * });
 * platform.now();
 * ```
 */
export function createProcessPlatform(parts: RuntimeParts): Platform {
  const fsDriver = createNodeFileDriver();
  function timer(ms: number, fn: () => void, repeat: boolean): UnrefTimer {
    const handle = repeat ? setInterval(fn, ms) : setTimeout(fn, ms);
    parts.unref(handle);
    return {
      cancel: () => repeat ? clearInterval(handle) : clearTimeout(handle),
    };
  }
  return {
    runtime: parts.runtime,
    fs: fsDriver,
    onExit: addExitHook,
    onHangup: addHangupHandler,
    every: (ms, fn) => timer(ms, fn, true),
    after: (ms, fn) => timer(ms, fn, false),
    sleepSync,
    now: () => Date.now(),
    monotonic: () => performance.now(),
    writeStdout: (bytes) => writeAllSync(1, bytes),
    writeStderr: (bytes) => writeAllSync(2, bytes),
    pid: process.pid,
    hostname: () => os.hostname(),
    processAlive,
    processStartId,
    args: () => process.argv.slice(2),
    env: (name) => process.env[name],
    cwd: () => process.cwd(),
    exit: (code) => process.exit(code),
    setExitCode: (code) => {
      process.exitCode = code;
    },
    stdin: parts.stdin,
    // node:zlib and node:fs callbacks run on the thread pool on Node and
    // Bun; Deno runs zlib on the event loop, so it compresses in a worker.
    createCompressor: () =>
      parts.runtime === "deno"
        ? createWorkerCompressor()
        : createInProcessCompressor(),
  };
}

/**
 * Standard input through `node:stream`, for runtimes without a native stream.
 *
 * @returns Standard input as a byte stream.
 *
 * @example Usage
 * ```ts
 * import { nodeStdin } from "./process_platform.ts";
 *
 * for await (const chunk of nodeStdin()) console.log(chunk.length);
 * ```
 */
export function nodeStdin(): ReadableStream<Uint8Array> {
  return Readable.toWeb(process.stdin) as unknown as ReadableStream<
    Uint8Array
  >;
}
