/**
 * The interfaces between logrotor's runtime-neutral core and the runtime it
 * runs on. Everything that touches `Deno.*`, `Bun.*`, `process.*` or a
 * `node:*` module lives behind these interfaces, under `src/runtime/`.
 *
 * @module
 */

/**
 * An open file, as the {@linkcode FileDriver} hands it out.
 *
 * @example Usage
 * ```ts
 * import type { FileHandle } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * fs.mkdirp("/tmp/logrotor-doc");
 * const fd: FileHandle = fs.open("/tmp/logrotor-doc/handle.log", "append");
 * try {
 *   fs.write(fd, new TextEncoder().encode("hello\n"), 0, 6);
 * } finally {
 *   fs.close(fd);
 * }
 * ```
 */
export type FileHandle = number;

/**
 * What logrotor needs to know about a file.
 *
 * @example Usage
 * ```ts
 * import type { FileInfo } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * const info: FileInfo | undefined = fs.stat("/tmp/logrotor-doc/app.log");
 * if (info !== undefined && info.isFile && info.size > 10 * 1024 * 1024) {
 *   // time to rotate
 * }
 * ```
 */
export interface FileInfo {
  /** Size in bytes. */
  readonly size: number;
  /** Last modification time, in milliseconds since the epoch. */
  readonly mtimeMs: number;
  /** Inode number (0 where the driver has none). */
  readonly ino: number;
  /** Device number (0 where the driver has none). */
  readonly dev: number;
  /** Whether this is a regular file. */
  readonly isFile: boolean;
  /** Whether this is a directory. */
  readonly isDirectory: boolean;
  /**
   * Hard links to the file; `0` once an open file was deleted. Absent
   * where the driver cannot tell.
   */
  readonly nlink?: number;
  /** Whether this is a symbolic link (only from `lstat`; `stat` follows links). */
  readonly isSymlink?: boolean;
  /** Permission bits (`0o600`…), where the driver knows them. */
  readonly mode?: number;
}

/**
 * Free and total space of the file system holding a path.
 *
 * @example Usage
 * ```ts
 * import type { SpaceInfo } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const space: SpaceInfo = getPlatform().fs.statfs("/tmp");
 * const usedPercent = 100 * (1 - space.availableBytes / space.totalBytes);
 * ```
 */
export interface SpaceInfo {
  /** Bytes an unprivileged writer may still use. */
  readonly availableBytes: number;
  /** Size of the file system in bytes. */
  readonly totalBytes: number;
}

/**
 * How {@linkcode FileDriver.open} opens a file.
 *
 * @example Usage
 * ```ts
 * import type { OpenMode } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * fs.mkdirp("/tmp/logrotor-doc");
 * const mode: OpenMode = "truncate"; // start empty; "append" keeps the content
 * fs.close(fs.open("/tmp/logrotor-doc/fresh.log", mode));
 * ```
 */
export type OpenMode = "append" | "truncate";

/**
 * Synchronous file operations. Every method throws an `Error` with a
 * string `code` (`ENOENT`, `ENOSPC`, …) on failure; callers switch on the
 * code, never on the class.
 *
 * @example Usage
 * ```ts
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * const fd = fs.open("/tmp/example.log", "append");
 * fs.write(fd, new TextEncoder().encode("hello\n"), 0, 6);
 * fs.close(fd);
 * ```
 */
