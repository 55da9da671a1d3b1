// The README's first line in a fresh clone is `npm install && npx logrotor
// demo`: `npm install` runs `prepare`, which builds dist/, and `npx` then
// runs the package's own `bin` as an executable file through its shebang.
// tsc writes that file without the execute bit, so the build must set it;
// a clean CI machine once failed with "logrotor: Permission denied".
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  exitedZero,
  readText,
  repoRoot,
  runChild,
} from "../_fixtures/fixtures.ts";

const manifest = JSON.parse(readText(path.join(repoRoot, "package.json")));
const cli = path.join(repoRoot, manifest.bin.logrotor);

test("the build leaves the CLI executable, so it runs by its shebang", async () => {
  const mode = fs.statSync(cli).mode;
  assert.equal(mode & 0o111, 0o111, `${cli} has mode ${mode.toString(8)}`);
  const done = await exitedZero(
    "the CLI run as a file",
    runChild(cli, ["--version"]),
  );
  assert.equal(done.stdout.trim(), `logrotor ${manifest.version}`);
});

test("`npx logrotor` runs the clone's own CLI", async () => {
  const done = await exitedZero(
    "npx logrotor --version",
    runChild("npx", ["--no-install", "logrotor", "--version"], {
      timeoutMs: 120_000,
    }),
  );
  assert.equal(done.stdout.trim(), `logrotor ${manifest.version}`);
});
