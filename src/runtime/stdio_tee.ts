/**
 * Patches the running process's own standard output and error so that
 * every write is also handed to a listener (the stdio tee), on Deno, Bun
 * and Node:
 *
 * - `process.stdout.write` / `process.stderr.write` (all three runtimes;
 *   on Node the global `console` writes through them);
 * - the global `console` methods on Deno and Bun, whose consoles write to
 *   the file descriptors natively: each call is formatted a second time by
 *   a `node:console` `Console` (colors off) whose streams feed the listener,
 *   then, when echoing, passed to the original method unchanged;
 * - `Deno.stdout` / `Deno.stderr` `writeSync` and `write` (Deno).
 *
 * A write made while another patched call is running (Deno's
 * `process.stdout.write` calls `Deno.stdout.writeSync`; Node's
 * `console.log` calls `process.stdout.write`) passes straight through, so
 * each write is seen once. Code run through {@linkcode withoutStdioTee}
 * (logrotor's own diagnostics) also passes straight through. Direct file
 * descriptor writes (`fs.writeSync(1, …)`, which logrotor itself uses) are
 * never patched.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { Console } from "node:console";
import process from "node:process";
import { Writable } from "node:stream";
import { detectRuntime } from "./detect.ts";

/**
 * One of the process's two output streams.
 *
 * @example Usage
 * ```ts
 * import type { StdioStreamName } from "logrotor/compose";
 *
 * const name: StdioStreamName = "stderr";
 * ```
 */
export type StdioStreamName = "stdout" | "stderr";

/** Receives every captured write; must not throw (a throw is ignored). */
export type StdioWriteListener = (
  stream: StdioStreamName,
  chunk: string | Uint8Array,
) => void;

/** What {@linkcode patchStdio} does with each write. */
export interface StdioPatchOptions {
  /** Receives every write. */
  readonly onWrite: StdioWriteListener;
  /** Whether writes still reach the real stream. */
  readonly echo: boolean;
}

/** > 0 while a patched call (or an unpatched section) is running. */
let depth = 0;

/**
 * Runs `fn` with the stdio patches bypassed: whatever it prints goes to
 * the original streams only.
 *
 * @param fn The code to run.
 * @returns What `fn` returns.
 *
 * @example Usage
 * ```ts
 * import { withoutStdioTee } from "./stdio_tee.ts";
 *
 * withoutStdioTee(() => console.error("not in the tee's files"));
 * ```
 */
export function withoutStdioTee<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/** The console methods that print (to stdout or stderr). */
const consoleMethods = [
  "log",
  "info",
  "debug",
  "dir",
  "dirxml",
  "table",
  "count",
  "countReset",
  "group",
  "groupCollapsed",
  "groupEnd",
  "time",
  "timeLog",
  "timeEnd",
  "warn",
  "error",
  "trace",
  "assert",
];

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `object[key]`; the returned function puts back the original. */
function replace(
  object: Record<string, unknown>,
  key: string,
  make: (original: AnyFunction) => AnyFunction,
): () => void {
  const hadOwn = Object.hasOwn(object, key);
  const original = object[key] as AnyFunction;
  const patched = make(original);
  object[key] = patched;
  return () => {
    // Someone patched over us: leave theirs; ours is inert once inactive.
    if (object[key] !== patched) return;
    if (hadOwn) object[key] = original;
    else delete object[key];
  };
}

const callbackAfter = (args: unknown[]) => {
  const callback = args.findLast((a) => typeof a === "function");
  if (callback !== undefined) {
    process.nextTick(callback as (err: null) => void, null);
  }
};

