import assert from "node:assert/strict";
import { test } from "node:test";
import { RelpWire } from "../../src/network/relp_wire.ts";
import { SyslogWire } from "../../src/network/syslog_wire.ts";
import type { Wire } from "../../src/network/wire.ts";

test("wire: both protocols fill the Wire contract with their endpoint facts", () => {
  const wires: Wire[] = [
    new SyslogWire({
      transport: "tls",
      tls: { rejectUnauthorized: false },
      framing: "octet-counting",
      resendWindow: 4,
      resendWindowMs: 10,
    }),
    new RelpWire({ windowSize: 4 }),
  ];
  assert.deepEqual(
    wires.map((w) => [w.scheme, w.subject, w.defaultPort, w.protocol, w.tls]),
    [
      ["syslog+tls", "syslog sink", 6514, "syslog", {
        rejectUnauthorized: false,
      }],
      ["relp", "RELP sink", 2514, "RELP", undefined],
    ],
  );
  // Nothing in flight before anything was sent.
  for (const w of wires) {
    assert.equal(w.inFlight, 0);
    assert.equal(w.discard(), 0);
  }
});
