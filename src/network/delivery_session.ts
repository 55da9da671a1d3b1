/**
 * The {@linkcode WireSession} a {@linkcode Delivery} offers its wire: the
 * wire writes to, ends or drops the current connection, says when its
 * handshake ended or failed, and reports acknowledgements and refusals,
 * which are counted and settled here.
 *
 * @module
 */
import type { NetConnection } from "../runtime/net_driver.ts";
import type { NetworkLedger } from "./network_ledger.ts";
import type { WireMessage, WireSession } from "./wire.ts";

/** What a session acts on: the delivery's side of it. */
export interface DeliverySessionHost {
  /** The current connection, or `undefined`. */
  readonly conn: NetConnection | undefined;
  /** The session is established. */
  ready(): void;
  /** A protocol failure: drop the connection. */
  fail(error: unknown): void;
  /** Acknowledgements made room: send more. */
  progressed(): void;
  /** Whether the delivery has begun its own shutdown of this connection. */
  shuttingDown(): boolean;
}

/**
 * Makes the session face of a delivery (once per delivery, not per message).
 *
 * @param host The delivery's side.
 * @param ledger Counts acknowledgements and refusals.
 * @param protocol The protocol name, for a refusal's diagnostic.
 * @param onSettled Called for each acknowledged or refused message.
 * @returns The session.
 *
 * @example Usage
 * ```ts
 * import { createDeliverySession } from "./delivery_session.ts";
 * import { NetworkLedger } from "./network_ledger.ts";
 *
 * const ledger = new NetworkLedger("relp://127.0.0.1:2514", () => {}, Date.now);
 * const session = createDeliverySession({
 *   conn: undefined,
 *   ready: () => {},
 *   fail: () => {},
 *   progressed: () => {},
 *   shuttingDown: () => false,
 * }, ledger, "RELP", undefined);
 * session.acked({ bytes: new Uint8Array(1), attempts: 1, sentAt: 0 });
 * ledger.acked; // 1
 * ```
 */
export function createDeliverySession(
  host: DeliverySessionHost,
  ledger: NetworkLedger,
  protocol: string,
  onSettled: ((message: WireMessage) => void) | undefined,
): WireSession {
  return {
    write: (bytes) => host.conn!.write(bytes),
    end: () => host.conn?.end(),
    destroy: () => host.conn?.destroy(),
    ready: () => host.ready(),
    fail: (error) => host.fail(error),
    acked: (message) => {
      if (!message.marker) ledger.acked++;
      onSettled?.(message);
    },
    rejected: (message, code, text) => {
      onSettled?.(message);
      if (!message.marker) ledger.countRejected(protocol, code, text);
    },
    progressed: () => host.progressed(),
    get shuttingDown() {
      return host.shuttingDown();
    },
  };
}
