// Capture is byte-transparent: what the child writes is what the log holds.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { captureProcess } from "../../src/capture/capture.ts";
import {
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");

/** Every byte value 0..255, then a newline. */
function allBytes(): Uint8Array {
  const bytes = new Uint8Array(257);
  for (let i = 0; i < 256; i++) bytes[i] = i;
  bytes[256] = 10;
  return bytes;
}

test("logrotor run writes a child's invalid UTF-8 to the log byte for byte", async () => {
  const dir = makeTempDir();
  try {
    const input = path.join(dir, "binary.bin");
    fs.writeFileSync(input, allBytes());
    const [cmd, pre] = scriptCommand(cli);
    const result = await runChild(cmd, [
      ...pre,
      "run",
      "--dir",
      dir,
      "--name",
      "bin",
      "--",
      "cat",
      input,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const logged = fs.readFileSync(path.join(dir, "bin.out.log"));
    assert.equal(logged.length, 257);
    assert.deepEqual(new Uint8Array(logged), allBytes());
  } finally {
    removeDir(dir);
  }
});

test("captureProcess() stamps binary lines and hands listeners the same bytes", async () => {
  const dir = makeTempDir();
  try {
    const input = path.join(dir, "binary.bin");
    fs.writeFileSync(input, allBytes());
    const seen: Uint8Array[] = [];
    const result = await captureProcess({
      command: "cat",
      args: [input],
      name: "stamped",
      dir,
      timestamps: true,
      onLines: ({ bytes }) => seen.push(bytes.slice()),
    });
    assert.equal(result.exitCode, 0);
    assert.deepEqual(result.lines, { stdout: 2, stderr: 0 });
    const logged = new Uint8Array(
      fs.readFileSync(path.join(dir, "stamped.out.log")),
    );
    // Two lines (byte 10 ends the first): each with a 25-byte stamp.
    const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z $/;
    const first = logged.subarray(0, 25);
    assert.match(new TextDecoder().decode(first), stamp);
    const expected = allBytes();
    assert.deepEqual(logged.subarray(25, 25 + 11), expected.subarray(0, 11));
    assert.match(new TextDecoder().decode(logged.subarray(36, 61)), stamp);
    assert.deepEqual(logged.subarray(61), expected.subarray(11));
    const heard = new Uint8Array(seen.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of seen) {
      heard.set(b, at);
      at += b.length;
    }
    assert.deepEqual(heard, logged);
  } finally {
    removeDir(dir);
  }
});

test("logrotor run --max-line cuts long lines at the limit (a UTF-8 boundary for text), without empty lines, and counts them", async () => {
  const dir = makeTempDir();
  try {
    const e = "\u00e9"; // 2 bytes in UTF-8
    const input = path.join(dir, "long.bin");
    const invalid = new Uint8Array(22).fill(0x80);
    invalid.set([0x61, 0x62]); // "ab" then 20 continuation bytes
    fs.writeFileSync(
      input,
      Buffer.concat([
        Buffer.from("0123456789" + "0123456789" + "01234\n"), // 25: 10+10+5
        Buffer.from("abcdefghij" + "klmnopqrst\n"), // exactly 2 x 10
        Buffer.from(e.repeat(7) + "\n"), // 14 bytes: 5 chars fit in 10
        invalid,
        Buffer.from("\nshort\n"),
      ]),
    );
    const [cmd, pre] = scriptCommand(cli);
    const result = await runChild(cmd, [
      ...pre,
      "run",
      "--dir",
      dir,
      "--name",
      "long",
      "--max-line",
      "10",
      "--",
      "cat",
      input,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const logged = fs.readFileSync(path.join(dir, "long.out.log"));
    const expected = Buffer.concat([
      Buffer.from("0123456789\n0123456789\n01234\n"),
      Buffer.from("abcdefghij\nklmnopqrst\n"),
      Buffer.from(e.repeat(5) + "\n" + e.repeat(2) + "\n"),
      Buffer.from(invalid.subarray(0, 10)),
      Buffer.from("\n"),
      Buffer.from(invalid.subarray(10, 20)),
      Buffer.from("\n"),
      Buffer.from(invalid.subarray(20)),
      Buffer.from("\nshort\n"),
    ]);
    assert.deepEqual(logged, expected);
    assert.match(
      result.stderr,
      /logrotor run: 6 long lines cut at --max-line 10 bytes \(stdout 6, stderr 0\)\n/,
    );
  } finally {
    removeDir(dir);
  }
});

test("captureProcess() rejects a maxLineBytes or killAfterMs out of range before it creates anything", async () => {
  const dir = makeTempDir();
  try {
    await assert.rejects(
      captureProcess({ command: "true", dir, maxLineBytes: 0 }),
      new RangeError(
        "Cannot create capture as maxLineBytes must be >= 1: current value is 0",
      ),
    );
    await assert.rejects(
      captureProcess({ command: "true", dir, killAfterMs: -1 }),
      new RangeError(
        "Cannot create capture as killAfterMs must be >= 0: current value is -1",
      ),
    );
    await assert.rejects(
      captureProcess({ command: "true", dir, killAfterMs: 1.5 }),
      TypeError,
    );
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    removeDir(dir);
  }
});
