// A permission the runtime denied (Deno's `NotCapable`) is never granted
// while the process runs: the waiting overflow policies ("block",
// "timeout") and close() do not wait for it, and the lines they drop are
// counted. Here a target throws Deno's error itself, so this runs on all
// three runtimes; tests/sinks/deno_permissions_test.ts has Deno's real
// denial in a child process.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Diagnostic } from "../../mod.ts";
import {
  BufferedSink,
  type OverflowPolicy,
  type Target,
} from "../../compose.ts";
import {
  type OverflowBuffer,
  overflowHandlers,
  retryUntil,
} from "../../src/buffer/overflow.ts";
import type { Platform } from "../../src/runtime/driver.ts";
import { sleepingClock } from "./_sleeping_clock.ts";

/** What Deno throws for a write without --allow-write. */
function notCapable(): Error {
  const err = new Error(
    'Requires write access to "/logs/app.log", run again with the --allow-write flag',
  );
  err.name = "NotCapable";
  return err;
}

/** A target every write of which fails with `error()`. */
function failingTarget(error: () => Error): Target & { writes: number } {
  const target = {
    name: "/logs/app.log",
    writes: 0,
    write() {
      target.writes++;
      throw error();
    },
    sync() {},
    close() {},
  };
  return target;
}

function deniedBuffer(platform: Platform): OverflowBuffer & {
  reports: string[];
  flushes: number;
} {
  const buffer = {
    platform,
    maxBufferedBytes: 100,
    blockTimeoutMs: 600_000,
    overflowTimeoutMs: 600_000,
    blockGaveUp: false,
    denied: () => true,
    reports: [] as string[],
    flushes: 0,
    pending: () => 90,
    flush() {
      buffer.flushes++;
    },
    dropOldest() {},
    report(_kind: string, message: string) {
      buffer.reports.push(message);
    },
  };
  return buffer;
}

test("retryUntil() gives up before its first pause once hopeless() holds", () => {
  const { platform, slept } = sleepingClock();
  let tries = 0;
  assert.equal(
    retryUntil(platform, 600_000, () => false, () => tries++, () => true),
    false,
  );
  assert.deepEqual(slept, []);
  assert.equal(tries, 0);
  // Hopeless after the second attempt (the failure that denied it).
  assert.equal(
    retryUntil(platform, 600_000, () => false, () => tries++, () => tries >= 2),
    false,
  );
  assert.deepEqual(slept, [1, 2]);
});

test('overflow "block" and "timeout" do not wait for a denied permission: the chunk is refused at once', () => {
  const { platform, slept } = sleepingClock();
  const block = deniedBuffer(platform);
  assert.equal(overflowHandlers.block(block, 20), false);
  assert.equal(block.blockGaveUp, true, "later chunks drop at once too");
  assert.deepEqual(block.reports, [
    "not blocking for a permission the runtime denied (it is never granted while the process runs); dropping new lines until a write works again",
  ]);
  const timeout = deniedBuffer(platform);
  assert.equal(overflowHandlers.timeout(timeout, 20), false);
  assert.equal(overflowHandlers.timeout(timeout, 20), false);
  assert.deepEqual(slept, [], "no wait");
  assert.equal(block.flushes + timeout.flushes, 0);
});

const lines = Array.from(
  { length: 100 },
  (_, i) => `line ${String(i).padStart(3, "0")} ${"x".repeat(40)}\n`,
);

/**
 * Writes the 100 lines to a small buffered sink (it overflows after five;
 * the policies may wait 1 s on `platform`'s clock) and closes it.
 */
async function writeAll(
  target: Target,
  platform: Platform,
  overflow: OverflowPolicy,
): Promise<{ sink: BufferedSink; events: Diagnostic[] }> {
  const events: Diagnostic[] = [];
  const sink = new BufferedSink(target, {
    flushBytes: 64,
    flushIntervalMs: 0,
    maxBufferedBytes: 256,
    overflow,
    ...(overflow === "block"
      ? { blockTimeoutMs: 1000 }
      : { overflowTimeoutMs: 1000 }),
    flushOnExit: false,
    onDiagnostic: (d) => events.push(d),
  }, { platform, subject: "test sink" });
  for (const line of lines) sink.write(line);
  await sink.close();
  return { sink, events };
}

for (const overflow of ["block", "timeout"] as const) {
  test(`a sink with overflow: ${overflow} whose target denies a permission never waits in write() or close(), and counts all 100 lines dropped`, async () => {
    const { platform, slept } = sleepingClock();
    const target = failingTarget(notCapable);
    const { sink, events } = await writeAll(target, platform, overflow);
    assert.deepEqual(slept, [], "never slept for the permission");
    assert.ok(target.writes > 0, "the target was tried");
    const stats = sink.stats();
    assert.equal(stats.droppedLines, 100);
    assert.equal(stats.droppedBytes, lines.join("").length);
    assert.equal(stats.pendingBytes, 0);
    assert.equal(events.filter((e) => e.kind === "error").length, 1);
    assert.ok(
      events.some((e) =>
        e.kind === "dropped" && /before closing/.test(e.message)
      ),
    );

    // The same sink on a failing disk (no permission error) does wait: the
    // clock above is the one the policies sleep on.
    const disk = sleepingClock();
    const eio = () =>
      Object.assign(new Error("EIO: i/o error"), { code: "EIO" });
    const failing = await writeAll(failingTarget(eio), disk.platform, overflow);
    assert.ok(disk.slept.length > 0, "an I/O error is waited for");
    assert.equal(failing.sink.stats().droppedLines, 100);
  });
}
