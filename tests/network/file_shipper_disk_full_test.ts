// The file shipper while the writer's disk fills up (a real tmpfs), shipping
// to a real rsyslog over RELP: every numbered line ends up either at the
// collector (whole) or on the writer's degraded-mode stdout, or is counted
// as lost by the sink — none goes missing silently.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createRelpSink } from "../../mod.ts";
import { createFileShipper } from "../../ship.ts";
import { detectRuntime } from "../../src/runtime/detect.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { type Running, start } from "../_fixtures/processes.ts";
import { Rsyslog, rsyslogMissing } from "../_fixtures/rsyslog.ts";
import { numberOf } from "../_fixtures/ship_numbered.ts";
import { tmpfsUnavailable, withTmpfs } from "../_fixtures/tmpfs.ts";

const why = rsyslogMissing ?? tmpfsUnavailable();
const writerScript = "tests/_fixtures/ship_disk_full_writer.ts";
const shipperScript = "tests/_fixtures/ship_child.ts";

/** Fills the file system of `dir` with `file` until `leave` bytes are free. */
function fill(file: string, leave: number): void {
  const st = fs.statfsSync(path.dirname(file));
  const size = st.bavail * st.bsize - leave;
  if (size <= 0) return;
  try {
    fs.writeFileSync(file, new Uint8Array(size));
  } catch (err) {
    // A page the writer took meanwhile: what landed stays, which is the point.
    if ((err as { code?: string }).code !== "ENOSPC") throw err;
  }
}

/** What the writer sent to its stdout in degraded mode, and what else. */
function fallbackOf(out: string): { numbers: number[]; other: string[] } {
  const numbers: number[] = [];
  const other: string[] = [];
  for (const line of out.split("\n")) {
    if (line === "" || line.startsWith("@ ") || line.startsWith("logrotor: ")) {
      continue;
    }
    const n = numberOf(line);
    if (n === undefined) other.push(line);
    else numbers.push(n);
  }
  return { numbers, other };
}

/** The numbers that occur more than once. */
function twice(numbers: number[]): number[] {
  const seen = new Set<number>();
  const out = new Set<number>();
  for (const n of numbers) (seen.has(n) ? out : seen).add(n);
  return [...out].sort((a, b) => a - b);
}

/** `3-7, 9` for [3, 4, 5, 6, 7, 9]. */
function runsOf(sorted: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(", ");
}

