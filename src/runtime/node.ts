/**
 * The Node.js {@linkcode Platform}.
 *
 * @module
 */
import type { Platform } from "./driver.ts";
import { createProcessPlatform, nodeStdin } from "./process_platform.ts";

/**
 * Creates the platform for Node.js.
 *
 * @returns The Node platform.
 *
 * @example Usage
 * ```ts
 * import { createNodePlatform } from "./node.ts";
 *
 * const platform = createNodePlatform();
 * platform.runtime;
 * ```
 */
export function createNodePlatform(): Platform {
  return createProcessPlatform({
    runtime: "node",
    unref: (timer) => (timer as { unref(): void }).unref(),
    stdin: nodeStdin,
  });
}
