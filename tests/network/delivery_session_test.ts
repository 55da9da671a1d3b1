import assert from "node:assert/strict";
import { test } from "node:test";
import { createDeliverySession } from "../../src/network/delivery_session.ts";
import { NetworkLedger } from "../../src/network/network_ledger.ts";
import type { WireMessage } from "../../src/network/wire.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";

const msg = (marker = false): WireMessage => ({
  bytes: Uint8Array.of(1),
  attempts: 1,
  sentAt: 0,
  marker,
});

test("delivery session: acks and refusals are counted (not for markers) and settled", () => {
  const seen: Diagnostic[] = [];
  const ledger = new NetworkLedger("relp://h:1", (d) => seen.push(d), () => 0);
  const settled: WireMessage[] = [];
  const session = createDeliverySession(
    {
      conn: undefined,
      ready: () => {},
      fail: () => {},
      progressed: () => {},
      shuttingDown: () => false,
    },
    ledger,
    "RELP",
    (m) => settled.push(m),
  );
  const a = msg();
  session.acked(a);
  session.acked(msg(true));
  assert.equal(ledger.acked, 1);
  session.rejected(msg(), 500, "no");
  session.rejected(msg(true), 500, "no");
  assert.equal(ledger.rejected, 1);
  assert.equal(settled.length, 4);
  assert.equal(settled[0], a);
  assert.equal(seen.length, 1);
  assert.match(seen[0]!.message, /RELP server refused a message \(500 no\)/);
});

test("delivery session: connection calls go to the host's current connection", () => {
  const log: string[] = [];
  let shutting = false;
  const host = {
    conn: {
      write: () => (log.push("write"), true),
      end: () => log.push("end"),
      destroy: () => log.push("destroy"),
      ref: () => {},
      unref: () => {},
      describeTls: () => undefined,
    },
    ready: () => log.push("ready"),
    fail: () => log.push("fail"),
    progressed: () => log.push("progressed"),
    shuttingDown: () => shutting,
  };
  const ledger = new NetworkLedger("relp://h:1", () => {}, () => 0);
  const session = createDeliverySession(host, ledger, "RELP", undefined);
  session.write(Uint8Array.of(1));
  session.end();
  session.destroy();
  session.ready();
  session.fail(new Error("x"));
  session.progressed();
  assert.deepEqual(log, [
    "write",
    "end",
    "destroy",
    "ready",
    "fail",
    "progressed",
  ]);
  assert.equal(session.shuttingDown, false);
  shutting = true;
  assert.equal(session.shuttingDown, true);
});
