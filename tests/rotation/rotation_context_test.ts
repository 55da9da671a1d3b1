import assert from "node:assert/strict";
import { test } from "node:test";
import { getPlatform } from "../../src/runtime/detect.ts";
import { RotationContext } from "../../src/rotation/rotation_context.ts";
import { faultyDriver, MemoryDriver } from "../_fixtures/memory_driver.ts";
import { memoryContext, t0 } from "../_fixtures/memory_rotation.ts";

test("report names the live file, appends the error's description, and survives a throwing listener", () => {
  const { ctx, diagnostics } = memoryContext();
  const error = Object.assign(new Error("disk on fire"), { code: "EIO" });
  ctx.report("error", "cannot rotate", error);
  ctx.report("info", "plain");
  assert.equal(diagnostics.length, 2);
  assert.equal(diagnostics[0]!.target, "/logs/app.log");
  assert.equal(diagnostics[0]!.time, t0);
  assert.match(diagnostics[0]!.message, /^cannot rotate \(.*disk on fire.*\)$/);
  assert.equal(diagnostics[0]!.error, error);
  assert.equal(diagnostics[1]!.message, "plain");
  assert.equal("error" in diagnostics[1]!, false);

  const quiet = new RotationContext({
    path: "/logs/app.log",
    fs: new MemoryDriver(),
    platform: getPlatform(),
    now: () => t0,
    mkdir: false,
    onDiagnostic: () => {
      throw new Error("broken listener");
    },
  });
  quiet.report("info", "ignored"); // does not throw
});

test("tryLock takes a lock once without waiting: held, held again, busy for another holder", () => {
  const { ctx, memory } = memoryContext();
  const mine = ctx.lock(".rotate.lock");
  assert.equal(mine.path, "/logs/app.log.rotate.lock");
  assert.equal(ctx.tryLock(mine), "held");
  assert.equal(ctx.tryLock(mine), "held");
  assert.equal(memory.files.has("/logs/app.log.rotate.lock"), true);
  const other = ctx.lock(".rotate.lock");
  assert.equal(ctx.tryLock(other), "busy");
  mine.release();
  assert.equal(ctx.tryLock(other), "held");
  other.release();
});

test("tryLock reports a lock file that cannot be created as an error", () => {
  const { ctx, diagnostics } = memoryContext({
    fs: (memory) =>
      faultyDriver(memory, [{ op: "createExclusive", call: 1, code: "EROFS" }]),
  });
  assert.equal(ctx.tryLock(ctx.lock(".maint.lock")), "error");
  assert.equal(diagnostics.length, 1);
  assert.match(
    diagnostics[0]!.message,
    /cannot take \/logs\/app\.log\.maint\.lock/,
  );
});
