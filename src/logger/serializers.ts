/**
 * Serializers (pino's `serializers`): functions by field key that turn a
 * field's value into what is logged, run before redaction; and
 * {@linkcode stdSerializers} for errors, requests and responses (fetch
 * `Request`/`Response` and Node's `IncomingMessage`/`ServerResponse`,
 * recognised by shape).
 *
 * @module
 */
import type { LogFields } from "./record.ts";
import { serializeError } from "./record.ts";
import { describeThrown } from "./_safe_json.ts";

/**
 * A serializer: the value of one field in, what is logged out.
 *
 * @example Usage
 * ```ts
 * import type { Serializer } from "logrotor/compose";
 *
 * const user: Serializer = (u) => ({ id: (u as { id: number }).id });
 * ```
 */
export type Serializer = (value: unknown) => unknown;

function headersOf(headers: unknown): Record<string, unknown> {
  if (typeof headers !== "object" || headers === null) return {};
  const entries = (headers as { entries?: unknown }).entries;
  if (typeof entries === "function" && !Array.isArray(headers)) {
    // fetch Headers
    const out: Record<string, unknown> = {};
    for (
      const [k, v] of (entries.call(headers) as Iterable<[string, string]>)
    ) out[k] = v;
    return out;
  }
  return { ...headers as Record<string, unknown> };
}

function err(value: unknown): unknown {
  return value instanceof Error ? serializeError(value) : value;
}

function req(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const r = value as Record<string, unknown>;
  if (typeof r.method !== "string" || typeof r.url !== "string") return value;
  const out: Record<string, unknown> = {
    method: r.method,
    url: r.url,
    headers: headersOf(r.headers),
  };
  const socket = r.socket as
    | { remoteAddress?: unknown; remotePort?: unknown }
    | undefined;
  if (typeof socket === "object" && socket !== null) {
    // Node's IncomingMessage
    out.remoteAddress = socket.remoteAddress;
    out.remotePort = socket.remotePort;
  }
  return out;
}

function res(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const r = value as Record<string, unknown>;
  if (typeof r.status === "number") {
    // fetch Response
    return {
      statusCode: r.status,
      statusText: r.statusText,
      headers: headersOf(r.headers),
    };
  }
  if (typeof r.statusCode === "number") {
    // Node's ServerResponse
    const getHeaders = r.getHeaders;
    return {
      statusCode: r.statusCode,
      headers: typeof getHeaders === "function"
        ? headersOf(getHeaders.call(value))
        : {},
    };
  }
  return value;
}

/**
 * The standard serializers, as in pino: `err` (an `Error` with its
 * `cause` chain and an `AggregateError`'s `errors`), `req` (a fetch
 * `Request` or Node `IncomingMessage`: `method`, `url`, `headers`, and
 * `remoteAddress`/`remotePort` for Node) and `res` (a fetch `Response` or
 * Node `ServerResponse`: `statusCode`, `headers`). A value of another
 * shape is returned as it is.
 *
 * @example Usage
 * ```ts
 * import { configure, getLogger, reset } from "logrotor";
 * import { stdSerializers } from "logrotor/compose";
 *
 * await configure({
 *   serializers: { req: stdSerializers.req, res: stdSerializers.res },
 *   redact: ["req.headers.authorization"],
 *   sinks: { console: { type: "console", formatter: "json" } },
 *   loggers: { app: { sinks: ["console"] } },
 * });
 * const req = new Request("https://example.com/", {
 *   headers: { authorization: "Bearer secret" },
 * });
 * getLogger("app").info("request", { req });
 * await reset();
 * ```
 */
export const stdSerializers: Readonly<{
  err: Serializer;
  req: Serializer;
  res: Serializer;
}> = Object.freeze({ err, req, res });

/**
 * Compiles serializers by key into a function applying them to fields:
 * a copy of the fields when one applies, the same object otherwise. What
 * a serializer throws goes to `onError` and the field is logged as
 * `"[Unserializable: …]"` (never the raw value it was meant to hide).
 *
 * @param serializers Functions by field key.
 * @param onError Told what a serializer threw.
 * @returns The function.
 *
 * @example Usage
 * ```ts
 * import { compileSerializers } from "./serializers.ts";
 * import assert from "node:assert/strict";
 *
 * const apply = compileSerializers({ n: (v) => Number(v) * 2 }, () => {});
 * assert.deepEqual(apply({ n: 2, m: 1 }), { n: 4, m: 1 });
 * ```
 */
export function compileSerializers(
  serializers: Readonly<Record<string, Serializer>>,
  onError: (serializer: Serializer, key: string, e: unknown) => void,
): (fields: LogFields) => LogFields {
  const list = Object.entries(serializers);
  return (fields) => {
    let copy: Record<string, unknown> | undefined;
    for (const [key, fn] of list) {
      if (!Object.hasOwn(fields, key)) continue;
      let value: unknown;
      try {
        value = fn(fields[key]);
      } catch (e) {
        onError(fn, key, e);
        value = `[Unserializable: ${describeThrown(e)}]`;
      }
      copy ??= { ...fields };
      copy[key] = value;
    }
    return copy ?? fields;
  };
}
