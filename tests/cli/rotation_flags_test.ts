import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { UsageError } from "../../src/cli/args.ts";
import {
  createSinkFromFlags,
  rotationFlags,
  wantsRotation,
} from "../../src/cli/rotation_flags.ts";
import {
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const quiet = { onDiagnostic: () => {} };

test("rotation flags come from the rotation table, plus --gzip, --utc and --local", () => {
  const names = rotationFlags.map((f) => f.name);
  for (
    const name of [
      "max-size",
      "every",
      "time-zone",
      "keep",
      "max-age",
      "max-total",
      "compress",
      "gzip",
      "utc",
      "local",
    ]
  ) {
    assert.ok(names.includes(name), name);
  }
  assert.equal(wantsRotation({ compress: "gzip" }), true);
  assert.equal(wantsRotation({ compress: "none" }), false);
  assert.equal(wantsRotation({ gzip: true }), true);
});

test("--compress gzip compresses archives; --gzip together with --compress is a usage error", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const sink = createSinkFromFlags(
      "write",
      file,
      { "max-size": 512, compress: "gzip" },
      quiet,
    );
    for (let i = 0; i < 30; i++) sink.write(makeLine(i, 64));
    await sink.close();
    assert.ok(fs.readdirSync(dir).some((n) => n.endsWith(".log.gz")));
    assert.throws(
      () =>
        createSinkFromFlags(
          "write",
          file,
          { gzip: true, compress: "gzip" },
          quiet,
        ),
      (err: unknown) =>
        err instanceof UsageError &&
        err.message ===
          "logrotor write: --gzip is a deprecated alias of --compress gzip: give only --compress",
    );
  } finally {
    removeDir(dir);
  }
});

test("logrotor write --gzip still compresses and says once that it is deprecated", async () => {
  const dir = makeTempDir();
  try {
    const [command, pre] = scriptCommand(
      path.join(repoRoot, "src", "cli", "main.ts"),
    );
    const input = Array.from({ length: 50 }, (_, i) => makeLine(i, 64)).join(
      "",
    );
    const result = await runChild(
      command,
      [...pre, "write", "--dir", dir, "--max-size", "1K", "--gzip"],
      { input },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.stderr.split("\n").filter((line) => line.includes("deprecated")),
      [
        "logrotor write: --gzip is deprecated: use --compress gzip (removed in the next release)",
      ],
    );
    assert.ok(fs.readdirSync(dir).some((n) => n.endsWith(".log.gz")));
  } finally {
    removeDir(dir);
  }
});
