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

/** What a disk-full run left: the lines, where they went, the counters. */
interface Outcome {
  total: number;
  /** Numbers of the messages rsyslog received, in order. */
  received: number[];
  /** Messages that are not whole numbered lines. */
  torn: string[];
  /** Numbers of the lines on the writer's stdout. */
  onStdout: number[];
  /** Other lines on its stdout (banners and status lines excluded). */
  otherStdout: string[];
  /** Neither at rsyslog nor on stdout. */
  missing: number[];
  /** At rsyslog and on stdout. */
  both: number[];
  // deno-lint-ignore no-explicit-any
  writer: any; // { total, status, stats, events }
  // deno-lint-ignore no-explicit-any
  shipper: any; // FileShipperStats
  shipperStderr: string;
}

/**
 * A writer fills a 1 MiB tmpfs (with a filler leaving 192 KiB) while a
 * shipper ships over RELP: writes until the emergency cleanup deleted
 * archives, then fills what it frees until the sink is degraded for three
 * batches, removes the fillers, lets it recover, writes five more batches
 * and closes. With `collectorUp`, each batch waits until rsyslog (or
 * stdout) has every line so far; else rsyslog is down until the writer
 * closed.
 */
async function diskFull(collectorUp: boolean): Promise<Outcome> {
  const runtime = detectRuntime();
  const msgId = `full-${collectorUp ? "up" : "down"}-${runtime}`;
  const rs = await Rsyslog.start();
  const children: Running[] = [];
  const killAll = async () => {
    for (const c of children) c.child.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
  };
  try {
    // The children hold files on the tmpfs: they end before it unmounts.
    return await withTmpfs("1m", (dir) => run(dir).finally(killAll));
  } finally {
    await killAll();
    await rs.dispose();
  }

  async function run(dir: string): Promise<Outcome> {
    if (!collectorUp) await rs.stop();
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
    const batch = async () => {
      const step = await write(100);
      if (collectorUp) await shipped();
      return step;
    };

    // 1. The disk fills: the emergency cleanup deletes archives.
    let step = { state: "ok", archivesDeleted: 0 };
    for (let i = 0; i < 300 && step.archivesDeleted === 0; i++) {
      step = await batch();
    }
    const statusLines = () =>
      writer.stdout().split("\n").filter((l) => !l.startsWith("ship "))
        .join("\n");
    assert.ok(
      step.archivesDeleted > 0,
      `the disk-full cleanup ran (${total} lines):\n${statusLines()}`,
    );
    // 2. Fill what the cleanup frees until nothing is left to delete:
    //    the sink goes degraded (lines to stdout); three more batches.
    let degraded = 0;
    for (let i = 0; i < 300 && degraded < 3; i++) {
      fillUp(0);
      step = await batch();
      if (step.state === "degraded") degraded++;
    }
    assert.equal(degraded, 3, "the sink went degraded");
    // 3. Room again: the sink recovers, writes and rotates on.
    for (const f of fillers) fs.rmSync(f, { force: true });
    writer.child.stdin!.write("recover\n");
    await writer.waitFor("@ recovered");
    for (let i = 0; i < 5; i++) await batch();
    writer.child.stdin!.write("close\n");
    const out = await writer.waitFor("@ stats ");
    const report = JSON.parse(
      out.slice(out.indexOf("@ stats ") + 8).split("\n")[0]!,
    );
    assert.equal(report.total, total);
    if (!collectorUp) await rs.restart();
    // Shipping is in file order: once the last line is there, every line
    // the files still hold has been shipped.
    const last = total - 1;
    const got = await rs.waitUntil(
      "relp",
      msgId,
      (g) => g.some((r) => numberOf(r.msg) === last),
    );
    shipper.child.stdin!.write("stop\n");
    const sout = await shipper.waitFor("stats ");
    const shipStats = JSON.parse(
      sout.slice(sout.indexOf("stats ") + 6).split("\n")[0]!,
    );
    const received: number[] = [];
    const torn: string[] = [];
    for (const r of got) {
      const n = numberOf(r.msg);
      if (n === undefined) torn.push(r.msg);
      else received.push(n);
    }
    const fallback = fallbackOf(writer.stdout());
    const atCollector = new Set(received);
    const onStdout = new Set(fallback.numbers);
    const missing: number[] = [];
    const both: number[] = [];
    for (let i = 0; i < total; i++) {
      if (!atCollector.has(i) && !onStdout.has(i)) missing.push(i);
      if (atCollector.has(i) && onStdout.has(i)) both.push(i);
    }
    return {
      total,
      received,
      torn,
      onStdout: fallback.numbers,
      otherStdout: fallback.other,
      missing,
      both,
      writer: report,
      shipper: shipStats,
      shipperStderr: shipper.stderr(),
    };
  }
}

