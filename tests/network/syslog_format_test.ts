import assert from "node:assert/strict";
import { test } from "node:test";
import { SyslogFormatter } from "../../src/network/syslog_format.ts";

const enc = new TextEncoder();

test("RFC 5424: header, timestamp, NIL values and BOM", () => {
  const f = new SyslogFormatter({
    facility: "local0",
    hostname: "web1",
    appName: "api",
    procId: 42,
    msgId: "REQ",
  });
  assert.equal(
    f.formatText("hello", 6, Date.UTC(2003, 9, 11, 22, 14, 15, 3)),
    "<134>1 2003-10-11T22:14:15.003Z web1 api 42 REQ - hello",
  );
  const nil = new SyslogFormatter({}, { hostname: "", procId: "-" });
  assert.equal(
    nil.formatText("x", 3, 0),
    "<11>1 1970-01-01T00:00:00.000Z - - - - - x",
  );
  const bom = new SyslogFormatter({ bom: true, hostname: "h" }, {
    procId: "1",
  });
  const bytes = bom.format("ü", 6, 0);
  const text = "<14>1 1970-01-01T00:00:00.000Z h - 1 - - ";
  assert.deepEqual(
    [...bytes],
    [...enc.encode(text), 0xef, 0xbb, 0xbf, ...enc.encode("ü")],
  );
  // A host name from the OS with odd characters is made valid.
  const odd = new SyslogFormatter({}, { hostname: "my host" });
  assert.match(odd.formatText("m", 6, 0), / my_host - /);
});
