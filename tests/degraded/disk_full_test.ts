import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { runChild, scriptCommand } from "../_fixtures/fixtures.ts";
import { tmpfsUnavailable, withTmpfs } from "../_fixtures/tmpfs.ts";

const unavailable = tmpfsUnavailable();
const lineRe = /^L (\d+) z{80}$/;

test(
  "a real full disk (1 MiB tmpfs): cleanup, stdout fallback, recovery; every line exactly once, none torn",
  unavailable ? { skip: unavailable } : {},
  async () => {
    if (unavailable) return;
    await withTmpfs("1m", async (dir) => {
      const [command, args] = scriptCommand(
        "tests/_fixtures/disk_full_writer.ts",
      );
      const result = await runChild(command, [...args, dir], {
        timeoutMs: 90_000,
      });
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stderr.trim().split("\n").at(-1)!);
      const status = report.status;
      assert.equal(status.state, "ok", JSON.stringify(report));
      assert.equal(status.degradedEpisodes, 1, JSON.stringify(report.events));
      assert.equal(status.degradedReason, undefined);
      assert.ok(status.fallbackLines >= 3000, `${status.fallbackLines}`);
      assert.equal(status.bytesCleaned, 64 * 1024, "the archive was deleted");
      assert.equal(status.droppedLines, 0);
      assert.ok(status.recoveryAttempts >= 1);
      assert.ok(status.downtimeMs > 0);
      assert.ok(report.recoveredAt > report.degradedAt);

      const seen = new Uint8Array(report.total);
      const count = (text: string, where: string) => {
        for (const line of text.split("\n")) {
          if (line === "" || line.startsWith("logrotor: ")) continue;
          const m = lineRe.exec(line);
          assert.ok(m, `a whole line in ${where}: ${JSON.stringify(line)}`);
          seen[Number(m[1])]! += 1;
        }
      };
      const file = fs.readFileSync(path.join(dir, "app.log"), "utf8");
      assert.ok(file.endsWith("\n"), "the file ends with a whole line");
      count(file, "the file");
      count(result.stdout, "stdout");
      const wrong = [...seen.keys()].filter((i) => seen[i] !== 1);
      assert.deepEqual(wrong.slice(0, 10), [], "every line exactly once");
      assert.match(
        result.stdout,
        /^logrotor: .*app\.log: cannot write .*ENOSPC/m,
      );
      assert.match(
        result.stdout,
        /^logrotor: .*writing to .*app\.log again after \d+ ms/m,
      );
      assert.deepEqual(
        fs.readdirSync(dir).sort(),
        ["app.log"],
        "archive and filler gone, lock released",
      );
    });
  },
);
