import assert from "node:assert/strict";
import { test } from "node:test";
import type { Diagnostic } from "../../src/diagnostics.ts";
import { Delivery } from "../../src/network/delivery.ts";
import { NetworkLedger } from "../../src/network/network_ledger.ts";
import { resolveNetworkOptions } from "../../src/network/network_options.ts";
import { ReplayQueue } from "../../src/network/replay_queue.ts";
import { SyslogWire } from "../../src/network/syslog_wire.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import type {
  NetConnection,
  NetConnectionEvents,
  NetDriver,
} from "../../src/runtime/net_driver.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A connection the test drives by hand: it records what the sink does. */
interface FakeConn extends NetConnection {
  readonly events: NetConnectionEvents;
  readonly log: string[];
}

function fakeNet(conns: FakeConn[]): NetDriver {
  return {
    hostname: () => "h",
    connect(_options, events) {
      const log: string[] = [];
      const conn: FakeConn = {
        events,
        log,
        write: (bytes) => (log.push(dec.decode(bytes)), true),
        end: () => log.push("end"),
        destroy: () => log.push("destroy"),
        ref: () => {},
        unref: () => {},
        describeTls: () => undefined,
      };
      conns.push(conn);
      return conn;
    },
  };
}

function setup() {
  const conns: FakeConn[] = [];
  const diagnostics: Diagnostic[] = [];
  const platform = getPlatform();
  const settings = resolveNetworkOptions({
    host: "127.0.0.1",
    hostname: "h",
    procId: "1",
    onDiagnostic: (d) => diagnostics.push(d),
  }, { subject: "syslog sink", defaultPort: 514, hostname: "h", procId: "1" });
  const queue = new ReplayQueue({
    maxMessages: 100,
    maxBytes: 100_000,
    overflow: "drop-old",
  });
  const ledger = new NetworkLedger("t", settings.listener, () => 0);
  let closed = 0;
  const delivery = new Delivery({
    wire: new SyslogWire({
      transport: "tcp",
      framing: "lf",
      resendWindow: 10,
      resendWindowMs: 60_000,
    }),
    net: fakeNet(conns),
    platform,
    settings,
    queue,
    ledger,
    onClosed: () => closed++,
  });
  const push = (text: string) =>
    queue.push({ bytes: enc.encode(text), attempts: 0, sentAt: 0 });
  return {
    conns,
    diagnostics,
    queue,
    ledger,
    delivery,
    push,
    closed: () => closed,
  };
}

test("delivery: connects on the first message, sends the queue once connected", () => {
  const t = setup();
  t.push("a");
  t.push("b");
  assert.equal(t.delivery.state, "idle");
  t.delivery.kick(true);
  assert.equal(t.delivery.state, "connecting");
  assert.equal(t.conns.length, 1);
  t.conns[0]!.events.onConnect();
  assert.equal(t.delivery.state, "connected");
  assert.deepEqual(t.conns[0]!.log, ["a\nb\n"]);
  assert.equal(t.ledger.sent, 2);
  assert.equal(t.ledger.bytesSent, 4);
  assert.equal(t.delivery.idle(), true);
});

test("delivery: a break requeues the resend window, backs off, and close() ends the session", async () => {
  const t = setup();
  t.push("a");
  t.delivery.kick(true);
  t.conns[0]!.events.onConnect();
  t.conns[0]!.events.onClose(new Error("reset"));
  assert.equal(t.delivery.state, "backoff");
  assert.equal(t.delivery.failedAttempts, 1);
  assert.equal(t.queue.length, 1);
  assert.equal(t.ledger.errors, 1);
  assert.match(t.ledger.lastError!, /reset/);
  assert.equal(t.diagnostics.length, 1);
  assert.match(
    t.diagnostics[0]!.message,
    /^connection lost: .*reset; the last 1 message\(s\) will be resent/,
  );
  // close() reconnects at once instead of waiting for the backoff timer.
  t.delivery.beginClose();
  t.delivery.close();
  assert.equal(t.conns.length, 2);
  t.conns[1]!.events.onConnect();
  assert.deepEqual(t.conns[1]!.log, ["a\n", "end"]);
  assert.equal(t.ledger.resent, 1);
  assert.equal(t.ledger.reconnects, 1);
  assert.equal(t.diagnostics[1]!.kind, "recovered");
  const flushed = t.delivery.flush();
  t.conns[1]!.events.onClose(undefined);
  await flushed;
  assert.equal(t.delivery.state, "closed");
  assert.equal(t.closed(), 1);
});

test("delivery: a failed connection with nothing to send goes idle instead of retrying", () => {
  const t = setup();
  t.delivery.kick(true);
  assert.equal(t.delivery.state, "connecting");
  t.conns[0]!.events.onClose(new Error("refused"));
  assert.equal(t.delivery.state, "idle");
  assert.equal(t.delivery.failedAttempts, 0);
  assert.equal(t.delivery.downSince, undefined);
  assert.match(
    t.diagnostics[0]!.message,
    /^cannot connect: .*refused; retrying/,
  );
  // Events of a connection that is gone are ignored.
  t.conns[0]!.events.onConnect();
  assert.equal(t.delivery.state, "idle");
  t.delivery.beginClose();
  t.delivery.close();
  assert.equal(t.delivery.state, "closed");
  assert.equal(t.closed(), 1);
});
