import assert from "node:assert/strict";
import { test } from "node:test";
import { getPlatform } from "../../src/runtime/detect.ts";
import type { Platform } from "../../src/runtime/driver.ts";
import { SharedMaintenance } from "../../src/rotation/shared_maintenance.ts";
import {
  encoder,
  heldCompressor,
  line,
  memoryContext,
  plainArchives,
  policy,
  put,
  racingDriver,
  sharedTarget,
  t0,
  until,
} from "../_fixtures/memory_rotation.ts";

test("shared maintenance: the maint-lock holder compresses an archive another writer rotated while it held the lock", async () => {
  const { memory, driver } = racingDriver();
  let now = Date.parse("2024-01-01T00:00:00Z");
  const clock = () => now++;
  const ca = heldCompressor(memory);
  const cb = heldCompressor(memory);
  const a = sharedTarget(driver, clock, ca.compressor);
  const b = sharedTarget(driver, clock, cb.compressor);
  try {
    put(a, line("a1") + line("a2") + line("a3") + line("a4") + line("a5"));
    put(a, line("a6")); // A rotates and takes the maint lock: job 1 runs
    assert.equal(a.stats().rotations, 1);
    await until(() => ca.jobs.length === 1, "A compresses archive 1");
    const [first] = plainArchives(memory);
    assert.equal(memory.files.has("/logs/app.log.maint.lock"), true);
    assert.equal(memory.files.has("/logs/app.log.rotate.lock"), false);
    // B rotates while A compresses: the rename lock is free, so B need not
    // wait for A's gzip; the maint lock is not, so B leaves its archive.
    put(b, line("b1") + line("b2") + line("b3") + line("b4"));
    put(b, line("b5"));
    assert.equal(b.stats().rotations, 1);
    const second = plainArchives(memory).find((p) => p !== first)!;
    assert.ok(second, "B's archive");
    assert.equal(memory.files.has(`${first}.gz.tmp`), true, "A's tmp kept");
    assert.equal(cb.jobs.length, 0, "B compresses nothing");
    // A finishes job 1, scans again and takes B's archive.
    ca.jobs[0]!.finish();
    await until(() => ca.jobs.length === 2, "A compresses B's archive");
    assert.equal(ca.jobs[1]!.source, second);
    ca.jobs[1]!.finish();
    await until(
      () => !memory.files.has("/logs/app.log.maint.lock"),
      "A lets the maint lock go",
    );
    assert.deepEqual(plainArchives(memory), []);
    assert.equal(
      memory.text(`${first}.gz`),
      line("a1") + line("a2") + line("a3") + line("a4") + line("a5"),
    );
    assert.equal(
      memory.text(`${second}.gz`),
      line("a6") + line("b1") + line("b2") + line("b3") + line("b4"),
    );
    assert.equal(a.stats().archivesWritten, 2);
    assert.equal(a.stats().compressionFailures, 0);
    assert.equal(b.stats().archivesWritten, 0);
    assert.equal(cb.jobs.length, 0);
  } finally {
    await a.close();
    await b.close();
  }
});

test("shared maintenance: an archive rotated just as the holder lets the maint lock go is not orphaned", async () => {
  const { memory, driver, state } = racingDriver();
  let now = Date.parse("2024-01-01T00:00:00Z");
  const clock = () => now++;
  const ca = heldCompressor(memory);
  const cb = heldCompressor(memory);
  const a = sharedTarget(driver, clock, ca.compressor);
  const b = sharedTarget(driver, clock, cb.compressor);
  try {
    put(a, line("a1") + line("a2") + line("a3") + line("a4") + line("a5"));
    put(a, line("a6"));
    await until(() => ca.jobs.length === 1, "A compresses archive 1");
    put(b, line("b1") + line("b2") + line("b3") + line("b4")); // full again
    // A's last scan finds nothing; just before its lock file goes, B
    // rotates and finds the maint lock still taken.
    state.before = {
      op: "unlink",
      match: "app.log.maint.lock",
      run: () => {
        put(b, line("b5"));
        assert.equal(b.stats().rotations, 1);
        assert.equal(memory.files.has("/logs/app.log.maint.lock"), true);
      },
    };
    ca.jobs[0]!.finish();
    await until(() => state.before === undefined, "the race happened");
    // A's scan after letting go finds B's archive and takes the lock again.
    await until(() => ca.jobs.length === 2, "A compresses B's archive");
    ca.jobs[1]!.finish();
    await until(
      () => !memory.files.has("/logs/app.log.maint.lock"),
      "A lets the maint lock go",
    );
    assert.deepEqual(plainArchives(memory), [], "nothing left uncompressed");
    assert.equal(a.stats().archivesWritten, 2);
    assert.equal(cb.jobs.length, 0, "no timer needed: A took it at once");
  } finally {
    await a.close();
    await b.close();
  }
  const left = [...memory.files.keys()].filter((p) => /lock|tmp/.test(p));
  assert.deepEqual(left, []);
});

