import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import { createFileSink, type Diagnostic } from "../../mod.ts";
import { getPlatform } from "../../compose.ts";
import type { FileDriver, Platform } from "../../src/runtime/driver.ts";
import { FileLock } from "../../src/file/file_lock.ts";
import { fileLines, makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";
import {
  missingRuntime,
  type RuntimeName,
  start,
} from "../_fixtures/processes.ts";

const encoder = new TextEncoder();

/** A platform that pretends to be process `pid`; `alive` says who runs. */
function fakeProcess(pid: number, alive: Set<number>): Platform {
  return {
    ...getPlatform(),
    pid,
    hostname: () => "host",
    processAlive: (p: number) => alive.has(p),
    processStartId: (p: number) => alive.has(p) ? `start${p}` : undefined,
  };
}

function staleLock(driver: MemoryDriver, file: string, pid: number): void {
  driver.createExclusive(
    file,
    encoder.encode(
      JSON.stringify({
        pid,
        host: "host",
        start: `start${pid}`,
        runtime: "node",
        since: 0,
        token: "0123456789abcdef",
      }) + "\n",
    ),
  );
}

function ownerPid(driver: MemoryDriver, file: string): number {
  return JSON.parse(driver.text(file)).pid;
}

test("FileLock excludes a second owner and is free again after release", () => {
  const driver = new MemoryDriver();
  driver.mkdirp("/logs");
  const alive = new Set([101, 102]);
  const a = new FileLock(driver, fakeProcess(101, alive), "/logs/app.log.lock");
  const b = new FileLock(driver, fakeProcess(102, alive), "/logs/app.log.lock");
  assert.equal(a.tryAcquire(), true);
  assert.equal(b.tryAcquire(), false);
  assert.equal(b.holder?.pid, 101);
  a.release();
  assert.equal(driver.files.has("/logs/app.log.lock"), false);
  assert.equal(b.tryAcquire(), true);
  assert.equal(ownerPid(driver, "/logs/app.log.lock"), 102);
  b.release();
});

test("FileLock takes over the lock of a dead process, a recycled pid, and a never-written lock file", () => {
  const driver = new MemoryDriver();
  driver.mkdirp("/logs");
  const alive = new Set([101]);
  staleLock(driver, "/logs/a.lock", 99);
  const a = new FileLock(driver, fakeProcess(101, alive), "/logs/a.lock");
  assert.equal(a.tryAcquire(), true);
  assert.equal(ownerPid(driver, "/logs/a.lock"), 101);
  assert.deepEqual(
    [...driver.files.keys()].filter((f) => f.includes("takeover")),
    [],
    "claim files removed",
  );

  // pid 101 is alive but started at another time than the recorded one.
  const reused = fakeProcess(102, new Set([101, 102]));
  driver.createExclusive(
    "/logs/b.lock",
    encoder.encode(
      JSON.stringify({ pid: 101, host: "host", start: "older", token: "ab" }) +
        "\n",
    ),
  );
  assert.equal(new FileLock(driver, reused, "/logs/b.lock").tryAcquire(), true);

  // A lock on another host is never taken over, whatever its pid.
  driver.createExclusive(
    "/logs/c.lock",
    encoder.encode(
      JSON.stringify({ pid: 99, host: "elsewhere", start: "", token: "cd" }) +
        "\n",
    ),
  );
  assert.equal(
    new FileLock(driver, reused, "/logs/c.lock").tryAcquire(),
    false,
  );

  // An empty lock file (creator died before writing it) counts as held for
  // a grace period, then as stale.
  // (The memory driver's mtimes are a small counter: "now" is near 0.)
  driver.createExclusive("/logs/d.lock", new Uint8Array());
  const soon: Platform = { ...reused, now: () => 1000 };
  assert.equal(new FileLock(driver, soon, "/logs/d.lock").tryAcquire(), false);
  const later: Platform = { ...reused, now: () => 60_000 };
  const d = new FileLock(driver, later, "/logs/d.lock");
  assert.equal(d.tryAcquire(), true);
});

/**
 * Runs A's tryAcquire() and, right before A's `step`-th driver call, all of
 * B's tryAcquire(): every single-preemption interleaving of two recovering
 * processes.
 */
function interleave(step: number, aliveAfter: Set<number>) {
  const driver = new MemoryDriver();
  driver.mkdirp("/logs");
  staleLock(driver, "/logs/app.log.lock", 99);
  const alive = aliveAfter;
  const b = new FileLock(driver, fakeProcess(202, alive), "/logs/app.log.lock");
  let calls = 0;
  let bResult: boolean | undefined;
  const preempting = new Proxy(driver, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (++calls === step) bResult = b.tryAcquire();
        return value.apply(target, args);
      };
    },
  }) as FileDriver;
  const a = new FileLock(
    preempting,
    fakeProcess(201, alive),
    "/logs/app.log.lock",
  );
  const aResult = a.tryAcquire();
  return { aResult, bResult, calls, driver, a, b };
}

test("FileLock: two processes recovering the same stale lock never both get it", () => {
  const alive = new Set([201, 202]);
  const { calls } = interleave(0, alive);
  assert.ok(calls > 5, `A made ${calls} driver calls`);
  for (let step = 1; step <= calls; step++) {
    const { aResult, bResult, driver } = interleave(step, alive);
    assert.notEqual(bResult, undefined, `B ran at step ${step}`);
    assert.equal(
      Number(aResult) + Number(bResult),
      1,
      `exactly one owner at step ${step}: A ${aResult}, B ${bResult}`,
    );
    const owner = ownerPid(driver, "/logs/app.log.lock");
    assert.equal(owner, aResult ? 201 : 202, `the file names the owner`);
    const leftovers = [...driver.files.keys()].filter((f) =>
      f !== "/logs/app.log.lock"
    );
    assert.deepEqual(leftovers, [], `no leftovers at step ${step}`);
  }
});

