/**
 * Deno's permissions, asked for per feature: which of the permissions a
 * feature needs this process lacks (`Deno.permissions.querySync`), the
 * exact flags that grant them (`--allow-write=/var/log/app`), and the flag
 * a caught permission error (`NotCapable: Requires net access to
 * "127.0.0.1:514", …`) asks for. On Bun and Node nothing is ever missing.
 *
 * @module
 */
import { detectRuntime } from "./detect.ts";

/** A Deno permission kind. */
export type PermissionKind = "read" | "write" | "net" | "sys" | "run" | "env";

/** One permission a feature needs: `{ kind: "write", value: "/var/log" }`. */
export interface PermissionNeed {
  /** The kind (the flag is `--allow-<kind>`). */
  readonly kind: PermissionKind;
  /**
   * A path, `host:port`, a sys kind (`hostname`), a command or a variable;
   * `""` for the whole kind (`--allow-run`).
   */
  readonly value: string;
}

interface DenoPermissions {
  permissions: {
    querySync(descriptor: Record<string, string>): { state: string };
  };
}

function descriptor(need: PermissionNeed): Record<string, string> {
  if (need.value === "") return { name: need.kind };
  switch (need.kind) {
    case "read":
    case "write":
      return { name: need.kind, path: need.value };
    case "net":
      return { name: "net", host: need.value };
    case "sys":
      return { name: "sys", kind: need.value };
    case "run":
      return { name: "run", command: need.value };
    case "env":
      return { name: "env", variable: need.value };
  }
}

/**
 * The needs this process lacks; always empty on Bun and Node.
 *
 * @param needs What a feature needs.
 * @returns Those not granted, without duplicates.
 *
 * @example Usage
 * ```ts
 * import { missingPermissions } from "./deno_permissions.ts";
 *
 * missingPermissions([{ kind: "write", value: "/var/log/app" }]);
 * ```
 */
export function missingPermissions(
  needs: readonly PermissionNeed[],
): PermissionNeed[] {
  if (detectRuntime() !== "deno") return [];
  const deno = (globalThis as unknown as { Deno: DenoPermissions }).Deno;
  const missing: PermissionNeed[] = [];
  const seen = new Set<string>();
  for (const need of needs) {
    const key = permissionFlag(need);
    if (seen.has(key)) continue;
    seen.add(key);
    let granted = false;
    try {
      granted = deno.permissions.querySync(descriptor(need)).state ===
        "granted";
    } catch {
      granted = false;
    }
    if (!granted) missing.push(need);
  }
  return missing;
}

/**
 * The flag that grants one need: `--allow-net=127.0.0.1:514`.
 *
 * @param need The need.
 * @returns The flag.
 *
 * @example Usage
 * ```ts
 * import { permissionFlag } from "./deno_permissions.ts";
 *
 * permissionFlag({ kind: "sys", value: "hostname" }); // "--allow-sys=hostname"
 * ```
 */
export function permissionFlag(need: PermissionNeed): string {
  return need.value === ""
    ? `--allow-${need.kind}`
    : `--allow-${need.kind}=${need.value}`;
}

/**
 * The flags that grant `needs`, one per kind (values joined by commas, as
 * Deno takes them): `--allow-read=/logs --allow-write=/logs`.
 *
 * @param needs The needs.
 * @returns The flags, space-separated.
 *
 * @example Usage
 * ```ts
 * import { permissionFlags } from "./deno_permissions.ts";
 *
 * permissionFlags([
 *   { kind: "read", value: "/logs" },
 *   { kind: "write", value: "/logs" },
 * ]); // "--allow-read=/logs --allow-write=/logs"
 * ```
 */
export function permissionFlags(needs: readonly PermissionNeed[]): string {
  const byKind = new Map<PermissionKind, string[]>();
  for (const need of needs) {
    const values = byKind.get(need.kind) ?? [];
    if (!values.includes(need.value)) values.push(need.value);
    byKind.set(need.kind, values);
  }
  return [...byKind].map(([kind, values]) =>
    values.includes("")
      ? `--allow-${kind}`
      : `--allow-${kind}=${values.join(",")}`
  ).join(" ");
}

const requiresPattern = /Requires (\w+) access(?: to "([^"]*)")?/;

/**
 * Whether `err` is Deno's refusal of a permission (`NotCapable`, or
 * `PermissionDenied` on older versions).
 *
 * @param err Anything caught.
 * @returns Whether it is a permission error.
 *
 * @example Usage
 * ```ts
 * import { isPermissionError } from "./deno_permissions.ts";
 *
 * isPermissionError(new Error("boom")); // false
 * ```
 */
export function isPermissionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === "NotCapable" || err.name === "PermissionDenied" ||
    (requiresPattern.test(err.message) && /--allow-\w+/.test(err.message));
}

/**
 * The need a permission error reports (`Requires write access to "/x"`),
 * or `undefined` when `err` is not one.
 *
 * @param err Anything caught.
 * @returns The need, its value empty when Deno did not name one.
 *
 * @example Usage
 * ```ts
 * import { permissionNeedOf } from "./deno_permissions.ts";
 *
 * const err = new Error(
 *   'Requires sys access to "hostname", run again with the --allow-sys flag',
 * );
 * err.name = "NotCapable";
 * permissionNeedOf(err); // { kind: "sys", value: "hostname" }
 * ```
 */
export function permissionNeedOf(err: unknown): PermissionNeed | undefined {
  if (!isPermissionError(err)) return undefined;
  const match = requiresPattern.exec((err as Error).message);
  const kind = match?.[1];
  if (
    kind !== "read" && kind !== "write" && kind !== "net" && kind !== "sys" &&
    kind !== "run" && kind !== "env"
  ) return undefined;
  return { kind, value: match?.[2] ?? "" };
}
