import assert from "node:assert/strict";
import { test } from "node:test";
import { FileTarget, getPlatform } from "../../compose.ts";
import { composeFileChain } from "../../src/sinks/_file_chain.ts";
import { resolveResilience } from "../../src/options/resilience_options.ts";
import type { OpenableTarget } from "../../src/file/path_claim.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";

const encoder = new TextEncoder();

/** A memory file whose target can delete "archives" (records the asks). */
function chain(
  fs: MemoryDriver,
  asked: string[],
  options: Parameters<typeof resolveResilience>[1],
  cleanupArchives: boolean,
) {
  return composeFileChain<{ path: string }>(
    resolveResilience("file sink", options),
    {
      path: "/logs/app.log",
      fs,
      platform: getPlatform(),
      createTarget: (p): OpenableTarget<{ path: string }> =>
        Object.assign(
          new FileTarget(fs, p, { mode: "append", mkdir: true }),
          {
            deleteOldestArchives: (bytes: number) => (
              asked.push(`${p} ${bytes}`), bytes
            ),
            stats: () => ({ path: p }),
          },
        ),
      report: () => {},
      cleanupArchives,
    },
  );
}

test("composeFileChain builds resilient → variant → per-path targets, read through the chain", async () => {
  const fs = new MemoryDriver();
  const target = chain(fs, [], {}, false);
  const line = encoder.encode("hello\n");
  target.write(line, 0, line.length);
  assert.equal(fs.text("/logs/app.log"), "hello\n");
  assert.ok(fs.stat("/logs/app.log.lock") !== undefined, "variant layer lock");
  assert.deepEqual(target.describe(), {
    path: "/logs/app.log",
    shared: false,
    variant: false,
  });
  assert.deepEqual(target.stats(), { path: "/logs/app.log" });
  assert.equal(target.status().state, "ok");
  await target.close();
});

test("composeFileChain: cleanupArchives makes the emergency cleanup delete archives of the file in use, unless the user gave one", async () => {
  const fs = new MemoryDriver();
  fs.mkdirp("/logs");
  const line = encoder.encode("x".repeat(20) + "\n");
  const options = { cleanupBytes: 100, fallback: () => {} } as const;

  const asked: string[] = [];
  const rotating = chain(fs, asked, options, true);
  rotating.open();
  fs.capacity = fs.used(); // the next write finds the disk full
  rotating.write(line, 0, line.length);
  assert.deepEqual(asked, ["/logs/app.log 121"], "the 21 bytes + cleanupBytes");
  await rotating.close();

  const plain: string[] = [];
  const fs2 = new MemoryDriver();
  const target = chain(fs2, plain, { ...options, cleanup: () => 0 }, true);
  target.open();
  fs2.capacity = fs2.used();
  target.write(line, 0, line.length);
  assert.deepEqual(plain, [], "the user's cleanup replaces the default");
  await target.close();
});
