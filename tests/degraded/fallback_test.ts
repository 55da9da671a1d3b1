import assert from "node:assert/strict";
import { test } from "node:test";
import { getPlatform, type Platform } from "../../compose.ts";
import { FallbackOutput } from "../../src/degraded/fallback.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A platform whose standard streams write into arrays. */
function streams(): { platform: Platform; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const platform: Platform = {
    ...getPlatform(),
    writeStdout: (bytes) => (out.push(decoder.decode(bytes)), true),
    writeStderr: (bytes) => (err.push(decoder.decode(bytes)), true),
  };
  return { platform, out, err };
}

function divert(output: FallbackOutput, text: string): void {
  const bytes = encoder.encode(`xx${text}yy`);
  output.divert(bytes, 2, bytes.length - 4);
}

const quiet = { report: () => {}, sent: () => {} };

test("FallbackOutput sends to stdout, stderr, a callback, a target or a sink, and counts lines and bytes", () => {
  const { platform, out, err } = streams();
  const called: string[] = [];
  const written: string[] = [];
  const taken: string[] = [];
  const outputs = [
    new FallbackOutput("stdout", platform, {
      onDiskFull: "fallback",
      ...quiet,
    }),
    new FallbackOutput("stderr", platform, {
      onDiskFull: "fallback",
      ...quiet,
    }),
    new FallbackOutput(
      (chunk) => void called.push(decoder.decode(chunk)),
      platform,
      { onDiskFull: "fallback", ...quiet },
    ),
    new FallbackOutput(
      {
        name: "/spare/app.log",
        write: (bytes, offset, length) =>
          void written.push(
            decoder.decode(bytes.subarray(offset, offset + length)),
          ),
        sync() {},
        close() {},
      },
      platform,
      { onDiskFull: "fallback", ...quiet },
    ),
    new FallbackOutput(
      {
        write: (chunk: Uint8Array) => void taken.push(decoder.decode(chunk)),
      },
      platform,
      { onDiskFull: "fallback", ...quiet },
    ),
  ];
  assert.deepEqual(outputs.map((o) => o.name), [
    "stdout",
    "stderr",
    "the fallback callback",
    "/spare/app.log",
    "the fallback sink",
  ]);
  for (const output of outputs) {
    divert(output, "a\nb\n");
    assert.equal(output.lines, 2);
    assert.equal(output.bytes, 4);
    assert.equal(output.droppedLines, 0);
  }
  for (const got of [out, err, called, written, taken]) {
    assert.deepEqual(got, ["a\nb\n"]);
  }
});

test("FallbackOutput hands each chunk it sent to `sent` (the replay spool)", () => {
  const sent: string[] = [];
  const output = new FallbackOutput(() => {}, getPlatform(), {
    onDiskFull: "fallback",
    report: () => {},
    sent: (chunk, lines) => sent.push(`${lines}:${decoder.decode(chunk)}`),
  });
  divert(output, "a\nb\nc\n");
  assert.deepEqual(sent, ["3:a\nb\nc\n"]);
});

test('FallbackOutput with onDiskFull "drop" counts the lines and sends nothing, banners neither', () => {
  const { platform, out } = streams();
  const output = new FallbackOutput("stdout", platform, {
    onDiskFull: "drop",
    ...quiet,
  });
  divert(output, "a\nb\n");
  output.banner("app.log: cannot write");
  assert.deepEqual(out, []);
  assert.equal(output.droppedLines, 2);
  assert.equal(output.droppedBytes, 4);
  assert.equal(output.lines, 0);
});

test("FallbackOutput: a refusing or throwing fallback drops the lines (counted), reported once until it takes lines again", () => {
  const events: string[] = [];
  let mode: "refuse" | "throw" | "take" = "refuse";
  const output = new FallbackOutput(
    {
      write: () => {
        if (mode === "throw") throw new Error("broken pipe");
        return mode === "take";
      },
    },
    getPlatform(),
    {
      onDiskFull: "fallback",
      report: (kind, message) => events.push(`${kind}: ${message}`),
      sent: () => {},
    },
  );
  divert(output, "a\n");
  mode = "throw";
  divert(output, "b\n");
  assert.equal(output.droppedLines, 2);
  assert.deepEqual(events, [
    "dropped: the fallback sink refused lines too; they are dropped (counted) until the file recovers",
  ]);
  mode = "take";
  divert(output, "c\n");
  mode = "refuse";
  divert(output, "d\n");
  assert.equal(events.length, 2, "reported again after it took lines");
  assert.equal(output.lines, 1);
  assert.equal(output.droppedLines, 3);
});

test("FallbackOutput.banner writes one `logrotor:` line, not counted as a fallback line", () => {
  const { platform, err } = streams();
  const output = new FallbackOutput("stderr", platform, {
    onDiskFull: "fallback",
    ...quiet,
  });
  output.banner("app.log: writing again");
  assert.deepEqual(err, ["logrotor: app.log: writing again\n"]);
  assert.equal(output.lines, 0);
  assert.equal(output.bytes, 0);
});
