import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import * as zlib from "node:zlib";
import { getPlatform } from "../../src/runtime/detect.ts";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "logrotor-gzip-"));
}

/** Numbered log lines, a few MiB: several of the compressor's chunks. */
function logText(lines: number): string {
  let text = "";
  for (let i = 0; i < lines; i++) {
    text += `2026-11-30T10:00:00.000Z INFO app line=${i} ${
      (i * 2654435761 >>> 0).toString(36)
    }\n`;
  }
  return text;
}

test("the platform's compressor gzips a multi-chunk archive whole, keeps its mode and removes the source", async () => {
  const dir = tempDir();
  const compressor = getPlatform().createCompressor();
  try {
    const source = path.join(dir, "app.1.log");
    const text = logText(60_000);
    fs.writeFileSync(source, text, { mode: 0o600 });
    fs.chmodSync(source, 0o600);
    const result = await compressor.gzipFile(source, `${source}.gz`);
    assert.equal(fs.existsSync(source), false);
    assert.equal(fs.existsSync(`${source}.gz.tmp`), false);
    const gz = fs.readFileSync(`${source}.gz`);
    assert.equal(zlib.gunzipSync(gz).toString(), text);
    assert.equal(result.bytesIn, Buffer.byteLength(text));
    assert.equal(result.bytesOut, gz.length);
    assert.equal(fs.statSync(`${source}.gz`).mode & 0o777, 0o600);
  } finally {
    compressor.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the platform's compressor rejects a missing source with its code and leaves no .gz or .gz.tmp", async () => {
  const dir = tempDir();
  const compressor = getPlatform().createCompressor();
  try {
    const source = path.join(dir, "gone.log");
    await assert.rejects(
      compressor.gzipFile(source, `${source}.gz`),
      (err: { code?: unknown }) => err.code === "ENOENT",
    );
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    compressor.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("dispose() abandons a running job: it rejects and the archive stays; a later job runs", async () => {
  const dir = tempDir();
  const compressor = getPlatform().createCompressor();
  try {
    const source = path.join(dir, "app.1.log");
    const text = logText(60_000);
    fs.writeFileSync(source, text);
    const job = compressor.gzipFile(source, `${source}.gz`);
    compressor.dispose();
    await assert.rejects(job);
    assert.equal(fs.readFileSync(source, "utf8"), text);
    assert.equal(fs.existsSync(`${source}.gz`), false);
    await compressor.gzipFile(source, `${source}.gz`);
    assert.equal(
      zlib.gunzipSync(fs.readFileSync(`${source}.gz`)).toString(),
      text,
    );
  } finally {
    compressor.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
