import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as zlib from "node:zlib";
import { ArchiveNames } from "../../src/file/archive_names.ts";
import type { FileDriver } from "../../src/runtime/driver.ts";
import { fingerprint } from "../../src/network/ship_fingerprint.ts";
import { ShipLedger } from "../../src/network/ship_ledger.ts";
import { ChainWalker } from "../../src/network/ship_walker.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const quiet = () => new ShipLedger("app.log", () => {}, Date.now);

/** Reads the walker's open file to its end. */
async function readAll(walker: ChainWalker): Promise<string> {
  let text = "";
  for (;;) {
    const bytes = await walker.reader!.read(1 << 16);
    if (bytes.length === 0) return text;
    text += new TextDecoder().decode(bytes);
  }
}

test("ship walker: a rotation between listing the chain and opening the live file does not skip the new archive", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const archive = new ArchiveNames(live).archivePath(1000);
    fs.writeFileSync(live, "old 1\nold 2\n");
    const real = getPlatform().fs;
    let rotateAfterListing = true;
    // The writer rotates right after the shipper listed the directory.
    const racing: FileDriver = Object.create(real);
    racing.readdir = (p: string) => {
      const names = real.readdir(p);
      if (rotateAfterListing) {
        rotateAfterListing = false;
        fs.renameSync(live, archive);
        fs.writeFileSync(live, "new 1\n");
      }
      return names;
    };
    const walker = new ChainWalker(racing, live, 1024, quiet());
    const opened: string[] = [];
    const texts: string[] = [];
    for (let i = 0; i < 4 && opened.length < 2; i++) {
      if (!await walker.openNext()) continue; // the new live file: later
      opened.push(path.basename(walker.reader!.file.path));
      texts.push(await readAll(walker));
      if (walker.reader!.file.archive !== undefined) await walker.finish();
    }
    assert.deepEqual(opened, [path.basename(archive), "app.log"]);
    assert.deepEqual(texts, ["old 1\nold 2\n", "new 1\n"]);
    walker.reader?.close();
  } finally {
    removeDir(dir);
  }
});

test("ship walker: unreadBytes counts the rest of the open file and every later file, a .gz uncompressed", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const names = new ArchiveNames(live);
    const a = "a".repeat(99) + "\n";
    const b = "b".repeat(4999) + "\n"; // gzips to far less
    fs.writeFileSync(names.archivePath(1000), a);
    fs.writeFileSync(`${names.archivePath(2000)}.gz`, zlib.gzipSync(b));
    fs.writeFileSync(live, "live\n");
    const walker = new ChainWalker(getPlatform().fs, live, 1024, quiet());
    assert.equal(walker.unreadBytes(), 100 + 5000 + 5);
    assert.ok(await walker.openNext());
    await walker.reader!.read(40);
    assert.equal(walker.unreadBytes(), 60 + 5000 + 5);
    await readAll(walker);
    await walker.finish();
    assert.ok(await walker.openNext()); // the .gz
    await walker.reader!.read(1000);
    assert.equal(walker.unreadBytes(), 4000 + 5);
    await readAll(walker);
    await walker.finish();
    assert.ok(await walker.openNext()); // the live file
    assert.equal(walker.unreadBytes(), 5);
    await readAll(walker);
    assert.equal(walker.unreadBytes(), 0);
    fs.appendFileSync(live, "more\n");
    assert.equal(walker.unreadBytes(), 5);
    walker.reader!.close();
  } finally {
    removeDir(dir);
  }
});

test("ship walker: a cursor's file rotated during the look-up is looked up again, not reported gone", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const archive = new ArchiveNames(live).archivePath(1000);
    fs.writeFileSync(live, "old 1\nold 2\n");
    const st = fs.statSync(live);
    const cursor = {
      file: fingerprint(st.dev, st.ino, fs.readFileSync(live)),
      name: "app.log",
      archive: null,
      offset: 6,
      unsettled: 0,
      savedAt: 0,
    };
    const real = getPlatform().fs;
    let stats = 0;
    // The writer rotates right after the look-up matched the live file's
    // inode (the second stat of app.log: the listing's, then the look-up's).
    const racing: FileDriver = Object.create(real);
    racing.stat = (p: string) => {
      const info = real.stat(p);
      if (p === live && ++stats === 2) {
        fs.renameSync(live, archive);
        fs.writeFileSync(live, "new 1 and more\n");
      }
      return info;
    };
    const ledger = quiet();
    const walker = new ChainWalker(racing, live, 1024, ledger);
    assert.equal(await walker.resume(cursor), true);
    assert.equal(ledger.resumedWithoutCursor, 0);
    assert.equal(walker.reader!.file.path, archive);
    assert.equal(await readAll(walker), "old 2\n");
    walker.reader!.close();
  } finally {
    removeDir(dir);
  }
});
