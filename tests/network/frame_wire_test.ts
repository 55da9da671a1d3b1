import assert from "node:assert/strict";
import { test } from "node:test";
import { FrameWire, writeFrameLength } from "../../src/network/frame_wire.ts";
import type { WireMessage } from "../../src/network/wire.ts";

const msg = (n: number, sentAt = 0): WireMessage => ({
  bytes: new Uint8Array(n).fill(0x61),
  attempts: 0,
  sentAt,
});

test("frame wire: each message is a 4-byte big-endian length and its bytes", () => {
  const out = new Uint8Array(8);
  writeFrameLength(out, 4, 0x01020304);
  assert.deepEqual([...out], [0, 0, 0, 0, 1, 2, 3, 4]);
  const wire = new FrameWire({
    transport: "tcp",
    resendWindow: 4,
    resendWindowMs: 1000,
  });
  const batch = wire.encode([msg(1), msg(300)]);
  assert.equal(batch.length, 4 + 1 + 4 + 300);
  assert.deepEqual([...batch.subarray(0, 5)], [0, 0, 0, 1, 0x61]);
  assert.deepEqual([...batch.subarray(5, 9)], [0, 0, 1, 44]);
  assert.equal(wire.scheme, "msgpack+tcp");
  assert.equal(wire.defaultPort, 9020);
  assert.equal(
    new FrameWire({ ...wireOpts, transport: "unix" }).scheme,
    "msgpack+unix",
  );
  assert.deepEqual(new FrameWire({ ...wireOpts, transport: "tls" }).tls, {});
});

const wireOpts = {
  transport: "tcp",
  resendWindow: 2,
  resendWindowMs: 100,
} as const;

test("frame wire: after a break the last frames within the window are resent, older ones unconfirmed", () => {
  const wire = new FrameWire(wireOpts);
  const m = [msg(1, 0), msg(2, 950), msg(3, 990), msg(4, 1000)];
  wire.encode(m);
  const lost = wire.broken(true, 1040);
  // resendWindow 2 → the last two; both are within 100 ms of the break.
  assert.deepEqual(lost.resend, [m[2], m[3]]);
  assert.equal(lost.unconfirmed, 2);
  assert.deepEqual(wire.broken(false, 2000).resend, []);
  wire.encode([msg(1, 0)]);
  assert.deepEqual(wire.broken(true, 5000).resend, [], "too old to resend");
});
