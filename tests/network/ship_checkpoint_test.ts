import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import {
  ShipCheckpoint,
  type ShipFileRef,
} from "../../src/network/ship_checkpoint.ts";
import { readShipCursor } from "../../src/network/ship_cursor.ts";
import type { ChainReader } from "../../src/network/ship_files.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const fp = { dev: 1, ino: 2, headLength: 3, headHash: "0123456789abcdef" };
const ref = (): ShipFileRef => ({
  reader: {
    file: { path: "/var/log/app.log" },
    fingerprint: fp,
  } as unknown as ChainReader,
  archive: null,
});

test("ship checkpoint: saves when lines or time are due, or when forced; only after the cursor or the lines in flight changed", () => {
  const dir = makeTempDir();
  try {
    const { fs } = getPlatform();
    const state = path.join(dir, "app.ship");
    const checkpoint = new ShipCheckpoint(fs, state, 3, 1000);
    checkpoint.save(0, true, 0);
    assert.equal(checkpoint.saves, 0, "nothing read yet");
    const r = ref();
    checkpoint.begin(r, 0);
    checkpoint.save(0, true, 0);
    assert.equal(checkpoint.saves, 0, "read, nothing in flight");
    checkpoint.advance(r, 10, 2);
    checkpoint.save(500, false, 1);
    assert.equal(checkpoint.saves, 0, "neither 3 lines nor 1000 ms");
    checkpoint.advance(r, 20, 1);
    checkpoint.save(600, false, 4);
    assert.equal(checkpoint.saves, 1, "3 lines settled");
    const saved = readShipCursor(fs, state);
    assert.equal(saved?.offset, 20);
    assert.equal(saved?.name, "app.log");
    assert.equal(saved?.unsettled, 4);
    assert.equal(saved?.archive, null);
    checkpoint.save(5000, true, 4);
    assert.equal(checkpoint.saves, 1, "not moved since");
    checkpoint.advance(r, 30, 1);
    checkpoint.save(1700, false, 0);
    assert.equal(checkpoint.saves, 2, "1000 ms since the last save");
    checkpoint.advance(r, 40, 1);
    checkpoint.save(1701, true, 0);
    assert.equal(checkpoint.saves, 3, "forced");
    assert.equal(checkpoint.cursor?.offset, 40);
    // Nothing settles (the collector is down) but lines go out: the number
    // in flight is saved when due, for the replay count after a restart.
    checkpoint.save(1800, false, 7);
    assert.equal(checkpoint.saves, 3, "not due yet");
    checkpoint.save(2702, false, 7);
    assert.equal(checkpoint.saves, 4, "in flight: 0 -> 7");
    assert.equal(readShipCursor(fs, state)?.unsettled, 7);
    assert.equal(readShipCursor(fs, state)?.offset, 40);
  } finally {
    removeDir(dir);
  }
});

test("ship checkpoint: a failed save throws and stays due", () => {
  const { fs } = getPlatform();
  const checkpoint = new ShipCheckpoint(
    fs,
    "/nonexistent-dir/x/app.ship",
    1,
    1,
  );
  checkpoint.advance(ref(), 5, 1);
  assert.throws(() => checkpoint.save(10, true, 0));
  assert.equal(checkpoint.saves, 0);
});
