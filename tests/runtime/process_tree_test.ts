import assert from "node:assert/strict";
import * as fs from "node:fs";
import { test } from "node:test";
import { descendants, signalAll } from "../../src/runtime/process_tree.ts";
import { spawnProcess } from "../../src/runtime/spawn_process.ts";

const noProc = fs.existsSync("/proc/self/stat") ? undefined : "no /proc";

test(
  "descendants() finds children and grandchildren; signalAll() kills them and skips the gone",
  {
    skip: noProc ?? false,
  },
  async () => {
    if (noProc !== undefined) return;
    // sh starts a subshell that starts sleep: a child and a grandchild.
    const child = await spawnProcess("sh", [
      "-c",
      '(sleep 30 & echo "grandchild $!"; wait) & echo "child $!"; wait',
    ]);
    const reader = child.stdout.getReader();
    let out = "";
    while (out.split("\n").length < 3) {
      const { value, done } = await reader.read();
      assert.ok(!done, out);
      out += new TextDecoder().decode(value);
    }
    const pids = Object.fromEntries(
      out.trim().split("\n").map((line) => {
        const [name, pid] = line.split(" ");
        return [name, Number(pid)];
      }),
    );
    const found = descendants(child.pid);
    assert.ok(found.includes(pids["child"] as number), `${found} ${out}`);
    assert.ok(found.includes(pids["grandchild"] as number), `${found} ${out}`);
    assert.ok(!found.includes(child.pid));
    assert.ok(
      found.indexOf(pids["child"] as number) <
        found.indexOf(pids["grandchild"] as number),
      "parents before their children",
    );
    signalAll([...found, 2 ** 22 + 12345], "SIGKILL"); // the last one is gone
    assert.deepEqual(await child.exited, { code: 0, signal: null });
    assert.deepEqual(descendants(child.pid), []);
    reader.releaseLock();
    await child.stdout.cancel();
    await child.stderr.cancel();
  },
);
