import assert from "node:assert/strict";
import { test } from "node:test";
import { LiveFile } from "../../src/rotation/live_file.ts";
import {
  BoundaryTrigger,
  RotationSchedule,
} from "../../src/rotation/schedule.ts";
import { SingleWriterRotation } from "../../src/rotation/single_writer_rotation.ts";
import { encoder, memoryContext, t0 } from "../_fixtures/memory_rotation.ts";

function setup(maxBytes: number, schedule?: RotationSchedule) {
  let now = t0;
  const made = memoryContext({ now: () => now });
  const live = new LiveFile(made.ctx, {
    shared: false,
    checkIntervalMs: 0,
    fsync: false,
    maxBytes,
  });
  const trigger = new BoundaryTrigger(schedule);
  trigger.begin(now);
  const reasons: string[] = [];
  const rotation = new SingleWriterRotation(made.ctx, live, trigger, maxBytes, {
    rotate(reason, stampHint) {
      reasons.push(reason);
      return live.rotate(reason, stampHint ?? now) !== undefined;
    },
    rotateForTime: () => false,
    rotated: () => {},
  });
  const write = (text: string) => {
    const bytes = encoder.encode(text);
    rotation.write(bytes, 0, bytes.length);
  };
  const files = () =>
    [...made.memory.files.keys()].sort().map((p) => made.memory.text(p));
  return {
    ...made,
    live,
    rotation,
    reasons,
    write,
    files,
    tick: (ms: number) => (now += ms),
  };
}

test("a batch that would cross maxBytes is split after its last newline that fits", () => {
  const { write, files, reasons, live, tick } = setup(10);
  write("aaaa\nbbbb\ncccc\n");
  tick(1);
  write("dd\n");
  assert.deepEqual(reasons, ["size"]);
  // the archive sorts before app.log: archive first
  assert.deepEqual(files(), ["aaaa\nbbbb\n", "cccc\ndd\n"]);
  assert.equal(live.rotations, 1);
  live.close();
});

test("a line longer than maxBytes goes whole into a file of its own; the rest of a half-landed line stays in its file", () => {
  const { write, files, live, tick } = setup(4);
  write("0123456789\n");
  tick(1);
  write("ab");
  write("cdefgh\nxy\n");
  assert.deepEqual(files(), [
    "0123456789\n",
    "abcdefgh\n",
    "xy\n",
  ]);
  live.close();
});

test("a passed calendar boundary rotates at the next line boundary, named after the boundary", () => {
  const hourly = new RotationSchedule("hourly", "UTC");
  const { write, files, reasons, tick, ctx, memory, live } = setup(
    Infinity,
    hourly,
  );
  write("before\npart");
  tick(3_600_000);
  write("ial\n"); // inside a line: no rotation yet
  assert.deepEqual(reasons, []);
  write("after\n");
  assert.deepEqual(reasons, ["time"]);
  assert.equal(
    memory.text(ctx.names.archivePath(t0 + 3_600_000)),
    "before\npartial\n",
  );
  assert.deepEqual(files().length, 2);
  live.close();
});

test("rotateDue rotates at once; no lock to let go, nobody else rotates", () => {
  const { write, rotation, reasons, live } = setup(Infinity);
  write("x\n");
  assert.equal(rotation.rotateDue("on demand", t0), true);
  assert.deepEqual(reasons, ["on demand"]);
  rotation.release();
  assert.equal(rotation.rotationsByOthers, 0);
  live.close();
});
