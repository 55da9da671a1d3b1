import assert from "node:assert/strict";
import process from "node:process";
import { test } from "node:test";
import { forwardSignals } from "../../src/runtime/forward_signals.ts";
import {
  type ChildProcessHandle,
  spawnProcess,
} from "../../src/runtime/spawn_process.ts";

/** Starts `sh -c script` and waits for its first line, "ready". */
async function startReady(script: string): Promise<ChildProcessHandle> {
  const child = await spawnProcess("sh", [
    "-c",
    `${script}; echo ready; ${"while :; do sleep 0.05; done"}`,
  ]);
  const reader = child.stdout.getReader();
  let out = "";
  while (!out.includes("ready\n")) {
    const { value, done } = await reader.read();
    assert.ok(!done, out);
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return child;
}

async function release(child: ChildProcessHandle): Promise<void> {
  await child.stdout.cancel();
  await child.stderr.cancel();
}

test("forwardSignals() passes a SIGHUP sent to this process on to the child, and never escalates it", async () => {
  const child = await startReady("trap 'exit 3' HUP");
  const kills: string[] = [];
  const stop = forwardSignals(child, {
    killAfterMs: 1,
    onKill: (signal) => kills.push(signal),
  });
  try {
    process.kill(process.pid, "SIGHUP");
    assert.deepEqual(await child.exited, { code: 3, signal: null });
    assert.deepEqual(kills, []);
  } finally {
    stop();
    child.kill("SIGKILL");
    await release(child);
  }
});

test("forwardSignals() sends SIGKILL killAfterMs after a SIGTERM the child ignores, and says so", async () => {
  const child = await startReady("trap '' TERM");
  let told: (signal: string) => void = () => {};
  const onKill = new Promise<string>((resolve) => told = resolve);
  const stop = forwardSignals(child, { killAfterMs: 50, onKill: told });
  try {
    process.kill(process.pid, "SIGTERM");
    assert.deepEqual(await child.exited, { code: null, signal: "SIGKILL" });
    assert.equal(await onKill, "SIGTERM");
  } finally {
    stop();
    await release(child);
  }
});

test("forwardSignals() stops forwarding when its stop function is called", async () => {
  const child = await startReady("true");
  const before = ["SIGTERM", "SIGINT", "SIGHUP"].map((signal) =>
    process.listenerCount(signal)
  );
  const stop = forwardSignals(child, { killAfterMs: 10_000 });
  try {
    assert.deepEqual(
      ["SIGTERM", "SIGINT", "SIGHUP"].map((s) => process.listenerCount(s)),
      before.map((n) => n + 1),
    );
  } finally {
    stop();
  }
  assert.deepEqual(
    ["SIGTERM", "SIGINT", "SIGHUP"].map((s) => process.listenerCount(s)),
    before,
  );
  child.kill("SIGKILL");
  await child.exited;
  await release(child);
});
