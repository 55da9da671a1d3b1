/**
 * RFC 5424 syslog messages: PRI from facility and severity, the header
 * fields, structured data with RFC 5424 §6.3.3 escaping, an optional UTF-8
 * BOM, and the two TCP framings of RFC 6587 (octet counting, which RFC 5425
 * mandates for TLS, and LF-delimited "non-transparent" framing).
 *
 * @module
 */

/** Facility names of RFC 5424 §6.2.1, numbered 0–23. */
export const syslogFacilities = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "ntp",
  "audit",
  "alert",
  "clock",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
] as const;

/** Severity names of RFC 5424 §6.2.1, numbered 0 (emerg) – 7 (debug). */
export const syslogSeverities = [
  "emerg",
  "alert",
  "crit",
  "err",
  "warning",
  "notice",
  "info",
  "debug",
] as const;

/**
 * A facility by name (`"local0"`) or number (0–23).
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
export type SyslogFacility = (typeof syslogFacilities)[number] | number;

/**
 * A severity by name (`"warning"`) or number (0–7).
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
export type SyslogSeverity = (typeof syslogSeverities)[number] | number;

/**
 * How messages are delimited on a TCP or TLS stream (RFC 6587).
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
export type SyslogFraming = "octet-counting" | "lf";

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

const subject = "syslog sink";

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * The facility number of a facility name or number.
 *
 * @param value A name or a number; validated.
 * @param sink What is being created, for the error message.
 * @returns 0–23.
 *
 * @example Usage
 * ```ts
 * import { facilityNumber } from "./syslog_format.ts";
 *
 * facilityNumber("local0"); // 16
 * ```
 */
export function facilityNumber(value: unknown, sink = subject): number {
  return levelNumber(value, syslogFacilities, "facility", sink);
}

/**
 * The severity number of a severity name or number.
 *
 * @param value A name (`"warning"`, also `"error"`, `"warn"`) or a number; validated.
 * @param sink What is being created, for the error message.
 * @returns 0–7.
 *
 * @example Usage
 * ```ts
 * import { severityNumber } from "./syslog_format.ts";
 *
 * severityNumber("warning"); // 4
 * ```
 */
export function severityNumber(value: unknown, sink = subject): number {
  if (value === "error") return 3;
  if (value === "warn") return 4;
  if (value === "emergency") return 0;
  if (value === "critical") return 2;
  return levelNumber(value, syslogSeverities, "severity", sink);
}

function levelNumber(
  value: unknown,
  names: readonly string[],
  what: string,
  sink: string,
): number {
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 0 && value < names.length) {
      return value;
    }
    throw new RangeError(
      `Cannot create ${sink} as ${what} must be an integer from 0 to ${
        names.length - 1
      }: current value is ${value}`,
    );
  }
  const at = typeof value === "string" ? names.indexOf(value) : -1;
  if (at === -1) {
    throw new TypeError(
      `Cannot create ${sink} as ${what} must be one of ${
        names.map((n) => `"${n}"`).join(", ")
      } or a number: current value is ${show(value)}`,
    );
  }
  return at;
}

/**
 * PRI as RFC 5424 §6.2.1 defines it: facility × 8 + severity.
 *
 * @param facility 0–23.
 * @param severity 0–7.
 * @returns The PRI value (0–191).
 *
 * @example Usage
 * ```ts
 * import { syslogPri } from "./syslog_format.ts";
 *
 * syslogPri(16, 4); // 132 (local0.warning)
 * ```
 */
