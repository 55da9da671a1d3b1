import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { SpawnError } from "../../src/runtime/spawn_error.ts";
import { spawnProcess } from "../../src/runtime/spawn_process.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

test("spawnProcess() pipes stdout and stderr and reports the exit code", async () => {
  const dir = makeTempDir();
  try {
    const child = await spawnProcess(
      "sh",
      ["-c", 'echo "out $GREETING"; pwd; echo err >&2; exit 3'],
      { cwd: dir, env: { GREETING: "hello" } },
    );
    assert.ok(child.pid > 0);
    const [out, err] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
    ]);
    assert.equal(out, `out hello\n${fs.realpathSync(dir)}\n`);
    assert.equal(err, "err\n");
    assert.deepEqual(await child.exited, { code: 3, signal: null });
    assert.equal(child.kill(), false, "an ended child cannot be signalled");
  } finally {
    removeDir(dir);
  }
});

test("spawnProcess() reports a child ended by a signal with the signal", async () => {
  const child = await spawnProcess("sh", ["-c", "echo ready; exec sleep 30"]);
  const reader = child.stdout.getReader();
  assert.equal(
    new TextDecoder().decode((await reader.read()).value),
    "ready\n",
  );
  assert.equal(child.kill("SIGKILL"), true);
  assert.deepEqual(await child.exited, { code: null, signal: "SIGKILL" });
  reader.releaseLock();
  await child.stdout.cancel();
  await child.stderr.cancel();
});

test("spawnProcess() with stdin piped: the child reads end-of-file once closeStdin() is called", async () => {
  const child = await spawnProcess(
    "sh",
    ["-c", "echo ready; cat; echo eof"],
    { stdin: "piped" },
  );
  try {
    const reader = child.stdout.getReader();
    assert.equal(
      new TextDecoder().decode((await reader.read()).value),
      "ready\n",
    );
    child.closeStdin();
    assert.equal(
      new TextDecoder().decode((await reader.read()).value),
      "eof\n",
    );
    reader.releaseLock();
    assert.deepEqual(await child.exited, { code: 0, signal: null });
    await child.stdout.cancel();
    await child.stderr.cancel();
  } finally {
    child.kill("SIGKILL");
  }
});

test("spawnProcess() rejects with SpawnError ENOENT or EACCES, directly or with dieWithParent", async () => {
  const dir = makeTempDir();
  try {
    const notExecutable = path.join(dir, "script.sh");
    fs.writeFileSync(notExecutable, "#!/bin/sh\necho hi\n", { mode: 0o644 });
    for (const dieWithParent of [false, true]) {
      await assert.rejects(
        spawnProcess("definitely-not-a-command-xyz", [], { dieWithParent }),
        (err: unknown) => err instanceof SpawnError && err.code === "ENOENT",
      );
      await assert.rejects(
        spawnProcess(notExecutable, [], { dieWithParent }),
        (err: unknown) => err instanceof SpawnError && err.code === "EACCES",
      );
    }
  } finally {
    removeDir(dir);
  }
});
