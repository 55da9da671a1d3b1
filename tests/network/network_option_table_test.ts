import assert from "node:assert/strict";
import { test } from "node:test";
import {
  networkOptionTable,
  relpOptionTable,
  syslogOptionTable,
} from "../../src/network/network_option_table.ts";
import { resolveOptions } from "../../src/options/option_table.ts";

test("the network tables resolve to the documented defaults", () => {
  const shared = resolveOptions("syslog sink", networkOptionTable, {
    host: "h",
  });
  assert.equal(shared.maxQueuedMessages, 100_000);
  assert.equal(shared.maxQueuedBytes, 16 * 1024 * 1024);
  assert.equal(shared.overflow, "drop-old");
  assert.equal(shared.dropMarker, true);
  assert.equal(shared.reportLossOnExit, true);
  assert.equal(shared.port, undefined, "the sink picks its own port");
  const syslog = resolveOptions("syslog sink", syslogOptionTable, {});
  assert.deepEqual(syslog, {
    transport: "tcp",
    framing: "octet-counting",
    resendWindow: 128,
    resendWindowMs: 2000,
    tls: undefined,
  });
  assert.equal(
    resolveOptions("RELP sink", relpOptionTable, {}).windowSize,
    128,
  );
});

test("maxQueuedBytes is checked after maxMessageBytes, its floor", () => {
  assert.throws(
    () =>
      resolveOptions("syslog sink", networkOptionTable, {
        maxQueuedBytes: 100,
        maxMessageBytes: 200,
      }),
    {
      name: "RangeError",
      message:
        "Cannot create syslog sink as maxQueuedBytes must be >= maxMessageBytes (200): current value is 100",
    },
  );
});

test('tls needs transport "tls"', () => {
  assert.throws(
    () => resolveOptions("syslog sink", syslogOptionTable, { tls: {} }),
    /tls options need transport "tls": current value is "tcp"/,
  );
});
