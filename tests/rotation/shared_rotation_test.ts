import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import { getPlatform } from "../../src/runtime/detect.ts";
import type { Platform } from "../../src/runtime/driver.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import {
  assertEachWriterOnceInOrder,
  missingRuntime,
  type RuntimeName,
  start,
} from "../_fixtures/processes.ts";
import {
  allLines,
  archiveFiles,
  readMaybeGzip,
} from "../_fixtures/rotation_fixtures.ts";
import {
  encoder,
  line,
  put,
  racingDriver,
  sharedTarget,
} from "../_fixtures/memory_rotation.ts";

test("shared rotation race: two writers decide to rotate at once; exactly one renames, the other reopens", async () => {
  const { memory, driver, state } = racingDriver();
  let now = Date.parse("2024-01-01T00:00:00Z");
  const clock = () => now++;
  const a = sharedTarget(driver, clock);
  const b = sharedTarget(driver, clock);
  try {
    put(a, line("a1") + line("a2") + line("a3")); // 60 B
    put(b, line("b1") + line("b2")); // 100 B: full
    // B sees 100 + 20 > 100 and goes for the rotate lock; just before it
    // tries, A (same decision) rotates and lets the lock go.
    state.before = {
      op: "createExclusive",
      match: "app.log.rotate.lock",
      run: () => put(a, line("a4")),
    };
    put(b, line("b3"));
    assert.equal(state.before, undefined, "the race happened");
    assert.equal(state.renames, 1, "exactly one rename");
    assert.equal(a.stats().rotations, 1);
    assert.equal(b.stats().rotations, 0);
    assert.equal(b.stats().rotationsByOthers, 1, "B found it done: reopened");
    assert.equal(b.stats().reopens, 1);
    const archive = [...memory.files.keys()].filter((p) =>
      /app\.2024-.*Z\.log$/.test(p)
    );
    assert.equal(archive.length, 1);
    assert.equal(
      memory.text(archive[0]!),
      line("a1") + line("a2") + line("a3") + line("b1") + line("b2"),
    );
    assert.equal(memory.text("/logs/app.log"), line("a4") + line("b3"));
    assert.equal(memory.files.has("/logs/app.log.rotate.lock"), false);
  } finally {
    await a.close();
    await b.close();
  }
});

test("shared rotation race: a writer that finds the rotate lock taken keeps writing, then follows the rename", async () => {
  const { memory, driver, state } = racingDriver();
  let now = Date.parse("2024-01-01T00:00:00Z");
  const clock = () => now++;
  const a = sharedTarget(driver, clock);
  const b = sharedTarget(driver, clock);
  try {
    put(a, line("a1") + line("a2") + line("a3") + line("a4") + line("a5"));
    // While A holds the lock and is about to rename, B wants to rotate too.
    state.before = {
      op: "rename",
      match: "app.log",
      run: () => put(b, line("b1")),
    };
    put(a, line("a6"));
    assert.equal(state.before, undefined, "the race happened");
    assert.equal(state.renames, 1, "exactly one rename");
    assert.equal(b.stats().rotations, 0);
    // B's line went whole into the file being rotated (now the archive).
    const archive = [...memory.files.keys()].find((p) =>
      /app\.2024-.*Z\.log$/.test(p)
    )!;
    assert.equal(
      memory.text(archive),
      line("a1") + line("a2") + line("a3") + line("a4") + line("a5") +
        line("b1"),
    );
    // B's next batch notices the rename (inode check) and follows the path.
    put(b, line("b2"));
    assert.equal(b.stats().reopens, 1);
    assert.equal(memory.text("/logs/app.log"), line("a6") + line("b2"));
    assert.equal(state.renames, 1);
  } finally {
    await a.close();
    await b.close();
  }
});

/** A lock record naming another live process on this host (our parent). */
function foreignLock(platform: Platform): Uint8Array<ArrayBuffer> {
  const pid = process.ppid;
  return encoder.encode(
    JSON.stringify({
      pid,
      host: platform.hostname(),
      start: platform.processStartId(pid) ?? "",
      runtime: "node",
      since: Date.now(),
      token: "f0f0f0",
    }) + "\n",
  );
}