export interface FileDriver {
  /**
   * Opens a file for writing at its end, creating it when missing. A file
   * it creates gets exactly `createMode` (`0o600`…, not masked by the
   * umask, like logrotate's `create` mode) when given, else `0o666` minus
   * the process umask; an existing file keeps its mode.
   */
  open(path: string, mode: OpenMode, createMode?: number): FileHandle;
  /**
   * Writes `length` bytes of `bytes` from `offset` and returns how many were
   * written, which may be fewer (a short write). Throws on failure; after a
   * throw an unknown number of bytes may have reached the file.
   */
  write(
    fd: FileHandle,
    bytes: Uint8Array,
    offset: number,
    length: number,
  ): number;
  /** Flushes the file's data and metadata to stable storage. */
  fsync(fd: FileHandle): void;
  /**
   * Flushes a file's data and metadata to stable storage without blocking
   * the calling thread. Optional; callers fall back to `fsync`.
   */
  fsyncAsync?(fd: FileHandle): Promise<void>;
  /** Cuts an open file to `size` bytes (removes a torn last line). */
  truncate(fd: FileHandle, size: number): void;
  /** Closes the handle. */
  close(fd: FileHandle): void;
  /** Facts about an open file. */
  fstat(fd: FileHandle): FileInfo;
  /** Facts about a path, or `undefined` when nothing is there. */
  stat(path: string): FileInfo | undefined;
  /**
   * Facts about a path itself, not following a symbolic link, or
   * `undefined` when nothing is there. Optional: drivers without it have no
   * symbolic links.
   */
  lstat?(path: string): FileInfo | undefined;
  /** Renames (atomically replacing `to` on POSIX). */
  rename(from: string, to: string): void;
  /** Removes a file. */
  unlink(path: string): void;
  /** The names in a directory (not paths), or `[]` when it is missing. */
  readdir(path: string): string[];
  /** Creates a directory and its parents; succeeds when it exists. */
  mkdirp(path: string): void;
  /** Flushes a directory entry change (rename, create) to stable storage. */
  fsyncDir(path: string): void;
  /** Free space of the file system holding `path`. */
  statfs(path: string): SpaceInfo;
  /** Reads a whole file. */
  readFile(path: string): Uint8Array;
  /**
   * Creates `path` with `content` only when it does not exist yet; throws
   * `EEXIST` otherwise. The building block of lock files.
   */
  createExclusive(path: string, content: Uint8Array): void;
  /**
   * Flushes a file's data to stable storage off the calling thread (opens
   * the path, fsyncs, closes). Optional: rotation uses it to pre-sync the
   * live file so the fsync before the rename has little left to do.
   */
  syncInBackground?(path: string): Promise<void>;
  /**
   * Reads up to `length` bytes of a file from `position` (fewer at its
   * end). Optional: rotation uses it to see whether a file left by a
   * crashed process ends in a torn line.
   */
  readRange?(path: string, position: number, length: number): Uint8Array;
  /**
   * Counts the lines (newline bytes) in a file, gunzipping it first when its
   * name ends in `.gz`. Optional: the disk-full cleanup uses it to report how
   * many lines each deleted archive held. Throws on a corrupt `.gz`.
   */
  countLines?(path: string): number;
}

/**
 * What {@linkcode Compressor.gzipFile} did.
 *
 * @example Usage
 * ```ts
 * import type { GzipResult } from "logrotor/compose";
 *
 * const result: GzipResult = { bytesIn: 1000, bytesOut: 150, ms: 2 };
 * result.bytesIn / result.bytesOut; // the compression ratio
 * ```
 */
export interface GzipResult {
  /** Bytes read from the source. */
  readonly bytesIn: number;
  /** Bytes of the finished `.gz` file. */
  readonly bytesOut: number;
  /** Wall time of the job in milliseconds (measured where it ran). */
  readonly ms: number;
}

/**
 * Compresses files off the calling thread: on Node and Bun through
 * `node:zlib` and `node:fs` callbacks (their thread pool), on Deno in a
 * worker (runtime-facts §7: `node:zlib` async blocks Deno's event loop and
 * `CompressionStream` starves timers on Bun and Deno).
 *
 * @example Usage
 * ```ts
 * import { getPlatform } from "logrotor/compose";
 *
 * const compressor = getPlatform().createCompressor();
 * await compressor.gzipFile("/tmp/app.1.log", "/tmp/app.1.log.gz");
 * compressor.dispose();
 * ```
 */
export interface Compressor {
  /**
   * Gzips `source` durably: writes `destination + ".tmp"`, fsyncs it,
   * renames it to `destination`, fsyncs the directory, then removes
   * `source`. On failure the `.tmp` file is removed, `source` is kept and
   * the promise rejects with an error carrying a string `code`.
   * `level` is the zlib level, 1 (fastest) to 9 (smallest); default 6.
   */
  gzipFile(
    source: string,
    destination: string,
    level?: number,
  ): Promise<GzipResult>;
  /** Starts the worker now (it costs the caller a few ms, up to ~40 on Deno). */
  warmUp(): void;
  /** Stops the worker; jobs still running are abandoned (they reject). */
  dispose(): void;
}

