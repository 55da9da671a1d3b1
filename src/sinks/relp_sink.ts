/**
 * The RELP sink: RFC 5424 messages over RELP (rsyslog's Reliable Event
 * Logging Protocol), with acknowledgements.
 *
 * Delivery is at-least-once: every message stays in memory until the
 * server acknowledges it with `rsp 200`; after a broken connection all
 * unacknowledged messages are resent on the new session (in order, counted
 * in `stats().resent`). A message can arrive twice only when the server
 * stored it but its acknowledgement was lost with the connection. An ack
 * means rsyslog accepted the message into its queue, not that it reached
 * disk. Loss happens only through the explicit, counted paths: the bounded
 * queue's overflow policy (`stats().dropped`), a refusal by the server
 * (`stats().rejected`), and `close()` timing out or the process ending
 * first (`stats().lost`).
 *
 * @module
 */
import { keysOf, resolveOptions } from "../options/option_table.ts";
import { relpOptionTable } from "../network/network_option_table.ts";
import {
  checkNetworkOptions,
  type NetworkSinkOptions,
} from "../network/network_options.ts";
import { NetworkSink } from "../network/network_sink.ts";
import { RelpWire } from "../network/relp_wire.ts";

/**
 * Options of {@linkcode createRelpSink}.
 *
 * @example Usage
 * ```ts
 * import { createRelpSink } from "logrotor";
 *
 * const sink = createRelpSink({ host: "127.0.0.1", port: 2514, windowSize: 256 });
 * sink.write("audit: user 42 logged in\n");
 * await sink.close();
 * ```
 */
export interface RelpSinkOptions extends NetworkSinkOptions {
  /**
   * The port.
   * @default {2514}
   */
  readonly port?: number;
  /**
   * Most messages sent and not yet acknowledged.
   * @default {128}
   */
  readonly windowSize?: number;
}

/**
 * A RELP sink is a {@linkcode NetworkSink} speaking RELP.
 *
 * @example Usage
 * ```ts
 * import { createRelpSink } from "logrotor";
 *
 * const sink = createRelpSink({ host: "127.0.0.1", port: 2514, windowSize: 256 });
 * sink.write("audit: user 42 logged in\n");
 * await sink.close();
 * ```
 */
export type RelpSink = NetworkSink;

/**
 * Creates a sink that ships each line as one RFC 5424 message over RELP:
 * `open` handshake (`relp_version=0`, `commands=syslog`), `syslog`
 * commands with increasing transaction numbers, a window of unacknowledged
 * messages, `close` on shutdown, and resending of everything
 * unacknowledged after a reconnect.
 *
 * @param options Where and how to send; see {@linkcode RelpSinkOptions}.
 * @returns The sink.
 * @throws {TypeError | RangeError} For invalid options.
 *
 * @example Usage
 * ```ts
 * import { createRelpSink } from "logrotor";
 *
 * const sink = createRelpSink({ host: "127.0.0.1", port: 2514, appName: "api" });
 * sink.write("payment accepted\n");
 * await sink.close(); // resolves once the server acknowledged everything
 * sink.stats().acked; // 1
 * ```
 */
export function createRelpSink(options: RelpSinkOptions): RelpSink {
  const subject = "RELP sink";
  options = checkNetworkOptions(subject, options, keysOf(relpOptionTable));
  const { windowSize } = resolveOptions(subject, relpOptionTable, options) as {
    windowSize: number;
  };
  return new NetworkSink(options, new RelpWire({ windowSize }));
}
