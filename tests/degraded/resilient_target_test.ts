import assert from "node:assert/strict";
import { test } from "node:test";
import { createFileSink, type Diagnostic } from "../../mod.ts";
import { getPlatform } from "../../compose.ts";
import type { FileDriver } from "../../src/runtime/driver.ts";
import {
  type Fault,
  faultyDriver,
  MemoryDriver,
} from "../_fixtures/memory_driver.ts";

const decoder = new TextDecoder();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function line(i: number): string {
  return `line ${String(i).padStart(6, "0")} ${"x".repeat(40)}\n`;
}

/** Every numbered line exactly once across the texts, none torn. */
function assertAllOnce(texts: string[], count: number): void {
  const seen = new Map<number, number>();
  for (const text of texts) {
    for (const l of text.split("\n")) {
      if (l === "" || l.startsWith("logrotor: ")) continue;
      assert.match(
        l,
        /^line \d{6} x{40}$/,
        `a whole line: ${JSON.stringify(l)}`,
      );
      const n = Number(l.slice(5, 11));
      seen.set(n, (seen.get(n) ?? 0) + 1);
    }
  }
  for (let i = 0; i < count; i++) {
    assert.equal(seen.get(i), 1, `line ${i} seen ${seen.get(i) ?? 0} times`);
  }
  assert.equal(seen.size, count);
}

function memorySink(
  driver: MemoryDriver | FileDriver,
  faults: Fault[],
  extra: Parameters<typeof createFileSink>[1] = {},
) {
  const fallback: string[] = [];
  const events: Diagnostic[] = [];
  driver.mkdirp("/logs");
  const sink = createFileSink("/logs/app.log", {
    fileDriver: faults.length > 0
      ? faultyDriver(driver as MemoryDriver, faults)
      : driver,
    fallback: (chunk) => fallback.push(decoder.decode(chunk)),
    flushBytes: 1024,
    flushIntervalMs: 0,
    minFreeBytes: 1000,
    recoveryIntervalMs: 5,
    onDiagnostic: (d) => events.push(d),
    ...extra,
  });
  return { sink, fallback, events };
}

test("disk full (a short write, then ENOSPC): the torn head is cut off the file and its line goes to the fallback whole", async () => {
  const driver = new MemoryDriver();
  driver.capacity = 10_000;
  const { sink, fallback, events } = memorySink(driver, []);
  for (let i = 0; i < 1000; i++) sink.write(line(i));
  sink.flushSync();
  const degraded = sink.status();
  assert.equal(degraded.state, "degraded");
  assert.equal(degraded.degradedReason, "ENOSPC");
  assert.ok(degraded.fallbackLines > 700, `${degraded.fallbackLines}`);
  const onDisk = driver.text("/logs/app.log");
  assert.ok(onDisk.length > 0 && onDisk.endsWith("\n"), "no torn last line");
  assert.match(fallback[0] ?? "", /^logrotor: .*ENOSPC.*stdout|fallback/);
  assert.ok(events.some((e) => e.kind === "error" && /ENOSPC/.test(e.message)));

  driver.capacity = 1_000_000; // space returns
  await pause(20); // the probe timer runs
  for (let i = 1000; i < 1200; i++) sink.write(line(i));
  await sink.close();
  const status = sink.status();
  assert.equal(status.state, "ok");
  assert.ok(status.recoveryAttempts >= 1);
  assert.ok(status.downtimeMs > 0);
  assert.equal(status.droppedLines, 0);
  assert.equal(status.degradedEpisodes, 1);
  assert.ok(events.some((e) => e.kind === "recovered"));
  assert.match(fallback.at(-1) ?? "", /^logrotor: .*writing to .* again after/);
  assertAllOnce([driver.text("/logs/app.log"), ...fallback], 1200);
});

test("disk full in shared mode: the torn head stays as one terminated fragment (others may have appended) and every line is whole elsewhere", async () => {
  const driver = new MemoryDriver();
  driver.capacity = 10_000;
  const { sink, fallback } = memorySink(driver, [], { shared: true });
  for (let i = 0; i < 1000; i++) sink.write(line(i));
  sink.flushSync();
  assert.equal(sink.status().state, "degraded");
  assert.ok(!driver.text("/logs/app.log").endsWith("\n"), "a torn head");
  driver.capacity = 1_000_000;
  await pause(20);
  for (let i = 1000; i < 1200; i++) sink.write(line(i));
  await sink.close();
  assert.equal(sink.status().state, "ok");
  const fileLines = driver.text("/logs/app.log").split("\n");
  const fragments = fileLines.filter((l) =>
    l !== "" && !/^line \d{6} x{40}$/.test(l)
  );
  assert.equal(fragments.length, 1, "exactly one terminated fragment");
  assert.ok(line(0).startsWith(fragments[0]?.slice(0, 5) ?? "?"));
  const whole = fileLines.filter((l) => !fragments.includes(l)).join("\n");
  assertAllOnce([whole, ...fallback], 1200);
});