test("shared rotation: a writer whose batch would overfill the file waits for another process's rename instead of appending", async () => {
  const { memory, driver } = racingDriver();
  let now = Date.parse("2024-01-01T00:00:00Z");
  const clock = () => now++;
  const real = getPlatform();
  let ms = 0;
  let sleeps = 0;
  const archive = "/logs/app.2023-12-31T00-00-00.000Z.log";
  const platform: Platform = {
    ...real,
    monotonic: () => ms,
    sleepSync: (n) => {
      ms += n;
      // The other process finishes its rename during the first pause.
      if (++sleeps === 1) {
        memory.rename("/logs/app.log", archive);
        memory.files.set("/logs/app.log", new Uint8Array());
        memory.unlink("/logs/app.log.rotate.lock");
      }
    },
  };
  const b = sharedTarget(driver, clock, undefined, platform);
  try {
    put(b, line("b1") + line("b2") + line("b3") + line("b4") + line("b5"));
    memory.files.set("/logs/app.log.rotate.lock", foreignLock(real));
    put(b, line("b6"));
    assert.equal(sleeps, 1, "waited once");
    assert.equal(b.stats().rotations, 0);
    assert.equal(b.stats().rotationsByOthers, 1);
    assert.equal(
      memory.text(archive),
      line("b1") + line("b2") + line("b3") + line("b4") + line("b5"),
      "nothing appended to the full file",
    );
    assert.equal(memory.text("/logs/app.log"), line("b6"));

    // A holder that never lets go: the wait is bounded, then the batch
    // goes to the file it has (no deadlock), and no wait for a while.
    put(b, line("b7") + line("b8") + line("b9") + line("b10"));
    memory.files.set("/logs/app.log.rotate.lock", foreignLock(real));
    const before = ms;
    put(b, line("b11"));
    assert.ok(ms - before >= 250 && ms - before < 300, `${ms - before} ms`);
    assert.equal(memory.text("/logs/app.log").split("\n").length - 1, 6);
    const waited = ms;
    put(b, line("b12"));
    assert.equal(ms, waited, "no second wait right away");
    assert.equal(b.stats().rotations, 0);
  } finally {
    await b.close();
    memory.unlink("/logs/app.log.rotate.lock");
  }
});

const mix: RuntimeName[] = ["deno", "bun", "node", "node"];
const missing = mix.map(missingRuntime).find((m) => m !== undefined);

test(
  "shared mode with rotation at 1 MiB: 4 processes on Deno, Bun, Node, Node; every line exactly once, none torn, no archive overwritten",
  missing ? { skip: missing } : {},
  async () => {
    if (missing) return;
    const dir = makeTempDir();
    const file = path.join(dir, "app.log");
    const count = 40_000; // 4 × 40k × 90 B ≈ 14 MB: about 13 rotations
    const maxBytes = 1024 * 1024;
    const flushBytes = 16384;
    const children = mix.map((runtime, id) =>
      start(runtime, "tests/_fixtures/shared_rotating_writer.ts", [
        file,
        String(id),
        String(count),
        String(maxBytes),
        String(flushBytes),
        // Level 9: compression slow enough that a design holding the rename
        // lock while compressing lets the live file overshoot.
        "9",
      ])
    );
    try {
      let rotations = 0;
      let compressed = 0;
      for (const child of children) {
        await child.waitFor("DONE", 90_000);
        const result = await child.exited;
        assert.equal(result.code, 0, child.stderr());
        const m = /DONE \d+ ok 0 (\d+) \d+ 0 (\d+) 0$/m.exec(child.stdout());
        assert.ok(m, child.stdout() + child.stderr());
        rotations += Number(m[1]);
        compressed += Number(m[2]);
      }
      const archives = archiveFiles(dir);
      // Every rotation made its own archive: none was overwritten.
      assert.equal(archives.length, rotations, archives.join(" "));
      assert.ok(rotations >= 8, `${rotations} rotations`);
      // Every archive compressed once all writers closed, each exactly once
      // (by whichever process held the maint lock), and no job failed.
      for (const name of archives) assert.match(name, /\.log\.gz$/);
      assert.equal(compressed, rotations, "archives compressed");
      // Size bound. A writer appends a batch (≤ flushBytes) only after
      // checking, on the fd it writes to, that it still fits (size + batch
      // ≤ maxBytes); one that does not fit rotates under the rename lock
      // or, when another process holds it, waits for that rename instead
      // of appending. So past the last check that passed on a file, only
      // batches already checked can still land in it: at most one per
      // other writer (each has at most one batch between check and write).
      // Hence size ≤ maxBytes + (writers − 1) × flushBytes. (Holding the
      // lock through compression let archives reach several × maxBytes.)
      const bound = maxBytes + (mix.length - 1) * flushBytes;
      let largest = 0;
      for (const name of archives) {
        const size = encoder.encode(readMaybeGzip(path.join(dir, name))).length;
        largest = Math.max(largest, size);
      }
      assert.ok(largest <= bound, `largest archive ${largest} > ${bound}`);
      assertEachWriterOnceInOrder(allLines(dir), 4, count);
      const left = fs.readdirSync(dir).filter((n) => /lock|tmp/.test(n));
      assert.deepEqual(left, [], "no lock or temporary file left");
    } finally {
      for (const child of children) child.child.kill("SIGKILL");
      await Promise.all(children.map((c) => c.exited));
      removeDir(dir);
    }
  },
);
