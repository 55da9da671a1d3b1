import assert from "node:assert/strict";
import { test } from "node:test";
import { freeArchiveSpace } from "../../src/rotation/disk_full_cleanup.ts";
import {
  encoder,
  memoryContext,
  t0,
  withMethods,
} from "../_fixtures/memory_rotation.ts";

const lines = (n: number) => encoder.encode("x".repeat(9) + "\n").length * n;

function setup() {
  return memoryContext({
    fs: (memory) =>
      withMethods(memory, {
        countLines: (path) => memory.text(path).split("\n").length - 1,
      }),
  });
}

test("leftovers go first and lose no line; then the oldest archives until enough is freed, each reported with its lines", () => {
  const { memory, ctx, diagnostics } = setup();
  const names = ctx.names;
  const fill = (path: string, n: number) =>
    memory.files.set(path, encoder.encode(("x".repeat(9) + "\n").repeat(n)));
  const a = names.archivePath(t0 - 3000);
  const b = names.archivePath(t0 - 2000);
  const c = names.archivePath(t0 - 1000);
  fill(`${a}.gz.tmp`, 1); // an unfinished compression
  fill(a, 2);
  fill(b, 3); // a source whose .gz is complete
  fill(`${b}.gz`, 3);
  fill(c, 4);
  fill("/logs/app.log", 5);
  fill("/logs/notes.txt", 6);
  const result = freeArchiveSpace(ctx, lines(3) + lines(1) + 1, () => false);
  // leftovers: a.gz.tmp (1) and b (3); then a (2 lines) is enough
  assert.deepEqual(result, {
    freed: lines(1) + lines(3) + lines(2),
    archivesDeleted: 1,
    linesDeleted: 2,
    linesUnshipped: 0,
  });
  assert.deepEqual(
    [...memory.files.keys()].sort(),
    [
      "/logs/app.log",
      `${b}.gz`,
      c,
      "/logs/notes.txt",
    ].sort(),
  );
  const messages = diagnostics.map((d) => `${d.kind}: ${d.message}`);
  assert.equal(messages.length, 3);
  assert.match(
    messages[0]!,
    /^deleted: disk full: removed leftover .*\.gz\.tmp .*0 lines lost: an unfinished compression/,
  );
  assert.match(
    messages[1]!,
    /^deleted: disk full: removed leftover .*0 lines lost: its \.gz is complete/,
  );
  assert.match(
    messages[2]!,
    /^deleted: disk full: deleted .* \(20 bytes, 2 lines lost\)$/,
  );
});

test("a busy archive (being compressed) and its leftovers are left alone", () => {
  const { memory, ctx } = setup();
  const names = ctx.names;
  const fill = (path: string) => memory.files.set(path, encoder.encode("x\n"));
  const a = names.archivePath(t0 - 2000);
  const b = names.archivePath(t0 - 1000);
  fill(a);
  fill(`${a}.gz.tmp`);
  fill(b);
  const result = freeArchiveSpace(ctx, Infinity, (archive) => archive === a);
  assert.deepEqual(result, {
    freed: 2,
    archivesDeleted: 1,
    linesDeleted: 1,
    linesUnshipped: 0,
  });
  assert.deepEqual([...memory.files.keys()].sort(), [a, `${a}.gz.tmp`].sort());
});
