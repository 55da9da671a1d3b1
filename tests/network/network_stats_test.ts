import assert from "node:assert/strict";
import { test } from "node:test";
import { createRelpSink } from "../../mod.ts";
import type {
  NetworkSinkStats,
  NetworkSinkStatus,
} from "../../src/network/network_stats.ts";

test("network stats: a fresh sink is idle with every counter at zero", async () => {
  // Nothing is written, so no connection is ever attempted.
  const sink = createRelpSink({ host: "127.0.0.1", port: 1 });
  const stats: NetworkSinkStats = sink.stats();
  const status: NetworkSinkStatus = sink.status();
  await sink.close();
  assert.deepEqual(stats, {
    written: 0,
    sent: 0,
    resent: 0,
    acked: 0,
    rejected: 0,
    queued: 0,
    unacked: 0,
    dropped: 0,
    droppedBytes: 0,
    lost: 0,
    unconfirmed: 0,
    truncated: 0,
    oversized: 0,
    reconnects: 0,
    errors: 0,
    bytesSent: 0,
    lastError: undefined,
    lastErrorTime: undefined,
  });
  assert.deepEqual(status, {
    state: "idle",
    endpoint: "relp://127.0.0.1:1",
    connected: false,
    downSince: undefined,
    failedAttempts: 0,
    pending: 0,
    dropped: 0,
    lastError: undefined,
  });
  assert.equal(sink.status().state, "closed");
});
