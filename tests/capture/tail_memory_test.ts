import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { createGzip } from "node:zlib";
import {
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const child = path.join(repoRoot, "tests", "_fixtures", "tail_rss_child.ts");
const cli = path.join(repoRoot, "src", "cli", "main.ts");
/** Peak RSS bound: the runtimes start at 25-85 MB; the files are 200-600 MB. */
const boundKiB = 150 * 1024;
const MiB = 1024 * 1024;

/** Runs the RSS child; returns its stdout lines by first word. */
async function readBack(args: string[]) {
  const [cmd, pre] = scriptCommand(child);
  const result = await runChild(cmd, [...pre, ...args], { timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  const out = new Map<string, string>();
  for (const line of result.stdout.split("\n").filter(Boolean)) {
    const space = line.indexOf(" ");
    out.set(line.slice(0, space), line.slice(space + 1));
  }
  const peakKiB = Number(out.get("VmHWM"));
  assert.ok(peakKiB > 0, result.stdout);
  return { out, peakKiB };
}

/** About `bytes` of numbered 64-byte lines, written 1 MiB at a time. */
function linesOfSize(bytes: number, first = 0): Generator<Uint8Array> {
  return (function* () {
    let i = first;
    for (let done = 0; done < bytes;) {
      let chunk = "";
      while (chunk.length < MiB) chunk += makeLine(i++, 64);
      done += chunk.length;
      yield new TextEncoder().encode(chunk);
    }
  })();
}

test("tailLines() and logrotor tail -n 3 of a 600 MB live file read only its end (peak RSS < 150 MB)", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    // 600 MB: a sparse hole (one long run of NULs, no newline) then lines.
    const fd = fs.openSync(live, "w");
    fs.ftruncateSync(fd, 600 * MiB);
    const tail = Buffer.from(
      [0, 1, 2, 3, 4].map((i) => makeLine(i, 64)).join(""),
    );
    fs.writeSync(fd, tail, 0, tail.length, 600 * MiB);
    fs.closeSync(fd);
    const expected = [2, 3, 4].map((i) => makeLine(i, 64).trimEnd());
    const { out, peakKiB } = await readBack(["tail", live, "3"]);
    assert.deepEqual(JSON.parse(out.get("lines") ?? "null"), expected);
    assert.ok(peakKiB < boundKiB, `peak RSS ${peakKiB} KiB`);
    const [cmd, pre] = scriptCommand(cli);
    const result = await runChild(cmd, [...pre, "tail", "-n", "3", live], {
      timeoutMs: 120_000,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, expected.join("\n") + "\n");
  } finally {
    removeDir(dir);
  }
});

test("tailLines() across a .gz archive of 200 MB streams it (peak RSS < 150 MB)", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const archive = path.join(dir, "app.2026-01-01T00-00-00.000Z.log.gz");
    // Streamed into the .gz here too: never 200 MB in this process either.
    const gzip = createGzip({ level: 1 });
    const written = new Promise<void>((resolve, reject) => {
      const file = fs.createWriteStream(archive);
      file.on("finish", resolve).on("error", reject);
      gzip.pipe(file);
    });
    let last = 0;
    for (const chunk of linesOfSize(200 * MiB)) {
      last += chunk.length / 64;
      if (!gzip.write(chunk)) {
        await new Promise((resolve) => gzip.once("drain", resolve));
      }
    }
    gzip.end();
    await written;
    fs.writeFileSync(live, makeLine(last, 64));
    const expected = [last - 2, last - 1, last].map((i) =>
      makeLine(i, 64).trimEnd()
    );
    const { out, peakKiB } = await readBack(["tail", live, "3"]);
    assert.deepEqual(JSON.parse(out.get("lines") ?? "null"), expected);
    assert.ok(peakKiB < boundKiB, `peak RSS ${peakKiB} KiB`);
  } finally {
    removeDir(dir);
  }
});

test("followLines() from the start of a 200 MB file reads it in chunks (peak RSS < 150 MB)", async () => {
  const dir = makeTempDir();
  try {
    const live = path.join(dir, "app.log");
    const fd = fs.openSync(live, "w");
    let count = 0;
    for (const chunk of linesOfSize(200 * MiB)) {
      fs.writeSync(fd, chunk);
      count += chunk.length / 64;
    }
    fs.closeSync(fd);
    const lastLine = makeLine(count - 1, 64).trimEnd();
    const { out, peakKiB } = await readBack(["follow", live, lastLine]);
    assert.equal(out.get("count"), String(count));
    assert.ok(peakKiB < boundKiB, `peak RSS ${peakKiB} KiB`);
  } finally {
    removeDir(dir);
  }
});