test("shared maintenance: only the maint-lock holder cleans leftovers; a lock left by a dead holder is taken over", async () => {
  const { memory, driver } = racingDriver();
  const clock = () => Date.parse("2024-01-01T00:00:00Z");
  const alive = new Set([7, 10]);
  const platform: Platform = {
    ...getPlatform(),
    pid: 10,
    hostname: () => "host",
    processAlive: (p: number) => alive.has(p),
    processStartId: (p: number) => alive.has(p) ? `start${p}` : undefined,
  };
  // Process 7 holds the maint lock, compressing an archive.
  const archive = "/logs/app.2023-12-31T00-00-00.000Z.log";
  memory.files.set(archive, encoder.encode(line("old")));
  memory.files.set(`${archive}.gz.tmp`, encoder.encode("in flight"));
  memory.createExclusive(
    "/logs/app.log.maint.lock",
    encoder.encode(
      JSON.stringify({
        pid: 7,
        host: "host",
        start: "start7",
        runtime: "node",
        since: 0,
        token: "0123456789abcdef",
      }) + "\n",
    ),
  );
  const c1 = heldCompressor(memory);
  const first = sharedTarget(driver, clock, c1.compressor, platform);
  await first.close();
  assert.equal(memory.text(`${archive}.gz.tmp`), "in flight", "left alone");
  assert.equal(memory.files.has(archive), true);
  assert.equal(c1.jobs.length, 0);

  alive.delete(7); // the holder died: its lock is stale
  const c2 = heldCompressor(memory);
  const second = sharedTarget(driver, clock, c2.compressor, platform);
  try {
    await until(() => c2.jobs.length === 1, "the archive is compressed again");
    assert.equal(c2.jobs[0]!.source, archive);
    // The dead holder's .tmp was removed before the new job wrote its own.
    assert.equal(memory.files.get(`${archive}.gz.tmp`)!.length, 1);
    c2.jobs[0]!.finish();
    await until(
      () => !memory.files.has("/logs/app.log.maint.lock"),
      "the maint lock is let go",
    );
    assert.equal(memory.text(`${archive}.gz`), line("old"));
    assert.equal(memory.files.has(archive), false);
  } finally {
    await second.close();
  }
  const left = [...memory.files.keys()].filter((p) => /lock|tmp/.test(p));
  assert.deepEqual(left, []);
});

test("shared maintenance: the disk-full cleanup runs only under the maint lock; 0 while another process holds it", () => {
  const { memory, ctx } = memoryContext();
  const maintenance = new SharedMaintenance(ctx, policy());
  const archive = ctx.names.archivePath(t0);
  memory.files.set(archive, encoder.encode("x\n"));
  const other = ctx.lock(".maint.lock");
  assert.equal(ctx.tryLock(other), "held");
  assert.equal(maintenance.deleteOldestArchives(100), 0);
  assert.equal(memory.files.has(archive), true);
  other.release();
  assert.equal(maintenance.deleteOldestArchives(100), 2);
  assert.equal(memory.files.has(archive), false);
  assert.equal(maintenance.lock.held, false, "taken just for the cleanup");
  assert.equal(memory.files.has("/logs/app.log.maint.lock"), false);
});
