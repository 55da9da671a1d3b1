/**
 * Redaction (pino's `redact`): paths such as `"password"`,
 * `"req.headers.authorization"` or `"user.*.token"` compiled once into a
 * tree, applied to a record's fields (bound context, implicit context and
 * the call's own fields, nested objects included) before any filter,
 * formatter or sink sees them. Copy-on-write along the matched paths
 * only: the caller's objects are never changed.
 *
 * @module
 */
import type { LogFields } from "./record.ts";

/**
 * Options of redaction (`configure({ redact })`), or just the paths.
 *
 * @example Usage
 * ```ts
 * import type { LoggingConfig } from "logrotor";
 * import type { RedactOptions } from "logrotor/compose";
 *
 * const redact: RedactOptions = {
 *   paths: ["password", "req.headers.authorization", "user.*.token"],
 *   censor: "[REDACTED]",
 * };
 * const config: LoggingConfig = { redact };
 * ```
 */
export interface RedactOptions {
  /**
   * Dotted paths from the top of the fields; `*` matches any key (or
   * array index) at its position; `a["b.c"]` quotes a key holding a dot.
   */
  readonly paths: readonly string[];
  /**
   * What replaces a redacted value: a value, or a function of the value
   * and its path (`["req", "headers", "authorization"]`).
   * @default {"[Redacted]"}
   */
  readonly censor?: unknown;
  /**
   * Remove the key instead of replacing its value.
   * @default {false}
   */
  readonly remove?: boolean;
}

interface PathNode {
  readonly keys: Map<string, PathNode>;
  any: PathNode | undefined;
  /** The path ends here. */
  leaf: boolean;
}

function newNode(): PathNode {
  return { keys: new Map(), any: undefined, leaf: false };
}

const partPattern = /^(?:([^.[\]"]+)|\["((?:[^"\\]|\\.)*)"\])/;

/** A dotted path in parts, or `undefined` when it is not one. */
function parsePath(path: string): string[] | undefined {
  const parts: string[] = [];
  let rest = path;
  while (true) {
    const match = partPattern.exec(rest);
    if (match === null) return undefined;
    parts.push(match[1] ?? JSON.parse(`"${match[2]}"`));
    rest = rest.slice(match[0].length);
    if (rest === "") return parts;
    if (rest.startsWith(".")) rest = rest.slice(1);
    else if (!rest.startsWith("[")) return undefined;
  }
}

/**
 * Compiles redaction options into a function that returns the fields
 * with the matched values censored (or removed), copying only the objects
 * along a matched path; the same object when nothing matched.
 *
 * @param options The paths and how to censor.
 * @param subject Who asks, for error messages.
 * @returns The redactor.
 * @throws {TypeError} When a path is not a dotted path or an option has
 * the wrong type.
 *
 * @example Usage
 * ```ts
 * import { compileRedaction } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const redact = compileRedaction({ paths: ["user.*.token"] });
 * const fields = { user: { a: { token: "t1", id: 1 } } };
 * assert.deepEqual(redact(fields), { user: { a: { token: "[Redacted]", id: 1 } } });
 * assert.equal(fields.user.a.token, "t1"); // never mutated
 * ```
 */
export function compileRedaction(
  options: RedactOptions | readonly string[],
  subject = "create redaction",
): (fields: LogFields) => LogFields {
  const opts: RedactOptions = Array.isArray(options)
    ? { paths: options as readonly string[] }
    : options as RedactOptions;
  if (typeof opts !== "object" || opts === null || !Array.isArray(opts.paths)) {
    throw new TypeError(
      `Cannot ${subject} as paths must be an array of dotted paths: current value is ${
        String((opts as { paths?: unknown } | null)?.paths)
      }`,
    );
  }
  if (opts.remove !== undefined && typeof opts.remove !== "boolean") {
    throw new TypeError(
      `Cannot ${subject} as remove must be a boolean: current value is ${
        String(opts.remove)
      }`,
    );
  }
  const root = newNode();
  for (const path of opts.paths) {
    const parts = typeof path === "string" ? parsePath(path) : undefined;
    if (parts === undefined) {
      throw new TypeError(
        `Cannot ${subject} as paths must be dotted paths such as "req.headers.authorization": current value is ${
          JSON.stringify(path) ?? String(path)
        }`,
      );
    }
    let node = root;
    for (const part of parts) {
      if (part === "*") node = node.any ??= newNode();
      else {
        let next = node.keys.get(part);
        if (next === undefined) node.keys.set(part, next = newNode());
        node = next;
      }
    }
    node.leaf = true;
  }
  const remove = opts.remove === true;
  const censor = Object.hasOwn(opts, "censor") ? opts.censor : "[Redacted]";
  const censorFn = typeof censor === "function"
    ? censor as (value: unknown, path: string[]) => unknown
    : undefined;
  const trail: string[] = [];

  /** `value` with `node`'s paths applied; `value` itself if none matched. */
  function apply(value: unknown, node: PathNode): unknown {
    if (typeof value !== "object" || value === null) return value;
    const source = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    const visit = (key: string, child: PathNode): void => {
      if (!Object.hasOwn(source, key)) return;
      const current = copy === undefined ? source[key] : copy[key];
      trail.push(key);
      let next: unknown;
      if (child.leaf) {
        next = remove
          ? undefined
          : censorFn === undefined
          ? censor
          : censorFn(current, [...trail]);
      } else {
        next = apply(current, child);
      }
      trail.pop();
      if (next === current && !(child.leaf && remove)) return;
      copy ??= Array.isArray(source)
        ? [...source] as unknown as Record<string, unknown>
        : { ...source };
      if (child.leaf && remove && !Array.isArray(copy)) delete copy[key];
      else copy[key] = next;
    };
    for (const [key, child] of node.keys) visit(key, child);
    if (node.any !== undefined) {
      for (const key of Object.keys(source)) visit(key, node.any);
    }
    return copy ?? value;
  }
  return (fields) => apply(fields, root) as LogFields;
}
