import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { getPlatform } from "../src/runtime/detect.ts";
import type { FileDriver } from "../src/runtime/driver.ts";
import { RotatingTarget } from "../src/sinks/rotating_target.ts";
import { makeTempDir, removeDir } from "./_fixtures.ts";
import { MemoryDriver } from "./_memory_driver.ts";
import { missingRuntime, type RuntimeName, start } from "./_processes.ts";
import { allLines, archiveFiles } from "./_rotation_fixtures.ts";

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
function sharedTarget(driver: FileDriver, now: () => number): RotatingTarget {
  const platform = getPlatform();
  const target = new RotatingTarget({
    path: "/logs/app.log",
    fs: driver,
    platform,
    now,
    maxBytes: 100,
    schedule: undefined,
    retention: {},
    compressor: undefined,
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

const mix: RuntimeName[] = ["deno", "bun", "node", "node"];
const missing = mix.map(missingRuntime).find((m) => m !== undefined);
const lineRe = /^w(\d) (\d+) y{80}$/;

test(
  "shared mode with rotation at 1 MiB: 4 processes on Deno, Bun, Node, Node; every line exactly once, none torn, no archive overwritten",
  missing ? { skip: missing } : {},
  async () => {
    if (missing) return;
    const dir = makeTempDir();
    const file = path.join(dir, "app.log");
    const count = 40_000; // 4 × 40k × 90 B ≈ 14 MB: about 13 rotations
    const children = mix.map((runtime, id) =>
      start(runtime, "tests/_shared_rotating_writer.ts", [
        file,
        String(id),
        String(count),
        String(1024 * 1024),
        "16384",
      ])
    );
    try {
      let rotations = 0;
      for (const child of children) {
        await child.waitFor("DONE", 90_000);
        const result = await child.exited;
        assert.equal(result.code, 0, child.stderr());
        const m = /DONE \d+ ok 0 (\d+) \d+ (\d+)/.exec(child.stdout());
        assert.ok(m, child.stdout() + child.stderr());
        rotations += Number(m[1]);
      }
      const archives = archiveFiles(dir);
      // Every rotation made its own archive: none was overwritten.
      assert.equal(archives.length, rotations, archives.join(" "));
      assert.ok(rotations >= 8, `${rotations} rotations`);
      for (const name of archives) assert.match(name, /\.log\.gz$/);
      const next = [0, 0, 0, 0];
      let lines = 0;
      for (const text of allLines(dir)) {
        const m = lineRe.exec(text);
        assert.ok(m, `a whole line: ${JSON.stringify(text.slice(0, 120))}`);
        const id = Number(m[1]);
        // Each writer's lines in its own order across the files, each once.
        assert.equal(Number(m[2]), next[id], `writer ${id} in order`);
        next[id]! += 1;
        lines++;
      }
      assert.deepEqual(next, [count, count, count, count]);
      assert.equal(lines, 4 * count);
      const left = fs.readdirSync(dir).filter((n) => /lock|tmp/.test(n));
      assert.deepEqual(left, [], "no lock or temporary file left");
    } finally {
      for (const child of children) child.child.kill("SIGKILL");
      await Promise.all(children.map((c) => c.exited));
      removeDir(dir);
    }
  },
);
