// Byte-level line helpers: concat, countNewlines, prefixLines.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  concat,
  countNewlines,
  prefixLines,
} from "../../src/capture/_line_bytes.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

test("concat joins chunks in order, with or without the total", () => {
  const parts = [Uint8Array.of(1, 2), Uint8Array.of(), Uint8Array.of(3)];
  assert.deepEqual(concat(parts), Uint8Array.of(1, 2, 3));
  assert.deepEqual(concat(parts, 3), Uint8Array.of(1, 2, 3));
  assert.deepEqual(concat([]), new Uint8Array(0));
});

test("concat returns a single chunk itself", () => {
  const only = Uint8Array.of(7, 8);
  assert.equal(concat([only]), only);
});

test("countNewlines counts newline bytes only", () => {
  assert.equal(countNewlines(encoder.encode("")), 0);
  assert.equal(countNewlines(encoder.encode("no newline")), 0);
  assert.equal(countNewlines(encoder.encode("a\n\nb\nc")), 3);
});

test("prefixLines puts the prefix before every line, a last unended one too", () => {
  const prefix = encoder.encode("[STDOUT] ");
  assert.equal(
    decoder.decode(prefixLines(encoder.encode("a\nbc\n"), 2, prefix)),
    "[STDOUT] a\n[STDOUT] bc\n",
  );
  assert.equal(
    decoder.decode(prefixLines(encoder.encode("\n"), 1, prefix)),
    "[STDOUT] \n",
  );
  assert.equal(
    decoder.decode(prefixLines(encoder.encode("a\nb"), 2, prefix)),
    "[STDOUT] a\n[STDOUT] b",
  );
});