test("a throw after a partial write (Deno's node:fs) is accounted exactly", async () => {
  const driver = new MemoryDriver();
  const { sink, fallback } = memorySink(driver, [
    { op: "write", call: 2, code: "EDQUOT", partial: 700 },
  ]);
  for (let i = 0; i < 100; i++) sink.write(line(i));
  sink.flushSync();
  assert.equal(sink.status().state, "degraded");
  assert.equal(sink.status().degradedReason, "EDQUOT");
  await pause(20);
  sink.write(line(100));
  await sink.close();
  assert.equal(sink.status().state, "ok");
  assertAllOnce([driver.text("/logs/app.log"), ...fallback], 101);
});

test("EIO on fsync is counted and visible, and no line is lost", async () => {
  const driver = new MemoryDriver();
  const { sink, fallback, events } = memorySink(driver, [
    { op: "fsync", call: 1, code: "EIO" },
  ], { fsync: "flush" });
  for (let i = 0; i < 50; i++) sink.write(line(i));
  sink.flushSync();
  for (let i = 50; i < 100; i++) sink.write(line(i));
  await sink.close();
  const status = sink.status();
  assert.ok(status.errors >= 1);
  assert.match(status.lastError ?? "", /EIO/);
  assert.equal(status.state, "ok");
  assert.equal(fallback.length, 0);
  assert.ok(events.some((e) => /EIO/.test(e.message)));
  assertAllOnce([driver.text("/logs/app.log")], 100);
});

test("emergency cleanup frees space and the write goes on without degrading", async () => {
  const driver = new MemoryDriver();
  driver.mkdirp("/logs");
  driver.files.set("/logs/app.1.log", new Uint8Array(5000));
  driver.capacity = 8000;
  let asked = 0;
  const { sink, fallback } = memorySink(driver, [], {
    cleanup: (wanted) => {
      asked = wanted;
      const size = driver.files.get("/logs/app.1.log")?.length ?? 0;
      driver.files.delete("/logs/app.1.log");
      return size;
    },
  });
  for (let i = 0; i < 100; i++) sink.write(line(i));
  await sink.close();
  const status = sink.status();
  assert.ok(asked > 0);
  assert.equal(status.bytesCleaned, 5000);
  assert.equal(status.degradedEpisodes, 0);
  assert.equal(fallback.length, 0);
  assertAllOnce([driver.text("/logs/app.log")], 100);
});

test("replay: lines sent to the fallback are written into the file on recovery", async () => {
  const driver = new MemoryDriver();
  driver.capacity = 3000;
  const { sink, fallback } = memorySink(driver, [], { replayBytes: 1 << 20 });
  for (let i = 0; i < 200; i++) sink.write(line(i));
  sink.flushSync();
  assert.equal(sink.status().state, "degraded");
  driver.capacity = Infinity;
  await pause(20);
  await sink.close();
  const status = sink.status();
  assert.equal(status.state, "ok");
  assert.equal(status.replayedLines, status.fallbackLines);
  assertAllOnce([driver.text("/logs/app.log")], 200);
  assert.ok(fallback.length > 0);
});

test('onDiskFull "drop" counts every dropped line; "block" keeps them until space returns', async () => {
  const dropping = new MemoryDriver();
  dropping.capacity = 2000;
  const a = memorySink(dropping, [], { onDiskFull: "drop" });
  for (let i = 0; i < 100; i++) a.sink.write(line(i));
  await a.sink.close();
  const dropped = a.sink.status().droppedLines;
  const inFile = dropping.text("/logs/app.log").split("\n").length - 1;
  assert.ok(dropped > 0);
  assert.equal(a.fallback.length, 0, "no banner with drop");
  // The torn line was completed into the file at close... or counted.
  assert.equal(inFile + dropped, 100);

  const blocking = new MemoryDriver();
  blocking.capacity = 2000;
  const b = memorySink(blocking, [], {
    onDiskFull: "block",
    blockTimeoutMs: 10_000,
  });
  for (let i = 0; i < 60; i++) b.sink.write(line(i));
  b.sink.flushSync();
  assert.equal(b.sink.status().state, "degraded");
  assert.ok(b.sink.status().pendingBytes > 0, "lines held");
  blocking.capacity = Infinity;
  for (let i = 60; i < 100; i++) b.sink.write(line(i));
  await b.sink.close();
  assert.equal(b.sink.status().state, "ok");
  assert.equal(b.fallback.length, 0);
  assertAllOnce([blocking.text("/logs/app.log")], 100);
});