test(
  "file shipper on a full disk: every line reaches rsyslog whole or the writer's degraded stdout, none is lost or torn",
  why === undefined ? {} : { skip: why },
  async () => {
    if (why !== undefined) return;
    const runtime = detectRuntime();
    const msgId = `full-${runtime}`;
    const rs = await Rsyslog.start();
    const children: Running[] = [];
    const killAll = async () => {
      for (const c of children) c.child.kill("SIGKILL");
      await Promise.all(children.map((c) => c.exited));
    };
    try {
      // The children hold files on the tmpfs: they end before it unmounts.
      await withTmpfs("1m", (dir) => run(dir).finally(killAll));
    } finally {
      await killAll();
      await rs.dispose();
    }

    async function run(dir: string): Promise<void> {
      const live = path.join(dir, "app.log");
      const state = path.join(dir, ".app.ship");
      const writer = start(runtime, writerScript, [dir, state]);
      children.push(writer);
      const shipper = start(runtime, shipperScript, [
        live,
        state,
        String(rs.relpPort),
        msgId,
      ]);
      children.push(shipper);
      await writer.waitFor("@ ready");
      await shipper.waitFor("started");
      const fillers: string[] = [];
      const fillUp = (leave: number) => {
        const f = path.join(dir, `filler${fillers.length}`);
        fillers.push(f);
        fill(f, leave);
      };
      fillUp(192 * 1024);

      let total = 0;
      /** Writes `n` lines; resolves with the sink's state and deletions. */
      const write = async (n: number) => {
        total += n;
        writer.child.stdin!.write(`write ${n}\n`);
        const out = await writer.waitFor(`@ wrote ${total} `);
        const line = out.slice(out.lastIndexOf(`@ wrote ${total} `))
          .split("\n")[0]!.split(" ");
        return { state: line[3]!, archivesDeleted: Number(line[4]) };
      };
      /** Waits until every line written is at rsyslog or on stdout. */
      const shipped = () => {
        const diverted = new Set(fallbackOf(writer.stdout()).numbers);
        return rs.waitUntil("relp", msgId, (got) => {
          const seen = new Set(diverted);
          for (const r of got) {
            const n = numberOf(r.msg);
            if (n !== undefined) seen.add(n);
          }
          for (let i = 0; i < total; i++) if (!seen.has(i)) return false;
          return true;
        });
      };

      // 1. The disk fills while the shipper keeps up: the emergency
      //    cleanup deletes shipped archives.
      let step = { state: "ok", archivesDeleted: 0 };
      for (let i = 0; i < 300 && step.archivesDeleted === 0; i++) {
        step = await write(100);
        await shipped();
      }
      assert.ok(step.archivesDeleted > 0, "the disk-full cleanup ran");
      // 2. Fill what the cleanup frees until nothing is left to delete:
      //    the sink goes degraded (lines to stdout); three more batches.
      let degraded = 0;
      for (let i = 0; i < 300 && degraded < 3; i++) {
        fillUp(0);
        step = await write(100);
        if (step.state === "degraded") degraded++;
        await shipped();
      }
      assert.equal(degraded, 3, "the sink went degraded");
      // 3. Room again: the sink recovers, writes and rotates on.
      for (const f of fillers) fs.rmSync(f, { force: true });
      writer.child.stdin!.write("recover\n");
      await writer.waitFor("@ recovered");
      for (let i = 0; i < 5; i++) await write(100);
      writer.child.stdin!.write("close\n");
      const out = await writer.waitFor("@ stats ");
      const report = JSON.parse(
        out.slice(out.indexOf("@ stats ") + 8).split("\n")[0]!,
      );
      assert.equal(report.total, total);
      const got = await shipped();
      shipper.child.stdin!.write("stop\n");
      const sout = await shipper.waitFor("stats ");
      const shipStats = JSON.parse(
        sout.slice(sout.indexOf("stats ") + 6).split("\n")[0]!,
      );

      // Every message at rsyslog is a whole numbered line.
      const torn = got.map((r) => r.msg).filter((m) =>
        numberOf(m) === undefined
      );
      assert.deepEqual(torn, [], "no torn or garbled line reached rsyslog");
      const received = got.map((r) => numberOf(r.msg)!);
      const atCollector = new Set(received);
      const fallback = fallbackOf(writer.stdout());
      assert.deepEqual(fallback.other, [], "stdout holds whole lines");
      assert.equal(
        fallback.numbers.length,
        report.status.fallbackLines,
        "the sink counted every line it sent to stdout",
      );
      assert.ok(report.status.degradedEpisodes >= 1);
      const onStdout = new Set(fallback.numbers);
      const missing: number[] = [];
      const both: number[] = [];
      for (let i = 0; i < total; i++) {
        if (!atCollector.has(i) && !onStdout.has(i)) missing.push(i);
        if (atCollector.has(i) && onStdout.has(i)) both.push(i);
      }
      // The shipper kept up (each batch waited for it), so no archive it
      // had not finished was deleted: nothing may be missing at all.
      assert.deepEqual(
        missing,
        [],
        `lost lines (sink counted ${report.stats.linesUnshippedDeleted} unshipped deleted)`,
      );
      assert.deepEqual(both, [], "a line went to one place only");
      const duplicates = received.length - atCollector.size;
      assert.ok(
        duplicates <= shipStats.resent + shipStats.replayed,
        `${duplicates} duplicates (${
          runsOf(twice(received))
        }), ${shipStats.resent} resent; shipper: ${shipper.stderr()}`,
      );
      assert.equal(shipStats.lagLines, 0);
    }
  },
);

test(
  "file shipper: a torn line cut off the live file (degraded mode) is never shipped, and the lines written after the cut are",
  rsyslogMissing === undefined ? {} : { skip: rsyslogMissing },
  async () => {
    if (rsyslogMissing !== undefined) return;
    const msgId = `cut-${detectRuntime()}`;
    const rs = await Rsyslog.start();
    const dir = makeTempDir();
    const live = path.join(dir, "app.log");
    const sink = createRelpSink({
      host: "127.0.0.1",
      port: rs.relpPort,
      msgId,
      onDiagnostic: () => {},
    });
    const shipper = createFileShipper({
      path: live,
      state: path.join(dir, ".app.ship"),
      sink,
      pollMs: 10,
      onDiagnostic: () => {},
    });
    try {
      // What a write torn by ENOSPC leaves: two lines and the head of one.
      fs.writeFileSync(live, "one\ntwo\nthe torn he");
      await shipper.start();
      await rs.waitUntil("relp", msgId, (got) => got.length >= 2);
      await until(() => shipper.stats().offset === 19); // the head was read
      // Degraded mode cuts the torn head off (the whole line goes to
      // stdout); after recovery the writer appends at the cut.
      fs.truncateSync(live, 8);
      fs.appendFileSync(live, "three\nfour\n");
      await rs.waitUntil("relp", msgId, (g) => g.length >= 4);
      // Again, the file now shorter than what was read (19 + 12 bytes).
      fs.appendFileSync(live, "another torn");
      await until(() => shipper.stats().offset === 31);
      fs.truncateSync(live, 19);
      fs.appendFileSync(live, "five\n");
      const got = await rs.waitUntil(
        "relp",
        msgId,
        (g) => g.some((r) => r.msg === "five"),
      );
      await shipper.stop();
      assert.deepEqual(
        got.map((r) => r.msg),
        ["one", "two", "three", "four", "five"],
      );
      assert.equal(shipper.stats().cursorOffset, 24);
    } finally {
      await shipper.stop();
      removeDir(dir);
      await rs.dispose();
    }
  },
);

/** Waits (on the event loop) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}
