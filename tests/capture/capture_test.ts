import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { captureProcess } from "../../src/capture/capture.ts";
import type { CapturedLines } from "../../src/capture/capture_stream.ts";
import { SpawnError } from "../../src/runtime/spawn_error.ts";
import {
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const loop =
  'i=1; while [ $i -le 3000 ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done';

test("captureProcess() writes stdout and stderr to per-app files and returns the exit status", async () => {
  const dir = makeTempDir();
  try {
    const result = await captureProcess({
      command: "sh",
      args: ["-c", `${loop}; exit 3`],
      name: "app",
      dir,
    });
    assert.equal(result.exitCode, 3);
    assert.deepEqual(result.status, { code: 3, signal: null });
    assert.deepEqual(result.lines, { stdout: 3000, stderr: 3000 });
    const out = fileLines(path.join(dir, "app.out.log"));
    const err = fileLines(path.join(dir, "app.err.log"));
    assert.deepEqual(
      out,
      Array.from({ length: 3000 }, (_, i) => `out ${i + 1}`),
    );
    assert.deepEqual(
      err,
      Array.from({ length: 3000 }, (_, i) => `err ${i + 1}`),
    );
  } finally {
    removeDir(dir);
  }
});

test("captureProcess() merges streams, stamps lines and feeds live listeners", async () => {
  const dir = makeTempDir();
  try {
    const seen: CapturedLines[] = [];
    const result = await captureProcess({
      command: "sh",
      args: ["-c", "echo one; echo two >&2; printf 'no newline'"],
      name: "merged",
      dir,
      files: "merged",
      timestamps: true,
      onLines: (lines) => seen.push(lines),
    });
    assert.equal(result.exitCode, 0);
    const lines = fileLines(path.join(dir, "merged.log"));
    assert.equal(lines.length, 3);
    const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;
    for (const line of lines) assert.match(line, stamp);
    assert.deepEqual(
      lines.map((l) => l.replace(stamp, "")).sort(),
      ["no newline", "one", "two"],
    );
    const text = seen.map((s) => s.text).join("");
    assert.equal(text.split("\n").filter(Boolean).length, 3);
    assert.ok(seen.some((s) => s.stream === "stderr" && s.app === "merged"));
  } finally {
    removeDir(dir);
  }
});

test("captureProcess() reports a command that cannot start", async () => {
  const dir = makeTempDir();
  try {
    await assert.rejects(
      captureProcess({ command: "definitely-not-a-command-xyz", dir }),
      (err: unknown) => err instanceof SpawnError && err.code === "ENOENT",
    );
    await assert.rejects(
      captureProcess({ command: "" }),
      new TypeError(
        'Cannot capture a process as command must be a non-empty string: current value is ""',
      ),
    );
  } finally {
    removeDir(dir);
  }
});

const cli = path.join(repoRoot, "src", "cli", "main.ts");

test("logrotor run forwards SIGTERM to the command and exits with its status once lines are on disk", async () => {
  const dir = makeTempDir();
  try {
    const [cmd, pre] = scriptCommand(cli);
    const script =
      'trap "echo got term; exit 0" TERM; echo started; i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.01; done';
    const result = await runChild(
      cmd,
      [
        ...pre,
        "run",
        "--dir",
        dir,
        "--name",
        "svc",
        "--echo",
        "--",
        "sh",
        "-c",
        script,
      ],
      { killOn: { text: "line 5\n", signal: "SIGTERM" } },
    );
    assert.equal(result.code, 0, result.stderr);
    const lines = fileLines(path.join(dir, "svc.out.log"));
    assert.equal(lines[0], "started");
    assert.equal(lines.at(-1), "got term");
    const numbered = lines.filter((l) => l.startsWith("line "));
    numbered.forEach((l, i) => assert.equal(l, `line ${i + 1}`));
    assert.ok(numbered.length >= 5);

    const killed = await runChild(
      cmd,
      [
        ...pre,
        "run",
        "--dir",
        dir,
        "--name",
        "plain",
        "--echo",
        "--",
        "sh",
        "-c",
        "echo up; exec sleep 30",
      ],
      { killOn: { text: "up\n", signal: "SIGTERM" } },
    );
    assert.equal(killed.code, 143, killed.stderr);
    assert.deepEqual(fileLines(path.join(dir, "plain.out.log")), ["up"]);
  } finally {
    removeDir(dir);
  }
});

test("logrotor run needs a command and reports one that does not exist", async () => {
  const [cmd, pre] = scriptCommand(cli);
  const none = await runChild(cmd, [...pre, "run"]);
  assert.equal(none.code, 2);
  assert.equal(
    none.stderr,
    "logrotor run: a command to run is required after --\n",
  );
  const dir = makeTempDir();
  try {
    const missing = await runChild(cmd, [
      ...pre,
      "run",
      "--dir",
      dir,
      "--",
      "no-such-cmd-xyz",
    ]);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /ENOENT/);
  } finally {
    removeDir(dir);
  }
});
