import assert from "node:assert/strict";
import { test } from "node:test";
import { getPlatform } from "../../compose.ts";
import { TargetWriteError } from "../../src/buffer/target.ts";
import {
  claimPath,
  type OpenableTarget,
  type PathProblem,
} from "../../src/file/path_claim.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";

/** A target whose open() throws `code` (or succeeds); records close(). */
function fakeTarget(
  path: string,
  code: string | undefined,
  log: string[],
): OpenableTarget {
  return {
    name: path,
    open() {
      if (code !== undefined) {
        throw Object.assign(new Error(`injected ${code}`), { code });
      }
      log.push(`open ${path}`);
    },
    write() {},
    sync() {},
    close: () => void log.push(`close ${path}`),
  };
}

/** Claims /logs/app.log with a target whose open throws `code`. */
function failedClaim(
  fs: MemoryDriver,
  code: string,
  shared: boolean,
  log: string[] = [],
): PathProblem {
  const result = claimPath(fs, getPlatform(), "/logs/app.log", {
    shared,
    mkdir: true,
    createTarget: (p) => fakeTarget(p, code, log),
  });
  assert.ok(!("target" in result), "expected a problem");
  return result;
}

test("claimPath locks the path and opens its target; a second claim sees the lock", () => {
  const fs = new MemoryDriver();
  const platform = getPlatform();
  const log: string[] = [];
  const options = {
    shared: false,
    mkdir: true,
    createTarget: (p: string) => fakeTarget(p, undefined, log),
  };
  const claim = claimPath(fs, platform, "/logs/app.log", options);
  assert.ok("target" in claim);
  assert.ok(fs.stat("/logs/app.log.lock") !== undefined, "the lock file");
  assert.deepEqual(log, ["open /logs/app.log"]);

  const second = claimPath(fs, platform, "/logs/app.log", options);
  assert.ok(!("target" in second));
  assert.match(second.reason, /^\/logs\/app\.log is locked by /);
  assert.equal(second.final, false);
  assert.equal(second.directory, false);

  claim.lock?.release();
  assert.ok("target" in claimPath(fs, platform, "/logs/app.log", options));
});

test("claimPath in shared mode takes no lock", () => {
  const fs = new MemoryDriver();
  const claim = claimPath(fs, getPlatform(), "/logs/app.log", {
    shared: true,
    mkdir: true,
    createTarget: (p) => fakeTarget(p, undefined, []),
  });
  assert.ok("target" in claim);
  assert.equal(claim.lock, undefined);
  assert.equal(fs.stat("/logs/app.log.lock"), undefined);
});

test("claimPath: an unusable path (EACCES) leaves siblings worth a try, and nothing locked or open", () => {
  const fs = new MemoryDriver();
  const log: string[] = [];
  const result = failedClaim(fs, "EACCES", false, log);
  assert.equal(result.final, false);
  assert.equal(result.directory, true, "a new file could not be created");
  assert.match(result.reason, /^cannot open \/logs\/app\.log \(/);
  assert.deepEqual(log, ["close /logs/app.log"]);
  assert.equal(fs.stat("/logs/app.log.lock"), undefined, "lock released");
});

test("claimPath: an existing file that refuses (EACCES) is not the directory's fault", () => {
  const fs = new MemoryDriver();
  fs.mkdirp("/logs");
  fs.close(fs.open("/logs/app.log", "append"));
  const result = failedClaim(fs, "EACCES", true);
  assert.equal(result.final, false);
  assert.equal(result.directory, false);
});

test("claimPath: a failure no sibling escapes (ENOSPC) is final, with its error", () => {
  const fs = new MemoryDriver();
  const result = failedClaim(fs, "ENOSPC", false);
  assert.equal(result.final, true);
  assert.ok(result.error instanceof TargetWriteError);
  assert.equal(result.error.code, "ENOSPC");
  assert.equal(result.error.written, 0);
});
