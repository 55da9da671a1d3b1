import assert from "node:assert/strict";
import { test } from "node:test";
import { createSyslogSink } from "../../mod.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";
import {
  DiagnosticLog,
  Rsyslog,
  rsyslogMissing,
} from "../_fixtures/rsyslog.ts";

const enc = new TextEncoder();
const skip = rsyslogMissing === undefined ? {} : { skip: rsyslogMissing };

// Messages with UTF-8, quotes, brackets and backslashes, to check byte-exactness.
function body(i: number): string {
  return `message ${i} ü€ "q" [b] \\ ${"x".repeat(i % 50)}`;
}

test("syslog sink: invalid options give typed errors", () => {
  assert.throws(
    () => createSyslogSink({ host: "127.0.0.1", port: 0 }),
    {
      name: "RangeError",
      message:
        "Cannot create syslog sink as port must be >= 1: current value is 0",
    },
  );
  assert.throws(
    () => createSyslogSink({ host: "127.0.0.1", port: 70000 }),
    RangeError,
  );
  assert.throws(() => createSyslogSink({ host: "" }), TypeError);
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createSyslogSink({ host: "h", transport: "udp" as any }),
    /Cannot create syslog sink as transport must be one of "tcp", "tls": current value is "udp"/,
  );
  assert.throws(
    () => createSyslogSink({ host: "h", tls: { rejectUnauthorized: false } }),
    /tls options need transport "tls"/,
  );
  assert.throws(
    () => createSyslogSink({ host: "h", appName: "my app" }),
    /Cannot create syslog sink as appName must be 1 to 48 printable US-ASCII/,
  );
  assert.throws(
    () => createSyslogSink({ host: "h", msgId: "x".repeat(33) }),
    RangeError,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createSyslogSink({ host: "h", facility: "nope" as any }),
    TypeError,
  );
  assert.throws(() => createSyslogSink({ host: "h", severity: 9 }), RangeError);
  assert.throws(
    () => createSyslogSink({ host: "h", maxQueuedMessages: 0 }),
    /maxQueuedMessages must be >= 1: current value is 0/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createSyslogSink({ host: "h", overflow: "block" as any }),
    /overflow must be one of "drop-old", "drop-new"/,
  );
});

async function burst(transport: "tcp" | "tls"): Promise<void> {
  const server = await Rsyslog.start();
  const diagnostics: Diagnostic[] = [];
  try {
    const n = 10_000;
    const msgId = `burst-${transport}`;
    const sink = createSyslogSink({
      host: "127.0.0.1",
      port: transport === "tcp" ? server.tcpPort : server.tlsPort,
      transport,
      ...(transport === "tls"
        ? { tls: { ca: server.ca, servername: "localhost" } }
        : {}),
      facility: "local0",
      hostname: "host1",
      appName: "logrotor-test",
      procId: 4242,
      msgId,
      structuredData: { "meta@32473": { k: 'v"]\\' } },
      severity: (line) => line.startsWith("message 1") ? "warning" : undefined,
      maxMessageBytes: 65536,
      onDiagnostic: (d) => diagnostics.push(d),
    });
    for (let i = 0; i < n; i++) {
      assert.equal(sink.write(`${body(i)}\n`), true);
    }
    await sink.close();
    const got = await server.waitFor(transport, msgId, n);
    assert.equal(got.length, n, `received ${got.length} of ${n}`);
    for (let i = 0; i < n; i++) {
      const r = got[i]!;
      assert.equal(r.msg, body(i), `message ${i} in order and byte-exact`);
      const sev = body(i).startsWith("message 1") ? 4 : 6;
      assert.equal(r.pri, String(16 * 8 + sev));
      assert.equal(r.hostname, "host1");
      assert.equal(r.appName, "logrotor-test");
      assert.equal(r.procid, "4242");
      assert.equal(r.structuredData, '[meta@32473 k="v\\"\\]\\\\"]');
      assert.match(
        r.rawmsg,
        /^<\d+>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z host1 /,
      );
    }
    const s = sink.stats();
    assert.equal(s.written, n);
    assert.equal(s.sent, n);
    assert.equal(s.queued, 0);
    assert.equal(s.dropped + s.lost + s.resent + s.unconfirmed, 0);
    assert.equal(sink.status().state, "closed");
    assert.deepEqual(diagnostics.filter((d) => d.kind !== "info"), []);
  } finally {
    await server.dispose();
  }
}

