import assert from "node:assert/strict";
import { test } from "node:test";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { NetworkLedger } from "../../src/network/network_ledger.ts";

test("network ledger: drops are counted, reported once per outage, and in stats()", () => {
  const seen: Diagnostic[] = [];
  let now = 1000;
  const ledger = new NetworkLedger(
    "relp://h:1",
    (d) => seen.push(d),
    () => now,
  );
  ledger.countDrops(2, 20, 5, 50);
  ledger.countDrops(1, 10, 5, 50);
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0], {
    kind: "dropped",
    target: "relp://h:1",
    message:
      "queue full (5 messages, 50 bytes): dropping messages; counted in stats().dropped",
    time: 1000,
  });
  assert.equal(ledger.unreportedDrops, 3);
  assert.equal(ledger.episodeDrops, 3);
  now = 2000;
  ledger.setError("boom");
  ledger.written = 7;
  const stats = ledger.stats(5, 2);
  assert.equal(stats.dropped, 3);
  assert.equal(stats.droppedBytes, 30);
  assert.equal(stats.queued, 5);
  assert.equal(stats.unacked, 2);
  assert.equal(stats.written, 7);
  assert.equal(stats.lastError, "boom");
  assert.equal(stats.lastErrorTime, 2000);
  const error = new Error("x");
  ledger.report("error", "m", error);
  assert.equal(seen[1]!.error, error);
});

test("network ledger: a refused message is counted, recorded and reported; a drop notice takes the unreported drops", () => {
  const seen: string[] = [];
  const ledger = new NetworkLedger(
    "relp://h:1",
    (d) => seen.push(d.message),
    () => 0,
  );
  ledger.countRejected("RELP", 500, "bad");
  assert.equal(ledger.rejected, 1);
  assert.match(
    seen[0]!,
    /RELP server refused a message \(500 bad\); not retried/,
  );
  ledger.countDrops(3, 30, 0, 0);
  assert.equal(
    ledger.takeDropNotice(),
    "logrotor: 3 message(s) dropped (queue full) before this one; see stats().dropped",
  );
  assert.equal(ledger.unreportedDrops, 0);
});
