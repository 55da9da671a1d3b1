import assert from "node:assert/strict";
import { test } from "node:test";
import { LineBufferStream } from "../../src/buffer/line_buffer.ts";

async function run(
  input: Array<string | Uint8Array>,
  stream: LineBufferStream,
): Promise<string[]> {
  const out: string[] = [];
  const decoder = new TextDecoder();
  await ReadableStream.from(input).pipeThrough(stream).pipeTo(
    new WritableStream({ write: (c) => void out.push(decoder.decode(c)) }),
  );
  return out;
}

test("LineBufferStream emits only whole lines and joins lines split across chunks", async () => {
  const out = await run(["a\nb", "c", "\nd\ne\n", "f"], new LineBufferStream());
  assert.deepEqual(out, ["a\n", "bc\nd\ne\n", "f\n"]);
  for (const chunk of out) assert.ok(chunk.endsWith("\n"));
});

test("LineBufferStream batches many lines into one chunk", async () => {
  const text = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join("");
  const out = await run([text], new LineBufferStream());
  assert.equal(out.length, 1);
  assert.equal(out[0], text);
});

test("LineBufferStream cuts lines longer than maxLineBytes and counts them", async () => {
  const stream = new LineBufferStream({ maxLineBytes: 4 });
  const out = await run(["abcdefghij\nxy\n", "0123", "456789"], stream);
  assert.equal(out.join(""), "abcd\nefgh\nij\nxy\n0123\n4567\n89\n");
  assert.equal(stream.splitLines, 4);
});

test("LineBufferStream never cuts inside a UTF-8 character", async () => {
  const stream = new LineBufferStream({ maxLineBytes: 5 });
  const out = await run(["ééé\n"], stream); // 6 bytes + newline
  assert.equal(out.join(""), "éé\né\n");
  const bytes = new TextEncoder().encode("日本語\n");
  const cut = await run([bytes], new LineBufferStream({ maxLineBytes: 4 }));
  assert.equal(cut.join(""), "日\n本\n語\n");
});

test("LineBufferStream can drop and count an unterminated last line", async () => {
  const stream = new LineBufferStream({ terminateLastLine: false });
  const out = await run(["a\npartial"], stream);
  assert.deepEqual(out, ["a\n"]);
  assert.equal(stream.droppedTailBytes, 7);
});

test("LineBufferStream rejects a bad maxLineBytes", () => {
  assert.throws(
    () => new LineBufferStream({ maxLineBytes: 0 }),
    new RangeError(
      "Cannot create line buffer stream as maxLineBytes must be >= 1: current value is 0",
    ),
  );
});
