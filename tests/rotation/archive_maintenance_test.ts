import assert from "node:assert/strict";
import { test } from "node:test";
import type { Compressor, GzipResult } from "../../src/runtime/driver.ts";
import { ArchiveMaintenance } from "../../src/rotation/archive_maintenance.ts";
import {
  encoder,
  heldCompressor,
  memoryContext,
  policy,
  t0,
  until,
} from "../_fixtures/memory_rotation.ts";

test("start: a stale .gz.tmp and the source of a complete .gz are removed, uncompressed archives compressed oldest first, retention applied after each", async () => {
  const { memory, ctx, diagnostics } = memoryContext();
  const names = ctx.names;
  const fill = (path: string) => memory.files.set(path, encoder.encode("x\n"));
  const [a, b, c, d] = [4, 3, 2, 1].map((s) =>
    names.archivePath(t0 - s * 1000)
  );
  fill(a!);
  fill(`${b}.gz.tmp`); // interrupted compression of b
  fill(b!);
  fill(`${c}.gz`); // complete, source left by a kill
  fill(c!);
  fill(d!);
  const held = heldCompressor(memory);
  const maintenance = new ArchiveMaintenance(
    ctx,
    policy({ keep: 3 }, held.compressor),
  );
  maintenance.start();
  assert.equal(memory.files.has(`${b}.gz.tmp`), false, "stale .gz.tmp");
  assert.equal(memory.files.has(c!), false, "source of a complete .gz");
  const removed = diagnostics.map((x) => x.message);
  assert.ok(removed.includes(`removed leftover ${b}.gz.tmp`));
  assert.ok(removed.includes(`removed leftover ${c}`));
  // every uncompressed archive is compressed, oldest first
  for (const [i, archive] of [a, b, d].entries()) {
    await until(() => held.jobs.length === i + 1, `job ${i + 1}`);
    assert.equal(held.jobs[i]!.source, archive);
    held.jobs[i]!.finish();
  }
  await maintenance.finish();
  // keep 3, applied after each compression: a.gz (the oldest) goes
  assert.deepEqual([...memory.files.keys()].sort(), [
    `${b}.gz`,
    `${c}.gz`,
    `${d}.gz`,
  ]);
  assert.equal(maintenance.archivesDeleted, 1);
  assert.equal(maintenance.compressionStats()?.archivesWritten, 3);
});

test("without compression, each rotation applies retention at once", () => {
  const { memory, ctx, diagnostics } = memoryContext();
  const names = ctx.names;
  const maintenance = new ArchiveMaintenance(ctx, policy({ keep: 1 }));
  const first = names.archivePath(t0 - 1000);
  const second = names.archivePath(t0);
  memory.files.set(first, encoder.encode("1\n"));
  maintenance.rotated(first);
  assert.equal(memory.files.has(first), true);
  memory.files.set(second, encoder.encode("2\n"));
  maintenance.rotated(second);
  assert.equal(memory.files.has(first), false);
  assert.equal(maintenance.archivesDeleted, 1);
  assert.deepEqual(diagnostics.map((x) => x.message), [`deleted ${first}`]);
});

test("a failed compression is reported and retried first at the next rotation", async () => {
  const { memory, ctx, diagnostics } = memoryContext();
  const names = ctx.names;
  const sources: string[] = [];
  let fail = true;
  const compressor: Compressor = {
    gzipFile(source: string, destination: string): Promise<GzipResult> {
      sources.push(source);
      if (fail) return Promise.reject(new Error("ENOSPC"));
      memory.rename(source, destination);
      return Promise.resolve({ bytesIn: 1, bytesOut: 1, ms: 0 });
    },
    warmUp() {},
    dispose() {},
  };
  const maintenance = new ArchiveMaintenance(ctx, {
    retention: {},
    compressor,
    compressionLevel: 6,
  });
  const first = names.archivePath(t0 - 1000);
  const second = names.archivePath(t0);
  memory.files.set(first, encoder.encode("1\n"));
  maintenance.rotated(first);
  await until(() => maintenance.pendingJobs() === 0, "the job failed");
  assert.ok(
    diagnostics.some((x) =>
      x.message.startsWith(`cannot compress ${first}`) &&
      x.message.includes("retried at the next rotation or start")
    ),
  );
  fail = false;
  memory.files.set(second, encoder.encode("2\n"));
  maintenance.rotated(second);
  await maintenance.finish();
  assert.deepEqual(sources, [first, first, second]);
  assert.equal(memory.files.has(`${first}.gz`), true);
  assert.equal(memory.files.has(`${second}.gz`), true);
});

test("deleteOldestArchives counts the archives and lines it deleted", () => {
  const { memory, ctx } = memoryContext();
  const maintenance = new ArchiveMaintenance(ctx, policy());
  memory.files.set(ctx.names.archivePath(t0), encoder.encode("a\nb\n"));
  assert.equal(maintenance.deleteOldestArchives(1), 4);
  assert.equal(maintenance.archivesDeleted, 1);
  // the memory driver cannot count lines: "at least 0"
  assert.equal(maintenance.linesDeletedOnDiskFull, 0);
});
