import assert from "node:assert/strict";
import { test } from "node:test";
import { createRelpSink } from "../../mod.ts";
import type { Diagnostic } from "../../src/diagnostics.ts";
import {
  encodeRelpFrame,
  nextTxnr,
  parseRelpResponse,
  relpOpenOffer,
  RelpParser,
  RelpProtocolError,
} from "../../src/network/relp_session.ts";
import {
  DiagnosticLog,
  Rsyslog,
  rsyslogMissing,
} from "../_fixtures/rsyslog.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const skip = rsyslogMissing === undefined ? {} : { skip: rsyslogMissing };

function frames(parser: RelpParser, text: string) {
  return parser.push(enc.encode(text)).map((f) => ({
    txnr: f.txnr,
    command: f.command,
    data: dec.decode(f.data),
  }));
}

test("RELP frames: encoding, txnr wrap, open offer", () => {
  assert.equal(dec.decode(encodeRelpFrame(4, "close", "")), "4 close 0\n");
  assert.equal(
    dec.decode(encodeRelpFrame(2, "syslog", "<14>1 ü")),
    "2 syslog 8 <14>1 ü\n",
  );
  assert.equal(nextTxnr(1), 2);
  assert.equal(nextTxnr(999_999_999), 1);
  const open = dec.decode(
    encodeRelpFrame(
      1,
      "open",
      relpOpenOffer("probe,0.1,https://example.invalid"),
    ),
  );
  assert.equal(
    open,
    "1 open 78 relp_version=0\nrelp_software=probe,0.1,https://example.invalid\ncommands=syslog\n",
  );
});

test("RELP parser: librelp's answers, split anywhere", () => {
  const wire =
    "1 rsp 93 200 OK\nrelp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog\n" +
    "2 rsp 6 200 OK\n3 rsp 6 200 OK\n4 rsp 0\n0 serverclose 0\n";
  const whole = frames(new RelpParser(), wire);
  assert.deepEqual(whole.map((f) => [f.txnr, f.command]), [
    [1, "rsp"],
    [2, "rsp"],
    [3, "rsp"],
    [4, "rsp"],
    [0, "serverclose"],
  ]);
  // Byte by byte gives the same frames.
  const parser = new RelpParser();
  const one: ReturnType<typeof frames> = [];
  for (const ch of wire) one.push(...frames(parser, ch));
  assert.deepEqual(one, whole);
  assert.equal(parser.pending, 0);
  const open = parseRelpResponse(enc.encode(whole[0]!.data));
  assert.equal(open.code, 200);
  assert.equal(open.text, "OK");
  assert.equal(open.offers.get("commands"), "syslog");
  assert.equal(open.offers.get("relp_version"), "0");
  assert.equal(parseRelpResponse(enc.encode("")).code, 0);
  assert.deepEqual(
    parseRelpResponse(enc.encode("500 command disabled")),
    { code: 500, text: "command disabled", offers: new Map() },
  );
});

test("RELP parser: malformed frames throw RelpProtocolError", () => {
  for (
    const bad of [
      "x rsp 0\n",
      "1 rsp 3 abcd\n",
      "1  rsp 0\n",
      "1 rsp 2x\n",
      "1234567890 rsp 0\n",
    ]
  ) {
    assert.throws(
      () => new RelpParser().push(enc.encode(bad)),
      RelpProtocolError,
      bad,
    );
  }
  // Incomplete input is not an error: it waits for more.
  assert.deepEqual(new RelpParser().push(enc.encode("12 rsp 6 200")), []);
});

test("RELP sink: invalid options give typed errors", () => {
  assert.throws(() => createRelpSink({ host: "127.0.0.1", port: 0 }), {
    name: "RangeError",
    message: "Cannot create RELP sink as port must be >= 1: current value is 0",
  });
  assert.throws(
    () => createRelpSink({ host: "127.0.0.1", windowSize: 0 }),
    /Cannot create RELP sink as windowSize must be >= 1: current value is 0/,
  );
  assert.throws(
    () => createRelpSink({ host: "127.0.0.1", closeTimeoutMs: 1.5 }),
    /closeTimeoutMs must be an integer: current value is 1.5/,
  );
  assert.throws(
    () =>
      createRelpSink({
        host: "127.0.0.1",
        reconnectMinMs: 500,
        reconnectMaxMs: 100,
      }),
    /reconnectMaxMs must be >= reconnectMinMs \(500\): current value is 100/,
  );
  // deno-lint-ignore no-explicit-any
  assert.throws(() => createRelpSink(undefined as any), TypeError);
});

test(
  "RELP: 10,000 messages acknowledged and received exactly once, byte-exact, in order",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    const diagnostics: Diagnostic[] = [];
    try {
      const n = 10_000;
      const sink = createRelpSink({
        host: "127.0.0.1",
        port: server.relpPort,
        msgId: "relp-burst",
        appName: "relp-test",
        hostname: "relphost",
        procId: 7,
        facility: "local3",
        severity: "notice",
        onDiagnostic: (d) => diagnostics.push(d),
      });
      const body = (i: number) =>
        `relp ${i} ü "q" [b] \\ ${"y".repeat(i % 40)}`;
      for (let i = 0; i < n; i++) sink.write(`${body(i)}\n`);
      await sink.close();
      const s = sink.stats();
      assert.equal(s.acked, n);
      assert.equal(s.sent, n);
      assert.equal(s.unacked + s.queued + s.dropped + s.lost + s.resent, 0);
      const got = await server.waitFor("relp", "relp-burst", n);
      assert.equal(got.length, n);
      for (let i = 0; i < n; i++) {
        assert.equal(got[i]!.msg, body(i));
        assert.equal(got[i]!.pri, String(19 * 8 + 5));
        assert.equal(got[i]!.hostname, "relphost");
        assert.equal(got[i]!.appName, "relp-test");
        assert.equal(got[i]!.procid, "7");
      }
      assert.deepEqual(diagnostics, []);
      // A clean RELP close: no broken-session complaints from rsyslog.
      assert.doesNotMatch(server.internalLog(), /session broken/);
    } finally {
      await server.dispose();
    }
  },
);