test('onLocked "wait" holds lines until the file is free; "fail" degrades to the fallback', async () => {
  const driver = new MemoryDriver();
  driver.mkdirp("/logs");
  const holder = createFileSink("/logs/app.log", {
    fileDriver: driver,
    onDiagnostic: () => {},
  });
  holder.write("holder\n");
  holder.flushSync();

  const failing = memorySink(driver, [], { onLocked: "fail" });
  failing.sink.write(line(0));
  failing.sink.flushSync();
  assert.equal(failing.sink.status().state, "degraded");
  assert.equal(failing.sink.status().degradedReason, "ENOFILE");
  assert.match(failing.fallback.join(""), /line 000000/);

  const waiting = memorySink(driver, [], {
    onLocked: "wait",
    waitMaxDelayMs: 5,
  });
  waiting.sink.write(line(1));
  waiting.sink.flushSync();
  assert.ok(waiting.sink.status().pendingBytes > 0);
  assert.equal(driver.files.has("/logs/app.001.log"), false);
  await failing.sink.close();
  await holder.close();
  await pause(20);
  await waiting.sink.close();
  assert.equal(driver.text("/logs/app.log"), "holder\n" + line(1));
  assert.equal(waiting.fallback.length, 0);
});

test("createFileSink() rejects bad resilience options with a clear message", () => {
  const platform = getPlatform();
  assert.throws(
    () => createFileSink("/tmp/x.log", { onLocked: "later" as "wait" }),
    /Cannot create file sink as onLocked must be one of "numbered", "wait", "fail": current value is "later"/,
  );
  assert.throws(
    () => createFileSink("/tmp/x.log", { maxVariants: 1000, platform }),
    /maxVariants must be <= 999: current value is 1000/,
  );
  assert.throws(
    () => createFileSink("/tmp/x.log", { fallback: "file" as "stdout" }),
    /fallback must be "stdout", "stderr", a target, a sink or a function/,
  );
  assert.throws(
    () => createFileSink("/tmp/x.log", { recoveryIntervalMs: 0 }),
    /recoveryIntervalMs must be >= 1: current value is 0/,
  );
});

test("when no file at all can be created, the sink degrades to the fallback and recovers when one can", async () => {
  const driver = new MemoryDriver();
  let refuse = true;
  const refusing = new Proxy(driver, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== "createExclusive" && prop !== "open") {
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (...args: unknown[]) => {
        if (refuse) {
          throw Object.assign(new Error("denied"), { code: "EACCES" });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const { sink, fallback, events } = memorySink(refusing, []);
  for (let i = 0; i < 10; i++) sink.write(line(i));
  sink.flushSync();
  const status = sink.status();
  assert.equal(status.state, "degraded");
  assert.equal(status.degradedReason, "ENOFILE");
  assert.match(events[0]?.message ?? "", /EACCES/);
  refuse = false;
  await pause(20);
  for (let i = 10; i < 20; i++) sink.write(line(i));
  await sink.close();
  assert.equal(sink.status().state, "ok");
  assertAllOnce([driver.text("/logs/app.log"), ...fallback], 20);
});

test("truncateOnDiskFull (opt-in) empties the live file when cleanup is not enough, and reports it", async () => {
  const driver = new MemoryDriver();
  driver.capacity = 3000;
  const { sink, fallback, events } = memorySink(driver, [], {
    truncateOnDiskFull: true,
  });
  for (let i = 0; i < 100; i++) sink.write(line(i));
  await sink.close();
  const status = sink.status();
  assert.ok(status.bytesCleaned > 0);
  assert.ok(events.some((e) => /truncated .*app\.log/.test(e.message)));
  const text = driver.text("/logs/app.log") + fallback.join("");
  assert.match(text, /line 000099/, "the newest lines survive");
});
