/**
 * The start-up check of `logrotor write`'s destination: a directory that
 * cannot be used at all (missing with `--no-mkdir`, a file in the way
 * (ENOTDIR), not writable (EACCES, EROFS), or a permission Deno was not
 * given) is an error before any input is read, instead of lines that go to
 * the disk-full fallback or are dropped. A full disk is not an error here:
 * the documented fallback handles it.
 *
 * @module
 */
import { dirname } from "../file/_path.ts";
import { describeError, errorCode } from "../errors.ts";
import type { FileDriver } from "../runtime/driver.ts";

/** What {@linkcode checkDestination} needs to know. */
export interface DestinationOptions {
  /** Whether missing directories may be created (`--mkdir`, the default). */
  readonly mkdir: boolean;
  /**
   * Whether an existing file that cannot be opened may be replaced by a
   * numbered variant in the same directory (`--on-locked numbered`).
   */
  readonly variants: boolean;
  /** The process id, for the name of the probe file. */
  readonly pid: number;
}

/** Codes the disk-full handling owns: not a reason to refuse at start. */
const diskFullCodes = new Set(["ENOSPC", "EDQUOT"]);

/**
 * The Deno flag a permission error asks for, or `undefined` when `err` is
 * not one (Deno's `NotCapable`: "Requires write access to …").
 */
function denoPermissionFlags(err: unknown, dir: string): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const match = /Requires (\w+) access/.exec(err.message);
  if (err.name !== "NotCapable" && err.name !== "PermissionDenied" && !match) {
    return undefined;
  }
  const kinds = match?.[1] === "read" || match?.[1] === "write"
    ? [match[1]]
    : ["read", "write"];
  return kinds.map((kind) => `--allow-${kind}=${dir}`).join(" ");
}

function explain(err: unknown, dir: string): string {
  const flags = denoPermissionFlags(err, dir);
  if (flags !== undefined) {
    return `Deno has no permission for it: run deno with ${flags} (or -A)`;
  }
  return describeError(err);
}

/**
 * Checks that the log file's directory can be used, creating it when
 * `mkdir` allows (as the sink would on its first write). It never creates
 * the log file itself (the sink does, with its own mode): a new file's
 * directory is tested with a probe file that is removed at once.
 *
 * @param fs The file driver.
 * @param path The log file.
 * @param options `mkdir`, `variants`, `pid`.
 * @returns `undefined` when the destination is usable, otherwise a
 * one-line reason (without the command's prefix).
 *
 * @example Usage
 * ```ts
 * import { getPlatform } from "logrotor/compose";
 * import { checkDestination } from "./destination.ts";
 *
 * const platform = getPlatform();
 * const problem = checkDestination(platform.fs, "logs/app.log", {
 *   mkdir: true,
 *   variants: true,
 *   pid: platform.pid,
 * });
 * if (problem) console.error(problem);
 * ```
 */
export function checkDestination(
  fs: FileDriver,
  path: string,
  options: DestinationOptions,
): string | undefined {
  const dir = dirname(path);
  let step = `cannot use directory ${dir}`;
  try {
    const info = fs.stat(dir);
    if (info === undefined) {
      if (!options.mkdir) {
        return `cannot write to ${path}: directory ${dir} does not exist (--no-mkdir)`;
      }
      step = `cannot create directory ${dir}`;
      fs.mkdirp(dir);
    } else if (!info.isDirectory) {
      return `cannot write to ${path}: ${dir} is not a directory`;
    }
    step = `cannot write to ${path}`;
    const file = fs.stat(path);
    if (file?.isDirectory) return `${step}: it is a directory`;
    if (file !== undefined) {
      try {
        fs.close(fs.open(path, "append"));
        return undefined;
      } catch (err) {
        const code = errorCode(err);
        const denied = code === "EACCES" || code === "EPERM";
        // An unwritable file with a writable directory: numbered variants.
        if (!denied || !options.variants) throw err;
      }
    }
    step = `cannot create files in ${dir}`;
    const probe = `${path}.${options.pid}.probe`;
    try {
      fs.createExclusive(probe, new Uint8Array(0));
    } catch (err) {
      if (errorCode(err) !== "EEXIST") throw err;
      // Left by an earlier process with this pid that was killed just here.
    }
    fs.unlink(probe);
    return undefined;
  } catch (err) {
    if (diskFullCodes.has(errorCode(err))) return undefined;
    return `${step}: ${explain(err, dir)}`;
  }
}
