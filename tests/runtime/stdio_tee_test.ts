import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import process from "node:process";
import { test } from "node:test";
import { detectRuntime } from "../../src/runtime/detect.ts";
import {
  patchStdio,
  type StdioStreamName,
  withoutStdioTee,
} from "../../src/runtime/stdio_tee.ts";

// Each patch here lives only inside synchronous code with echo off, so the
// test runner's own output is never caught and nothing reaches the terminal
// but empty writes.
type Seen = [StdioStreamName, string][];

function recorder(): {
  seen: Seen;
  onWrite: (s: StdioStreamName, c: string | Uint8Array) => void;
} {
  const seen: Seen = [];
  return {
    seen,
    onWrite: (stream, chunk) =>
      void seen.push([
        stream,
        typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk),
      ]),
  };
}

test("patchStdio() hands each write (stream, console, Deno files) to the listener once, and restore() puts the originals back", () => {
  const write = process.stdout.write;
  const errorWrite = process.stderr.write;
  const log = console.log;
  const { seen, onWrite } = recorder();
  const restore = patchStdio({ onWrite, echo: false });
  try {
    process.stdout.write("out\n");
    process.stderr.write(Buffer.from("err\n"));
    process.stdout.write("6869\n", "hex" as BufferEncoding);
    console.log("con %d", 1);
    console.error("con err");
    if (detectRuntime() === "deno") {
      const deno = (globalThis as unknown as {
        Deno: { stdout: { writeSync(p: Uint8Array): number } };
      }).Deno;
      deno.stdout.writeSync(new TextEncoder().encode("deno\n"));
    }
  } finally {
    restore();
  }
  assert.deepEqual(seen, [
    ["stdout", "out\n"],
    ["stderr", "err\n"],
    ["stdout", "hi"],
    ["stdout", "con 1\n"],
    ["stderr", "con err\n"],
    ...(detectRuntime() === "deno" ? [["stdout", "deno\n"]] as Seen : []),
  ]);
  assert.equal(process.stdout.write, write);
  assert.equal(process.stderr.write, errorWrite);
  assert.equal(console.log, log);
});

test("withoutStdioTee() runs code whose writes bypass the listener", () => {
  const { seen, onWrite } = recorder();
  const restore = patchStdio({ onWrite, echo: false });
  try {
    withoutStdioTee(() => process.stdout.write(""));
    process.stdout.write("seen\n");
  } finally {
    restore();
  }
  assert.deepEqual(seen, [["stdout", "seen\n"]]);
});

test("restore() leaves a patch made over ours in place, and ours then passes writes straight through", () => {
  const original = process.stdout.write;
  const { seen, onWrite } = recorder();
  const restore = patchStdio({ onWrite, echo: false });
  const ours = process.stdout.write;
  const theirs = function (this: unknown, ...args: unknown[]) {
    return (ours as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof process.stdout.write;
  try {
    process.stdout.write = theirs;
    restore();
    assert.equal(process.stdout.write, theirs);
    process.stdout.write(""); // through ours, now inert, to the original
    assert.deepEqual(seen, []);
  } finally {
    process.stdout.write = original;
  }
});
