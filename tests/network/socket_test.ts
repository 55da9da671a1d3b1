// The socket sink against a real receiver written in Python with its own
// msgpack library (tests/_fixtures/msgpack_receiver.py).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { configure, createSocketSink, getLogger, reset } from "../../mod.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import {
  freePort,
  msgpackReceiverMissing,
  startReceiver,
} from "../_fixtures/msgpack_receiver.ts";

const quiet = () => {};

test("socket sink: invalid options give typed errors", () => {
  assert.throws(
    () => createSocketSink({ path: "/tmp/x.sock", transport: "tls" }),
    {
      name: "TypeError",
      message:
        'Cannot create socket sink as TLS needs a TCP host, not a Unix socket path: current value is {"path":"/tmp/x.sock","transport":"tls"}',
    },
  );
  assert.throws(
    () => createSocketSink({ host: "h", tls: { rejectUnauthorized: false } }),
    /tls options need transport "tls"/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createSocketSink({ maxFrameByte: 10 } as any),
    /did you mean "maxFrameBytes"/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createSocketSink({ backoff: { capMS: 10 } } as any),
    /did you mean "capMs"/,
  );
  assert.throws(
    () => createSocketSink({ backoff: { baseMs: 500, capMs: 100 } }),
    {
      name: "RangeError",
      message:
        "Cannot create socket sink as backoff.capMs must be >= backoff.baseMs (500): current value is 100",
    },
  );
  assert.throws(
    () => createSocketSink({ maxFrameBytes: 2048, maxQueuedBytes: 1024 }),
    /maxQueuedBytes must be >= maxFrameBytes \(2048\): current value is 1024/,
  );
  assert.throws(() => createSocketSink({ port: 0 }), RangeError);
  assert.throws(
    () => createSocketSink({ path: "/tmp/x.sock", port: 9 }),
    /path \(a Unix socket\) excludes host and port/,
  );
});

test("socket sink: defaults to msgpack+tcp://localhost:9020", async () => {
  const sink = createSocketSink();
  try {
    assert.equal(sink.name, "msgpack+tcp://localhost:9020");
  } finally {
    await sink.close();
  }
});

test("socket sink: 100,000 records reach a Python msgpack receiver exactly", {
  skip: msgpackReceiverMissing,
}, async () => {
  if (msgpackReceiverMissing) return;
  const dir = makeTempDir();
  const receiver = await startReceiver(path.join(dir, "out.jsonl"));
  try {
    const sink = createSocketSink({
      host: "127.0.0.1",
      port: receiver.port,
      name: "bulk",
      closeTimeoutMs: 120_000,
      onDiagnostic: quiet,
    });
    // 99,999 lines and one structured record: 100,000 records, written
    // before the connection is up, exactly the default queue bound.
    const n = 99_999;
    for (let i = 0; i < n; i++) sink.write(`record ${i}\n`);
    sink.writeRecord({
      time: 1_700_000_000_123,
      level: "fatal",
      logger: "app.db",
      message: "structured ünïcode ✓",
      fields: {
        int: 42,
        neg: -70000,
        big: 2n ** 63n - 1n,
        float: 1.5,
        ok: true,
        none: null,
        list: [1, "two", { three: 3 }],
        nested: { a: { b: { c: "deep" } } },
        error: new TypeError("boom"),
      },
    });
    await sink.close();
    await receiver.closedWith(n + 1);
    const records = receiver.records();
    assert.equal(records.length, n + 1);
    for (let i = 0; i < n; i++) {
      const r = records[i]!;
      if (r.message !== `record ${i}`) {
        assert.fail(`record ${i} is ${JSON.stringify(r)}`);
      }
    }
    const first = records[0]!;
    assert.equal(first.logger, "bulk");
    assert.equal(first.level, "INFO");
    assert.deepEqual(first.key_values, {});
    assert.deepEqual(Object.keys(first), [
      "logger",
      "level",
      "message",
      "timestamp_ns",
      "filename",
      "line_number",
      "module_path",
      "thread_id",
      "thread_name",
      "key_values",
    ]);
    const last = records[n]!;
    assert.equal(last.logger, "app.db");
    assert.equal(last.level, "CRITICAL");
    assert.equal(last.message, "structured ünïcode ✓");
    const kv = last.key_values as Record<string, unknown>;
    assert.equal(kv.int, 42);
    assert.equal(kv.neg, -70000);
    assert.equal(kv.float, 1.5);
    assert.equal(kv.ok, true);
    assert.equal(kv.none, null);
    assert.deepEqual(kv.list, [1, "two", { three: 3 }]);
    assert.deepEqual(kv.nested, { a: { b: { c: "deep" } } });
    assert.equal((kv.error as { message: string }).message, "boom");
    assert.equal((kv.error as { name: string }).name, "TypeError");
    // Integers beyond 2^53 are exact on the wire: check the JSON text.
    const lastLine = fs.readFileSync(path.join(dir, "out.jsonl"), "utf8")
      .trimEnd().split("\n").at(-1)!;
    assert.match(lastLine, /"timestamp_ns": 1700000000123000000\b/);
    assert.match(lastLine, /"big": 9223372036854775807\b/);
    const stats = sink.stats();
    assert.equal(stats.sent, n + 1);
    assert.equal(stats.dropped + stats.lost + stats.resent, 0);
  } finally {
    await receiver.stop();
    removeDir(dir);
  }
});

