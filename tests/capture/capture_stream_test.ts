import assert from "node:assert/strict";
import { test } from "node:test";
import type { LineSink } from "../../src/capture/capture_files.ts";
import {
  type CapturedLines,
  StreamCapture,
} from "../../src/capture/capture_stream.ts";

function memorySink(): LineSink & { chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = [];
  return {
    chunks,
    write(chunk) {
      chunks.push(chunk as Uint8Array);
      return true;
    },
    close: () => Promise.resolve(),
  };
}

function bytesOf(...parts: Array<string | number[]>): Uint8Array {
  return Uint8Array.from(
    parts.flatMap((p) =>
      typeof p === "string" ? [...new TextEncoder().encode(p)] : p
    ),
  );
}

function joined(chunks: Uint8Array[]): Uint8Array {
  return Uint8Array.from(chunks.flatMap((c) => [...c]));
}

test("StreamCapture writes whole lines byte for byte, counts them and cuts over-long ones", async () => {
  const sink = memorySink();
  const capture = new StreamCapture({
    app: "web",
    stream: "stderr",
    sink,
    maxLineBytes: 8,
  });
  // Split mid-line and mid-character; an invalid byte; a 20-byte line.
  const input = [
    bytesOf("one\ntw"),
    bytesOf("o\n", [0xff, 0xc3]),
    bytesOf([0xa9], "\n", "x".repeat(20), "\nend"),
  ];
  await capture.pump(
    new ReadableStream({
      start(controller) {
        for (const chunk of input) controller.enqueue(chunk);
        controller.close();
      },
    }),
  );
  assert.deepEqual(
    joined(sink.chunks),
    bytesOf(
      "one\ntwo\n",
      [0xff, 0xc3, 0xa9],
      "\nxxxxxxxx\nxxxxxxxx\nxxxx\nend\n",
    ),
  );
  assert.equal(capture.lines, 7);
  assert.equal(capture.cutLines, 2);
});

test("StreamCapture stamps every line and hands listeners the bytes it wrote, decoded on demand", async () => {
  const sink = memorySink();
  const seen: CapturedLines[] = [];
  const capture = new StreamCapture({
    app: "web",
    stream: "stdout",
    sink,
    maxLineBytes: 1024,
    timestamps: true,
    onLines: (lines) => {
      seen.push(lines);
      throw new Error("a listener's error does not stop the capture");
    },
  });
  await capture.pump(new Blob(["a\nb\n", "c\n"]).stream());
  assert.equal(capture.lines, 3);
  const text = new TextDecoder().decode(joined(sink.chunks));
  const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;
  const lines = text.split("\n").slice(0, -1);
  assert.deepEqual(lines.map((l) => l.replace(stamp, "")), ["a", "b", "c"]);
  for (const line of lines) assert.match(line, stamp);
  assert.ok(seen.length >= 1);
  assert.deepEqual(joined(seen.map((s) => s.bytes)), joined(sink.chunks));
  assert.equal(seen.map((s) => s.text).join(""), text);
  for (const s of seen) {
    assert.equal(s.app, "web");
    assert.equal(s.stream, "stdout");
  }
});
