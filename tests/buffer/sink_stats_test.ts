import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeStatus, type SinkStats } from "../../src/buffer/sink_stats.ts";
import type { SinkStatus } from "../../src/buffer/sink_status.ts";

const stats: SinkStats = {
  bytesWritten: 100,
  linesAccepted: 10,
  writes: 10,
  flushes: 2,
  droppedLines: 3,
  droppedBytes: 30,
  splitLines: 0,
  errors: 2,
  lastError: "EIO: sink",
  lastErrorTime: 2000,
  pendingBytes: 7,
};

test("mergeStatus() without a target status: the sink's own health", () => {
  const ok = mergeStatus("/app.log", false, stats, undefined);
  assert.equal(ok.state, "ok");
  assert.equal(ok.path, "/app.log");
  assert.equal(ok.primaryPath, "/app.log");
  assert.equal(ok.shared, false);
  assert.equal(ok.errors, 2);
  assert.equal(ok.lastError, "EIO: sink");
  assert.equal(ok.droppedLines, 3);
  assert.equal(ok.pendingBytes, 7);
  assert.equal(ok.degradedEpisodes, 0);
  assert.equal(
    mergeStatus("/app.log", true, stats, undefined).state,
    "degraded",
  );
});

test("mergeStatus() folds the sink's drops and held bytes into the target's, and keeps the newer error", () => {
  const target: SinkStatus = {
    ...mergeStatus("/app.log", false, stats, undefined),
    state: "variant",
    path: "/app.001.log",
    errors: 5,
    lastError: "EACCES: target",
    lastErrorTime: 1000,
    droppedLines: 1,
    droppedBytes: 10,
    pendingBytes: 4,
    fallbackLines: 9,
  };
  const merged = mergeStatus("/app.log", true, stats, target);
  assert.equal(merged.state, "variant", "the target's state wins");
  assert.equal(merged.path, "/app.001.log");
  assert.equal(merged.errors, 5, "the larger error count");
  assert.equal(merged.lastError, "EIO: sink", "the sink's error is newer");
  assert.equal(merged.lastErrorTime, 2000);
  assert.equal(merged.droppedLines, 4);
  assert.equal(merged.droppedBytes, 40);
  assert.equal(merged.pendingBytes, 11);
  assert.equal(merged.fallbackLines, 9);
  const newer = mergeStatus("/app.log", false, stats, {
    ...target,
    lastErrorTime: 2000,
  });
  assert.equal(newer.lastError, "EACCES: target", "a tie goes to the target");
});
