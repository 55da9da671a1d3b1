/**
 * The RELP wire: a RELP session over TCP (rsyslog's Reliable Event Logging
 * Protocol). On each connection it sends the `open` offer and waits for
 * `rsp 200` with `commands=syslog`; each message goes out as a `syslog`
 * command with the next transaction number and stays in flight until the
 * server's `rsp`; at most `windowSize` messages are in flight; after a
 * break everything unacknowledged is resent; shutdown sends `close`.
 *
 * @module
 */
import type { NetTlsOptions } from "../runtime/net_driver.ts";
import {
  encodeRelpFrame,
  nextTxnr,
  parseRelpResponse,
  type RelpFrame,
  relpFrameLength,
  relpOpenOffer,
  RelpParser,
  writeRelpFrame,
} from "./relp_session.ts";
import type { Wire, WireBreak, WireMessage, WireSession } from "./wire.ts";

/**
 * RELP with acknowledgements, a window, and resending of everything
 * unacknowledged after a reconnect.
 *
 * @example Usage
 * ```ts
 * import { RelpWire } from "./relp_wire.ts";
 *
 * const wire = new RelpWire({ windowSize: 2 });
 * const msg = new TextEncoder().encode("<14>1 - - - - - - hi");
 * const batch = wire.encode([{ bytes: msg, attempts: 0, sentAt: 0 }]);
 * new TextDecoder().decode(batch); // "1 syslog 20 <14>1 - - - - - - hi\n"
 * wire.inFlight; // 1
 * wire.room(); // 1
 * ```
 */
export class RelpWire implements Wire {
  /** "relp". */
  readonly scheme = "relp";
  /** "RELP sink". */
  readonly subject = "RELP sink";
  /** 2514. */
  readonly defaultPort = 2514;
  /** Plain TCP. */
  readonly tls: NetTlsOptions | undefined = undefined;
  /** "RELP". */
  readonly protocol = "RELP";
  /** Each message is settled by its `rsp`. */
  readonly acknowledges = true;
  readonly #windowSize: number;
  #parser = new RelpParser();
  #txnr = 0;
  #openTxnr = 0;
  #opening = false;
  #closeTxnr = 0;
  #unacked = new Map<number, WireMessage>();

  /** @param options `windowSize`: most messages in flight (validated by the factory). */
  constructor(options: { readonly windowSize: number }) {
    this.#windowSize = options.windowSize;
  }

  /** Messages sent and not yet acknowledged. */
  get inFlight(): number {
    return this.#unacked.size;
  }

  /** Sends the `open` offer; the session is ready on its `rsp 200`. */
  open(session: WireSession): boolean {
    this.#parser = new RelpParser();
    this.#txnr = 1;
    this.#openTxnr = 1;
    this.#opening = true;
    this.#closeTxnr = 0;
    session.write(
      encodeRelpFrame(1, "open", relpOpenOffer("logrotor,0.1.0,-")),
    );
    return false;
  }

  /** Parses `rsp` frames: the open answer, acks, refusals, `serverclose`. */
  receive(bytes: Uint8Array, session: WireSession): void {
    let frames: RelpFrame[];
    try {
      frames = this.#parser.push(bytes);
    } catch (err) {
      session.fail(err);
      return;
    }
    let progressed = false;
    for (const frame of frames) {
      if (frame.command === "serverclose") {
        if (session.shuttingDown) {
          session.destroy();
          return;
        }
        session.fail(new Error("RELP server closed the session (serverclose)"));
        return;
      }
      if (frame.command !== "rsp") {
        session.fail(
          new Error(`RELP server sent an unexpected "${frame.command}" frame`),
        );
        return;
      }
      const rsp = parseRelpResponse(frame.data);
      if (this.#opening && frame.txnr === this.#openTxnr) {
        const commands = (rsp.offers.get("commands") ?? "").split(",");
        if (rsp.code !== 200 || !commands.includes("syslog")) {
          session.fail(
            new Error(
              `RELP open refused: ${rsp.code} ${rsp.text} (commands=${
                rsp.offers.get("commands") ?? ""
              })`,
            ),
          );
          return;
        }
        this.#opening = false;
        session.ready();
        continue;
      }
      if (frame.txnr === this.#closeTxnr && session.shuttingDown) {
        session.end();
        continue;
      }
      const message = this.#unacked.get(frame.txnr);
      if (message === undefined) {
        session.fail(
          new Error(`RELP server answered unknown txnr ${frame.txnr}`),
        );
        return;
      }
      this.#unacked.delete(frame.txnr);
      progressed = true;
      if (rsp.code === 200) session.acked(message);
      else session.rejected(message, rsp.code, rsp.text);
    }
    if (progressed) session.progressed();
  }

  /** The window left. */
  room(): number {
    return this.#windowSize - this.#unacked.size;
  }

  /** `syslog` commands with the next txnrs; each message waits for its ack. */
  encode(messages: readonly WireMessage[]): Uint8Array {
    const txnrs: number[] = [];
    let total = 0;
    for (const m of messages) {
      this.#txnr = nextTxnr(this.#txnr);
      txnrs.push(this.#txnr);
      total += relpFrameLength(this.#txnr, "syslog", m.bytes.length);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < messages.length; i++) {
      const txnr = txnrs[i]!;
      at = writeRelpFrame(out, at, txnr, "syslog", messages[i]!.bytes);
      this.#unacked.set(txnr, messages[i]!);
    }
    return out;
  }

  /** Everything unacknowledged goes back to the queue. */
  broken(_wasConnected: boolean, _now: number): WireBreak {
    this.#opening = false;
    const resend = [...this.#unacked.values()];
    this.#unacked.clear();
    return {
      resend,
      unconfirmed: 0,
      detail: `${resend.length} unacknowledged message(s) will be resent`,
    };
  }

  /** A RELP close follows the last ack: nothing is unconfirmed. */
  ended(_error: unknown): number {
    return 0;
  }

  /** Sends `close`; the connection ends on its `rsp`. */
  shutdown(session: WireSession): void {
    this.#txnr = nextTxnr(this.#txnr);
    this.#closeTxnr = this.#txnr;
    session.write(encodeRelpFrame(this.#closeTxnr, "close", ""));
  }

  /** Forgets the messages in flight. */
  discard(): number {
    let real = 0;
    for (const m of this.#unacked.values()) if (!m.marker) real++;
    this.#unacked.clear();
    return real;
  }
}