for (const signal of ["SIGTERM", "SIGKILL"] as const) {
  test(
    `RELP: rsyslog ${
      signal === "SIGKILL" ? "killed (SIGKILL)" : "stopped (SIGTERM)"
    } mid-stream and restarted; every message is delivered`,
    skip,
    async () => {
      if (rsyslogMissing !== undefined) return;
      const server = await Rsyslog.start();
      const events = new DiagnosticLog();
      try {
        const msgId = `relp-${signal}`;
        const sink = createRelpSink({
          host: "127.0.0.1",
          port: server.relpPort,
          msgId,
          windowSize: 64,
          reconnectMinMs: 20,
          reconnectMaxMs: 100,
          closeTimeoutMs: 60_000,
          onDiagnostic: events.push,
        });
        const total = 4000;
        let ackedAtLoss = -1;
        let ackedBeforeKill = -1; // only printed: the old, wrong snapshot
        for (let i = 0; i < total; i++) {
          sink.write(`r ${i}\n`);
          if (i % 50 === 49) await new Promise((r) => setTimeout(r, 1));
          if (i === 1500) {
            const before = events.list.length;
            ackedBeforeKill = sink.stats().acked;
            await server.stop(signal);
            // The snapshot describes the old session, so it is taken once
            // the sink has seen that session end: every ack rsyslog sent
            // before it died has been read by then, and nothing unacked is
            // counted (it is resent on the next session).
            await events.until(
              (d) => d.kind === "error" && /connection lost/.test(d.message),
              before,
            );
            ackedAtLoss = sink.stats().acked;
            for (let j = 0; j < 5; j++) sink.write(`r ${++i}\n`);
            await server.restart();
          }
        }
        await sink.close();
        const s = sink.stats();
        // rsyslog acks a session's messages in order, so the acked ones of
        // the old session are r 0 … r ackedAtLoss-1; every later one was
        // unacked when the session ended and must arrive on a new one.
        const mustArrive = (i: number) =>
          signal === "SIGTERM" || i >= ackedAtLoss;
        const got = await server.waitUntil("relp", msgId, (recs) => {
          const have = new Set(recs.map((r) => Number(r.msg.slice(2))));
          for (let i = 0; i < total; i++) {
            if (mustArrive(i) && !have.has(i)) return false;
          }
          return true;
        });
        const seen = new Map<number, number>();
        for (const r of got) {
          const i = Number(r.msg.slice(2));
          seen.set(i, (seen.get(i) ?? 0) + 1);
        }
        const missing = [...Array(total).keys()].filter((i) => !seen.has(i));
        const duplicates = [...seen.values()].reduce((a, c) => a + c - 1, 0);
        console.log(
          `relp ${signal}: ${missing.length} missing ${
            JSON.stringify(missing.slice(0, 5))
          }, ${duplicates} duplicates, resent ${s.resent}, acked ${s.acked}, acked when the session ended ${ackedAtLoss} (${ackedBeforeKill} before the stop)`,
        );
        if (signal === "SIGTERM") {
          assert.deepEqual(missing, [], "RELP loses nothing");
        } else {
          // An ack means "in rsyslog's memory queue", not "on disk": a
          // SIGKILL may lose messages rsyslog had acknowledged. The sink
          // itself loses nothing: anything missing was acked before the kill.
          assert.ok(
            missing.every((i) => i < ackedAtLoss),
            `missing ${
              JSON.stringify(missing.slice(0, 10))
            } were acked before the kill (${ackedAtLoss})`,
          );
        }
        assert.equal(s.acked, total, "every message acknowledged once");
        assert.ok(
          duplicates <= s.resent,
          `${duplicates} duplicates <= ${s.resent} resent`,
        );
        assert.equal(s.dropped + s.lost + s.rejected, 0);
        assert.ok(s.reconnects >= 1);
        assert.ok(events.list.some((d) => d.kind === "recovered"));
      } finally {
        await server.dispose();
      }
    },
  );
}

test(
  "RELP: with the server down the bounded queue drops and counts; close() reports what was lost",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    const events = new DiagnosticLog();
    const diagnostics = events.list;
    try {
      await server.stop();
      const sink = createRelpSink({
        host: "127.0.0.1",
        port: server.relpPort,
        maxQueuedMessages: 50,
        reconnectMinMs: 20,
        reconnectMaxMs: 50,
        closeTimeoutMs: 200,
        onDiagnostic: events.push,
      });
      for (let i = 0; i < 120; i++) sink.write(`down ${i}\n`);
      // The first connection attempt has failed (the event, not a sleep).
      await events.until((d) =>
        d.kind === "error" && /cannot connect/.test(d.message)
      );
      assert.equal(sink.stats().dropped, 70);
      assert.equal(sink.status().pending, 50);
      assert.equal(sink.status().connected, false);
      assert.ok(sink.status().failedAttempts >= 1);
      await sink.close();
      const s = sink.stats();
      assert.equal(s.lost, 50);
      assert.equal(s.acked, 0);
      assert.equal(sink.status().state, "closed");
      assert.ok(
        diagnostics.some((d) =>
          d.kind === "dropped" && /queue full/.test(d.message)
        ),
      );
      assert.ok(
        diagnostics.some((d) =>
          d.kind === "dropped" && /50 undelivered/.test(d.message)
        ),
      );
    } finally {
      await server.dispose();
    }
  },
);
