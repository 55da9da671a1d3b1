/**
 * Tying a child's life to this process (`dieWithParent`): on Linux the
 * child is started through `setpriv --pdeathsig KILL` (util-linux), which
 * sets `PR_SET_PDEATHSIG` and then execs the command (same pid), so the
 * child is killed when this process dies, even by SIGKILL.
 *
 * @module
 */
import * as fs from "node:fs";
import process from "node:process";
import { isPermissionError, missingPermissions } from "./deno_permissions.ts";
import { SpawnError } from "./spawn_error.ts";

const setprivCandidates = [
  "/usr/bin/setpriv",
  "/bin/setpriv",
  "/usr/sbin/setpriv",
  "/sbin/setpriv",
];
let setprivPath: string | null | undefined;

function findSetpriv(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  if (process.platform !== "linux") return setprivPath;
  const dirs = (process.env["PATH"] ?? "").split(":").filter(Boolean);
  for (
    const candidate of [
      ...dirs.map((d) => `${d}/setpriv`),
      ...setprivCandidates,
    ]
  ) {
    if (executable(candidate)) return setprivPath = candidate;
  }
  return setprivPath;
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether the `dieWithParent` option of `spawnProcess` works here: `"pdeathsig"`
 * on Linux with `setpriv`, `"none"` elsewhere (the child can outlive a
 * parent killed by SIGKILL).
 *
 * @returns How a child is tied to this process's life.
 *
 * @example Usage
 * ```ts
 * import { dieWithParentSupport } from "./die_with_parent.ts";
 *
 * if (dieWithParentSupport() === "none") {
 *   console.error("a child may outlive this process if it is killed");
 * }
 * ```
 */
export function dieWithParentSupport(): "pdeathsig" | "none" {
  return findSetpriv() === null ? "none" : "pdeathsig";
}

/** What resolving a command looks at: the child's cwd and PATH. */
interface CommandContext {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
}

/**
 * Resolves `command` the way `execvp` would, so that a missing command is
 * still reported as ENOENT when it is started through a wrapper.
 */
function resolveCommand(
  command: string,
  options: CommandContext,
): string {
  const fail = (code: string) =>
    new SpawnError(
      command,
      Object.assign(new Error(`${code}: ${command}`), { code }),
    );
  if (command.includes("/")) {
    const full = command.startsWith("/") || options.cwd === undefined
      ? command
      : `${options.cwd}/${command}`;
    if (!fs.existsSync(full)) throw fail("ENOENT");
    if (!executable(full)) throw fail("EACCES");
    return full;
  }
  const searchPath = options.env?.["PATH"] ?? process.env["PATH"] ?? "";
  let denied = false;
  for (const dir of searchPath.split(":")) {
    // A relative PATH entry is relative to the child's working directory.
    const entry = `${dir === "" ? "." : dir}/${command}`;
    const full = entry.startsWith("/") || options.cwd === undefined
      ? entry
      : `${options.cwd}/${entry}`;
    if (executable(full)) return full;
    if (fs.existsSync(full)) denied = true;
  }
  throw fail(denied ? "EACCES" : "ENOENT");
}

/**
 * The command line that starts `command` so that it dies with this
 * process: `setpriv --pdeathsig KILL -- <resolved command> <args>`, or
 * `undefined` where that cannot work (see {@linkcode dieWithParentSupport});
 * the command is then started as it is.
 *
 * @param command The program (looked up in the child's `PATH`).
 * @param args Its arguments.
 * @param options The child's working directory and environment.
 * @returns The wrapped command and arguments, or `undefined`.
 * @throws {SpawnError} When the command does not exist (`ENOENT`) or is not
 *   executable (`EACCES`), as a direct start would report it.
 *
 * @example Usage
 * ```ts
 * import { dieWithParentCommand } from "./die_with_parent.ts";
 *
 * const wrapped = dieWithParentCommand("sh", ["-c", "echo hi"], {});
 * // { command: "/usr/bin/setpriv", args: ["--pdeathsig", "KILL", "--", "/usr/bin/sh", "-c", "echo hi"] }
 * ```
 */
export function dieWithParentCommand(
  command: string,
  args: string[],
  options: CommandContext,
): { command: string; args: string[] } | undefined {
  let setpriv: string | null;
  let resolved: string;
  try {
    setpriv = findSetpriv();
    if (setpriv === null) return undefined;
    // Deno allowed to run the command but not setpriv: start it directly.
    if (missingPermissions([{ kind: "run", value: setpriv }]).length > 0) {
      return undefined;
    }
    resolved = resolveCommand(command, options);
  } catch (err) {
    // Deno without --allow-env=PATH or read access to the PATH: start the
    // command directly (Deno looks it up itself; --allow-run decides).
    if (isPermissionError(err)) return undefined;
    throw err;
  }
  return {
    command: setpriv,
    args: ["--pdeathsig", "KILL", "--", resolved, ...args],
  };
}
