/**
 * The network sinks' options, declared once: the rows every network sink
 * shares (server, header fields, queue, reconnects, timeouts) and the rows
 * of the syslog and RELP sinks. The unknown-key check, the bounds, the
 * defaults, the config schema and the `ship` flags are derived from them.
 *
 * @module
 */
import type { OptionRow, ResolvedSoFar } from "../options/option_row.ts";
import { maxTimerMs } from "../options/validate.ts";
import { syslogSeverities } from "./syslog_priority.ts";

/** Checked elsewhere (the header fields by the formatter): kept as given. */
function asGiven(_subject: string, _key: string, value: unknown): unknown {
  return value;
}

/** Not checked before (any value counts): `true` unless given. */
function trueUnlessGiven(
  _subject: string,
  _key: string,
  value: unknown,
): unknown {
  return value ?? true;
}

/** TLS settings: an object, and only with transport "tls". */
function tlsOption(
  subject: string,
  _key: string,
  value: unknown,
  resolved: ResolvedSoFar,
): unknown {
  if (value === undefined) return undefined;
  if (resolved.transport !== "tls") {
    throw new TypeError(
      `Cannot create ${subject} as tls options need transport "tls": current value is "${resolved.transport}"`,
    );
  }
  if (typeof value !== "object" || value === null) {
    throw new TypeError(
      `Cannot create ${subject} as tls must be an object: current value is ${
        String(value)
      }`,
    );
  }
  return value;
}

/** The largest byte or message count a network sink holds (1 GiB). */
const maxHeld = 1024 * 1024 * 1024;

/**
 * The options every network sink shares, in the order a configuration
 * lists them. `host` is required; `port`'s default depends on the sink.
 *
 * @example Usage
 * ```ts
 * import { networkOptionTable } from "./network_option_table.ts";
 *
 * networkOptionTable.map((row) => row.name); // ["host", "port", …]
 * ```
 */
export const networkOptionTable = [
  {
    name: "host",
    type: "string",
    doc:
      "The server's host name or IP address (required unless path is given).",
    flag: {
      name: "host",
      placeholder: "HOST",
      doc: "the server",
      defaultText: "required; localhost with --transport socket",
    },
    check: asGiven,
  },
  {
    name: "path",
    type: "string",
    doc:
      "A Unix stream socket to connect to instead of host and port (no TLS over it).",
    flag: {
      name: "path",
      placeholder: "SOCKET",
      doc: "a Unix stream socket instead of --host (tcp, socket)",
      defaultText: "none: --host",
    },
    check: asGiven,
  },
  {
    name: "port",
    type: "int",
    min: 1,
    max: 65535,
    doc:
      "The server's port (default: 514 tcp, 6514 tls, 2514 RELP, 9020 socket).",
    flag: {
      name: "port",
      doc: "the server's port",
      defaultText: "514 tcp, 6514 tls, 2514 relp, 9020 socket",
    },
  },
  {
    name: "facility",
    type: "string",
    defaultText: "user",
    doc: "The facility, by name (local0) or number.",
    flag: {
      name: "facility",
      placeholder: "NAME",
      doc: "the facility (user, local0 … local7, daemon …)",
    },
    check: asGiven,
  },
  {
    name: "appName",
    type: "string",
    defaultText: "-",
    doc: "The APP-NAME header field (printable US-ASCII, at most 48).",
    flag: {
      name: "app-name",
      placeholder: "NAME",
      doc: "the APP-NAME header field",
    },
    check: asGiven,
  },
  {
    name: "hostname",
    type: "string",
    doc: "The HOSTNAME header field (default: the machine's host name).",
    flag: { none: "rarely set: API and configuration only" },
    check: asGiven,
  },
  {
    name: "procId",
    type: "string",
    doc: "The PROCID header field (default: the process id).",
    flag: { none: "the CLI's own process id is the useful one" },
    check: asGiven,
  },
  {
    name: "msgId",
    type: "string",
    defaultText: "-",
    doc: "The MSGID header field (printable US-ASCII, at most 32).",
    flag: { name: "msg-id", placeholder: "ID", doc: "the MSGID header field" },
    check: asGiven,
  },
  {
    name: "bom",
    type: "bool",
    default: false,
    doc: "Start MSG with the UTF-8 BOM (RFC 5424).",
    flag: { none: "rarely wanted: API and configuration only" },
    check: asGiven,
  },
  {
    name: "severity",
    type: "choice",
    choices: syslogSeverities,
    default: "info",
    doc: "The severity of every line (API: also a function of the line).",
    flag: { name: "severity", doc: "the severity of every line" },
    check: asGiven,
  },
  {
    name: "maxQueuedMessages",
    type: "int",
    min: 1,
    max: maxHeld,
    default: 100_000,
    doc: "Queue bound in messages.",
    flag: {
      name: "max-queued",
      doc: "messages held while the server is down",
    },
  },
  {
    name: "maxQueuedBytes",
    type: "size",
    min: 1,
    max: maxHeld,
    default: 16 * 1024 * 1024,
    atLeast: "maxMessageBytes",
    doc: "Queue bound in bytes of message text.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "overflow",
    type: "choice",
    choices: ["drop-old", "drop-new"],
    doc: "What a full queue drops.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "dropMarker",
    type: "bool",
    default: true,
    doc: "Send a warning message after drops.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "maxMessageBytes",
    type: "size",
    min: 64,
    max: maxHeld,
    default: 8192,
    doc: "Longest message in bytes (header included); longer ones are cut.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "batchBytes",
    type: "size",
    min: 1,
    max: maxHeld,
    default: 65536,
    doc: "Bytes per socket write.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "reconnectMinMs",
    type: "duration",
    min: 1,
    max: maxTimerMs,
    default: 100,
    doc: "First reconnect delay; doubles per failed attempt, with jitter.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "reconnectMaxMs",
    type: "duration",
    min: 1,
    max: maxTimerMs,
    default: 30_000,
    atLeast: "reconnectMinMs",
    doc: "Longest reconnect delay.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "connectTimeoutMs",
    type: "duration",
    min: 1,
    max: maxTimerMs,
    default: 10_000,
    doc: "A connection attempt (and the RELP handshake) fails after this.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "closeTimeoutMs",
    type: "duration",
    min: 0,
    max: maxTimerMs,
    default: 5000,
    doc: "close() waits at most this long for delivery.",
    flag: {
      name: "close-timeout",
      doc: "how long to wait for delivery at the end of input",
    },
  },
  {
    name: "reportLossOnExit",
    type: "bool",
    default: true,
    doc: "Count anything undelivered as lost when the process ends.",
    flag: { none: "the CLI always reports loss at exit" },
    check: trueUnlessGiven,
  },
  {
    name: "structuredData",
    type: "object",
    doc: "STRUCTURED-DATA added to every message.",
    flag: { none: "an object" },
    config: false,
  },
  {
    name: "onDiagnostic",
    type: "function",
    doc: "Receives diagnostics; defaults to one line on standard error.",
    flag: { none: "a function (the CLI prints diagnostics to stderr)" },
    config: false,
  },
] as const satisfies readonly OptionRow[];