test(
  "syslog over TCP: 10,000 messages arrive exactly once, byte-exact, in order",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    await burst("tcp");
  },
);

test(
  "syslog over TLS (RFC 5425): 10,000 messages arrive exactly once, byte-exact, in order",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    await burst("tls");
  },
);

test(
  "syslog over TLS: an untrusted certificate is reported, nothing is sent, close() counts the loss",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    const events = new DiagnosticLog();
    const diagnostics = events.list;
    try {
      const sink = createSyslogSink({
        host: "127.0.0.1",
        port: server.tlsPort,
        transport: "tls",
        msgId: "untrusted",
        reconnectMinMs: 20,
        reconnectMaxMs: 50,
        closeTimeoutMs: 300,
        onDiagnostic: events.push,
      });
      sink.write("secret\nsecret 2\n");
      // close() gives up after 300 ms: first let the handshake fail, so
      // the error it reports is the certificate's, whatever the load.
      await events.until((d) => d.kind === "error");
      await sink.close();
      const s = sink.stats();
      assert.equal(s.lost, 2);
      assert.ok(s.errors >= 1);
      assert.match(s.lastError ?? "", /SELF_SIGNED|self.signed|certificate/i);
      assert.ok(diagnostics.some((d) => d.kind === "error"));
      assert.ok(
        diagnostics.some((d) =>
          d.kind === "dropped" && /2 undelivered/.test(d.message)
        ),
      );
      assert.equal(server.received("tls", "untrusted").length, 0);
    } finally {
      await server.dispose();
    }
  },
);

test(
  "syslog over TCP: rsyslog restarted mid-stream; the sink resends its window and reports what it cannot confirm",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    const diagnostics: Diagnostic[] = [];
    try {
      const msgId = "restart-tcp";
      const sink = createSyslogSink({
        host: "127.0.0.1",
        port: server.tcpPort,
        msgId,
        reconnectMinMs: 20,
        reconnectMaxMs: 100,
        onDiagnostic: (d) => diagnostics.push(d),
      });
      const total = 3000;
      for (let i = 0; i < total; i++) {
        sink.write(`m ${i}\n`);
        if (i % 20 === 19) await new Promise((r) => setTimeout(r, 1));
        if (i === 1000) {
          await server.stop("SIGTERM");
          // Writes while the server is down queue up.
          for (let j = 0; j < 5; j++) sink.write(`m ${++i}\n`);
          await server.restart();
        }
      }
      await sink.close();
      const s = sink.stats();
      // Everything after the stop goes over the new connection, in order:
      // once all of it arrived, so did whatever that connection resent.
      const got = await server.waitUntil("tcp", msgId, (recs) => {
        const have = new Set(recs.map((r) => Number(r.msg.slice(2))));
        for (let i = 1001; i < total; i++) if (!have.has(i)) return false;
        return true;
      });
      const seen = new Map<number, number>();
      for (const r of got) {
        const i = Number(r.msg.slice(2));
        seen.set(i, (seen.get(i) ?? 0) + 1);
      }
      const missing = [...Array(total).keys()].filter((i) => !seen.has(i));
      const duplicates = [...seen.values()].reduce((a, c) => a + c - 1, 0);
      assert.equal(s.written, total);
      assert.ok(s.reconnects >= 1, "reconnected");
      // Duplicates only come from the resend window; loss only from the
      // messages the sink reported as unconfirmed.
      assert.ok(
        duplicates <= s.resent,
        `${duplicates} duplicates <= ${s.resent} resent`,
      );
      assert.ok(
        missing.length <= s.unconfirmed,
        `${missing.length} missing <= ${s.unconfirmed} unconfirmed`,
      );
      // Everything written while the server was down or after it came back arrived.
      assert.ok(
        missing.every((i) => i <= 1000),
        `missing: ${missing.slice(0, 10)}`,
      );
      assert.equal(s.dropped + s.lost, 0);
      assert.ok(
        diagnostics.some((d) =>
          d.kind === "error" && /connection lost/.test(d.message)
        ),
      );
      assert.ok(diagnostics.some((d) => d.kind === "recovered"));
      console.log(
        `tcp restart: ${missing.length} missing, ${duplicates} duplicates, resent ${s.resent}, unconfirmed ${s.unconfirmed}`,
      );
    } finally {
      await server.dispose();
    }
  },
);

