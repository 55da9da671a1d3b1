import assert from "node:assert/strict";
import { test } from "node:test";
import { checkSinkPath } from "../../src/options/sink_path.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

test("checkSinkPath refuses a directory and accepts a missing file", () => {
  const dir = makeTempDir();
  try {
    const fs = getPlatform().fs;
    checkSinkPath("file sink", `${dir}/app.log`, fs);
    assert.throws(() => checkSinkPath("file sink", dir, fs), {
      name: "TypeError",
      message:
        `Cannot create file sink as path must name a file, not a directory: current value is ${
          JSON.stringify(dir)
        }`,
    });
  } finally {
    removeDir(dir);
  }
});