/**
 * The syslog sink's own options (beyond {@linkcode networkOptionTable}).
 * TLS settings are an object in the API and flat keys in a configuration
 * (`tlsCaFile`, `tlsRejectUnauthorized`, `tlsServername`).
 *
 * @example Usage
 * ```ts
 * import { syslogOptionTable } from "./network_option_table.ts";
 *
 * syslogOptionTable.map((row) => row.name); // ["transport", "framing", …]
 * ```
 */
export const syslogOptionTable = [
  {
    name: "transport",
    type: "choice",
    choices: ["tcp", "tls"],
    doc: '"tcp" or "tls" (RFC 5425).',
    flag: { none: "ship's --transport also chooses RELP" },
  },
  {
    name: "framing",
    type: "choice",
    choices: ["octet-counting", "lf"],
    doc: "RFC 6587 octet counting or LF-delimited frames.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "resendWindow",
    type: "int",
    min: 0,
    max: 1_000_000,
    default: 128,
    doc: "After a break, resend at most this many of the last messages.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "resendWindowMs",
    type: "duration",
    min: 0,
    max: maxTimerMs,
    default: 2000,
    doc: "Resend only messages written at most this long before the break.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
  {
    name: "tls",
    type: "object",
    doc:
      'TLS settings (ca, rejectUnauthorized, servername, cert, key); transport "tls" only.',
    flag: { none: "ship has --ca-file, --servername and --insecure" },
    config: false,
    check: tlsOption,
  },
] as const satisfies readonly OptionRow[];

/**
 * The RELP sink's own options (beyond {@linkcode networkOptionTable}).
 *
 * @example Usage
 * ```ts
 * import { relpOptionTable } from "./network_option_table.ts";
 *
 * relpOptionTable[0].default; // 128
 * ```
 */
export const relpOptionTable = [
  {
    name: "windowSize",
    type: "int",
    min: 1,
    max: 1_000_000,
    default: 128,
    doc: "Most messages sent and not yet acknowledged.",
    flag: { none: "rarely tuned: API and configuration only" },
  },
] as const satisfies readonly OptionRow[];
