/**
 * Deno permissions for the CLI's subcommands: before doing anything, a
 * command lists what it needs (`--allow-write` for its log directory,
 * `--allow-run` for the command `run` starts, …); when Deno lacks some of
 * it, the command prints one line naming the exact flags and exits 1.
 *
 * @module
 */
import { dirname } from "../file/_path.ts";
import {
  missingPermissions,
  permissionFlags,
  type PermissionNeed,
} from "../runtime/deno_permissions.ts";
import { printError } from "./output.ts";

/**
 * What a sink writing `path` needs: read and write access to its
 * directory and the host name for its lock file (see
 * sinks/_file_permissions.ts).
 *
 * @param path The log file.
 * @returns The needs.
 */
export function logFileNeeds(path: string): PermissionNeed[] {
  const dir = dirname(path);
  return [
    { kind: "read", value: dir },
    { kind: "write", value: dir },
    { kind: "sys", value: "hostname" },
  ];
}

/**
 * Prints `logrotor COMMAND: Deno has no permission for it: run deno with
 * FLAGS (or -A)` when Deno lacks some of `needs`.
 *
 * @param command The subcommand.
 * @param needs What it needs.
 * @returns Whether something is missing (the command should exit 1).
 *
 * @example Usage
 * ```ts
 * import { refuseWithoutPermissions } from "./permissions.ts";
 *
 * if (refuseWithoutPermissions("demo", [{ kind: "run", value: "deno" }])) {
 *   // exit 1
 * }
 * ```
 */
export function refuseWithoutPermissions(
  command: string,
  needs: readonly PermissionNeed[],
): boolean {
  const missing = missingPermissions(needs);
  if (missing.length === 0) return false;
  printError(
    `logrotor ${command}: Deno has no permission for it: run deno with ${
      permissionFlags(missing)
    } (or -A)\n`,
  );
  return true;
}
