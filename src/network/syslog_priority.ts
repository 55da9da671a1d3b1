/**
 * Syslog priorities: the facility and severity names of RFC 5424 §6.2.1,
 * their numbers, and PRI (facility × 8 + severity).
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

/** What a syslog option error names when the caller gives no subject. */
export const defaultSubject = "syslog sink";

/**
 * A value as an error message shows it: strings quoted, others as `String()`.
 *
 * @param value Any value.
 * @returns Its display form.
 *
 * @example Usage
 * ```ts
 * import { showValue } from "./syslog_priority.ts";
 *
 * showValue("a b"); // '"a b"'
 * ```
 */
export function showValue(value: unknown): string {
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
 * import { facilityNumber } from "./syslog_priority.ts";
 *
 * facilityNumber("local0"); // 16
 * ```
 */
export function facilityNumber(value: unknown, sink = defaultSubject): number {
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
 * import { severityNumber } from "./syslog_priority.ts";
 *
 * severityNumber("warning"); // 4
 * ```
 */
export function severityNumber(value: unknown, sink = defaultSubject): number {
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
      } or a number: current value is ${showValue(value)}`,
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
 * import { syslogPri } from "./syslog_priority.ts";
 *
 * syslogPri(16, 4); // 132 (local0.warning)
 * ```
 */
export function syslogPri(facility: number, severity: number): number {
  return facility * 8 + severity;
}
