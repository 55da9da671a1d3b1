/**
 * RFC 5424 messages: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD
 * MSG` with fixed header fields, an optional UTF-8 BOM, and cutting a
 * message to a byte limit on a character boundary.
 *
 * @module
 */
import {
  formatStructuredData,
  formatTimestamp,
  headerField,
  sanitizeHostname,
  type SyslogHeaderOptions,
} from "./syslog_fields.ts";
import {
  defaultSubject as subject,
  facilityNumber,
  showValue as show,
  syslogPri,
} from "./syslog_priority.ts";

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
