/**
 * The error of a child process that could not start.
 *
 * @module
 */
import { permissionFlag, permissionNeedOf } from "./deno_permissions.ts";

/**
 * A failure to start a child process, with the OS error code.
 *
 * @example Usage
 * ```ts
 * import { SpawnError } from "logrotor/compose";
 *
 * function explain(err: unknown): string {
 *   if (err instanceof SpawnError && err.code === "ENOENT") {
 *     return "the command was not found";
 *   }
 *   return String(err);
 * }
 * ```
 */
export class SpawnError extends Error {
  /** `ENOENT` when the command does not exist, `EACCES`, … */
  readonly code: string;

  /**
   * @param command The command that could not start.
   * @param cause The underlying error.
   */
  constructor(command: string, cause: unknown) {
    const need = permissionNeedOf(cause);
    const code = need !== undefined
      ? "EPERM"
      : (cause as { code?: string })?.code ?? "UNKNOWN";
    super(
      need !== undefined
        ? `Cannot start ${JSON.stringify(command)} as Deno needs ${
          permissionFlag(
            need.value === "" && need.kind === "run"
              ? { ...need, value: command }
              : need,
          )
        } (run deno with it, or -A)`
        : `Cannot start ${JSON.stringify(command)} as spawning failed: ${code}`,
      { cause },
    );
    this.name = "SpawnError";
    this.code = code;
  }
}
