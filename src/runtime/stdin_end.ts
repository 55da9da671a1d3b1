/**
 * Blocking until standard input ends, for a child whose parent holds the
 * other end of its stdin pipe (`spawnProcess(…, { stdin: "piped" })`): when
 * the parent dies, even by SIGKILL, the kernel closes its end and the read
 * returns end-of-file at once. No timer, no polling of the parent's pid.
 *
 * @module
 */
import * as fs from "node:fs";

const retryCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Blocks the calling thread until standard input reaches end-of-file (or
 * cannot be read: closed, not open). Whatever arrives before is discarded.
 * On a non-blocking descriptor it waits 10 ms between reads.
 *
 * @example Usage
 * ```ts
 * import { waitForStdinEndSync } from "./stdin_end.ts";
 *
 * // in a child started with stdin: "piped": returns once the parent is gone
 * waitForStdinEndSync();
 * ```
 */
export function waitForStdinEndSync(): void {
  const buffer = new Uint8Array(256);
  while (true) {
    let n: number;
    try {
      n = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "EINTR") continue;
      if (code === "EAGAIN" || code === "EWOULDBLOCK") {
        Atomics.wait(retryCell, 0, 0, 10);
        continue;
      }
      return;
    }
    if (n === 0) return;
  }
}
