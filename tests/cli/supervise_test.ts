// `logrotor run` as a supervisor: its child never outlives it, and a child
// that ignores SIGTERM is killed after --kill-after.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
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
import { start } from "../_fixtures/processes.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");

/** Whether `pid` is a live process (a zombie or dead one is not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(
      stat.lastIndexOf(")") + 2,
      stat.lastIndexOf(")") + 3,
    );
    return state !== "Z" && state !== "X";
  } catch {
    return false; // gone between the two checks
  }
}

/** Polls until `pid` is gone or `deadlineMs` passed; true when gone. */
async function waitUntilGone(
  pid: number,
  deadlineMs: number,
): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !alive(pid);
}

const noPdeathsig = process.platform !== "linux"
  ? "PR_SET_PDEATHSIG is Linux-only"
  : ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv"].some((p) =>
      fs.existsSync(p)
    )
  ? undefined
  : "setpriv (util-linux) is not installed";

test("logrotor run killed with SIGKILL takes its child with it", {
  skip: noPdeathsig,
}, async () => {
  if (noPdeathsig) return;
  const dir = makeTempDir();
  let childPid = 0;
  try {
    const script = path.join(repoRoot, "src", "cli", "main.ts");
    const supervisor = start(
      detectRuntime() as "node" | "deno" | "bun",
      script,
      [
        "run",
        "--dir",
        dir,
        "--name",
        "orphan",
        "--echo",
        "--",
        "sh",
        "-c",
        'echo "pid $$"; exec sleep 300',
      ],
    );
    const out = await supervisor.waitFor("\n");
    const match = /pid (\d+)\n/.exec(out);
    assert.ok(match, out);
    childPid = Number(match[1]);
    assert.ok(alive(childPid), "the child runs");
    supervisor.child.kill("SIGKILL");
    const ended = await supervisor.exited;
    assert.equal(ended.signal, "SIGKILL");
    assert.ok(
      await waitUntilGone(childPid, 20_000),
      `child ${childPid} still runs after its supervisor was killed`,
    );
  } finally {
    if (childPid > 0 && alive(childPid)) process.kill(childPid, "SIGKILL");
    removeDir(dir);
  }
});

test("logrotor run sends SIGKILL --kill-after a SIGTERM the child ignores, and says so", async () => {
  const dir = makeTempDir();
  try {
    const [cmd, pre] = scriptCommand(cli);
    const script =
      'trap "echo ignored TERM" TERM; echo up; while true; do sleep 0.05; done';
    const result = await runChild(
      cmd,
      [
        ...pre,
        "run",
        "--dir",
        dir,
        "--name",
        "stubborn",
        "--kill-after",
        "200ms",
        "--echo",
        "--",
        "sh",
        "-c",
        script,
      ],
      { killOn: { text: "up\n", signal: "SIGTERM" } },
    );
    assert.equal(result.code, 137, result.stderr);
    assert.match(
      result.stderr,
      /logrotor run: stubborn did not exit 200ms after SIGTERM; sent SIGKILL\n/,
    );
    const lines = fileLines(path.join(dir, "stubborn.out.log"));
    assert.equal(lines[0], "up");
  } finally {
    removeDir(dir);
  }
});

test("logrotor run rejects a --kill-after that is not a duration", async () => {
  const [cmd, pre] = scriptCommand(cli);
  const result = await runChild(cmd, [
    ...pre,
    "run",
    "--kill-after",
    "soon",
    "--",
    "true",
  ]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /kill-after/);
});

test("logrotor run --kill-after also kills what the child started, so a grandchild holding the pipe cannot keep it waiting", async () => {
  const dir = makeTempDir();
  let grandchild = 0;
  try {
    const [cmd, pre] = scriptCommand(cli);
    // The shell ignores TERM, and so does its sleep (ignored signals are
    // inherited); the sleep holds the stdout pipe open.
    const script = 'trap "" TERM; sleep 300 & echo "sleep $!"; wait';
    const result = await runChild(
      cmd,
      [
        ...pre,
        "run",
        "--dir",
        dir,
        "--name",
        "tree",
        "--kill-after",
        "200ms",
        "--echo",
        "--",
        "sh",
        "-c",
        script,
      ],
      { killOn: { text: "sleep ", signal: "SIGTERM" }, timeoutMs: 60_000 },
    );
    const match = /sleep (\d+)\n/.exec(result.stdout);
    assert.ok(match, result.stdout);
    grandchild = Number(match[1]);
    assert.equal(result.code, 137, result.stderr);
    assert.match(result.stderr, /tree did not exit 200ms after SIGTERM/);
    assert.ok(
      await waitUntilGone(grandchild, 20_000),
      `grandchild ${grandchild} still runs`,
    );
  } finally {
    if (grandchild > 0 && alive(grandchild)) {
      process.kill(grandchild, "SIGKILL");
    }
    removeDir(dir);
  }
});