test(
  "socket sink: records written while the receiver is down are delivered once when it comes up",
  { skip: msgpackReceiverMissing },
  async () => {
    if (msgpackReceiverMissing) return;
    const dir = makeTempDir();
    const port = await freePort();
    let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
    try {
      let refused: () => void = () => {};
      const firstRefusal = new Promise<void>((r) => refused = r);
      const sink = createSocketSink({
        host: "127.0.0.1",
        port,
        backoff: { baseMs: 10, capMs: 50 },
        closeTimeoutMs: 60_000,
        onDiagnostic: (d: Diagnostic) => {
          if (d.kind === "error") refused();
        },
      });
      for (let i = 0; i < 1000; i++) sink.write(`early ${i}\n`);
      await firstRefusal; // the receiver is not up: the connect was refused
      assert.equal(sink.status().connected, false);
      receiver = await startReceiver(path.join(dir, "out.jsonl"), { port });
      for (let i = 0; i < 1000; i++) sink.write(`late ${i}\n`);
      await sink.close();
      await receiver.closedWith(2000);
      const messages = receiver.records().map((r) => r.message);
      assert.deepEqual(messages, [
        ...Array.from({ length: 1000 }, (_, i) => `early ${i}`),
        ...Array.from({ length: 1000 }, (_, i) => `late ${i}`),
      ]);
      const stats = sink.stats();
      assert.equal(stats.sent, 2000);
      assert.ok(stats.errors >= 1);
      assert.equal(stats.dropped + stats.lost + stats.resent, 0);
    } finally {
      await receiver?.stop();
      removeDir(dir);
    }
  },
);

test("socket sink: sends over a Unix stream socket", {
  skip: msgpackReceiverMissing,
}, async () => {
  if (msgpackReceiverMissing) return;
  const dir = makeTempDir();
  const socketPath = path.join(dir, "log.sock");
  const receiver = await startReceiver(path.join(dir, "out.jsonl"), {
    unixPath: socketPath,
  });
  try {
    const sink = createSocketSink({ path: socketPath, name: "unix" });
    assert.equal(sink.name, `msgpack+unix://${socketPath}`);
    for (let i = 0; i < 500; i++) sink.write(`over unix ${i}\n`);
    await sink.close();
    await receiver.closedWith(500);
    const records = receiver.records();
    assert.deepEqual(
      records.map((r) => r.message),
      Array.from({ length: 500 }, (_, i) => `over unix ${i}`),
    );
    assert.ok(records.every((r) => r.logger === "unix"));
  } finally {
    await receiver.stop();
    removeDir(dir);
  }
});

test(
  "socket sink: a frame over maxFrameBytes is dropped, counted and reported",
  { skip: msgpackReceiverMissing },
  async () => {
    if (msgpackReceiverMissing) return;
    const dir = makeTempDir();
    const receiver = await startReceiver(path.join(dir, "out.jsonl"));
    try {
      const reports: Diagnostic[] = [];
      const sink = createSocketSink({
        host: "127.0.0.1",
        port: receiver.port,
        maxFrameBytes: 1024,
        onDiagnostic: (d) => reports.push(d),
      });
      sink.write("small before\n");
      const accepted = sink.writeRecord({
        time: Date.now(),
        level: "info",
        logger: "big",
        message: "huge",
        fields: { blob: "x".repeat(2000) },
      });
      sink.write("small after\n");
      await sink.close();
      await receiver.closedWith(2);
      assert.equal(accepted, false);
      assert.deepEqual(receiver.records().map((r) => r.message), [
        "small before",
        "small after",
      ]);
      const stats = sink.stats();
      assert.equal(stats.oversized, 1);
      assert.equal(sink.status().dropped, 1);
      assert.match(stats.lastError ?? "", /exceeded the 1024-byte limit/);
      assert.ok(
        reports.some((d) =>
          d.kind === "dropped" && /limit of 1024 bytes: dropped/.test(d.message)
        ),
        JSON.stringify(reports),
      );
    } finally {
      await receiver.stop();
      removeDir(dir);
    }
  },
);

test(
  "socket sink: the logger's sink type socket sends records with key_values maps",
  { skip: msgpackReceiverMissing },
  async () => {
    if (msgpackReceiverMissing) return;
    const dir = makeTempDir();
    const receiver = await startReceiver(path.join(dir, "out.jsonl"));
    try {
      await configure({
        sinks: {
          net: {
            type: "socket",
            host: "127.0.0.1",
            port: receiver.port,
            backoffBaseMs: 20,
            closeTimeoutMs: "30s",
          },
        },
        loggers: { app: { level: "info", sinks: ["net"] } },
      });
      getLogger("app.db").info("query done", { ms: 12, rows: [1, 2] });
      getLogger("app").warn("slow", { route: { path: "/x", ok: false } });
      await reset();
      await receiver.closedWith(2);
      const records = receiver.records();
      assert.deepEqual(
        records.map((r) => [r.logger, r.level, r.message, r.key_values]),
        [
          ["app.db", "INFO", "query done", { ms: 12, rows: [1, 2] }],
          ["app", "WARN", "slow", { route: { path: "/x", ok: false } }],
        ],
      );
    } finally {
      await reset();
      await receiver.stop();
      removeDir(dir);
    }
  },
);
