/**
 * The syslog sink: lines become RFC 5424 messages, sent over TCP with
 * RFC 6587 framing, over TLS as RFC 5425 prescribes, or over a Unix stream
 * socket (`path`, e.g. rsyslog's `imptcp` with `path=`) with the same
 * framing.
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
import { keysOf, resolveOptions } from "../options/option_table.ts";
import type { EveryKeyHasARow } from "../options/option_row.ts";
import { syslogOptionTable } from "../network/network_option_table.ts";
import type { NetTlsOptions } from "../runtime/net_driver.ts";
import type { SyslogFraming } from "../network/syslog_framing.ts";
import {
  checkNetworkOptions,
  type NetworkSinkOptions,
} from "../network/network_options.ts";
import { NetworkSink } from "../network/network_sink.ts";
import { SyslogWire } from "../network/syslog_wire.ts";

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

const syslogOwnKeys = keysOf(syslogOptionTable);

// Every own option has a row (a missing one fails to type-check here).
const _covered: EveryKeyHasARow<
  Exclude<keyof SyslogSinkOptions, keyof NetworkSinkOptions>,
  typeof syslogOptionTable
> = true;
void _covered;

/**
 * Creates a sink that ships each line as one RFC 5424 syslog message over
 * TCP, TLS or a Unix stream socket (`{ path: "/run/rsyslog/app.sock" }`).
 * `write()` is synchronous and never throws for runtime failures; messages queue in a bounded replay queue, go out in batches,
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
export function createSyslogSink(options: SyslogSinkOptions): NetworkSink {
  const subject = "syslog sink";
  options = checkNetworkOptions(subject, options, syslogOwnKeys);
  const own = resolveOptions(subject, syslogOptionTable, options);
  const transport = own.transport as "tcp" | "tls";
  if (options.path !== undefined && transport === "tls") {
    throw new TypeError(
      `Cannot create ${subject} as TLS needs a TCP host, not a Unix socket path: current value is ${
        JSON.stringify({ path: options.path, transport })
      }`,
    );
  }
  const tls = transport === "tls" ? (options.tls ?? {}) : undefined;
  return new NetworkSink(
    options,
    new SyslogWire({
      transport: options.path !== undefined ? "unix" : transport,
      ...(tls === undefined ? {} : { tls }),
      framing: own.framing as SyslogFraming,
      resendWindow: own.resendWindow as number,
      resendWindowMs: own.resendWindowMs as number,
    }),
  );
}
