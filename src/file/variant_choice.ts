/**
 * Choosing the file to write: the primary, else — by `onLocked` — wait for
 * it with backoff, fail, or take the first usable numbered variant
 * (`app.001.log` … `app.999.log`). How one path is claimed (lock, open) is
 * the caller's; this module only decides which path to try, and when.
 *
 * @module
 */
import type { DiagnosticKind } from "../diagnostics.ts";
import type { Platform } from "../runtime/driver.ts";
import { TargetWriteError } from "../buffer/target.ts";
import type { PathProblem } from "./path_claim.ts";
import { variantPath } from "./variant_path.ts";
import type { OnLocked } from "../options/policies.ts";
export type { OnLocked };

/**
 * Error code thrown while the primary is locked (`onLocked: "wait"`).
 *
 * @example Usage
 * ```ts
 * import { lockedCode } from "logrotor/compose";
 *
 * lockedCode; // "ELOCKED"
 * ```
 */
export const lockedCode = "ELOCKED";
/**
 * Error code thrown when neither the file nor any variant can be used (the
 * sink then degrades, see `onDiskFull`).
 *
 * @example Usage
 * ```ts
 * import { noFileCode } from "logrotor/compose";
 *
 * noFileCode; // "ENOFILE"
 * ```
 */
export const noFileCode = "ENOFILE";

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * What {@linkcode VariantChooser} needs.
 *
 * @example Usage
 * ```ts
 * import type { VariantChoiceOptions } from "./variant_choice.ts";
 *
 * const options: VariantChoiceOptions = {
 *   onLocked: "numbered",
 *   maxVariants: 9,
 *   waitMaxDelayMs: 2000,
 *   report: (kind, message) => console.error(`${kind}: ${message}`),
 * };
 * ```
 */
export interface VariantChoiceOptions {
  /** See {@linkcode OnLocked}. */
  readonly onLocked: OnLocked;
  /** Highest variant number tried (1–999). */
  readonly maxVariants: number;
  /** `"wait"`: longest pause between two tries of the primary (ms). */
  readonly waitMaxDelayMs: number;
  /** Receives events (switches, waiting, the primary free again). */
  readonly report: (kind: DiagnosticKind, message: string) => void;
}

/**
 * Decides which path to claim: the primary, or by policy a numbered
 * variant; keeps the backoff of `onLocked: "wait"` between calls.
 *
 * @example Usage
 * ```ts
 * import { VariantChooser } from "./variant_choice.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const chooser = new VariantChooser("/var/log/app.log", getPlatform(), {
 *   onLocked: "numbered",
 *   maxVariants: 3,
 *   waitMaxDelayMs: 2000,
 *   report: () => {},
 * });
 * const tried: string[] = [];
 * chooser.choose((path) => {
 *   tried.push(path);
 *   return path.endsWith("app.log")
 *     ? { reason: "locked", final: false, directory: false, error: undefined }
 *     : undefined;
 * });
 * tried; // ["/var/log/app.log", "/var/log/app.001.log"]
 * ```
 */
export class VariantChooser {
  readonly #primary: string;
  readonly #platform: Platform;
  readonly #options: VariantChoiceOptions;
  #waitDelay = 0;
  #nextTry = 0;
  #reportedWait = false;

  /**
   * @param primary The configured file.
   * @param platform The monotonic clock (backoff).
   * @param options See {@linkcode VariantChoiceOptions}.
   */
  constructor(
    primary: string,
    platform: Platform,
    options: VariantChoiceOptions,
  ) {
    this.#primary = primary;
    this.#platform = platform;
    this.#options = options;
  }

  /**
   * Claims the primary, or by policy the first variant `claim` accepts.
   *
   * @param claim Tries one path: `undefined` when it is now in use, else
   *   why not.
   * @throws {TargetWriteError} with {@linkcode lockedCode} while waiting for
   *   the primary, {@linkcode noFileCode} when no file can be used, or the
   *   error of a failure that no other path escapes (`ENOSPC`…).
   */
  choose(claim: (path: string) => PathProblem | undefined): void {
    const options = this.#options;
    const now = this.#platform.monotonic();
    if (options.onLocked === "wait" && now < this.#nextTry) {
      throw new TargetWriteError(
        codedError(lockedCode, `${this.#primary} is still unavailable`),
        0,
      );
    }
    const primaryProblem = claim(this.#primary);
    if (primaryProblem === undefined) {
      if (this.#reportedWait) {
        options.report(
          "recovered",
          `${this.#primary} is free again; writing to it`,
        );
      }
      this.#waitDelay = 0;
      this.#reportedWait = false;
      return;
    }
    if (primaryProblem.final) throw primaryProblem.error;
    if (options.onLocked === "wait") {
      this.#waitDelay = Math.min(
        this.#waitDelay === 0 ? 50 : this.#waitDelay * 2,
        options.waitMaxDelayMs,
      );
      this.#nextTry = now + this.#waitDelay;
      if (!this.#reportedWait) {
        this.#reportedWait = true;
        options.report(
          "error",
          `${primaryProblem.reason}; waiting for it (onLocked "wait")`,
        );
      }
      throw new TargetWriteError(
        codedError(lockedCode, primaryProblem.reason),
        0,
      );
    }
    if (options.onLocked === "fail") {
      throw new TargetWriteError(
        codedError(noFileCode, `${primaryProblem.reason} (onLocked "fail")`),
        0,
      );
    }
    let last = primaryProblem;
    for (let n = 1; n <= options.maxVariants; n++) {
      const path = variantPath(this.#primary, n);
      const problem = claim(path);
      if (problem === undefined) {
        options.report(
          "switched",
          `${primaryProblem.reason}; writing to ${path} instead`,
        );
        return;
      }
      if (problem.final) throw problem.error;
      last = problem;
      // The directory itself refuses new files: no other variant will do.
      if (problem.directory) break;
    }
    throw new TargetWriteError(
      codedError(
        noFileCode,
        `no usable file: ${primaryProblem.reason}, and no variant up to ${
          variantPath(this.#primary, options.maxVariants)
        } worked (last: ${last.reason})`,
      ),
      0,
    );
  }
}
