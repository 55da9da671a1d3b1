import assert from "node:assert/strict";
import { test } from "node:test";
import {
  escapeParamValue,
  formatStructuredData,
} from "../../src/network/syslog_fields.ts";

test("RFC 5424: structured data escaping and validation", () => {
  assert.equal(escapeParamValue('a"b\\c]d[e'), 'a\\"b\\\\c\\]d[e');
  assert.equal(formatStructuredData(undefined), "-");
  assert.equal(formatStructuredData({}), "-");
  assert.equal(
    formatStructuredData({
      "exampleSDID@32473": { iut: "3", eventSource: 'App "x"] \\' },
      "origin": {},
    }),
    '[exampleSDID@32473 iut="3" eventSource="App \\"x\\"\\] \\\\"][origin]',
  );
  assert.throws(
    () => formatStructuredData({ "bad id": {} }),
    /Cannot create syslog sink as a structuredData SD-ID must be 1 to 32/,
  );
  assert.throws(
    () => formatStructuredData({ ok: { "a=b": "v" } }),
    /PARAM-NAME of ok/,
  );
});
