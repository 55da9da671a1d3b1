import assert from "node:assert/strict";
import { test } from "node:test";
import { ReplayQueue } from "../../src/network/replay_queue.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

test("replay queue: bounds, drop-old, drop-new, requeue at the front", () => {
  const m = (s: string) => ({ bytes: enc.encode(s), attempts: 0, sentAt: 0 });
  const names = (q: ReplayQueue) => {
    const out: string[] = [];
    for (let it = q.shift(); it !== undefined; it = q.shift()) {
      out.push(dec.decode(it.bytes));
    }
    return out;
  };
  const old = new ReplayQueue({
    maxMessages: 3,
    maxBytes: 100,
    overflow: "drop-old",
  });
  for (const s of ["a", "b", "c"]) assert.equal(old.push(m(s)).messages, 0);
  assert.deepEqual(old.push(m("d")), { accepted: true, messages: 1, bytes: 1 });
  assert.deepEqual(names(old), ["b", "c", "d"]);
  const neu = new ReplayQueue({
    maxMessages: 3,
    maxBytes: 5,
    overflow: "drop-new",
  });
  neu.push(m("aa"));
  neu.push(m("bb"));
  assert.deepEqual(neu.push(m("cc")), {
    accepted: false,
    messages: 1,
    bytes: 2,
  });
  assert.equal(neu.bytes, 4);
  assert.deepEqual(neu.push(m("toolong")).accepted, false);
  assert.deepEqual(names(neu), ["aa", "bb"]);
  const re = new ReplayQueue({
    maxMessages: 3,
    maxBytes: 100,
    overflow: "drop-old",
  });
  re.push(m("c"));
  re.push(m("d"));
  assert.equal(re.requeueFront([m("a"), m("b")]).messages, 1);
  assert.deepEqual(names(re), ["b", "c", "d"]);
  assert.equal(re.length, 0);
  assert.equal(re.bytes, 0);
});
