// The socket sink's write timeout and backoff deadline, against real
// sockets on 127.0.0.1.
import assert from "node:assert/strict";
import * as net from "node:net";
import { test } from "node:test";
import { createSocketSink } from "../../mod.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { freePort } from "../_fixtures/msgpack_receiver.ts";

/** Resolves with the first diagnostic that matches. */
function waitForDiagnostic(
  list: Diagnostic[],
  wake: { fn: () => void },
  match: (d: Diagnostic) => boolean,
): Promise<Diagnostic> {
  return new Promise((resolve) => {
    const check = () => {
      const hit = list.find(match);
      if (hit !== undefined) resolve(hit);
      else wake.fn = check;
    };
    check();
  });
}

test("socket sink: a receiver that stops reading is cut off after writeTimeoutMs", async () => {
  const accepted: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.pause(); // accept, never read
    accepted.push(socket);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const list: Diagnostic[] = [];
  const wake = { fn: () => {} };
  const sink = createSocketSink({
    host: "127.0.0.1",
    port,
    writeTimeoutMs: 200,
    maxQueuedBytes: 256 * 1024 * 1024,
    closeTimeoutMs: 100,
    backoff: { baseMs: 10_000, capMs: 10_000 },
    onDiagnostic: (d) => {
      list.push(d);
      wake.fn();
    },
  });
  try {
    // 40 MiB: far more than the socket buffers of both ends hold.
    const big = "x".repeat(16 * 1024);
    for (let i = 0; i < 2560; i++) sink.write(`${i} ${big}\n`);
    const hit = await waitForDiagnostic(
      list,
      wake,
      (d) =>
        d.kind === "error" && /write timed out after 200 ms/.test(d.message),
    );
    assert.match(hit.message, /connection lost/);
    assert.match(sink.stats().lastError ?? "", /write timed out after 200 ms/);
    assert.ok(sink.stats().errors >= 1);
  } finally {
    await sink.close();
    for (const s of accepted) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test("socket sink: after deadlineMs without a connection the queued records are given up and counted", async () => {
  const port = await freePort(); // nothing listens there
  const list: Diagnostic[] = [];
  const wake = { fn: () => {} };
  const sink = createSocketSink({
    host: "127.0.0.1",
    port,
    backoff: { baseMs: 5, capMs: 20, deadlineMs: 100 },
    onDiagnostic: (d) => {
      list.push(d);
      wake.fn();
    },
  });
  // The sink's retry timers are unref'd (logging never keeps a process
  // alive): hold the event loop open while the test waits.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    for (let i = 0; i < 10; i++) sink.write(`r ${i}\n`);
    const hit = await waitForDiagnostic(
      list,
      wake,
      (d) => d.kind === "dropped" && /deadlineMs/.test(d.message),
    );
    assert.match(hit.message, /10 queued message\(s\) given up/);
    const stats = sink.stats();
    assert.equal(stats.lost, 10);
    assert.equal(stats.queued, 0);
    assert.equal(sink.status().state, "idle");
  } finally {
    clearInterval(keepAlive);
    await sink.close();
  }
});
