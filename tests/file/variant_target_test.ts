import assert from "node:assert/strict";
import { test } from "node:test";
import { FileTarget, getPlatform, VariantTarget } from "../../compose.ts";
import type { OpenableTarget } from "../../src/file/path_claim.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";

const encoder = new TextEncoder();

function variants(
  fs: MemoryDriver,
  createTarget?: (path: string) => OpenableTarget<{ rotations: number }>,
  events: string[] = [],
) {
  return new VariantTarget<{ rotations: number }>(
    fs,
    getPlatform(),
    "/logs/app.log",
    {
      onLocked: "numbered",
      shared: false,
      maxVariants: 3,
      mkdir: true,
      waitMaxDelayMs: 2000,
      createTarget: createTarget ??
        ((p) => new FileTarget(fs, p, { mode: "append", mkdir: true })),
      report: (kind, message) => events.push(`${kind}: ${message}`),
    },
  );
}

function write(target: VariantTarget<object>, text: string): void {
  const bytes = encoder.encode(text);
  target.write(bytes, 0, bytes.length);
}

test("VariantTarget.describe() names the file in use: the primary, then a variant while the primary is held", async () => {
  const fs = new MemoryDriver();
  const first = variants(fs);
  assert.deepEqual(first.describe(), {
    path: undefined,
    shared: false,
    variant: false,
  });
  write(first, "a\n");
  assert.deepEqual(first.describe(), {
    path: "/logs/app.log",
    shared: false,
    variant: false,
  });
  const events: string[] = [];
  const second = variants(fs, undefined, events);
  write(second, "b\n");
  assert.deepEqual(second.describe(), {
    path: "/logs/app.001.log",
    shared: false,
    variant: true,
  });
  assert.match(
    events[0] ?? "",
    /^switched: .* writing to \/logs\/app\.001\.log instead$/,
  );
  await first.close();
  await second.close();
  assert.equal(fs.text("/logs/app.log"), "a\n");
  assert.equal(fs.text("/logs/app.001.log"), "b\n");
});

test("VariantTarget.truncate() empties the file in use, reopens it and returns the bytes freed", async () => {
  const fs = new MemoryDriver();
  const target = variants(fs);
  assert.equal(target.truncate(), 0, "nothing open yet");
  write(target, "0123456789\n");
  assert.equal(target.truncate(), 11);
  assert.equal(fs.text("/logs/app.log"), "");
  write(target, "after\n");
  assert.equal(fs.text("/logs/app.log"), "after\n");
  await target.close();
});

test("VariantTarget passes rotation capabilities to the target of the file in use, and reads counters from the last one after close", async () => {
  const fs = new MemoryDriver();
  let rotations = 0;
  const target = variants(fs, (p) => {
    const file = new FileTarget(fs, p, { mode: "append", mkdir: true });
    return Object.assign(file, {
      rotate: () => (rotations++, true),
      deleteOldestArchives: (bytes: number) => bytes,
      stats: () => ({ rotations }),
    });
  });
  assert.equal(target.rotate(), false, "no file open: nothing to rotate");
  target.open();
  assert.equal(target.rotate(), true);
  assert.equal(target.deleteOldestArchives(10), 10);
  await target.close();
  assert.equal(target.rotate(), false, "closed: no file in use");
  assert.deepEqual(target.stats(), { rotations: 1 });
});
