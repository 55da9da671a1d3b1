// The file shipper's lag and replay numbers in stats(), against a real
// rsyslog (RELP) that is down, then up.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as zlib from "node:zlib";
import { createRelpSink } from "../../mod.ts";
import { createFileShipper, type FileShipper } from "../../ship.ts";
import { ArchiveNames } from "../../src/file/archive_names.ts";
import { readShipCursor } from "../../src/network/ship_cursor.ts";
import { gzipSize } from "../../src/network/ship_gzip.ts";
import { detectRuntime, getPlatform } from "../../src/runtime/detect.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { Rsyslog, rsyslogMissing } from "../_fixtures/rsyslog.ts";

const skip = rsyslogMissing === undefined ? {} : { skip: rsyslogMissing };
const lines = (from: number, to: number) => {
  let text = "";
  for (let i = from; i < to; i++) text += `lag ${i} ${"é".repeat(i % 7)}\n`;
  return text;
};

/** Waits (on the event loop) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}

function shipperOf(
  dir: string,
  port: number,
  msgId: string,
  maxPending: number,
): FileShipper {
  const sink = createRelpSink({
    host: "127.0.0.1",
    port,
    msgId,
    reconnectMinMs: 20,
    reconnectMaxMs: 50,
    closeTimeoutMs: 100,
    onDiagnostic: () => {},
  });
  return createFileShipper({
    path: path.join(dir, "app.log"),
    state: path.join(dir, ".app.ship"),
    sink,
    maxPending,
    pollMs: 10,
    checkpointMs: 20,
    stopTimeoutMs: 100,
    onDiagnostic: () => {},
  });
}

test("gzipSize reads the uncompressed size from the gzip trailer", () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "a.gz");
    const text = lines(0, 500);
    fs.writeFileSync(file, zlib.gzipSync(text));
    const fd = fs.openSync(file, "r");
    try {
      assert.equal(gzipSize(fd), Buffer.byteLength(text));
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    removeDir(dir);
  }
});

test(
  "file shipper stats: lagBytes counts every uncompressed byte not settled (a .gz by its trailer), lagLines the lines in flight; both reach 0",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const msgId = `lag-${detectRuntime()}`;
    const rs = await Rsyslog.start();
    await rs.stop(); // down: nothing settles
    const dir = makeTempDir();
    const names = new ArchiveNames(path.join(dir, "app.log"));
    // A plain archive, a gzipped one (far smaller than its text), the live file.
    const texts = [lines(0, 100), lines(100, 300), lines(300, 350)];
    fs.writeFileSync(names.archivePath(1000), texts[0]!);
    fs.writeFileSync(
      `${names.archivePath(2000)}.gz`,
      zlib.gzipSync(texts[1]!),
    );
    fs.writeFileSync(path.join(dir, "app.log"), texts[2]!);
    const total = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    const shipper = shipperOf(dir, rs.relpPort, msgId, 40);
    try {
      const before = shipper.stats();
      assert.equal(before.lagBytes, total, "before start: all of it");
      assert.equal(before.unreadBytes, total);
      await shipper.start();
      await until(() => shipper.stats().shippedLines === 40);
      const held = shipper.stats();
      assert.equal(held.lagLines, 40, "40 lines in flight");
      assert.equal(held.lagBytes, total, "nothing settled: every byte");
      assert.ok(held.unreadBytes < total, "the first file was read");
      await rs.restart();
      const got = await rs.waitUntil("relp", msgId, (g) => g.length >= 350);
      assert.equal(got.length, 350);
      await until(() => shipper.stats().lagBytes === 0);
      const done = shipper.stats();
      assert.deepEqual(
        [done.lagLines, done.lagBytes, done.unreadBytes, done.ackedLines],
        [0, 0, 0, 350],
      );
    } finally {
      await shipper.stop();
      removeDir(dir);
      await rs.dispose();
    }
  },
);

test(
  "file shipper stats: replayed counts the lines sent before a restart from the saved cursor, also when none was ever acknowledged; stats() after stop() keeps the lag",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const msgId = `replay-${detectRuntime()}`;
    const rs = await Rsyslog.start();
    await rs.stop();
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, "app.log"), lines(0, 100));
    const state = path.join(dir, ".app.ship");
    const first = shipperOf(dir, rs.relpPort, msgId, 30);
    let second: FileShipper | undefined;
    try {
      await first.start();
      await until(() => first.stats().shippedLines === 30);
      // Saved although nothing settled: the cursor at the start, 30 sent.
      const read = () => {
        try {
          return readShipCursor(getPlatform().fs, state);
        } catch {
          return undefined; // not there yet
        }
      };
      await until(() => read()?.unsettled === 30);
      assert.equal(read()?.offset, 0);
      await first.stop();
      // stats() after stop(): the numbers as it stopped (its files are
      // closed): nothing settled, so every byte of the file is lag.
      const stopped = first.stats();
      assert.deepEqual(
        [stopped.ackedLines, stopped.lagLines, stopped.lagBytes],
        [0, 30, fs.statSync(path.join(dir, "app.log")).size],
      );
      await rs.restart();
      second = shipperOf(dir, rs.relpPort, msgId, 30);
      await second.start();
      const got = await rs.waitUntil("relp", msgId, (g) => g.length >= 100);
      await until(() => second!.stats().lagLines === 0);
      const stats = second.stats();
      assert.equal(got.length, 100, "the first shipper delivered nothing");
      assert.equal(stats.replayed, 30, "the 30 sent before the restart");
      assert.equal(stats.shippedLines, 100);
    } finally {
      await first.stop();
      await second?.stop();
      removeDir(dir);
      await rs.dispose();
    }
  },
);
