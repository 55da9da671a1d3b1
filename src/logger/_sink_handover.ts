/**
 * How `configure()` carries a sink over to the next configuration: a sink
 * whose type and options did not change is kept as it is (its file stays
 * open, like a daemon's reload that keeps its fds); one whose file path is
 * reused with other options is closed before the new one opens it, while
 * a holding sink keeps the records logged meanwhile. Private.
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { LogSink } from "./log_sink.ts";

/** A sink of the active configuration, as `configure()` remembers it. */
export interface ActiveSink {
  /** The sink. */
  readonly sink: LogSink;
  /** Type and options as a canonical string; `undefined`: never reused. */
  readonly identity: string | undefined;
  /** The absolute file path it writes, when its options name one. */
  readonly pathKey: string | undefined;
  /** The diagnostics listener it was built with. */
  readonly listener: DiagnosticListener | undefined;
  /** Builds it again (to restore it when a reconfiguration fails). */
  readonly create: () => LogSink;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A canonical string for a value made of JSON data (sorted keys), or
 * `undefined` when it holds anything else (functions, class instances):
 * such options are never treated as unchanged.
 */
function canonical(value: unknown, depth = 0): string | undefined {
  if (depth > 16) return undefined;
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : undefined;
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        const items = value.map((item) => canonical(item, depth + 1));
        return items.includes(undefined) ? undefined : `[${items.join(",")}]`;
      }
      if (!isPlain(value)) return undefined;
      const parts: string[] = [];
      for (const key of Object.keys(value).sort()) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        const text = canonical(item, depth + 1);
        if (text === undefined) return undefined;
        parts.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      return undefined;
  }
}

/**
 * The identity of a configured sink: its type and options as a canonical
 * string, or `undefined` when an option is not plain data.
 *
 * @param type The sink type.
 * @param options Its options (without `type`, `formatter`, `level`,
 * `filters`).
 * @returns The identity.
 */
export function sinkIdentity(
  type: string,
  options: Readonly<Record<string, unknown>>,
): string | undefined {
  const text = canonical(options);
  return text === undefined ? undefined : `${JSON.stringify(type)}:${text}`;
}

/**
 * The absolute, normalized form of a sink's `path` option (`.` and `..`
 * resolved against the working directory; symbolic links are not
 * followed), or `undefined` when it has none.
 *
 * @param options The sink's options.
 * @returns The path key.
 */
export function sinkPathKey(
  options: Readonly<Record<string, unknown>>,
): string | undefined {
  const path = options.path;
  if (typeof path !== "string" || path === "") return undefined;
  let full = path;
  if (!path.startsWith("/")) {
    try {
      full = `${getPlatform().cwd()}/${path}`;
    } catch {
      // no working directory to resolve against: compare as given
    }
  }
  const parts: string[] = [];
  for (const part of full.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return (full.startsWith("/") ? "/" : "") + parts.join("/");
}

/**
 * A sink that keeps lines in memory while the file they are meant for
 * changes hands.
 */
export class HoldingSink implements LogSink {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  /**
   * Writes the held lines into `sink`, in order.
   *
   * @param sink Where they go.
   * @param onError Called for each line whose `write()` threw.
   */
  drainInto(sink: LogSink, onError: (error: unknown) => void): void {
    for (const line of this.lines) {
      try {
        sink.write(line);
      } catch (e) {
        onError(e);
      }
    }
    this.lines.length = 0;
  }
}
