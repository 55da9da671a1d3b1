import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import { getPlatform } from "../../src/runtime/detect.ts";
import type {
  Compressor,
  FileDriver,
  GzipResult,
  Platform,
} from "../../src/runtime/driver.ts";
import { RotatingTarget } from "../../src/rotation/rotating_target.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";
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

const encoder = new TextEncoder();

/** A memory driver with real inodes that counts renames and can run a hook before one call. */
function racingDriver() {
  const memory = new MemoryDriver();
  memory.inodes = true;
  memory.mkdirp("/logs");
  const state = {
    renames: 0,
    before: undefined as
      | { op: keyof FileDriver; match: string; run: () => void }
      | undefined,
  };
  const driver = new Proxy(memory, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const hook = state.before;
        if (
          hook !== undefined && hook.op === prop &&
          String(args[0]).endsWith(hook.match)
        ) {
          state.before = undefined;
          hook.run();
        }
        if (prop === "rename") state.renames++;
        return value.apply(target, args);
      };
    },
  }) as FileDriver;
  return { memory, driver, state };
}

/** One "process" writing /logs/app.log in shared mode. */
function sharedTarget(
  driver: FileDriver,
  now: () => number,
  compressor?: Compressor,
  platform: Platform = getPlatform(),
): RotatingTarget {
  const target = new RotatingTarget({
    path: "/logs/app.log",
    fs: driver,
    platform,
    now,
    maxBytes: 100,
    schedule: undefined,
    retention: {},
    compressor,
    compressionLevel: 6,
    checkIntervalMs: 250,
    mkdir: true,
    fsync: true,
    shared: true,
    onDiagnostic: () => {},
  });
  target.open();
  return target;
}

function put(target: RotatingTarget, text: string): void {
  const bytes = encoder.encode(text);
  target.write(bytes, 0, bytes.length);
}

const line = (tag: string) => `${tag.padEnd(19, ".")}\n`; // 20 bytes

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

/**
 * A compressor over the memory driver whose jobs finish only when the test
 * says so. A job writes `x.gz.tmp` when it starts (an in-flight temporary
 * file, as the worker does) and on `finish()` renames it to `x.gz` and
 * unlinks `x`; if anyone deleted the `.tmp` meanwhile, the job fails.
 */
function heldCompressor(memory: MemoryDriver) {
  const jobs: Array<{ source: string; finish(): void }> = [];
  const compressor: Compressor = {
    gzipFile(source: string, destination: string): Promise<GzipResult> {
      const tmp = `${destination}.tmp`;
      memory.files.set(tmp, new Uint8Array(1));
      return new Promise<GzipResult>((resolve, reject) => {
        jobs.push({
          source,
          finish() {
            try {
              const bytes = memory.readFile(source);
              memory.readFile(tmp); // ENOENT if someone removed it
              memory.files.set(tmp, new Uint8Array(bytes));
              memory.rename(tmp, destination);
              memory.unlink(source);
              resolve({ bytesIn: bytes.length, bytesOut: bytes.length, ms: 0 });
            } catch (error) {
              reject(error);
            }
          },
        });
      });
    },
    warmUp() {},
    dispose() {},
  };
  return { compressor, jobs };
}

/** Lets promise callbacks and the maintenance loop run until `ready()`. */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  assert.ok(ready(), `timed out waiting: ${what}`);
}

const archiveRe = /^\/logs\/app\.2024-.*Z\.log$/;
const plainArchives = (memory: MemoryDriver) =>
  [...memory.files.keys()].filter((p) => archiveRe.test(p)).sort();

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
