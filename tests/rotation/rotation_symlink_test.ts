// Symbolic links: rotation, retention, compression and cleanup never rename
// or delete anything outside the log directory.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createRotatingFileSink } from "../../mod.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { makeTempDir, readText, removeDir } from "../_fixtures/fixtures.ts";

/** Every file under `dir` with its content (the outside world's state). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    out[name] = readText(path.join(dir, name));
  }
  return out;
}

test("a symlinked live path is written through and never rotated (like logrotate); nothing outside is renamed or deleted", async () => {
  const root = makeTempDir();
  try {
    const outside = path.join(root, "outside");
    const logs = path.join(root, "logs");
    fs.mkdirSync(outside);
    fs.mkdirSync(logs);
    const target = path.join(outside, "target.log");
    fs.writeFileSync(target, "outside\n");
    fs.writeFileSync(path.join(outside, "other.txt"), "keep me\n");
    const live = path.join(logs, "app.log");
    fs.symlinkSync(target, live);
    const events: Diagnostic[] = [];
    const sink = createRotatingFileSink(live, {
      maxBytes: 200,
      compress: "gzip",
      keep: 1,
      onDiagnostic: (d) => events.push(d),
    });
    const lines: string[] = [];
    for (let i = 0; i < 20; i++) {
      const line = `line ${i} ${"x".repeat(40)}\n`;
      lines.push(line);
      sink.write(line);
      sink.flushSync();
    }
    assert.equal(sink.rotate(), false, "a link is not rotated");
    await sink.close();

    assert.deepEqual(snapshot(outside), {
      "other.txt": "keep me\n",
      "target.log": `outside\n${lines.join("")}`,
    });
    assert.equal(fs.lstatSync(live).isSymbolicLink(), true);
    assert.equal(fs.readlinkSync(live), target);
    assert.deepEqual(fs.readdirSync(logs).filter((n) => !n.endsWith(".lock")), [
      "app.log",
    ]);
    assert.equal(sink.stats().rotations, 0);
    assert.ok(sink.stats().rotationFailures >= 1);
    const reports = events.filter((d) =>
      d.kind === "error" && /symbolic link/.test(d.message)
    );
    assert.equal(reports.length, 1, events.map((d) => d.message).join("\n"));
  } finally {
    removeDir(root);
  }
});

test("archive-shaped symlinks pointing outside are left alone by recovery, compression, retention and rotation", async () => {
  const root = makeTempDir();
  try {
    const outside = path.join(root, "outside");
    const logs = path.join(root, "logs");
    fs.mkdirSync(outside);
    fs.mkdirSync(logs);
    for (const n of ["a", "b", "c"]) {
      fs.writeFileSync(path.join(outside, `${n}.txt`), `${n} outside\n`);
    }
    const links: Record<string, string> = {
      "app.2020-01-01T00-00-00.000Z.log": path.join(outside, "a.txt"),
      "app.2020-01-02T00-00-00.000Z.log.gz": path.join(outside, "b.txt"),
      "app.2020-01-03T00-00-00.000Z.log.gz.tmp": path.join(outside, "c.txt"),
    };
    for (const [name, to] of Object.entries(links)) {
      fs.symlinkSync(to, path.join(logs, name));
    }
    const before = snapshot(outside);
    const sink = createRotatingFileSink(path.join(logs, "app.log"), {
      compress: "gzip",
      keep: 1,
      maxAgeMs: 60_000,
      onDiagnostic: () => {},
    });
    for (let i = 0; i < 3; i++) {
      sink.write(`line ${i}\n`);
      assert.equal(sink.rotate(), true);
    }
    sink.write("last\n");
    await sink.close();

    assert.deepEqual(snapshot(outside), before, "nothing outside changed");
    for (const [name, to] of Object.entries(links)) {
      const p = path.join(logs, name);
      assert.equal(fs.lstatSync(p).isSymbolicLink(), true, `${name} kept`);
      assert.equal(fs.readlinkSync(p), to);
    }
    const own = fs.readdirSync(logs).filter((n) =>
      !(n in links) && n !== "app.log" && !n.endsWith(".lock")
    );
    assert.equal(own.length, 1, own.join(" ")); // keep: 1
    assert.ok(own[0]!.endsWith(".log.gz"), own.join(" "));
  } finally {
    removeDir(root);
  }
});