test("FileLock: a taker that died holding its claim does not block the next one", () => {
  const driver = new MemoryDriver();
  driver.mkdirp("/logs");
  staleLock(driver, "/logs/app.log.lock", 99);
  // pid 98 died after claiming the takeover, before replacing the lock.
  driver.createExclusive(
    "/logs/app.log.lock.takeover.0123456789abcdef.0",
    encoder.encode(
      JSON.stringify({ pid: 98, host: "host", start: "x", token: "ee" }) + "\n",
    ),
  );
  const lock = new FileLock(
    driver,
    fakeProcess(301, new Set([301])),
    "/logs/app.log.lock",
  );
  assert.equal(lock.tryAcquire(), true);
  assert.equal(ownerPid(driver, "/logs/app.log.lock"), 301);
  assert.deepEqual([...driver.files.keys()], ["/logs/app.log.lock"]);
});

/** A file's text, or `undefined` when it does not exist. */
function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

const runtimes: RuntimeName[] = ["node", "deno", "bun"];

for (const runtime of runtimes) {
  const missing = missingRuntime(runtime);
  const name =
    `a ${runtime} process holding app.log sends this one to app.001.log; once it is killed, the lock is recovered`;
  test(name, missing ? { skip: missing } : {}, async () => {
    if (missing) return;
    const dir = makeTempDir();
    const file = path.join(dir, "app.log");
    const holder = start(runtime, "tests/_fixtures/lock_holder.ts", [file]);
    try {
      await holder.waitFor("HOLDING");
      assert.match(holder.stdout(), new RegExp(`HOLDING ${runtime} ${file}`));
      const holderLock = fs.readFileSync(file + ".lock", "utf8");
      assert.equal(JSON.parse(holderLock).pid, holder.child.pid);
      const events: Diagnostic[] = [];
      const sink = createFileSink(file, {
        onDiagnostic: (d) => events.push(d),
      });
      for (let i = 0; i < 100; i++) sink.write(`mine ${i}\n`);
      await sink.flush();
      const status = sink.status();
      assert.equal(status.state, "variant");
      assert.equal(status.path, path.join(dir, "app.001.log"));
      const switched = events.find((e) => e.kind === "switched");
      assert.ok(switched, "a switch was reported");
      assert.match(switched.message, /app\.log is locked by pid \d+/);
      assert.match(switched.message, new RegExp(`\\(${runtime} on `));
      assert.match(switched.message, /app\.001\.log/);
      await sink.close();
      assert.equal(fileLines(path.join(dir, "app.001.log")).length, 100);
      assert.equal(fileLines(file).length, 1, "only the holder's line");
      // Neither the variant sink's writes nor its close touched the lock of
      // the live holder (same token: not taken over, not rewritten).
      assert.equal(
        readIfThere(file + ".lock"),
        holderLock,
        `the holder's lock is intact after the variant sink closed; holder stderr: ${holder.stderr()}`,
      );

      // kill(2) itself, not child.kill(): Deno's child.kill() first closes
      // the child's stdin (strace: close(<stdin pipe>) right before
      // kill(pid, SIGKILL)), and the holder answers end-of-stdin by
      // releasing its lock, which under load it did before the SIGKILL.
      process.kill(holder.child.pid as number, "SIGKILL");
      const ended = await holder.exited;
      assert.equal(
        ended.signal,
        "SIGKILL",
        `the holder ran until killed (${
          JSON.stringify(ended)
        }): ${holder.stderr()}`,
      );
      assert.equal(
        readIfThere(file + ".lock"),
        holderLock,
        `the killed holder left its lock; holder stderr: ${holder.stderr()}`,
      );
      const after = createFileSink(file, { onDiagnostic: () => {} });
      after.write("after the holder died\n");
      await after.flush();
      assert.equal(after.status().state, "ok");
      await after.close();
      assert.deepEqual(fileLines(file).slice(1), ["after the holder died"]);
      assert.equal(fs.existsSync(file + ".lock"), false, "released at close");
    } finally {
      holder.child.kill("SIGKILL");
      await holder.exited;
      removeDir(dir);
    }
  });
}

test("a path that becomes a directory after construction sends the sink to a numbered variant", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const events: Diagnostic[] = [];
    const sink = createFileSink(file, { onDiagnostic: (d) => events.push(d) });
    // An existing directory is refused at construction (sink_options_test);
    // one that appears before the first open is a runtime failure.
    fs.mkdirSync(file);
    sink.write("into the variant\n");
    await sink.close();
    assert.deepEqual(fileLines(path.join(dir, "app.001.log")), [
      "into the variant",
    ]);
    assert.equal(sink.status().state, "variant");
    assert.match(events[0]?.message ?? "", /EISDIR.*app\.001\.log/);
  } finally {
    removeDir(dir);
  }
});

test("two sinks in one process on one file: the second gets a variant; variants are skipped while held", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app");
    const quiet = { onDiagnostic: () => {} };
    const sinks = [0, 1, 2].map(() => createFileSink(file, quiet));
    sinks.forEach((s, i) => {
      s.write(`sink ${i}\n`);
      s.flushSync();
    });
    assert.deepEqual(sinks.map((s) => path.basename(s.status().path ?? "")), [
      "app",
      "app.001",
      "app.002",
    ]);
    await Promise.all(sinks.map((s) => s.close()));
    assert.deepEqual(
      fs.readdirSync(dir).sort(),
      ["app", "app.001", "app.002"],
      "every lock file released",
    );
  } finally {
    removeDir(dir);
  }
});