export function syslogPri(facility: number, severity: number): number {
  return facility * 8 + severity;
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
 * import { headerField } from "./syslog_format.ts";
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
 * import { sanitizeHostname } from "./syslog_format.ts";
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
 * import { escapeParamValue } from "./syslog_format.ts";
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
 * import { formatStructuredData } from "./syslog_format.ts";
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
 * import { formatTimestamp } from "./syslog_format.ts";
 *
 * formatTimestamp(0); // "1970-01-01T00:00:00.000Z"
 * ```
 */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

const encoder = new TextEncoder();
const bomBytes = [0xef, 0xbb, 0xbf];

/**
 * Builds RFC 5424 messages with fixed header fields.
 *
 * @example Usage
 * ```ts
 * import { SyslogFormatter } from "./syslog_format.ts";
 *
 * const f = new SyslogFormatter({
 *   facility: "local0",
 *   hostname: "web1",
 *   appName: "api",
 *   procId: 42,
 *   msgId: "REQ",
 * });
 * f.formatText("hello", 6, 0); // "<134>1 1970-01-01T00:00:00.000Z web1 api 42 REQ - hello"
 * ```
 */
export class SyslogFormatter {
  readonly #facility: number;
  readonly #tail: string; // " HOSTNAME APP-NAME PROCID MSGID SD "
  readonly #bom: boolean;
  #lastMs = Number.NaN;
  #lastStamp = "";

  /**
   * @param options The header fields (validated here).
   * @param defaults The host name and process id to use when not given.
   */
  constructor(
    options: SyslogHeaderOptions,
    defaults: { hostname?: string; procId?: string; subject?: string } = {},
  ) {
    const sink = defaults.subject ?? subject;
    this.#facility = facilityNumber(options.facility ?? "user", sink);
    const hostname = options.hostname === undefined
      ? sanitizeHostname(defaults.hostname ?? "")
      : headerField("hostname", options.hostname, 255, "-", sink);
    const appName = headerField("appName", options.appName, 48, "-", sink);
    const procId = headerField(
      "procId",
      options.procId,
      128,
      defaults.procId ?? "-",
      sink,
    );
    const msgId = headerField("msgId", options.msgId, 32, "-", sink);
    const sd = formatStructuredData(options.structuredData, sink);
    this.#tail = ` ${hostname} ${appName} ${procId} ${msgId} ${sd} `;
    this.#bom = options.bom ?? false;
    if (typeof this.#bom !== "boolean") {
      throw new TypeError(
        `Cannot create ${sink} as bom must be a boolean: current value is ${
          show(options.bom)
        }`,
      );
    }
  }

  /**
   * The whole message as text (without the BOM).
   *
   * @param msg The MSG part.
   * @param severity 0–7.
   * @param timeMs The TIMESTAMP (ms since the epoch).
   * @returns `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG`.
   */
  formatText(msg: string, severity: number, timeMs: number): string {
    if (timeMs !== this.#lastMs) {
      this.#lastMs = timeMs;
      this.#lastStamp = formatTimestamp(timeMs);
    }
    return `<${
      syslogPri(this.#facility, severity)
    }>1 ${this.#lastStamp}${this.#tail}${msg}`;
  }

  /**
   * The whole message as UTF-8 bytes, with the BOM before MSG when enabled.
   *
   * @param msg The MSG part.
   * @param severity 0–7.
   * @param timeMs The TIMESTAMP (ms since the epoch).
   * @returns The message bytes (unframed).
   */
  format(msg: string, severity: number, timeMs: number): Uint8Array {
    if (!this.#bom) {
      return encoder.encode(this.formatText(msg, severity, timeMs));
    }
    const head = encoder.encode(this.formatText("", severity, timeMs));
    const body = encoder.encode(msg);
    const out = new Uint8Array(head.length + 3 + body.length);
    out.set(head, 0);
    out.set(bomBytes, head.length);
    out.set(body, head.length + 3);
    return out;
  }
}

/**
 * Cuts a message to at most `max` bytes without splitting a UTF-8
 * character.
 *
 * @param bytes The message.
 * @param max The byte limit.
 * @returns `bytes` itself when it fits, else a shorter view.
 *
 * @example Usage
 * ```ts
 * import { truncateUtf8 } from "./syslog_format.ts";
 *
 * truncateUtf8(new TextEncoder().encode("aü"), 2).length; // 1
 * ```
 */
export function truncateUtf8(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  // Step back over continuation bytes (10xxxxxx) to a character start.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/**
 * The length of a frame of `message` in `framing`.
 *
 * @param messageLength The message length in bytes.
 * @param framing The framing.
 * @returns The frame length in bytes.
 *
 * @example Usage
 * ```ts
 * import { frameLength } from "./syslog_format.ts";
 *
 * frameLength(5, "octet-counting"); // 7 ("5 hello")
 * ```
 */
export function frameLength(
  messageLength: number,
  framing: SyslogFraming,
): number {
  return framing === "lf"
    ? messageLength + 1
    : String(messageLength).length + 1 + messageLength;
}

/**
 * Writes one frame into `out` at `offset`: `LEN SP MSG` for octet counting
 * (RFC 6587 §3.4.1, RFC 5425 §4.3), `MSG LF` for LF framing (an LF inside
 * the message is sent as a space there, as that framing cannot carry it).
 *
 * @param out The destination, large enough ({@linkcode frameLength}).
 * @param offset Where the frame starts.
 * @param message The message bytes.
 * @param framing The framing.
 * @returns The offset after the frame.
 *
 * @example Usage
 * ```ts
 * import { frameLength, writeFrame } from "./syslog_format.ts";
 *
 * const msg = new TextEncoder().encode("<14>1 - - - - - - hi");
 * const out = new Uint8Array(frameLength(msg.length, "octet-counting"));
 * writeFrame(out, 0, msg, "octet-counting");
 * new TextDecoder().decode(out); // "20 <14>1 - - - - - - hi"
 * ```
 */
export function writeFrame(
  out: Uint8Array,
  offset: number,
  message: Uint8Array,
  framing: SyslogFraming,
): number {
  let at = offset;
  if (framing === "lf") {
    out.set(message, at);
    const end = at + message.length;
    for (let i = at; i < end; i++) if (out[i] === 10) out[i] = 32;
    out[end] = 10;
    return end + 1;
  }
  const len = String(message.length);
  for (let i = 0; i < len.length; i++) out[at++] = len.charCodeAt(i);
  out[at++] = 32;
  out.set(message, at);
  return at + message.length;
}
