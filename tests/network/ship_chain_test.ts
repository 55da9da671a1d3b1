import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  liveFileRotated,
  nextChainFile,
} from "../../src/network/ship_chain.ts";
import { listChain, openChainFile } from "../../src/network/ship_files.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

test("ship chain: the next file and the live file rotated away", async () => {
  const dir = makeTempDir();
  try {
    const driver = getPlatform().fs;
    const live = path.join(dir, "app.log");
    fs.writeFileSync(live, "one\ntwo\n");
    const before = { stamp: -Infinity, seq: 0 };
    const first = nextChainFile(driver, live, before);
    assert.equal(first?.path, live);
    assert.equal(nextChainFile(driver, live, first!), undefined);
    const reader = await openChainFile(driver, first!, 0, 64, undefined);
    assert.ok(reader !== undefined);
    try {
      assert.equal(liveFileRotated(driver, live, reader.fingerprint), false);
      fs.renameSync(live, path.join(dir, "moved"));
      assert.equal(liveFileRotated(driver, live, reader.fingerprint), true);
      fs.writeFileSync(live, "three\n");
      assert.equal(liveFileRotated(driver, live, reader.fingerprint), true);
      assert.equal(listChain(driver, live).length, 1);
    } finally {
      reader.close();
    }
  } finally {
    removeDir(dir);
  }
});
