/**
 * The syslog sink: lines become RFC 5424 messages, sent over TCP with
 * RFC 6587 framing or over TLS as RFC 5425 prescribes.
 *
 * Delivery over TCP and TLS is best effort with a resend window: TCP has
 * no application acknowledgements, so after a broken connection the sink
 * cannot know what the server read. It resends the last `resendWindow`
 * messages written within `resendWindowMs` before the break (so the message
 * that met the broken socket is not lost, but the server may see up to that
 * many duplicates, counted in `stats().resent`), and counts the older
 * messages on the broken connection in `stats().unconfirmed`. For exact
 * delivery use the RELP sink.
 *
 * @module
 */
import {
  choiceOption,
  integerOption,
  maxTimerMs,
  optionsObject,
  rejectUnknownKeys,
} from "../options/validate.ts";
import type { NetTlsOptions } from "../runtime/net_driver.ts";
import type { SyslogFraming } from "../network/syslog_format.ts";
import {
  type NetworkSinkOptions,
  SyslogSink,
} from "../network/network_sink.ts";

/**
 * Options of {@linkcode createSyslogSink}.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({
 *   host: "127.0.0.1",
 *   port: 514,
 *   transport: "tcp",
 *   framing: "octet-counting",
 *   resendWindow: 256,
 *   closeTimeoutMs: 2000,
 * });
 * await sink.close();
 * ```
 */
export interface SyslogSinkOptions extends NetworkSinkOptions {
  /**
   * The port.
   * @default {514 for "tcp", 6514 for "tls"}
   */
  readonly port?: number;
  /**
   * `"tcp"` or `"tls"` (RFC 5425).
   * @default {"tcp"}
   */
  readonly transport?: "tcp" | "tls";
  /**
   * TLS settings (`ca`, `rejectUnauthorized` (default true), `servername`,
   * client `cert`/`key`); only with `transport: "tls"`.
   */
  readonly tls?: NetTlsOptions;
  /**
   * RFC 6587 octet counting (`LEN SP MSG`, required for TLS by RFC 5425)
   * or LF-delimited frames (an LF inside a message is sent as a space).
   * @default {"octet-counting"}
   */
  readonly framing?: SyslogFraming;
  /**
   * After a broken connection, resend at most this many of the last
   * messages (0 turns resending off: then they may be lost instead).
   * @default {128}
   */
  readonly resendWindow?: number;
  /**
   * Resend only messages written at most this long before the break was
   * seen.
   * @default {2000}
   */
  readonly resendWindowMs?: number;
}

const syslogOwnKeys = {
  transport: true,
  tls: true,
  framing: true,
  resendWindow: true,
  resendWindowMs: true,
} as const satisfies {
  readonly [K in Exclude<keyof SyslogSinkOptions, keyof NetworkSinkOptions>]-?:
    true;
};

const networkSinkKeys: {
  readonly [K in keyof NetworkSinkOptions]-?: true;
} = {
  host: true,
  port: true,
  severity: true,
  maxQueuedMessages: true,
  maxQueuedBytes: true,
  overflow: true,
  dropMarker: true,
  maxMessageBytes: true,
  batchBytes: true,
  reconnectMinMs: true,
  reconnectMaxMs: true,
  connectTimeoutMs: true,
  closeTimeoutMs: true,
  reportLossOnExit: true,
  onDiagnostic: true,
  facility: true,
  hostname: true,
  appName: true,
  procId: true,
  msgId: true,
  structuredData: true,
  bom: true,
};

/** Timer options of a network sink (at most 2^31 - 1 ms, or they overflow). */
const networkTimerKeys = [
  "reconnectMinMs",
  "reconnectMaxMs",
  "connectTimeoutMs",
  "closeTimeoutMs",
] as const;

/** Byte and count options of a network sink, held in memory (at most 1 GiB). */
const networkMemoryKeys = [
  "maxQueuedMessages",
  "maxQueuedBytes",
  "maxMessageBytes",
  "batchBytes",
] as const;

/**
 * Checks what every network sink's options share: an object, no unknown
 * key (a `TypeError` suggests the nearest known one), and the upper bounds
 * of the timer and memory options (`RangeError`); the lower bounds and
 * defaults are checked where the values are used.
 *
 * @param subject What is created (`"syslog sink"`).
 * @param options The user's options.
 * @param extraKeys The sink's own keys beyond the shared ones.
 * @returns The options.
 *
 * @example Usage
 * ```ts
 * import { checkNetworkOptions } from "./syslog_sink.ts";
 *
 * checkNetworkOptions("RELP sink", { host: "127.0.0.1", windowSize: 64 }, {
 *   windowSize: true,
 * });
 * ```
 */
export function checkNetworkOptions<T extends NetworkSinkOptions>(
  subject: string,
  options: T,
  extraKeys: Readonly<Record<string, true>>,
): T {
  options = optionsObject(subject, options);
  rejectUnknownKeys(subject, options, { ...networkSinkKeys, ...extraKeys });
  for (const key of networkTimerKeys) {
    integerOption(subject, key, options[key], 0, 0, maxTimerMs);
  }
  for (const key of networkMemoryKeys) {
    integerOption(subject, key, options[key], 0, 0, 1024 * 1024 * 1024);
  }
  return options;
}

/**
 * Creates a sink that ships each line as one RFC 5424 syslog message over
 * TCP or TLS. `write()` is synchronous and never throws for runtime
 * failures; messages queue in a bounded replay queue, go out in batches,
 * and survive reconnects (exponential backoff with jitter).
 *
 * @param options Where and how to send; see {@linkcode SyslogSinkOptions}.
 * @returns The sink.
 * @throws {TypeError | RangeError} For invalid options.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({
 *   host: "logs.example.com",
 *   transport: "tls",
 *   tls: { ca: "-----BEGIN CERTIFICATE-----\n…" },
 *   facility: "local0",
 *   appName: "api",
 *   severity: (line) => line.includes('"level":50') ? "err" : "info",
 * });
 * sink.write('{"level":30,"msg":"started"}\n');
 * await sink.close();
 * ```
 */
export function createSyslogSink(options: SyslogSinkOptions): SyslogSink {
  const subject = "syslog sink";
  options = checkNetworkOptions(subject, options, syslogOwnKeys);
  const transport = choiceOption(subject, "transport", options.transport, [
    "tcp",
    "tls",
  ]);
  const framing = choiceOption(subject, "framing", options.framing, [
    "octet-counting",
    "lf",
  ]);
  if (options.tls !== undefined) {
    if (transport !== "tls") {
      throw new TypeError(
        `Cannot create ${subject} as tls options need transport "tls": current value is "${transport}"`,
      );
    }
    if (typeof options.tls !== "object" || options.tls === null) {
      throw new TypeError(
        `Cannot create ${subject} as tls must be an object: current value is ${
          String(options.tls)
        }`,
      );
    }
  }
  return new SyslogSink(options, {
    wire: "syslog",
    tls: transport === "tls" ? (options.tls ?? {}) : undefined,
    framing,
    resendWindow: integerOption(
      subject,
      "resendWindow",
      options.resendWindow,
      128,
      0,
      1_000_000,
    ),
    resendWindowMs: integerOption(
      subject,
      "resendWindowMs",
      options.resendWindowMs,
      2000,
      0,
      maxTimerMs,
    ),
    windowSize: 0,
    scheme: `syslog+${transport}`,
    subject,
    defaultPort: transport === "tls" ? 6514 : 514,
  });
}
