// Compression and the emergency cleanup on a real full disk (a tmpfs).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createRotatingFileSink } from "../../mod.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { runChild, scriptCommand } from "../_fixtures/fixtures.ts";
import { readMaybeGzip } from "../_fixtures/rotation_fixtures.ts";
import { tmpfsUnavailable, withTmpfs } from "../_fixtures/tmpfs.ts";

const noTmpfs = tmpfsUnavailable();

function free(dir: string): number {
  const st = fs.statfsSync(dir);
  return st.bavail * st.bsize;
}

/** Fills the disk until `leave` bytes are free (tmpfs: page granular). */
function fill(file: string, leave: number): void {
  const size = free(path.dirname(file)) - leave;
  if (size > 0) fs.writeFileSync(file, new Uint8Array(size));
}

/** `n` lines of random text (gzip saves only ~25% on them). */
function randomLines(tag: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${tag} ${i} ${randomBytes(150).toString("base64")}`);
  }
  return out;
}

function names(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

test("gzip on a full disk keeps the archive, removes its .gz.tmp, counts and reports the failure, and retries at the next rotation", async (t) => {
  if (noTmpfs) {
    t.skip(noTmpfs);
    return;
  }
  await withTmpfs("1m", async (dir) => {
    const file = path.join(dir, "app.log");
    const events: Diagnostic[] = [];
    let failed!: () => void;
    const compressionFailed = new Promise<void>((r) => failed = r);
    const sink = createRotatingFileSink(file, {
      compress: "gzip",
      compressionLevel: 1,
      onDiagnostic: (d) => {
        events.push(d);
        if (d.kind === "error" && d.message.includes("cannot compress")) {
          failed();
        }
      },
    });
    try {
      const first = randomLines("A", 2000); // ≈ 400 KB, ≈ 300 KB gzipped
      sink.write(first.join("\n") + "\n");
      assert.equal(sink.flushSync(), true);
      fill(path.join(dir, "filler"), 64 * 1024); // no room for the .gz
      assert.equal(sink.rotate(), true);
      await compressionFailed;
      const archive = names(dir).find((n) => /Z(_\d{3})?\.log$/.test(n))!;
      assert.ok(archive, names(dir).join(" "));
      assert.deepEqual(
        names(dir).filter((n) => n.endsWith(".tmp")),
        [],
        "the partial .gz.tmp was removed",
      );
      assert.deepEqual(
        fs.readFileSync(path.join(dir, archive), "utf8").split("\n"),
        [...first, ""],
        "the uncompressed archive keeps all 2000 lines",
      );
      assert.equal(sink.stats().compressionFailures, 1);
      assert.ok(
        events.some((d) =>
          d.kind === "error" && d.message.includes(archive) &&
          /ENOSPC/.test(d.message)
        ),
        events.map((d) => d.message).join("\n"),
      );

      // Room again: the next rotation compresses both.
      fs.rmSync(path.join(dir, "filler"));
      sink.write("B 0\n");
      assert.equal(sink.rotate(), true);
      await sink.close();
      const left = names(dir).filter((n) => n !== "app.log");
      assert.equal(left.length, 2, left.join(" "));
      assert.ok(left.every((n) => n.endsWith(".log.gz")), left.join(" "));
      assert.deepEqual(
        left.map((n) => readMaybeGzip(path.join(dir, n))).join(""),
        [...first, "B 0", ""].join("\n"),
      );
      assert.equal(sink.stats().archivesWritten, 2);
    } finally {
      await sink.close();
    }
  });
});

test("the disk-full cleanup removes leftovers first, then reports how many lines each deleted archive held", async (t) => {
  if (noTmpfs) {
    t.skip(noTmpfs);
    return;
  }
  await withTmpfs("1m", async (dir) => {
    const file = path.join(dir, "app.log");
    const events: Diagnostic[] = [];
    const fallback: string[] = [];
    const sink = createRotatingFileSink(file, {
      minFreeBytes: 16 * 1024,
      cleanupBytes: 16 * 1024,
      flushBytes: 4096,
      fallback: (chunk) => fallback.push(new TextDecoder().decode(chunk)),
      onDiagnostic: (d) => events.push(d),
    });
    try {
      const first = randomLines("A", 2000);
      sink.write(first.join("\n") + "\n");
      assert.equal(sink.flushSync(), true);
      assert.equal(sink.rotate(), true);
      const archive = names(dir).find((n) => /Z(_\d{3})?\.log$/.test(n))!;
      // What a crashed compression leaves: a partial .gz.tmp.
      const tmp = path.join(dir, `${archive}.gz.tmp`);
      fs.writeFileSync(tmp, randomBytes(200 * 1024));
      fill(path.join(dir, "filler"), 8 * 1024);

      let n = 0;
      const writeUntilCleaned = (tag: string, before: number) => {
        while (sink.status().bytesCleaned === before && n < 20_000) {
          for (let i = 0; i < 50; i++) {
            sink.write(`${tag} ${n++} ${"x".repeat(80)}\n`);
          }
          sink.flushSync();
        }
      };
      writeUntilCleaned("B", 0);
      assert.equal(fs.existsSync(tmp), false, "the leftover went first");
      assert.equal(
        fs.readFileSync(path.join(dir, archive), "utf8"),
        first.join("\n") + "\n",
        "the archive and its 2000 lines are kept",
      );
      assert.equal(sink.stats().archivesDeleted, 0);
      assert.equal(sink.stats().linesDeletedOnDiskFull, 0);
      assert.ok(
        events.some((d) =>
          d.kind === "deleted" && d.message.includes("leftover") &&
          d.message.includes("0 lines lost")
        ),
        events.map((d) => `${d.kind}: ${d.message}`).join("\n"),
      );

      // Full again, and no leftover: the archive goes, and the diagnostic
      // says how many lines went with it.
      const cleaned = sink.status().bytesCleaned;
      fill(path.join(dir, "filler2"), 8 * 1024);
      writeUntilCleaned("C", cleaned);
      assert.equal(fs.existsSync(path.join(dir, archive)), false);
      assert.equal(sink.stats().archivesDeleted, 1);
      assert.equal(sink.stats().linesDeletedOnDiskFull, 2000);
      const deleted = events.filter((d) =>
        d.kind === "deleted" && d.message.includes(archive) &&
        !d.message.includes("leftover")
      );
      assert.equal(deleted.length, 1, events.map((d) => d.message).join("\n"));
      assert.match(deleted[0]!.message, /2000 lines lost/);
    } finally {
      fs.rmSync(path.join(dir, "filler"), { force: true });
      fs.rmSync(path.join(dir, "filler2"), { force: true });
      await sink.close();
    }
  });
});

test("with no retention and no onDiagnostic, the disk-full cleanup says on stderr how many lines it deleted; cleanup: () => 0 keeps every archive", async (t) => {
  if (noTmpfs) {
    t.skip(noTmpfs);
    return;
  }
  for (const how of ["default", "off"]) {
    await withTmpfs("1m", async (dir) => {
      const [command, args] = scriptCommand(
        "tests/_fixtures/cleanup_report_child.ts",
      );
      const result = await runChild(command, [...args, dir, how]);
      assert.equal(result.code, 0, result.stderr);
      const last = result.stdout.trimEnd().split("\n").at(-1)!;
      const report = JSON.parse(last);
      if (how === "default") {
        assert.equal(report.archivesDeleted, 1, last);
        assert.equal(report.linesDeletedOnDiskFull, 2000, last);
        assert.match(
          result.stderr,
          /disk full: deleted \S+Z\.log \(\d+ bytes, 2000 lines lost\)/,
        );
      } else {
        assert.equal(report.archivesDeleted, 0, last);
        assert.equal(report.archives, 1, last);
        assert.equal(report.state, "degraded", last);
        assert.doesNotMatch(result.stderr, /lines lost/);
      }
    });
  }
});
