import assert from "node:assert/strict";
import { test } from "node:test";
import { SyslogWire } from "../../src/network/syslog_wire.ts";
import type { WireMessage, WireSession } from "../../src/network/wire.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function msg(text: string, sentAt = 0, marker = false): WireMessage {
  return { bytes: enc.encode(text), attempts: 0, sentAt, marker };
}

function session(log: string[]): WireSession {
  return {
    write: (bytes) => (log.push(`write ${dec.decode(bytes)}`), true),
    end: () => log.push("end"),
    destroy: () => log.push("destroy"),
    ready: () => log.push("ready"),
    fail: (error) => log.push(`fail ${String(error)}`),
    acked: () => log.push("acked"),
    rejected: () => log.push("rejected"),
    progressed: () => log.push("progressed"),
    shuttingDown: false,
  };
}

test("syslog wire: endpoint settings for TCP and TLS", () => {
  const [tcp, tls] = (["tcp", "tls"] as const).map((transport) =>
    new SyslogWire({
      transport,
      framing: "octet-counting",
      resendWindow: 1,
      resendWindowMs: 1,
    })
  );
  assert.equal(tcp!.scheme, "syslog+tcp");
  assert.equal(tcp!.defaultPort, 514);
  assert.equal(tcp!.tls, undefined);
  assert.equal(tls!.scheme, "syslog+tls");
  assert.equal(tls!.defaultPort, 6514);
  assert.deepEqual(tls!.tls, {});
});

test("syslog wire: no handshake, no acks, batches are octet-counted or LF-framed", () => {
  const log: string[] = [];
  const oc = new SyslogWire({
    transport: "tcp",
    framing: "octet-counting",
    resendWindow: 8,
    resendWindowMs: 1000,
  });
  assert.equal(oc.open(session(log)), true);
  oc.receive(enc.encode("anything"), session(log));
  assert.deepEqual(log, []);
  assert.equal(oc.room(), Number.POSITIVE_INFINITY);
  assert.equal(
    dec.decode(oc.encode([msg("<14>1 - - - - - - hi"), msg("ü")])),
    "20 <14>1 - - - - - - hi2 ü",
  );
  assert.equal(oc.inFlight, 0);
  assert.equal(oc.discard(), 0);
  const lf = new SyslogWire({
    transport: "tcp",
    framing: "lf",
    resendWindow: 0,
    resendWindowMs: 0,
  });
  assert.equal(dec.decode(lf.encode([msg("a\nb"), msg("c")])), "a b\nc\n");
  lf.shutdown(session(log));
  assert.deepEqual(log, ["end"]);
});

test("syslog wire: after a break the recent window is resent, older messages unconfirmed", () => {
  const wire = new SyslogWire({
    transport: "tcp",
    framing: "octet-counting",
    resendWindow: 2,
    resendWindowMs: 100,
  });
  wire.open(session([]));
  const sent = [msg("m0", 0), msg("m1", 950), msg("marker", 960, true)];
  const last = [msg("m3", 970), msg("m4", 990)];
  wire.encode(sent);
  wire.encode(last);
  const result = wire.broken(true, 1000);
  // The window holds the last 2; the marker is never resent.
  assert.deepEqual(result.resend.map((m) => dec.decode(m.bytes)), ["m3", "m4"]);
  assert.equal(result.unconfirmed, 3);
  assert.match(result.detail, /the last 2 message\(s\) will be resent/);
  // Too old for resendWindowMs: unconfirmed instead.
  wire.open(session([]));
  wire.encode([msg("old", 0)]);
  const late = wire.broken(true, 1000);
  assert.deepEqual(late.resend, []);
  assert.equal(late.unconfirmed, 1);
  // A connection that never opened has nothing to resend.
  assert.deepEqual(wire.broken(false, 1000), {
    resend: [],
    unconfirmed: 0,
    detail: "",
  });
  // A failed orderly close leaves this connection's messages unconfirmed.
  wire.open(session([]));
  wire.encode([msg("a"), msg("b")]);
  assert.equal(wire.ended(undefined), 0);
  assert.equal(wire.ended(new Error("reset")), 2);
});
