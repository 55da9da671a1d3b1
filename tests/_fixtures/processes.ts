// Helpers for tests that run several runtimes side by side (private: `_`).
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { detectRuntime } from "../../src/runtime/detect.ts";
import { repoRoot } from "./fixtures.ts";

export type RuntimeName = "node" | "deno" | "bun";

/** The command that runs `script` on `runtime` (from the repo's node_modules). */
export function runtimeCommand(
  runtime: RuntimeName,
  script: string,
): [string, string[]] {
  if (runtime === "deno") {
    // The real binary, not node_modules/.bin/deno (a Node wrapper that
    // would take a SIGKILL meant for Deno).
    return [denoBinary(), ["run", "-A", "--no-check", script]];
  }
  if (runtime === "bun") {
    return [path.join(repoRoot, "node_modules", ".bin", "bun"), [script]];
  }
  // Node runs tsx from the repo; on Node itself use the running binary.
  const node = detectRuntime() === "node" ? process.execPath : "node";
  return [node, ["--import", "tsx", script]];
}

function denoBinary(): string {
  if (detectRuntime() === "deno") return process.execPath;
  return path.join(repoRoot, "node_modules", "deno", "deno");
}

/** Why a runtime cannot be spawned here, or `undefined` when it can. */
export function missingRuntime(runtime: RuntimeName): string | undefined {
  if (runtime === "node") return undefined;
  const bin = runtime === "deno"
    ? denoBinary()
    : path.join(repoRoot, "node_modules", ".bin", runtime);
  return fs.existsSync(bin) ? undefined : `${bin} is not installed`;
}

/** A long-running child whose stdout is watched. */
export interface Running {
  readonly child: ChildProcess;
  /** Resolves with stdout once `text` appeared in it. */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  /** Resolves when the child has exited. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  stdout(): string;
  stderr(): string;
}

/** Starts `script` on `runtime` with `args`. */
export function start(
  runtime: RuntimeName,
  script: string,
  args: string[],
): Running {
  const [command, base] = runtimeCommand(runtime, script);
  const child = spawn(command, [...base, ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters: Array<() => void> = [];
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stdout?.on("data", (d: string) => {
    out += d;
    for (const w of waiters.splice(0)) w();
  });
  child.stderr?.on("data", (d: string) => err += d);
  const exited = new Promise<{ code: number | null; signal: string | null }>(
    (resolve) => {
      child.on("close", (code, signal) => {
        for (const w of waiters.splice(0)) w();
        resolve({ code, signal });
      });
    },
  );
  let done = false;
  exited.then(() => done = true);
  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    waitFor(text, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`timed out waiting for ${text}: ${out}\n${err}`));
        }, timeoutMs);
        const check = () => {
          if (out.includes(text)) {
            clearTimeout(timer);
            resolve(out);
          } else if (done) {
            clearTimeout(timer);
            reject(new Error(`child ended before ${text}: ${out}\n${err}`));
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

/** A line of the shared-writer children: `w<writer> <sequence> yyy…`. */
const writerLine = /^w(\d) (\d+) y{80}$/;

/**
 * Asserts that every line is whole and that each of `writers` writers'
 * `count` lines appears exactly once, in that writer's own order.
 */
export function assertEachWriterOnceInOrder(
  lines: Iterable<string>,
  writers: number,
  count: number,
): void {
  const next = new Array<number>(writers).fill(0);
  let total = 0;
  for (const line of lines) {
    const m = writerLine.exec(line);
    assert.ok(m, `a whole line: ${JSON.stringify(line.slice(0, 120))}`);
    const id = Number(m[1]);
    assert.equal(Number(m[2]), next[id], `writer ${id} in order`);
    next[id]! += 1;
    total++;
  }
  assert.deepEqual(next, new Array<number>(writers).fill(count));
  assert.equal(total, writers * count);
}
