import assert from "node:assert/strict";
import { test } from "node:test";
import {
  facilityNumber,
  severityNumber,
  syslogPri,
} from "../../src/network/syslog_priority.ts";

test("RFC 5424: PRI, facility and severity numbers", () => {
  assert.equal(facilityNumber("kern"), 0);
  assert.equal(facilityNumber("local0"), 16);
  assert.equal(facilityNumber("local7"), 23);
  assert.equal(severityNumber("emerg"), 0);
  assert.equal(severityNumber("warning"), 4);
  assert.equal(severityNumber("warn"), 4);
  assert.equal(severityNumber("error"), 3);
  assert.equal(severityNumber(7), 7);
  assert.equal(syslogPri(16, 4), 132);
  assert.equal(syslogPri(20, 5), 165);
  assert.equal(syslogPri(23, 7), 191);
  assert.throws(() => facilityNumber("bogus"), TypeError);
  assert.throws(() => severityNumber(8), RangeError);
});
