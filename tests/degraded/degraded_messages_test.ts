// The words of degraded mode: failure and recovery messages, the skipped-lines marker.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  degradedMessage,
  recoveredMessage,
  skippedMarker,
} from "../../src/degraded/_degraded_messages.ts";

test("degradedMessage names the file, cause, start, policy and probe interval", () => {
  const at = Date.parse("2024-01-01T00:00:00Z");
  const cause = Object.assign(new Error("no space left"), { code: "ENOSPC" });
  const fallback = degradedMessage(
    "/logs/app.log",
    cause,
    at,
    { onDiskFull: "fallback", recoveryIntervalMs: 2000 },
    "stdout",
  );
  assert.match(fallback, /^cannot write \/logs\/app\.log \(/);
  assert.match(fallback, /no space left/);
  assert.match(
    fallback,
    /\); from 2024-01-01T00:00:00\.000Z lines go to stdout until it is writable again \(probing every 2000 ms\)$/,
  );
  const drop = degradedMessage(
    "f",
    cause,
    at,
    { onDiskFull: "drop", recoveryIntervalMs: 10 },
    "stdout",
  );
  assert.match(drop, / lines are dropped \(counted\) until /);
  const block = degradedMessage(
    "f",
    cause,
    at,
    { onDiskFull: "block", recoveryIntervalMs: 10 },
    "stdout",
  );
  assert.match(block, / lines are held and retried until /);
});

test("recoveredMessage reports the rounded downtime, reason and diverted lines", () => {
  assert.equal(
    recoveredMessage("/logs/app.log", 1499.6, "ENOSPC", 12, "stderr"),
    "writing to /logs/app.log again after 1500 ms (ENOSPC); 12 lines went to stderr meanwhile",
  );
});

test("skippedMarker is one line naming the count and the fallback", () => {
  assert.equal(
    new TextDecoder().decode(skippedMarker(3, "stdout")),
    "… 3 lines went only to stdout (replay spool full) …\n",
  );
});
