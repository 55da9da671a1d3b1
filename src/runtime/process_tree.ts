/**
 * The process tree below a process (Linux `/proc`), for a supervisor that
 * must kill what its child started too.
 *
 * @module
 */
import * as fs from "node:fs";
import process from "node:process";

/**
 * The processes below `root` in the process tree (Linux `/proc`; empty
 * where there is no `/proc`), parents before their children.
 *
 * @param root A process id.
 * @returns The ids of its children, grandchildren, and so on.
 *
 * @example Usage
 * ```ts
 * import { descendants } from "./process_tree.ts";
 *
 * descendants(1).length > 0; // true on Linux: init started everything
 * ```
 */
export function descendants(root: number): number[] {
  const parents = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Field 4 (ppid) follows the state after the ")" ending the name.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const siblings = parents.get(ppid);
      if (siblings === undefined) parents.set(ppid, [pid]);
      else siblings.push(pid);
    } catch {
      // ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const pid of parents.get(queue.shift() as number) ?? []) {
      found.push(pid);
      queue.push(pid);
    }
  }
  return found;
}

/**
 * Sends `signal` to each of `pids`, skipping those already gone.
 *
 * @param pids Process ids.
 * @param signal The signal (`"SIGKILL"`).
 *
 * @example Usage
 * ```ts
 * import { descendants, signalAll } from "./process_tree.ts";
 *
 * // what `kill -KILL` of a whole tree would do, except the root itself
 * const tree = descendants(12345);
 * signalAll(tree, "SIGKILL");
 * ```
 */
export function signalAll(pids: readonly number[], signal: string): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
