import assert from "node:assert/strict";
import { test } from "node:test";
import { Nap, pollingStream } from "../../src/capture/_polling_stream.ts";

test("Nap.wake() ends a long nap at once", async () => {
  const nap = new Nap();
  const napping = nap.sleep(600_000);
  nap.wake();
  await napping; // a ref'd 10-minute timer would hang the test otherwise
  nap.wake(); // no nap running: nothing happens
});

test("pollingStream() pulls only as fast as it is read and ends its producer on cancel", async () => {
  let produced = 0;
  let stopped = false;
  let finished = false;
  const nap = new Nap();
  async function* produce(): AsyncGenerator<string> {
    try {
      while (!stopped) {
        produced++;
        yield `line ${produced}\n`;
        if (produced >= 3) await nap.sleep(600_000);
      }
    } finally {
      finished = true;
    }
  }
  const reader = pollingStream(produce(), () => {
    stopped = true;
    nap.wake();
  }).getReader();
  assert.equal((await reader.read()).value, "line 1\n");
  assert.equal((await reader.read()).value, "line 2\n");
  assert.ok(produced <= 3, `pulled ahead: ${produced}`);
  assert.equal((await reader.read()).value, "line 3\n");
  await reader.cancel(); // wakes the producer from its 10-minute nap
  assert.equal(stopped, true);
  assert.equal(finished, true);
});

test("pollingStream() ends when the producer ends and errors when it throws", async () => {
  async function* two() {
    yield "a\n";
    yield "b\n";
  }
  const chunks: string[] = [];
  for await (const chunk of pollingStream(two(), () => {})) chunks.push(chunk);
  assert.deepEqual(chunks, ["a\n", "b\n"]);
  async function* failing(): AsyncGenerator<string> {
    yield "a\n";
    throw new Error("boom");
  }
  const reader = pollingStream(failing(), () => {}).getReader();
  assert.equal((await reader.read()).value, "a\n");
  await assert.rejects(reader.read(), /boom/);
});