test(
  "syslog: with the server down the bounded queue drops the oldest, counts it, and marks the gap",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    const events = new DiagnosticLog();
    const diagnostics = events.list;
    try {
      await server.stop();
      const msgId = "overflow";
      const sink = createSyslogSink({
        host: "127.0.0.1",
        port: server.tcpPort,
        msgId,
        maxQueuedMessages: 100,
        reconnectMinMs: 20,
        reconnectMaxMs: 100,
        onDiagnostic: events.push,
      });
      for (let i = 0; i < 250; i++) {
        assert.equal(sink.write(`q ${i}\n`), true);
      }
      // The first connection attempt has failed (the event, not a sleep).
      await events.until((d) =>
        d.kind === "error" && /cannot connect/.test(d.message)
      );
      let s = sink.stats();
      assert.equal(s.dropped, 150);
      assert.equal(s.queued, 100);
      assert.equal(sink.status().state, "backoff");
      assert.equal(sink.status().pending, 100);
      assert.ok(s.errors >= 1);
      assert.match(s.lastError ?? "", /ECONNREFUSED/);
      assert.ok(diagnostics.some((d) => d.kind === "dropped"));
      await server.restart();
      await sink.close();
      s = sink.stats();
      assert.equal(s.sent, 100);
      assert.equal(s.lost, 0);
      const got = await server.waitFor("tcp", msgId, 101);
      assert.equal(got.length, 101);
      assert.match(got[0]!.msg, /^logrotor: 150 message\(s\) dropped/);
      assert.equal(got[0]!.severity, "4");
      assert.deepEqual(
        got.slice(1).map((r) => r.msg),
        [...Array(100).keys()].map((i) => `q ${i + 150}`),
      );
    } finally {
      await server.dispose();
    }
  },
);

test(
  "syslog: drop-new keeps the oldest; close() with the server down counts the rest as lost",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    try {
      await server.stop();
      const sink = createSyslogSink({
        host: "127.0.0.1",
        port: server.tcpPort,
        overflow: "drop-new",
        maxQueuedMessages: 10,
        reconnectMinMs: 20,
        reconnectMaxMs: 40,
        closeTimeoutMs: 200,
        onDiagnostic: () => {},
      });
      let accepted = 0;
      for (let i = 0; i < 25; i++) if (sink.write(`n ${i}\n`)) accepted++;
      assert.equal(accepted, 10);
      await sink.close();
      const s = sink.stats();
      assert.equal(s.dropped, 15);
      assert.equal(s.lost, 10);
      assert.equal(s.queued, 0);
      assert.equal(sink.write("late\n"), false);
      assert.equal(sink.stats().lost, 11);
    } finally {
      await server.dispose();
    }
  },
);

test(
  "syslog: lines split across chunks and bytes, LF framing, send() with LFs",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    try {
      const sink = createSyslogSink({
        host: "127.0.0.1",
        port: server.tcpPort,
        msgId: "chunks",
        framing: "lf",
        onDiagnostic: () => {},
      });
      const euro = enc.encode("€");
      sink.write("first li");
      sink.write("ne\r\nsecond ");
      sink.write(euro.subarray(0, 1));
      sink.write(euro.subarray(1));
      sink.write("\n\nthird without newline");
      await sink.close();
      const got = await server.waitFor("tcp", "chunks", 3);
      assert.deepEqual(got.map((r) => r.msg), [
        "first line",
        "second €",
        "third without newline",
      ]);
      const oc = createSyslogSink({
        host: "127.0.0.1",
        port: server.tcpPort,
        msgId: "multi",
        onDiagnostic: () => {},
      });
      oc.send("line one\nline two", "err");
      await oc.close();
      const multi = await server.waitFor("tcp", "multi", 1);
      assert.equal(multi[0]?.msg, "line one\nline two");
      assert.equal(multi[0]?.severity, "3");
    } finally {
      await server.dispose();
    }
  },
);
