// Shared helpers for the test suite (private: `_` prefix).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { detectRuntime } from "../../src/runtime/detect.ts";

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
);

/** A fresh temporary directory; remove it with `removeDir`. */
export function makeTempDir(prefix = "logrotor-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function readText(file: string): string {
  return fs.readFileSync(file, "utf8");
}

/** The command that runs a TypeScript file on the runtime running the tests. */
export function scriptCommand(script: string): [string, string[]] {
  const runtime = detectRuntime();
  if (runtime === "deno") return [process.execPath, ["run", "-A", script]];
  if (runtime === "bun") return [process.execPath, [script]];
  // An absolute loader URL, so the child may run in any directory.
  const tsx = pathToFileURL(
    path.join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs"),
  ).href;
  return [process.execPath, ["--import", tsx, script]];
}

export interface ChildResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  input?: string | Uint8Array;
  killOn?: { text: string; signal: NodeJS.Signals };
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Waits for a child and asserts it exited with status 0, showing its
 * output when it did not.
 */
export async function exitedZero(
  what: string,
  result: Promise<ChildResult>,
): Promise<ChildResult> {
  const done = await result;
  assert.equal(
    done.code,
    0,
    `${what} failed (exit ${done.code}):\n${done.stdout}\n${done.stderr}`,
  );
  return done;
}

/**
 * Runs a command to completion, optionally feeding stdin and sending a
 * signal once `killOn.text` shows on stdout. On Deno it uses `Deno.Command`:
 * Deno's node:child_process reports a child that handled a signal and
 * exited 143 as killed by that signal, hiding the real exit status.
 */
export function runChild(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<ChildResult> {
  if (detectRuntime() === "deno") return runDenoChild(command, args, options);
  return runNodeChild(command, args, options);
}

interface DenoChild {
  stdin: WritableStream<Uint8Array>;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
  status: Promise<{ code: number; signal: string | null }>;
  kill(signal: string): void;
}

async function runDenoChild(
  command: string,
  args: string[],
  options: RunOptions,
): Promise<ChildResult> {
  const deno = (globalThis as unknown as {
    Deno: {
      Command: new (cmd: string, opts: object) => { spawn(): DenoChild };
    };
  }).Deno;
  const child = new deno.Command(command, {
    args,
    cwd: options.cwd ?? repoRoot,
    env: { NO_COLOR: "1", ...options.env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(
    () => child.kill("SIGKILL"),
    options.timeoutMs ?? 60_000,
  );
  let stdout = "";
  let killed = false;
  // Read while writing stdin: a child that answers as it reads would
  // otherwise block on a full stdout pipe while we block on its stdin.
  const readOut = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      stdout += decoder.decode(chunk, { stream: true });
      if (options.killOn && !killed && stdout.includes(options.killOn.text)) {
        killed = true;
        child.kill(options.killOn.signal);
      }
    }
  })();
  const readErr = new Response(child.stderr).text();
  const writer = child.stdin.getWriter();
  if (options.input !== undefined) {
    await writer.write(
      typeof options.input === "string"
        ? new TextEncoder().encode(options.input)
        : options.input,
    ).catch(() => {});
  }
  await writer.close().catch(() => {});
  const stderr = await readErr;
  await readOut;
  const status = await child.status;
  clearTimeout(timer);
  return { code: status.code, signal: status.signal, stdout, stderr };
}

function runNodeChild(
  command: string,
  args: string[],
  options: RunOptions,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let killed = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`child timed out: ${command} ${args.join(" ")}\n${stderr}`),
      );
    }, options.timeoutMs ?? 60_000);
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      stdout += d;
      if (options.killOn && !killed && stdout.includes(options.killOn.text)) {
        killed = true;
        child.kill(options.killOn.signal);
      }
    });
    child.stderr.on("data", (d: string) => stderr += d);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Lines of a file, without the final empty string. */
export function fileLines(file: string): string[] {
  const text = readText(file);
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Numbered test lines: `line 000001 <pad>` of a fixed byte length (with newline). */
export function makeLine(i: number, bytes = 64): string {
  const head = `line ${String(i).padStart(7, "0")} `;
  return head + "x".repeat(Math.max(0, bytes - head.length - 1)) + "\n";
}
