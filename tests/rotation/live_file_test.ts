import assert from "node:assert/strict";
import { test } from "node:test";
import { TargetWriteError } from "../../src/buffer/target.ts";
import { LiveFile } from "../../src/rotation/live_file.ts";
import type { RotationContext } from "../../src/rotation/rotation_context.ts";
import { faultyDriver, type MemoryDriver } from "../_fixtures/memory_driver.ts";
import {
  encoder,
  memoryContext,
  t0,
  withMethods,
} from "../_fixtures/memory_rotation.ts";

function live(ctx: RotationContext, shared = false, checkIntervalMs = 0) {
  return new LiveFile(ctx, {
    shared,
    checkIntervalMs,
    fsync: true,
    maxBytes: 100,
  });
}

function write(file: LiveFile, text: string): void {
  const bytes = encoder.encode(text);
  file.write(bytes, 0, bytes.length, 0);
}

/** The memory driver with readRange, so a torn tail can be seen. */
const readable = (memory: MemoryDriver) =>
  withMethods(memory, {
    readRange: (path, position, length) =>
      memory.readFile(path).slice(position, position + length),
  });

test("a torn last line is ended with a newline at open (single writer only)", () => {
  const { memory, ctx, diagnostics } = memoryContext({ fs: readable });
  memory.files.set("/logs/app.log", encoder.encode("whole\ntorn"));
  const file = live(ctx);
  write(file, "next\n");
  assert.equal(memory.text("/logs/app.log"), "whole\ntorn\nnext\n");
  assert.equal(file.tornLinesEnded, 1);
  assert.match(diagnostics[0]!.message, /ended a torn last line/);
  file.close();

  const other = memoryContext({ fs: readable });
  other.memory.files.set("/logs/app.log", encoder.encode("another writer's"));
  const shared = live(other.ctx, true);
  write(shared, " line\n");
  assert.equal(other.memory.text("/logs/app.log"), "another writer's line\n");
  assert.equal(shared.tornLinesEnded, 0);
  shared.close();
});

test("openLine follows whether the file ends inside a line, also after a partial write", () => {
  const { ctx } = memoryContext();
  const file = live(ctx);
  write(file, "a\nb");
  assert.equal(file.openLine, true);
  write(file, "c\n");
  assert.equal(file.openLine, false);
  file.close();

  const broken = memoryContext({
    fs: (m) =>
      faultyDriver(m, [{ op: "write", call: 1, code: "ENOSPC", partial: 3 }]),
  });
  const torn = live(broken.ctx);
  const bytes = encoder.encode("x\nyz\n");
  assert.throws(
    () => torn.write(bytes, 0, bytes.length, 10),
    (e: unknown) => e instanceof TargetWriteError && e.written === 13,
  );
  assert.equal(torn.openLine, true, "x\\ny landed: inside a line");
  assert.equal(broken.memory.text("/logs/app.log"), "x\ny");
});

test("checkMoved reopens a file moved away: shared on every call, alone at most every checkIntervalMs (0: never)", () => {
  const { memory, ctx, diagnostics } = memoryContext();
  memory.inodes = true;
  const never = live(ctx, false, 0);
  write(never, "1\n");
  memory.rename("/logs/app.log", "/logs/moved.log");
  never.checkMoved();
  assert.equal(never.reopens, 0);
  never.close();

  const shared = live(ctx, true);
  write(shared, "2\n");
  assert.equal(shared.knowsIdentity(), true);
  memory.rename("/logs/app.log", "/logs/rotated.log");
  shared.checkMoved();
  assert.equal(shared.reopens, 1);
  assert.equal(shared.isOpen, false);
  assert.match(diagnostics.at(-1)!.message, /rotated by another process/);
  write(shared, "3\n");
  assert.equal(memory.text("/logs/app.log"), "3\n");
  assert.equal(memory.text("/logs/rotated.log"), "2\n");
  shared.close();
});

test("rotate renames to a free archive name, opens a new file and reports it; never inside a line or for an empty file", () => {
  const { memory, ctx, diagnostics } = memoryContext();
  const file = live(ctx);
  assert.equal(file.rotate("size", t0), undefined, "no file yet");
  write(file, "one\ntw");
  assert.equal(file.rotate("size", t0), undefined, "inside a line");
  write(file, "o\n");
  const archive = file.rotate("size", t0);
  assert.equal(archive, ctx.names.archivePath(t0));
  assert.equal(memory.text(archive!), "one\ntwo\n");
  assert.equal(file.isOpen, true);
  assert.equal(file.size, 0);
  assert.equal(file.rotations, 1);
  assert.equal(diagnostics.at(-1)!.kind, "rotated");
  assert.equal(diagnostics.at(-1)!.message, `rotated (size) to ${archive}`);
  assert.equal(file.rotate("size", t0), undefined, "empty");
  file.close();
});

test("a failed rename is counted, reported, and defers size rotation; writing goes on in the live file", () => {
  const { memory, ctx, diagnostics } = memoryContext({
    fs: (m) => faultyDriver(m, [{ op: "rename", call: 1, code: "EBUSY" }]),
  });
  const file = live(ctx);
  write(file, "kept\n");
  assert.equal(file.rotationDeferred(), false);
  assert.equal(file.rotate("size", t0), undefined);
  assert.equal(file.rotationFailures, 1);
  assert.equal(file.rotationDeferred(), true);
  assert.match(diagnostics.at(-1)!.message, /^cannot rotate \/logs\/app\.log/);
  write(file, "more\n");
  assert.equal(memory.text("/logs/app.log"), "kept\nmore\n");
  file.close();
});
