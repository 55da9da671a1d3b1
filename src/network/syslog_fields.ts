/**
 * The header fields of RFC 5424 messages: HOSTNAME, APP-NAME, PROCID and
 * MSGID checked as printable US-ASCII, STRUCTURED-DATA built with the
 * escaping of §6.3.3, and the TIMESTAMP.
 *
 * @module
 */
import {
  defaultSubject as subject,
  showValue as show,
  type SyslogFacility,
} from "./syslog_priority.ts";

/**
 * Structured data: SD-ID → parameters. Values are escaped as RFC 5424
 * requires (`"`, `\` and `]` get a backslash).
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({
 *   host: "127.0.0.1",
 *   facility: "local0",
 *   severity: "warning",
 *   framing: "octet-counting",
 *   structuredData: { "origin@32473": { region: "eu-1" } },
 * });
 * await sink.close();
 * ```
 */
export type StructuredData = Readonly<
  Record<string, Readonly<Record<string, string>>>
>;

/**
 * The fixed header fields of every message a sink sends.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({
 *   host: "127.0.0.1",
 *   facility: "local0",
 *   severity: "warning",
 *   framing: "octet-counting",
 *   structuredData: { "origin@32473": { region: "eu-1" } },
 * });
 * await sink.close();
 * ```
 */
export interface SyslogHeaderOptions {
  /**
   * The facility.
   * @default {"user"}
   */
  readonly facility?: SyslogFacility;
  /**
   * HOSTNAME (printable US-ASCII, at most 255); `"-"` for none.
   * @default {the machine's host name}
   */
  readonly hostname?: string;
  /**
   * APP-NAME (printable US-ASCII, at most 48).
   * @default {"-"}
   */
  readonly appName?: string;
  /**
   * PROCID (printable US-ASCII, at most 128).
   * @default {the process id}
   */
  readonly procId?: string | number;
  /**
   * MSGID (printable US-ASCII, at most 32).
   * @default {"-"}
   */
  readonly msgId?: string;
  /** STRUCTURED-DATA added to every message; none by default. */
  readonly structuredData?: StructuredData;
  /**
   * Start MSG with the UTF-8 BOM, which RFC 5424 uses to mark MSG as
   * UTF-8. Off by default: many receivers keep it as part of the text.
   * @default {false}
   */
  readonly bom?: boolean;
}

function isPrintUsAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

/**
 * Checks a header field: printable US-ASCII (33–126), 1 to `max`
 * characters; an empty or missing value becomes the NIL value `-`.
 *
 * @param name The option name, for the error message.
 * @param value The given value.
 * @param max The RFC 5424 length limit.
 * @param fallback Used when `value` is undefined.
 * @param sink What is being created, for the error message.
 * @returns The field as it goes on the wire.
 *
 * @example Usage
 * ```ts
 * import { headerField } from "./syslog_fields.ts";
 *
 * headerField("appName", "my-app", 48, "-"); // "my-app"
 * ```
 */
export function headerField(
  name: string,
  value: unknown,
  max: number,
  fallback: string,
  sink = subject,
): string {
  const raw = value === undefined ? fallback : value;
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 0) {
    return headerField(name, String(raw), max, fallback, sink);
  }
  if (typeof raw !== "string") {
    throw new TypeError(
      `Cannot create ${sink} as ${name} must be a string: current value is ${
        show(raw)
      }`,
    );
  }
  if (raw === "") return "-";
  if (raw.length > max || !isPrintUsAscii(raw)) {
    throw new RangeError(
      `Cannot create ${sink} as ${name} must be 1 to ${max} printable US-ASCII characters without spaces: current value is ${
        show(raw)
      }`,
    );
  }
  return raw;
}

/**
 * Turns a host name into a valid HOSTNAME field (printable US-ASCII, at
 * most 255 characters), or `-`.
 *
 * @param name A host name as the OS reports it.
 * @returns The sanitised field.
 *
 * @example Usage
 * ```ts
 * import { sanitizeHostname } from "./syslog_fields.ts";
 *
 * sanitizeHostname("my host"); // "my_host"
 * ```
 */
export function sanitizeHostname(name: string): string {
  let out = "";
  for (let i = 0; i < name.length && out.length < 255; i++) {
    const c = name.charCodeAt(i);
    out += c >= 33 && c <= 126 ? name[i] : "_";
  }
  return out === "" ? "-" : out;
}

/**
 * Escapes a PARAM-VALUE: `"`, `\` and `]` get a backslash (RFC 5424
 * §6.3.3). Everything else, UTF-8 included, stays as it is.
 *
 * @param value The raw value.
 * @returns The escaped value (without quotes).
 *
 * @example Usage
 * ```ts
 * import { escapeParamValue } from "./syslog_fields.ts";
 *
 * escapeParamValue('a "b" [c]'); // 'a \\"b\\" [c\\]'
 * ```
 */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

function checkSdName(what: string, name: string, sink: string): void {
  if (
    name.length === 0 || name.length > 32 || !isPrintUsAscii(name) ||
    /[= \]"]/.test(name)
  ) {
    throw new RangeError(
      `Cannot create ${sink} as ${what} must be 1 to 32 printable US-ASCII characters other than '=', ']', '"' and space: current value is ${
        show(name)
      }`,
    );
  }
}

/**
 * Builds the STRUCTURED-DATA field, or `-` when there is none. SD-IDs and
 * PARAM-NAMEs are checked (RFC 5424 §6.3.2: at most 32 printable characters
 * without `=`, `]`, `"` or space); values are escaped.
 *
 * @param data SD-ID → parameters.
 * @param sink What is being created, for the error message.
 * @returns The field as it goes on the wire.
 *
 * @example Usage
 * ```ts
 * import { formatStructuredData } from "./syslog_fields.ts";
 *
 * formatStructuredData({ "meta@32473": { k: "v" } }); // '[meta@32473 k="v"]'
 * ```
 */
export function formatStructuredData(
  data: StructuredData | undefined,
  sink = subject,
): string {
  if (data === undefined) return "-";
  if (typeof data !== "object" || data === null) {
    throw new TypeError(
      `Cannot create ${sink} as structuredData must be an object: current value is ${
        show(data)
      }`,
    );
  }
  let out = "";
  for (const [id, params] of Object.entries(data)) {
    checkSdName("a structuredData SD-ID", id, sink);
    out += `[${id}`;
    for (const [name, value] of Object.entries(params ?? {})) {
      checkSdName(`a structuredData PARAM-NAME of ${id}`, name, sink);
      if (typeof value !== "string") {
        throw new TypeError(
          `Cannot create ${sink} as structuredData ${id}.${name} must be a string: current value is ${
            show(value)
          }`,
        );
      }
      out += ` ${name}="${escapeParamValue(value)}"`;
    }
    out += "]";
  }
  return out === "" ? "-" : out;
}

/**
 * An RFC 3339 TIMESTAMP with milliseconds in UTC, as RFC 5424 §6.2.3 allows.
 *
 * @param ms Milliseconds since the epoch.
 * @returns E.g. `"2026-11-21T23:41:20.878Z"`.
 *
 * @example Usage
 * ```ts
 * import { formatTimestamp } from "./syslog_fields.ts";
 *
 * formatTimestamp(0); // "1970-01-01T00:00:00.000Z"
 * ```
 */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
