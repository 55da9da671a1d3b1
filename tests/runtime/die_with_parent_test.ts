import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import {
  dieWithParentCommand,
  dieWithParentSupport,
} from "../../src/runtime/die_with_parent.ts";
import { SpawnError } from "../../src/runtime/spawn_error.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const setpriv = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv"]
  .find((p) => fs.existsSync(p));
const noPdeathsig = process.platform !== "linux"
  ? "PR_SET_PDEATHSIG is Linux-only"
  : setpriv === undefined
  ? "setpriv (util-linux) is not installed"
  : undefined;

test("dieWithParentSupport() says pdeathsig exactly where setpriv can be used", () => {
  assert.equal(
    dieWithParentSupport(),
    noPdeathsig === undefined ? "pdeathsig" : "none",
  );
});

test(
  "dieWithParentCommand() wraps the resolved command in setpriv --pdeathsig KILL",
  {
    skip: noPdeathsig ?? false,
  },
  () => {
    if (noPdeathsig !== undefined) return;
    const dir = makeTempDir();
    try {
      const script = path.join(dir, "run.sh");
      fs.writeFileSync(script, "#!/bin/sh\n", { mode: 0o755 });
      const wrapped = dieWithParentCommand("run.sh", ["a", "b"], {
        env: { PATH: `/nonexistent:${dir}` },
      });
      assert.ok(wrapped !== undefined);
      assert.match(wrapped.command, /\/setpriv$/);
      assert.deepEqual(wrapped.args, [
        "--pdeathsig",
        "KILL",
        "--",
        script,
        "a",
        "b",
      ]);
      // A relative path and a relative PATH entry are relative to the cwd.
      assert.equal(
        dieWithParentCommand("./run.sh", [], { cwd: dir })?.args[3],
        `${dir}/./run.sh`,
      );
      assert.equal(
        dieWithParentCommand("run.sh", [], { cwd: dir, env: { PATH: "" } })
          ?.args[3],
        `${dir}/./run.sh`,
      );
      fs.chmodSync(script, 0o644);
      assert.throws(
        () => dieWithParentCommand(script, [], {}),
        (err: unknown) => err instanceof SpawnError && err.code === "EACCES",
      );
      assert.throws(
        () => dieWithParentCommand("run.sh", [], { env: { PATH: dir } }),
        (err: unknown) => err instanceof SpawnError && err.code === "EACCES",
      );
      assert.throws(
        () => dieWithParentCommand("no-such-command-xyz", [], {}),
        (err: unknown) => err instanceof SpawnError && err.code === "ENOENT",
      );
    } finally {
      removeDir(dir);
    }
  },
);
