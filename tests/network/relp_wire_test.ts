import assert from "node:assert/strict";
import { test } from "node:test";
import { RelpWire } from "../../src/network/relp_wire.ts";
import { encodeRelpFrame } from "../../src/network/relp_session.ts";
import type { WireMessage, WireSession } from "../../src/network/wire.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function msg(text: string, marker = false): WireMessage {
  return { bytes: enc.encode(text), attempts: 0, sentAt: 0, marker };
}

function session(log: string[], shuttingDown = false): WireSession {
  return {
    write: (bytes) => (log.push(`write ${dec.decode(bytes)}`), true),
    end: () => log.push("end"),
    destroy: () => log.push("destroy"),
    ready: () => log.push("ready"),
    fail: (error) => log.push(`fail ${(error as Error).message}`),
    acked: (m) => log.push(`acked ${dec.decode(m.bytes)}`),
    rejected: (m, code, text) =>
      log.push(`rejected ${dec.decode(m.bytes)} ${code} ${text}`),
    progressed: () => log.push("progressed"),
    shuttingDown,
  };
}

/** Server frames as bytes: [txnr, command, data]. */
function server(...frames: Array<[number, string, string]>): Uint8Array {
  const parts = frames.map(([t, c, d]) => encodeRelpFrame(t, c, d));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) at = (out.set(p, at), at + p.length);
  return out;
}

const openOk = server([
  1,
  "rsp",
  "200 OK\nrelp_version=0\nrelp_software=x\ncommands=syslog",
]);

test("RELP wire: open offer, ready on rsp 200 with commands=syslog", () => {
  const log: string[] = [];
  const wire = new RelpWire({ windowSize: 4 });
  assert.equal(wire.scheme, "relp");
  assert.equal(wire.defaultPort, 2514);
  assert.equal(wire.open(session(log)), false);
  assert.deepEqual(log, [
    "write 1 open 61 relp_version=0\nrelp_software=logrotor,0.1.0,-\ncommands=syslog\n",
  ]);
  log.length = 0;
  // The answer may arrive split anywhere.
  wire.receive(openOk.subarray(0, 9), session(log));
  assert.deepEqual(log, []);
  wire.receive(openOk.subarray(9), session(log));
  assert.deepEqual(log, ["ready"]);
});

test("RELP wire: an open without syslog is refused", () => {
  const log: string[] = [];
  const wire = new RelpWire({ windowSize: 4 });
  wire.open(session(log));
  log.length = 0;
  wire.receive(server([1, "rsp", "200 OK\ncommands=other"]), session(log));
  assert.deepEqual(log, ["fail RELP open refused: 200 OK (commands=other)"]);
});

test("RELP wire: txnrs, window, acks, refusals, unknown txnr", () => {
  const log: string[] = [];
  const wire = new RelpWire({ windowSize: 3 });
  wire.open(session(log));
  wire.receive(openOk, session(log));
  log.length = 0;
  const batch = wire.encode([msg("a"), msg("bb")]);
  assert.equal(dec.decode(batch), "2 syslog 1 a\n3 syslog 2 bb\n");
  assert.equal(wire.inFlight, 2);
  assert.equal(wire.room(), 1);
  wire.receive(
    server([2, "rsp", "200 OK"], [3, "rsp", "500 full"]),
    session(log),
  );
  assert.deepEqual(log, ["acked a", "rejected bb 500 full", "progressed"]);
  assert.equal(wire.inFlight, 0);
  assert.equal(wire.room(), 3);
  log.length = 0;
  wire.receive(server([9, "rsp", "200 OK"]), session(log));
  assert.deepEqual(log, ["fail RELP server answered unknown txnr 9"]);
  log.length = 0;
  wire.receive(enc.encode("x"), session(log));
  assert.equal(log.length, 1);
  assert.match(log[0]!, /^fail /);
});

test("RELP wire: a break resends everything unacknowledged; discard counts real messages", () => {
  const wire = new RelpWire({ windowSize: 10 });
  wire.open(session([]));
  wire.encode([msg("a"), msg("marker", true), msg("c")]);
  const result = wire.broken(true, 0);
  assert.deepEqual(result.resend.map((m) => dec.decode(m.bytes)), [
    "a",
    "marker",
    "c",
  ]);
  assert.equal(result.unconfirmed, 0);
  assert.equal(result.detail, "3 unacknowledged message(s) will be resent");
  assert.equal(wire.inFlight, 0);
  wire.encode([msg("a"), msg("marker", true), msg("c")]);
  assert.equal(wire.discard(), 2);
  assert.equal(wire.inFlight, 0);
  assert.equal(wire.ended(new Error("x")), 0);
});

test("RELP wire: shutdown sends close; its rsp ends the connection, serverclose destroys it", () => {
  const log: string[] = [];
  const wire = new RelpWire({ windowSize: 10 });
  wire.open(session(log));
  wire.receive(openOk, session(log));
  wire.encode([msg("a")]);
  wire.receive(server([2, "rsp", "200 OK"]), session(log));
  log.length = 0;
  wire.shutdown(session(log, true));
  assert.deepEqual(log, ["write 3 close 0\n"]);
  log.length = 0;
  wire.receive(
    server([3, "rsp", ""], [0, "serverclose", ""]),
    session(log, true),
  );
  assert.deepEqual(log, ["end", "destroy"]);
  log.length = 0;
  wire.receive(server([0, "serverclose", ""]), session(log));
  assert.deepEqual(log, ["fail RELP server closed the session (serverclose)"]);
});
