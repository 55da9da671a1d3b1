/**
 * Picks the {@linkcode Platform} for the running runtime, once, lazily.
 *
 * @module
 */
import type { Platform, RuntimeName } from "./driver.ts";
import { createBunPlatform } from "./bun.ts";
import { createDenoPlatform } from "./deno.ts";
import { createNodePlatform } from "./node.ts";

let current: Platform | undefined;

/**
 * Names the running runtime: `navigator.userAgent` first (Deno, Bun, Node
 * 21+), then the `Deno` and `Bun` globals (Node 20 has no `navigator`).
 *
 * @returns `"deno"`, `"bun"` or `"node"`.
 *
 * @example Usage
 * ```ts
 * import { detectRuntime } from "logrotor/compose";
 *
 * const runtime = detectRuntime();
 * ```
 */
export function detectRuntime(): RuntimeName {
  const agent = (globalThis as { navigator?: { userAgent?: string } })
    .navigator?.userAgent ?? "";
  if (agent.startsWith("Deno/")) return "deno";
  if (agent.startsWith("Bun/")) return "bun";
  if (agent.startsWith("Node.js/")) return "node";
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  if (g.Deno !== undefined) return "deno";
  if (g.Bun !== undefined) return "bun";
  return "node";
}

/**
 * The platform of the running runtime.
 *
 * @returns The same {@linkcode Platform} object on every call.
 *
 * @example Usage
 * ```ts
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * platform.now();
 * ```
 */
export function getPlatform(): Platform {
  if (current === undefined) {
    const runtime = detectRuntime();
    current = runtime === "deno"
      ? createDenoPlatform()
      : runtime === "bun"
      ? createBunPlatform()
      : createNodePlatform();
  }
  return current;
}
