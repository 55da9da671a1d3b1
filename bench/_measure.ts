/**
 * Small measuring helpers shared by the benchmarks: runtime name and version,
 * peak RSS from /proc, percentiles, the event-loop stall probe, the clock's
 * own cost, and command-line flags.
 *
 * @module
 */
import * as fs from "node:fs";
import process from "node:process";
import { setImmediate } from "node:timers";

/** Which runtime runs this process. */
export function runtimeName(): "deno" | "bun" | "node" {
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  if (g.Deno !== undefined) return "deno";
  if (g.Bun !== undefined) return "bun";
  return "node";
}

/** The runtime's version string. */
export function runtimeVersion(): string {
  const v = process.versions as Record<string, string | undefined>;
  const name = runtimeName();
  if (name === "deno") return v.deno ?? "?";
  if (name === "bun") return v.bun ?? "?";
  return v.node ?? "?";
}

/** A field of /proc/self/status in MiB (VmHWM = peak RSS, VmRSS = now). */
export function procMiB(field: "VmHWM" | "VmRSS"): number {
  try {
    const status = fs.readFileSync("/proc/self/status", "latin1");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The q-quantile (0..1) of an ascending-sorted array. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, at)] as number;
}

/** Median cost in µs of an empty `performance.now()` pair (the timing floor). */
export function clockFloorMicros(): number {
  const n = 100_000;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    d[i] = performance.now() - t0;
  }
  d.sort();
  return quantile(d, 0.5) * 1000;
}

/** Resolves on the next turn of the event loop (after I/O and timers). */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Records the largest gap between ticks of a 1 ms interval timer: the longest
 * the event loop was blocked (plus the 1 ms period itself).
 */
export class StallProbe {
  #last = performance.now();
  #max = 0;
  #timer: ReturnType<typeof setInterval>;

  constructor() {
    this.#timer = setInterval(() => this.#tick(), 1);
  }

  #tick(): void {
    const now = performance.now();
    if (now - this.#last > this.#max) this.#max = now - this.#last;
    this.#last = now;
  }

  /** Stops the timer; returns the largest gap in ms (the final one included). */
  stop(): number {
    this.#tick();
    clearInterval(this.#timer);
    return this.#max;
  }
}

/** `--name value` flags into a map. */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) {
      flags.set(arg.slice(2), "true");
    } else {
      flags.set(arg.slice(2), next);
      i++;
    }
  }
  return flags;
}

/** Deletes a file or directory tree, ignoring "not there". */
export function removePath(path: string): void {
  fs.rmSync(path, { recursive: true, force: true });
}
