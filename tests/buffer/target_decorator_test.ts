import assert from "node:assert/strict";
import { test } from "node:test";
import type { Target } from "../../src/buffer/target.ts";
import { TargetDecorator } from "../../src/buffer/target_decorator.ts";

/** A decorator over a next target that may change (like a variant target). */
class Passing extends TargetDecorator<{ n: number }> {
  readonly name = "passing";
  current: Target<{ n: number }> | undefined;
  last: Target<{ n: number }> | undefined;
  protected override next(): Target<{ n: number }> | undefined {
    return this.current;
  }
  protected override lastNext(): Target<{ n: number }> | undefined {
    return this.current ?? this.last;
  }
  write(bytes: Uint8Array, offset: number, length: number): void {
    this.current?.write(bytes, offset, length);
  }
  sync(): void {}
  close(): void {}
}

function capable(calls: string[]): Target<{ n: number }> {
  return {
    name: "inner",
    write() {},
    sync() {},
    close() {},
    open: () => void calls.push("open"),
    reopen: () => void calls.push("reopen"),
    cutTail: (bytes) => (calls.push(`cutTail ${bytes}`), true),
    describe: () => ({
      path: "/logs/app.001.log",
      shared: true,
      variant: true,
    }),
    truncate: () => (calls.push("truncate"), 7),
    rotate: () => (calls.push("rotate"), true),
    rotateIfDue: () => (calls.push("rotateIfDue"), true),
    msUntilBoundary: () => 42,
    archives: () => ["/logs/app.1.log"],
    deleteOldestArchives: (bytes) => (calls.push(`delete ${bytes}`), bytes),
    stats: () => ({ n: 3 }),
  };
}

test("TargetDecorator passes every capability through to the next target", () => {
  const calls: string[] = [];
  const outer = new Passing();
  outer.current = capable(calls);
  outer.open();
  outer.reopen();
  assert.equal(outer.cutTail(5), true);
  assert.deepEqual(outer.describe(), {
    path: "/logs/app.001.log",
    shared: true,
    variant: true,
  });
  assert.equal(outer.truncate(), 7);
  assert.equal(outer.rotate(), true);
  assert.equal(outer.rotateIfDue(), true);
  assert.equal(outer.msUntilBoundary(), 42);
  assert.deepEqual(outer.archives(), ["/logs/app.1.log"]);
  assert.equal(outer.deleteOldestArchives(100), 100);
  assert.deepEqual(outer.stats(), { n: 3 });
  assert.deepEqual(calls, [
    "open",
    "reopen",
    "cutTail 5",
    "truncate",
    "rotate",
    "rotateIfDue",
    "delete 100",
  ]);
});

test("TargetDecorator answers 'not capable' when the next target lacks a capability or none is open", () => {
  const outer = new Passing();
  const plain: Target<{ n: number }> = {
    name: "plain",
    write() {},
    sync() {},
    close() {},
  };
  for (const current of [undefined, plain]) {
    outer.current = current;
    outer.open();
    outer.reopen();
    assert.equal(outer.cutTail(5), false);
    assert.deepEqual(outer.describe(), {
      path: undefined,
      shared: false,
      variant: false,
    });
    assert.equal(outer.truncate(), 0);
    assert.equal(outer.rotate(), false);
    assert.equal(outer.rotateIfDue(), false);
    assert.equal(outer.msUntilBoundary(), Infinity);
    assert.deepEqual(outer.archives(), []);
    assert.equal(outer.deleteOldestArchives(100), 0);
    assert.equal(outer.stats(), undefined);
  }
});

test("TargetDecorator reads archives and counters from lastNext() (the last file after close)", () => {
  const outer = new Passing();
  outer.last = capable([]);
  assert.equal(outer.rotate(), false, "writes go to the file in use only");
  assert.deepEqual(outer.stats(), { n: 3 });
  assert.deepEqual(outer.archives(), ["/logs/app.1.log"]);
  assert.equal(outer.msUntilBoundary(), 42);
});
