/**
 * The target chain of the file sinks, composed once at construction:
 * `ResilientTarget → VariantTarget → (a target per path)`. Each layer
 * wraps the next through the `Target` interface only.
 *
 * @module
 */
import type { DiagnosticKind } from "../diagnostics.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import type { ResolvedResilience } from "../options/resilience_options.ts";
import { ResilientTarget } from "../degraded/resilient_target.ts";
import type { OpenableTarget } from "../file/path_claim.ts";
import { VariantTarget } from "../file/variant_target.ts";

/**
 * What {@linkcode composeFileChain} needs besides the checked options.
 *
 * @example Usage
 * ```ts
 * import type { FileChainParts } from "./_file_chain.ts";
 * import { FileTarget } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const parts: FileChainParts = {
 *   path: "/tmp/logrotor-chain-doc/app.log",
 *   fs: platform.fs,
 *   platform,
 *   createTarget: (p) =>
 *     new FileTarget(platform.fs, p, { mode: "append", mkdir: true }),
 *   report: () => {},
 * };
 * ```
 */
export interface FileChainParts<Stats extends object = object> {
  /** The primary file. */
  readonly path: string;
  /** File operations. */
  readonly fs: FileDriver;
  /** Clocks, timers, process facts. */
  readonly platform: Platform;
  /** Builds the target for one path (the primary or a numbered variant). */
  readonly createTarget: (path: string) => OpenableTarget<Stats>;
  /** Receives the chain's events. */
  readonly report: (
    kind: DiagnosticKind,
    message: string,
    error?: unknown,
  ) => void;
  /**
   * When the user gave no emergency cleanup: delete the oldest archives of
   * the file in use (a rotating sink).
   * @default {false}
   */
  readonly cleanupArchives?: boolean;
  /**
   * Whether the variant target checks in shared mode, on every write,
   * that the file was renamed away. `false` when the per-path target does
   * that itself (a rotating target).
   * @default {true}
   */
  readonly checkRenames?: boolean;
}

/**
 * Composes `ResilientTarget → VariantTarget → createTarget(path)`.
 *
 * @param resolved The checked options (see `resolveResilience`).
 * @param parts Paths, driver, platform, the per-path target factory.
 * @returns The outer (resilient) target.
 *
 * @example Usage
 * ```ts
 * import { composeFileChain } from "./_file_chain.ts";
 * import { resolveResilience } from "../options/resilience_options.ts";
 * import { FileTarget } from "logrotor/compose";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const target = composeFileChain(resolveResilience("file sink", {}), {
 *   path: "/tmp/logrotor-chain-doc/app.log",
 *   fs: platform.fs,
 *   platform,
 *   createTarget: (p) =>
 *     new FileTarget(platform.fs, p, { mode: "append", mkdir: true }),
 *   report: () => {},
 * });
 * target.status().state; // "ok"
 * ```
 */
export function composeFileChain<Stats extends object = object>(
  resolved: ResolvedResilience,
  parts: FileChainParts<Stats>,
): ResilientTarget<Stats> {
  const variants = new VariantTarget<Stats>(
    parts.fs,
    parts.platform,
    parts.path,
    {
      onLocked: resolved.onLocked,
      shared: resolved.shared,
      mkdir: resolved.mkdir,
      maxVariants: resolved.maxVariants,
      waitMaxDelayMs: resolved.waitMaxDelayMs,
      createTarget: parts.createTarget,
      checkRenames: parts.checkRenames ?? true,
      report: parts.report,
    },
  );
  const cleanup = resolved.cleanup ??
    (parts.cleanupArchives === true
      ? (bytesWanted: number) => variants.deleteOldestArchives(bytesWanted)
      : undefined);
  return new ResilientTarget(variants, parts.fs, parts.platform, {
    onDiskFull: resolved.onDiskFull,
    fallback: resolved.fallback,
    minFreeBytes: resolved.minFreeBytes,
    recoveryIntervalMs: resolved.recoveryIntervalMs,
    cleanup,
    cleanupBytes: resolved.cleanupBytes,
    truncateOnDiskFull: resolved.truncateOnDiskFull,
    replayBytes: resolved.replayBytes,
    report: parts.report,
  });
}
