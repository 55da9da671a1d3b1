// Assembling whole lines from byte and text chunks.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LineAssembly } from "../../src/capture/_line_assembly.ts";

const encoder = new TextEncoder();

test("take returns only whole lines and keeps the unfinished one", () => {
  const lines = new LineAssembly();
  assert.equal(lines.take(encoder.encode("one\ntw")), "one\n");
  assert.equal(lines.take(encoder.encode("o")), "");
  assert.equal(lines.take(encoder.encode("\nthree\nfo")), "two\nthree\n");
  assert.equal(lines.endLine(), "fo\n");
  assert.equal(lines.endLine(), "");
});

test("take joins a UTF-8 sequence split across chunks", () => {
  const lines = new LineAssembly();
  const bytes = encoder.encode("é…\n");
  assert.equal(lines.take(bytes.subarray(0, 1)), "");
  assert.equal(lines.take(bytes.subarray(1, 4)), "");
  assert.equal(lines.take(bytes.subarray(4)), "é…\n");
});

test("takeText continues the line that take left unfinished", () => {
  const lines = new LineAssembly();
  assert.equal(lines.take(encoder.encode("a\nb")), "a\n");
  assert.equal(lines.takeText("c\nd"), "bc\n");
  assert.equal(lines.endLine(), "d\n");
});

test("endLine ends a split UTF-8 sequence too (as a replacement character)", () => {
  const lines = new LineAssembly();
  assert.equal(lines.take(encoder.encode("é").subarray(0, 1)), "");
  assert.equal(lines.endLine(), "\uFFFD\n");
});

test("discard forgets the unfinished line and a split sequence", () => {
  const lines = new LineAssembly();
  lines.take(encoder.encode("torn head"));
  lines.take(encoder.encode("é").subarray(0, 1));
  lines.discard();
  assert.equal(lines.endLine(), "");
  assert.equal(lines.take(encoder.encode("whole\n")), "whole\n");
});