/** What holds in both runs: whole lines, counted stdout, bounded duplicates. */
function assertAccounted(o: Outcome): void {
  assert.deepEqual(o.torn, [], "no torn or garbled line reached rsyslog");
  assert.deepEqual(o.otherStdout, [], "stdout holds whole lines");
  assert.equal(
    o.onStdout.length,
    o.writer.status.fallbackLines,
    "the sink counted every line it sent to stdout",
  );
  assert.ok(o.writer.status.degradedEpisodes >= 1);
  assert.deepEqual(o.both, [], "a line went to one place only");
  const duplicates = o.received.length - new Set(o.received).size;
  assert.ok(
    duplicates <= o.shipper.resent + o.shipper.replayed,
    `${duplicates} duplicates (${
      runsOf(twice(o.received))
    }), ${o.shipper.resent} resent; shipper: ${o.shipperStderr}`,
  );
  assert.equal(o.shipper.lagLines, 0);
  assert.equal(o.shipper.lagBytes, 0);
}

test(
  "file shipper on a full disk: every line reaches rsyslog whole or the writer's degraded stdout, none is lost or torn",
  why === undefined ? {} : { skip: why },
  async () => {
    if (why !== undefined) return;
    const o = await diskFull(true);
    assertAccounted(o);
    assert.ok(o.writer.stats.linesDeletedOnDiskFull > 0);
    // The shipper kept up (each batch waited for it), so no archive it had
    // not finished was deleted: nothing may be missing at all.
    assert.deepEqual(
      o.missing,
      [],
      `lost lines (sink counted ${o.writer.stats.linesUnshippedDeleted} unshipped deleted)`,
    );
  },
);

test(
  "file shipper on a full disk with rsyslog down: the lines that never arrive are no more than the sink counted as deleted unshipped",
  why === undefined ? {} : { skip: why },
  async () => {
    if (why !== undefined) return;
    const o = await diskFull(false);
    assertAccounted(o);
    const { linesDeletedOnDiskFull, linesUnshippedDeleted } = o.writer.stats;
    // Nothing was acknowledged while archives were deleted: all unshipped.
    assert.ok(linesUnshippedDeleted > 0, "unshipped archives were deleted");
    assert.equal(linesUnshippedDeleted, linesDeletedOnDiskFull);
    assert.ok(
      o.missing.length <= linesUnshippedDeleted,
      `${o.missing.length} lines missing (${
        runsOf(o.missing)
      }), ${linesUnshippedDeleted} counted as deleted unshipped`,
    );
    // The sink reported each deletion with its lines, adding up to it.
    const reported = o.writer.events
      .map((e: string) =>
        /^deleted: disk full: deleted .* (\d+) lines lost; not yet shipped/
          .exec(e)
      )
      .filter((m: RegExpExecArray | null) => m !== null)
      .reduce((n: number, m: RegExpExecArray) => n + Number(m[1]), 0);
    assert.equal(reported, linesUnshippedDeleted);
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
