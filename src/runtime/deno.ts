/**
 * The Deno {@linkcode Platform}.
 *
 * @module
 */
import type { Platform } from "./driver.ts";
import { createProcessPlatform } from "./process_platform.ts";

interface DenoGlobal {
  unrefTimer(id: number): void;
  stdin: { readable: ReadableStream<Uint8Array> };
}

/**
 * Creates the platform for Deno.
 *
 * @returns The Deno platform.
 *
 * @example Usage
 * ```ts
 * import { createDenoPlatform } from "./deno.ts";
 *
 * const platform = createDenoPlatform();
 * platform.runtime;
 * ```
 */
export function createDenoPlatform(): Platform {
  const deno = (globalThis as unknown as { Deno: DenoGlobal }).Deno;
  return createProcessPlatform({
    runtime: "deno",
    unref: (timer) => deno.unrefTimer(timer as number),
    stdin: () => deno.stdin.readable,
  });
}
