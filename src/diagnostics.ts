/**
 * The diagnostics channel: how sinks tell the application about failures
 * they absorbed (a write error, a drop, a switch to a fallback) without
 * throwing into the caller.
 *
 * @module
 */
import { getPlatform } from "./runtime/detect.ts";
import {
  isPermissionError,
  missingPermissions,
  permissionFlags,
  type PermissionNeed,
} from "./runtime/deno_permissions.ts";

/**
 * What kind of event a {@linkcode Diagnostic} reports.
 *
 * @example Usage
 * ```ts
 * import type { DiagnosticKind } from "logrotor/compose";
 *
 * function isTrouble(kind: DiagnosticKind): boolean {
 *   switch (kind) {
 *     case "error":
 *     case "dropped":
 *     case "switched":
 *     case "deprecated":
 *       return true;
 *     case "recovered":
 *     case "rotated":
 *     case "deleted":
 *     case "info":
 *       return false;
 *   }
 * }
 * ```
 */
export type DiagnosticKind =
  | "error"
  | "recovered"
  | "dropped"
  | "rotated"
  | "deleted"
  | "switched"
  | "deprecated"
  | "info";

/**
 * One event on the diagnostics channel.
 *
 * @example Usage
 * ```ts
 * import type { Diagnostic } from "logrotor";
 *
 * const diagnostic: Diagnostic = {
 *   kind: "switched",
 *   target: "/tmp/logrotor-doc/app.log",
 *   message: "writing to app.001.log as app.log is locked by pid 123",
 *   time: Date.now(),
 * };
 * ```
 */
export interface Diagnostic {
  /** What happened. */
  readonly kind: DiagnosticKind;
  /** The file or target concerned. */
  readonly target: string;
  /** One human-readable line. */
  readonly message: string;
  /** The underlying error, when there is one. */
  readonly error?: unknown;
  /** When it happened (ms since the epoch). */
  readonly time: number;
}

/**
 * Receives diagnostics; must not throw (a throw is ignored).
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { DiagnosticListener } from "logrotor";
 *
 * const onDiagnostic: DiagnosticListener = (d) => {
 *   if (d.kind === "error" || d.kind === "dropped") {
 *     console.error(`${d.target}: ${d.message}`);
 *   }
 * };
 * const sink = createFileSink("/tmp/logrotor-doc/app.log", { onDiagnostic });
 * sink.write("hello\n");
 * await sink.close();
 * ```
 */
export type DiagnosticListener = (diagnostic: Diagnostic) => void;

const encoder = new TextEncoder();

/**
 * The default listener: one line on standard error, `logrotor: …`.
 *
 * @param diagnostic The event.
 *
 * @example Usage
 * ```ts
 * import { printDiagnostic } from "./diagnostics.ts";
 *
 * printDiagnostic({
 *   kind: "info",
 *   target: "app.log",
 *   message: "hello",
 *   time: Date.now(),
 * });
 * ```
 */
export function printDiagnostic(diagnostic: Diagnostic): void {
  getPlatform().writeStderr(
    encoder.encode(`logrotor: ${diagnostic.target}: ${diagnostic.message}\n`),
  );
}

/**
 * Calls a listener and swallows anything it throws: logging must never
 * crash the host application.
 *
 * @param listener The listener.
 * @param diagnostic The event.
 */
export function emitDiagnostic(
  listener: DiagnosticListener,
  diagnostic: Diagnostic,
): void {
  try {
    listener(diagnostic);
  } catch {
    // a broken listener must not break logging
  }
}

/**
 * Checks, once at creation, that Deno grants what a sink needs. When
 * something is missing it reports ONE `"error"` diagnostic naming the exact
 * flags (`run deno with --allow-write=/var/log/app --allow-sys=hostname`)
 * and returns a listener that drops the follow-up permission errors (each
 * failed write or connect would repeat it); drops are still reported and
 * counted. On Bun and Node, or when nothing is missing, `listener` itself
 * is returned.
 *
 * @param subject The sink (`file sink`).
 * @param target The file or endpoint, for the diagnostic's `target`.
 * @param needs What the sink needs.
 * @param listener Where diagnostics go.
 * @param consequence What happens meanwhile, given what is missing.
 * @returns The listener the sink should use.
 *
 * @example Usage
 * ```ts
 * import { checkPermissions, printDiagnostic } from "./diagnostics.ts";
 *
 * const listener = checkPermissions(
 *   "file sink",
 *   "/var/log/app/app.log",
 *   [{ kind: "write", value: "/var/log/app" }],
 *   printDiagnostic,
 * );
 * ```
 */
export function checkPermissions(
  subject: string,
  target: string,
  needs: readonly PermissionNeed[],
  listener: DiagnosticListener,
  consequence: (missing: readonly PermissionNeed[]) => string = () =>
    "until then its lines are dropped and counted",
): DiagnosticListener {
  const missing = missingPermissions(needs);
  if (missing.length === 0) return listener;
  emitDiagnostic(listener, {
    kind: "error",
    target,
    message: `Deno has no permission for this ${subject}: run deno with ${
      permissionFlags(missing)
    } (or -A); ${consequence(missing)}`,
    time: getPlatform().now(),
  });
  return (diagnostic) => {
    if (
      diagnostic.kind === "error" &&
      (isPermissionError(diagnostic.error) ||
        diagnostic.message.includes("Deno needs --allow-"))
    ) return;
    listener(diagnostic);
  };
}
