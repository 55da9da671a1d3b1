import assert from "node:assert/strict";
import { test } from "node:test";
import { UnackedStreamWire } from "../../src/network/_unacked_stream.ts";
import type { WireMessage, WireSession } from "../../src/network/wire.ts";

class RawWire extends UnackedStreamWire {
  readonly scheme = "raw+tcp";
  readonly subject = "raw sink";
  readonly defaultPort = 9000;
  readonly tls = undefined;
  readonly protocol = "raw";
  framed = 0;
  protected frame(messages: readonly WireMessage[]): Uint8Array {
    this.framed += messages.length;
    return Uint8Array.of(messages.length);
  }
}

const msg = (sentAt: number, marker = false): WireMessage => ({
  bytes: Uint8Array.of(1),
  attempts: 0,
  sentAt,
  marker,
});

test("unacked stream: encode frames through the subclass; no acks, unlimited room", () => {
  const wire = new RawWire(
    { resendWindow: 2, resendWindowMs: 100 },
    "item",
    "",
  );
  assert.deepEqual([...wire.encode([msg(0), msg(0)])], [2]);
  assert.equal(wire.framed, 2);
  assert.equal(wire.inFlight, 0);
  assert.equal(wire.room(), Number.POSITIVE_INFINITY);
  assert.equal(wire.discard(), 0);
});

test("unacked stream: a break resends the recent window, skips markers and old ones, counts the rest", () => {
  const wire = new RawWire(
    { resendWindow: 3, resendWindowMs: 100 },
    "item",
    " here",
  );
  const m = [msg(0), msg(950), msg(990, true), msg(1000)];
  wire.encode(m);
  const lost = wire.broken(true, 1040);
  assert.deepEqual(lost.resend, [m[1], m[3]]);
  assert.equal(lost.unconfirmed, 2);
  assert.equal(
    lost.detail,
    "the last 2 item(s) will be resent (possible duplicates); 2 earlier one(s) on this connection cannot be confirmed here",
  );
  assert.deepEqual(wire.broken(false, 2000), {
    resend: [],
    unconfirmed: 0,
    detail: "",
  });
});

test("unacked stream: open resets the window; a failed close leaves the connection's messages unconfirmed", () => {
  const wire = new RawWire({ resendWindow: 0, resendWindowMs: 0 }, "item", "");
  wire.encode([msg(0), msg(0)]);
  assert.equal(wire.ended(undefined), 0);
  assert.equal(wire.ended(new Error("x")), 2);
  let ended = 0;
  const session = { end: () => ended++ } as unknown as WireSession;
  assert.equal(wire.open(session), true);
  assert.equal(wire.ended(new Error("x")), 0);
  wire.shutdown(session);
  assert.equal(ended, 1);
});
