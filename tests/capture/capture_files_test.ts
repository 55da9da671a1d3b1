import assert from "node:assert/strict";
import { test } from "node:test";
import { captureFiles } from "../../src/capture/capture_files.ts";

test("captureFiles() names one file per stream, or one shared file when merged", () => {
  assert.deepEqual(captureFiles("logs", "web", "separate"), {
    stdout: "logs/web.out.log",
    stderr: "logs/web.err.log",
  });
  assert.deepEqual(captureFiles("/var/log/app/", "web", "merged"), {
    stdout: "/var/log/app/web.log",
    stderr: "/var/log/app/web.log",
  });
});
