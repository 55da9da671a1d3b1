/**
 * What Deno must grant a file sink: read and write access to the log's
 * directory (a rotating sink scans it for archives; the lock file is read
 * back before it is removed) and `sys=hostname` for the lock file, which
 * records the host (a pid means nothing on another machine). Nothing when
 * the sink uses its own file driver (a memory driver in tests). Taking over
 * a lock left by a killed process also takes `--allow-run` (Deno's
 * `kill(pid, 0)`); without it the sink writes to a numbered variant.
 *
 * @module
 */
import { dirname } from "../file/_path.ts";
import type { PermissionNeed } from "../runtime/deno_permissions.ts";

/**
 * The permissions a file sink on `path` needs.
 *
 * @param path The log file.
 * @param options `read`: the sink reads its directory; `lock`: it takes the
 *   lock file (not shared); `ownDriver`: a custom file driver (no needs).
 * @returns The needs.
 */
export function filePermissionNeeds(
  path: string,
  options: { read: boolean; lock: boolean; ownDriver: boolean },
): PermissionNeed[] {
  if (options.ownDriver) return [];
  const dir = dirname(path);
  return [
    ...(options.read ? [{ kind: "read" as const, value: dir }] : []),
    { kind: "write", value: dir },
    ...(options.lock ? [{ kind: "sys" as const, value: "hostname" }] : []),
  ];
}