/**
 * Starts teeing the process's stdout and stderr.
 *
 * @param options The listener, and whether writes still reach the terminal.
 * @returns A function that stops teeing and restores the streams.
 *
 * @example Usage
 * ```ts
 * import { patchStdio } from "./stdio_tee.ts";
 *
 * const seen: string[] = [];
 * const restore = patchStdio({
 *   echo: false,
 *   onWrite: (stream, chunk) => void seen.push(`${stream}:${chunk}`),
 * });
 * try {
 *   console.log("hello");
 * } finally {
 *   restore();
 * }
 * ```
 */
export function patchStdio(options: StdioPatchOptions): () => void {
  const { onWrite, echo } = options;
  let active = true;
  const capture = (stream: StdioStreamName, chunk: string | Uint8Array) => {
    try {
      onWrite(stream, chunk);
    } catch {
      // the tee must never break the program's own output
    }
  };
  const restores: (() => void)[] = [];

  for (const name of ["stdout", "stderr"] as const) {
    restores.push(replace(
      process[name] as unknown as Record<string, unknown>,
      "write",
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          if (!active || depth > 0) return original.apply(this, args);
          depth++;
          try {
            const [chunk, encoding] = args;
            capture(name, toChunk(chunk, encoding));
            if (echo) return original.apply(this, args);
            callbackAfter(args);
            return true;
          } finally {
            depth--;
          }
        },
    ));
  }

  const runtime = detectRuntime();
  if (runtime !== "node") {
    const formatter = new Console({
      stdout: captureWritable("stdout", capture),
      stderr: captureWritable("stderr", capture),
      colorMode: false,
    }) as unknown as Record<string, AnyFunction>;
    const target = console as unknown as Record<string, unknown>;
    for (const method of consoleMethods) {
      if (typeof target[method] !== "function") continue;
      const format = formatter[method];
      if (typeof format !== "function") continue;
      restores.push(
        replace(
          target,
          method,
          (original) =>
            function (this: unknown, ...args: unknown[]) {
              if (!active || depth > 0) {
                return original.apply(this, args);
              }
              depth++;
              try {
                try {
                  format.apply(formatter, args);
                } catch {
                  // formatting for the file failed: the terminal still gets it
                }
                if (echo) {
                  return original.apply(this, args);
                }
                return undefined;
              } finally {
                depth--;
              }
            },
        ),
      );
    }
  }

  if (runtime === "deno") {
    const deno = (globalThis as unknown as {
      Deno: Record<StdioStreamName, Record<string, unknown>>;
    }).Deno;
    for (const name of ["stdout", "stderr"] as const) {
      const file = deno[name];
      // writeSync returns the byte count, write a promise of it.
      for (
        const [method, silent] of [
          ["writeSync", (n: number) => n],
          ["write", (n: number) => Promise.resolve(n)],
        ] as const
      ) {
        restores.push(
          replace(
            file,
            method,
            (original) =>
              function (this: unknown, ...args: unknown[]) {
                if (!active || depth > 0) {
                  return original.apply(this, args);
                }
                depth++;
                try {
                  const bytes = args[0] as Uint8Array;
                  capture(name, bytes);
                  return echo
                    ? original.apply(this, args)
                    : silent(bytes.length);
                } finally {
                  depth--;
                }
              },
          ),
        );
      }
    }
  }

  return () => {
    if (!active) return;
    active = false;
    for (const restore of restores.reverse()) restore();
  };
}

/** A chunk as `process.stdout.write` received it, as text or bytes. */
function toChunk(chunk: unknown, encoding: unknown): string | Uint8Array {
  if (typeof chunk === "string") {
    if (
      typeof encoding !== "string" || encoding === "utf8" ||
      encoding === "utf-8"
    ) return chunk;
    return Buffer.from(chunk, encoding as BufferEncoding);
  }
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  return String(chunk);
}

/** A synchronous writable that hands every chunk to `capture`. */
function captureWritable(
  stream: StdioStreamName,
  capture: (stream: StdioStreamName, chunk: string | Uint8Array) => void,
): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Uint8Array, _encoding, callback) {
      capture(stream, chunk);
      callback();
    },
  });
}
