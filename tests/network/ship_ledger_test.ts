import assert from "node:assert/strict";
import { test } from "node:test";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { ShipLedger } from "../../src/network/ship_ledger.ts";

test("ship ledger: a failure is counted, recorded and reported about the shipped file", () => {
  const seen: Diagnostic[] = [];
  const ledger = new ShipLedger(
    "/var/log/app.log",
    (d) => seen.push(d),
    () => 42,
  );
  ledger.fail(new Error("disk full"));
  ledger.fail(new Error("gone"), "cannot read x; skipped");
  assert.equal(ledger.errors, 2);
  assert.match(ledger.lastError!, /^cannot read x; skipped: .*gone$/);
  assert.equal(seen[0]!.kind, "error");
  assert.equal(seen[0]!.target, "/var/log/app.log");
  assert.match(seen[0]!.message, /^shipping failed: .*disk full$/);
  assert.equal(seen[0]!.time, 42);
  ledger.report("dropped", "cursor file gone");
  assert.equal(seen[2]!.kind, "dropped");
  assert.equal(seen[2]!.error, undefined);
  assert.equal(ledger.shippedLines + ledger.ackedLines + ledger.replayed, 0);
});
