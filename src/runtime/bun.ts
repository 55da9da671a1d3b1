/**
 * The Bun {@linkcode Platform}.
 *
 * @module
 */
import type { Platform } from "./driver.ts";
import { createProcessPlatform } from "./process_platform.ts";

interface BunGlobal {
  stdin: { stream(): ReadableStream<Uint8Array> };
}

/**
 * Creates the platform for Bun.
 *
 * @returns The Bun platform.
 *
 * @example Usage
 * ```ts
 * import { createBunPlatform } from "./bun.ts";
 *
 * const platform = createBunPlatform();
 * platform.runtime;
 * ```
 */
export function createBunPlatform(): Platform {
  const bun = (globalThis as unknown as { Bun: BunGlobal }).Bun;
  return createProcessPlatform({
    runtime: "bun",
    unref: (timer) => (timer as { unref(): void }).unref(),
    stdin: () => bun.stdin.stream(),
  });
}
