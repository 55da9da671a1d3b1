import assert from "node:assert/strict";
import { test } from "node:test";
import { DeliveryConnection } from "../../src/network/delivery_connection.ts";
import { resolveNetworkOptions } from "../../src/network/network_options.ts";
import { SyslogWire } from "../../src/network/syslog_wire.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import type { Platform } from "../../src/runtime/driver.ts";
import type {
  NetConnectionEvents,
  NetConnectOptions,
  NetDriver,
} from "../../src/runtime/net_driver.ts";

function setup(
  extra: Record<string, unknown> = {},
  platform: Platform = getPlatform(),
) {
  const opened: { options: NetConnectOptions; events: NetConnectionEvents }[] =
    [];
  let destroyed = 0;
  const net: NetDriver = {
    hostname: () => "h",
    connect(options, events) {
      opened.push({ options, events });
      return {
        write: () => true,
        end: () => {},
        destroy: () => destroyed++,
        ref: () => {},
        unref: () => {},
        describeTls: () => undefined,
      };
    },
  };
  const settings = {
    ...resolveNetworkOptions(
      { host: "127.0.0.1", port: 1514 },
      { subject: "syslog sink", defaultPort: 514, hostname: "h", procId: "1" },
    ),
    ...extra,
  };
  const wire = new SyslogWire({
    transport: "tcp",
    framing: "lf",
    resendWindow: 0,
    resendWindowMs: 0,
  });
  const link = new DeliveryConnection(net, platform, settings, wire);
  return { link, opened, destroyed: () => destroyed };
}

const events = (log: string[]): NetConnectionEvents => ({
  onConnect: () => log.push("connect"),
  onData: () => log.push("data"),
  onDrain: () => log.push("drain"),
  onClose: () => log.push("close"),
});

test("delivery connection: opens with the settings; events of an older connection are ignored", () => {
  const { link, opened, destroyed } = setup();
  const log: string[] = [];
  link.open(events(log));
  assert.equal(opened[0]!.options.host, "127.0.0.1");
  assert.equal(opened[0]!.options.port, 1514);
  assert.notEqual(link.conn, undefined);
  link.closed();
  assert.equal(link.conn, undefined);
  opened[0]!.events.onConnect();
  link.open(events(log));
  opened[1]!.events.onConnect();
  opened[1]!.events.onDrain();
  assert.deepEqual(log, ["connect", "drain"]);
  link.dispose();
  assert.equal(destroyed(), 1);
  opened[1]!.events.onClose(undefined);
  assert.deepEqual(log, ["connect", "drain"]);
});

test("delivery connection: outage bookkeeping counts attempts, reports a reconnect, resets", () => {
  const { link } = setup({
    reconnectMinMs: 60_000,
    reconnectMaxMs: 60_000,
    resetAfterMs: 60_000,
  });
  assert.equal(link.up(), undefined, "the first connection is no reconnect");
  link.broke(true);
  assert.equal(link.markDown(), true);
  assert.equal(link.markDown(), false, "already down");
  assert.equal(link.expired(), false, "no deadline");
  link.scheduleRetry(false, () => assert.fail("cancelled"));
  link.scheduleRetry(false, () => assert.fail("cancelled"));
  link.cancelRetry();
  assert.equal(link.failedAttempts, 2);
  const recovered = link.up();
  assert.equal(recovered?.attempts, 2);
  assert.equal(link.failedAttempts, 0);
  assert.equal(link.downSince, undefined);
  // A connection that did not last resetAfterMs keeps the backoff going.
  link.broke(true);
  assert.equal(link.failedAttempts, 2);
  link.reset();
  assert.equal(link.failedAttempts, 0);
});

test("delivery connection: a second scheduleRetry replaces the pending reconnect instead of leaving it to fire", () => {
  // Timers recorded, never run: which are pending is seen without waiting.
  const timers: { ms: number; cancelled: boolean }[] = [];
  const platform: Platform = {
    ...getPlatform(),
    after: (ms) => {
      const timer = { ms, cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
  };
  const { link } = setup({ reconnectMinMs: 50, reconnectMaxMs: 50 }, platform);
  link.scheduleRetry(false, () => {});
  link.scheduleRetry(false, () => {});
  assert.equal(link.failedAttempts, 2);
  assert.deepEqual(timers.map((t) => t.cancelled), [true, false]);
  link.cancelRetry();
  assert.deepEqual(timers.map((t) => t.cancelled), [true, true]);
});

test("delivery connection: a cleared handshake does not time out", () => {
  const { link } = setup();
  link.startHandshake(() => assert.fail("cleared"));
  link.clearHandshake();
});
