import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkNetworkOptions,
  type NetworkSinkOptions,
  resolveNetworkOptions,
} from "../../src/network/network_options.ts";

const context = {
  subject: "RELP sink",
  defaultPort: 2514,
  hostname: "web 1",
  procId: "42",
};

test("network options: unknown keys and upper bounds are refused", () => {
  assert.throws(
    () =>
      checkNetworkOptions("syslog sink", { host: "h", prot: 1 } as never, {}),
    {
      name: "TypeError",
      message:
        'Cannot create syslog sink as "prot" is not an option (did you mean "port"?): current value is 1',
    },
  );
  const own = { host: "h", windowSize: 8 };
  assert.equal(
    checkNetworkOptions("RELP sink", own, { windowSize: true }),
    own,
  );
  assert.throws(
    () =>
      checkNetworkOptions("RELP sink", { host: "h", batchBytes: 2 ** 31 }, {}),
    RangeError,
  );
  assert.throws(
    () =>
      checkNetworkOptions(
        "RELP sink",
        { host: "h", closeTimeoutMs: 2 ** 31 },
        {},
      ),
    RangeError,
  );
});

test("network options: defaults, header defaults, and cross-field checks", () => {
  const s = resolveNetworkOptions({ host: "127.0.0.1" }, context);
  assert.equal(s.port, 2514);
  assert.equal(s.severity, 6);
  assert.equal(s.severityOf, undefined);
  assert.equal(s.maxQueuedMessages, 100_000);
  assert.equal(s.maxQueuedBytes, 16 * 1024 * 1024);
  assert.equal(s.overflow, "drop-old");
  assert.equal(s.dropMarker, true);
  assert.equal(s.maxMessageBytes, 8192);
  assert.equal(s.batchBytes, 65536);
  assert.equal(s.reconnectMinMs, 100);
  assert.equal(s.reconnectMaxMs, 30_000);
  assert.equal(s.connectTimeoutMs, 10_000);
  assert.equal(s.closeTimeoutMs, 5000);
  assert.equal(s.reportLossOnExit, true);
  assert.equal(
    s.formatter.formatText("m", s.severity, 0),
    "<14>1 1970-01-01T00:00:00.000Z web_1 - 42 - - m",
  );
  const pick = () => "err" as const;
  const f = resolveNetworkOptions(
    { host: "h", severity: pick, port: 1, overflow: "drop-new" },
    context,
  );
  assert.equal(f.severityOf, pick);
  assert.equal(f.overflow, "drop-new");
  assert.throws(() => resolveNetworkOptions({ host: "" }, context), {
    name: "TypeError",
    message:
      'Cannot create RELP sink as host must be a non-empty string: current value is ""',
  });
  const refused: Array<[NetworkSinkOptions, RegExp]> = [
    [{ host: "h", port: 65536 }, /port must be <= 65535/],
    [
      { host: "h", maxQueuedBytes: 100, maxMessageBytes: 200 },
      /maxQueuedBytes must be >= maxMessageBytes \(200\)/,
    ],
    [
      { host: "h", reconnectMinMs: 10, reconnectMaxMs: 5 },
      /reconnectMaxMs must be >= reconnectMinMs \(10\)/,
    ],
  ];
  for (const [options, message] of refused) {
    assert.throws(() => resolveNetworkOptions(options, context), message);
  }
  assert.throws(
    () => resolveNetworkOptions({ host: "h", dropMarker: 1 as never }, context),
    TypeError,
  );
});

test('network options: overflow "timeout" is refused with the reason (a write cannot wait for the event loop), and so is overflowTimeoutMs', () => {
  assert.throws(
    () =>
      resolveNetworkOptions(
        { host: "h", overflow: "timeout" as "drop-new" },
        context,
      ),
    {
      name: "TypeError",
      message:
        'Cannot create RELP sink as overflow must be "drop-old" or "drop-new" (a network queue drains only while the caller is not blocked, so "timeout" would wait for nothing): current value is "timeout"',
    },
  );
  assert.throws(
    () =>
      checkNetworkOptions(
        "syslog sink",
        { host: "h", overflowTimeoutMs: 50 } as never,
        {},
      ),
    { name: "TypeError", message: /"overflowTimeoutMs" is not an option/ },
  );
});
