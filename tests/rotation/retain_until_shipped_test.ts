import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as zlib from "node:zlib";
import { createRotatingFileSink } from "../../mod.ts";
import { writeShipCursor } from "../../src/network/ship_cursor.ts";
import { fingerprint } from "../../src/network/ship_fingerprint.ts";
import { ArchiveNames } from "../../src/file/archive_names.ts";
import { freeArchiveSpace } from "../../src/rotation/disk_full_cleanup.ts";
import { applyRetention } from "../../src/rotation/retention.ts";
import { RotationContext } from "../../src/rotation/rotation_context.ts";
import { unshippedGuard } from "../../src/rotation/ship_guard.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const platform = getPlatform();

/** app.log plus four archives a0…a3 (oldest first), two lines each. */
function setUp(dir: string): { live: string; archives: string[] } {
  const names = new ArchiveNames(path.join(dir, "app.log"));
  const archives = [0, 1, 2, 3].map((i) => names.archivePath(1000 * i));
  archives.forEach((a, i) => fs.writeFileSync(a, `a${i} 1\na${i} 2\n`));
  const live = path.join(dir, "app.log");
  fs.writeFileSync(live, "live 1\n");
  return { live, archives };
}

/** A shipper state whose cursor is in `file` (found by inode and head). */
function stateAt(dir: string, file: string, archive: string | null = null) {
  const state = path.join(dir, ".app.ship");
  const st = fs.statSync(file);
  const head = fs.readFileSync(file).subarray(0, 4);
  writeShipCursor(platform.fs, state, {
    file: fingerprint(st.dev, st.ino, head),
    name: path.basename(file),
    archive,
    offset: 3,
    unsettled: 0,
    savedAt: 0,
  });
  return state;
}

const left = (dir: string) =>
  fs.readdirSync(dir).filter((n) => !n.startsWith(".")).sort();

test("retainUntilShipped: retention keeps the archive the shipper is in and the newer ones", () => {
  const dir = makeTempDir();
  try {
    const { archives } = setUp(dir);
    const state = stateAt(dir, archives[1]!);
    const names = new ArchiveNames(path.join(dir, "app.log"));
    const r = applyRetention(
      platform.fs,
      names,
      { keep: 1, retainUntilShipped: state },
      Date.now(),
      () => false,
    );
    assert.equal(r.deleted.length, 1);
    assert.equal(r.keptUnshipped, 2);
    assert.deepEqual(
      left(dir),
      ["app.log", ...archives.slice(1).map((a) => path.basename(a))].sort(),
    );
  } finally {
    removeDir(dir);
  }
});

test("retainUntilShipped: no state file keeps every archive; a cursor in the live file lets retention work", () => {
  const dir = makeTempDir();
  try {
    const { live, archives } = setUp(dir);
    const names = new ArchiveNames(live);
    const state = path.join(dir, ".app.ship");
    const policy = { keep: 1, retainUntilShipped: state };
    let r = applyRetention(platform.fs, names, policy, 0, () => false);
    assert.deepEqual([r.deleted.length, r.keptUnshipped], [0, 3]);
    stateAt(dir, live);
    r = applyRetention(platform.fs, names, policy, 0, () => false);
    assert.deepEqual([r.deleted.length, r.keptUnshipped], [3, 0]);
    assert.deepEqual(
      left(dir),
      ["app.log", path.basename(archives[3]!)].sort(),
    );
  } finally {
    removeDir(dir);
  }
});

test("retainUntilShipped: a cursor file gzipped since is found by its recorded archive name", () => {
  const dir = makeTempDir();
  try {
    const { live, archives } = setUp(dir);
    const state = stateAt(dir, archives[2]!, path.basename(archives[2]!));
    fs.writeFileSync(
      `${archives[2]}.gz`,
      zlib.gzipSync(fs.readFileSync(archives[2]!)),
    );
    fs.rmSync(archives[2]!);
    const r = applyRetention(
      platform.fs,
      new ArchiveNames(live),
      { keep: 1, retainUntilShipped: state },
      0,
      () => false,
    );
    // a0, a1 are shipped; a2 (now .gz) is not (a3 is within keep).
    assert.deepEqual(r.deleted.map((e) => e.stamp), [0, 1000]);
    assert.equal(r.keptUnshipped, 1);
  } finally {
    removeDir(dir);
  }
});

test("retainUntilShipped: the disk-full cleanup still deletes, counting the unshipped lines lost", () => {
  const dir = makeTempDir();
  try {
    const { live, archives } = setUp(dir);
    const state = stateAt(dir, archives[1]!);
    const messages: string[] = [];
    const ctx = new RotationContext({
      path: live,
      fs: platform.fs,
      platform,
      now: () => 0,
      mkdir: false,
      onDiagnostic: (d) => messages.push(d.message),
    });
    const guard = unshippedGuard(platform.fs, new ArchiveNames(live), state);
    const r = freeArchiveSpace(ctx, 3 * 10, () => false, guard);
    // a0 (shipped), a1 and a2 (not) are deleted: 4 unshipped lines.
    assert.equal(r.archivesDeleted, 3);
    assert.equal(r.linesDeleted, 6);
    assert.equal(r.linesUnshipped, 4);
    assert.equal(
      messages.filter((m) => m.includes("not yet shipped")).length,
      2,
    );
  } finally {
    removeDir(dir);
  }
});

test("retainUntilShipped on the rotating sink: archives wait for the shipper, then go", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const state = path.join(dir, ".app.ship");
    const sink = createRotatingFileSink(live, {
      keep: 1,
      retainUntilShipped: state,
      onDiagnostic: () => {},
    });
    for (let i = 0; i < 4; i++) {
      sink.write(`line ${i}\n`);
      sink.flushSync();
      sink.rotate();
    }
    sink.write("live\n");
    sink.flushSync();
    const archives = () => left(dir).filter((n) => /Z(_\d{3})?\.log$/.test(n));
    assert.equal(archives().length, 4, "nothing shipped: all kept");
    stateAt(dir, live); // the shipper reached the live file
    sink.rotate();
    await sink.close();
    assert.equal(archives().length, 1, "shipped archives are deleted");
    assert.throws(
      () => createRotatingFileSink(live, { retainUntilShipped: "" }),
      /retainUntilShipped must be a non-empty string/,
    );
  } finally {
    removeDir(dir);
  }
});