/**
 * Why an exit hook runs: `"exit"` when the process is ending (write out and
 * close); `"flush"` when a signal arrived that the application handles
 * itself (write out, stay open: its shutdown may log more).
 */
export type ExitMode = "exit" | "flush";

/** A function that runs synchronously while the process is going down. */
export type ExitHook = (mode: ExitMode) => void;

/** A timer that never keeps the process alive. */
export interface UnrefTimer {
  /** Stops the timer. */
  cancel(): void;
}

/**
 * The names of the runtimes logrotor supports.
 *
 * @example Usage
 * ```ts
 * import type { RuntimeName } from "logrotor/compose";
 * import { detectRuntime } from "logrotor/compose";
 *
 * const runtime: RuntimeName = detectRuntime();
 * const runScript = { deno: "deno run -A", bun: "bun", node: "node" }[runtime];
 * ```
 */
export type RuntimeName = "deno" | "bun" | "node";

/**
 * Everything logrotor needs from the process it runs in.
 *
 * @example Usage
 * ```ts
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const remove = platform.onExit(() => {
 *   // flush synchronously here
 * });
 * remove();
 * ```
 */
export interface Platform {
  /** Which runtime this is. */
  readonly runtime: RuntimeName;
  /** The file driver (node:fs based on every runtime). */
  readonly fs: FileDriver;
  /**
   * Registers a hook that runs synchronously before the process ends: on
   * natural end, on `exit()`, on SIGTERM/SIGINT/SIGHUP and on an uncaught
   * exception or unhandled rejection. Returns a function that removes it.
   */
  onExit(hook: ExitHook): () => void;
  /** Calls `fn` every `ms` milliseconds without keeping the process alive. */
  every(ms: number, fn: () => void): UnrefTimer;
  /** Calls `fn` once after `ms` milliseconds without keeping the process alive. */
  after(ms: number, fn: () => void): UnrefTimer;
  /** Blocks the calling thread for `ms` milliseconds (the "block" policy). */
  sleepSync(ms: number): void;
  /** Wall-clock time in milliseconds since the epoch. */
  now(): number;
  /** A monotonic clock in milliseconds, for durations. */
  monotonic(): number;
  /** Writes to standard output synchronously; returns false on failure. */
  writeStdout(bytes: Uint8Array): boolean;
  /** Writes to standard error synchronously; returns false on failure. */
  writeStderr(bytes: Uint8Array): boolean;
  /** The process id. */
  readonly pid: number;
  /** The host name (lock files record it: a pid means nothing elsewhere). */
  hostname(): string;
  /**
   * Whether a process with this id runs on this machine (`kill(pid, 0)`:
   * `ESRCH` means gone, `EPERM` means alive but not ours; a zombie, state
   * `Z` or `X` in `/proc/<pid>/stat`, is gone); `undefined` when it cannot
   * be told.
   */
  processAlive(pid: number): boolean | undefined;
  /**
   * A string naming one incarnation of a process, so a recycled pid is not
   * mistaken for the original (on Linux its start time in clock ticks from
   * `/proc/<pid>/stat`); `""` where the system has no such fact, `undefined`
   * when no process has this id (or only a zombie has).
   */
  processStartId(pid: number): string | undefined;
  /** The command-line arguments after the script name. */
  args(): string[];
  /** Reads an environment variable. */
  env(name: string): string | undefined;
  /** The current working directory. */
  cwd(): string;
  /** Ends the process with `code` (exit hooks run first). */
  exit(code: number): never;
  /** Sets the exit code used when the process ends naturally. */
  setExitCode(code: number): void;
  /**
   * Runs `fn` on SIGHUP instead of ending the process (used by the CLI to
   * reopen its files). Returns a function that removes it.
   */
  onHangup(fn: () => void): () => void;
  /** Standard input as a byte stream. */
  stdin(): ReadableStream<Uint8Array>;
  /** A new {@linkcode Compressor} (on Deno one worker, started lazily). */
  createCompressor(): Compressor;
}
