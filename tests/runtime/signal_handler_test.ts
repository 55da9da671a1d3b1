import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { detectRuntime } from "../../src/runtime/detect.ts";
import {
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const child = path.join(repoRoot, "tests", "_fixtures", "signal_app.ts");

const expected = [
  ...Array.from({ length: 1000 }, (_, i) => `before ${i}`),
  ...Array.from({ length: 200 }, (_, i) => `shutdown ${i}`),
  ...Array.from({ length: 200 }, (_, i) => `closing ${i}`),
];

const cases = [
  { how: "on-before", what: "process.on registered before the sink" },
  { how: "on-after", what: "process.on registered after the sink" },
  { how: "once-before", what: "process.once registered before the sink" },
  { how: "once", what: "process.once registered after the sink" },
  { how: "deno-add", what: "Deno.addSignalListener", only: "deno" },
];

for (const sinkKind of ["file", "rotating"]) {
  for (const c of cases) {
    const skip = c.only !== undefined && c.only !== detectRuntime()
      ? `${c.what} exists only on ${c.only}`
      : false;
    test(
      `an app's own SIGTERM handler (${c.what}, ${sinkKind} sink): every line it logs while shutting down lands, and the exit status is the app's`,
      { skip },
      async () => {
        if (skip) return;
        const dir = makeTempDir();
        try {
          const file = path.join(dir, "app.log");
          const [cmd, args] = scriptCommand(child);
          const result = await runChild(cmd, [...args, file, c.how, sinkKind], {
            killOn: { text: "ready", signal: "SIGTERM" },
          });
          assert.equal(result.code, 7, `exit status; stderr: ${result.stderr}`);
          assert.match(result.stdout, /app handler ran/);
          assert.deepEqual(fileLines(file), expected);
        } finally {
          removeDir(dir);
        }
      },
    );
  }
}
