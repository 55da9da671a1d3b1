// The syslog sink over a Unix stream socket, against rsyslog's imptcp
// listening on a socket path.
import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, createSyslogSink, getLogger, reset } from "../../mod.ts";
import { Rsyslog, rsyslogMissing } from "../_fixtures/rsyslog.ts";

const skip = rsyslogMissing === undefined ? {} : { skip: rsyslogMissing };

test("syslog over a Unix socket: TLS with a path is a construction error", () => {
  assert.throws(
    () => createSyslogSink({ path: "/run/rsyslog/app.sock", transport: "tls" }),
    {
      name: "TypeError",
      message:
        'Cannot create syslog sink as TLS needs a TCP host, not a Unix socket path: current value is {"path":"/run/rsyslog/app.sock","transport":"tls"}',
    },
  );
  assert.throws(
    () => createSyslogSink({ path: "" }),
    /Cannot create syslog sink as path must be a non-empty string: current value is ""/,
  );
  assert.throws(
    () => createSyslogSink({ path: "/x.sock", host: "127.0.0.1" }),
    /path \(a Unix socket\) excludes host and port/,
  );
});

test(
  "syslog over a Unix socket: rsyslog's imptcp receives every octet-counted message exactly",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    try {
      const msgId = "unix1";
      const sink = createSyslogSink({
        path: server.unixPath,
        msgId,
        appName: "unixapp",
      });
      assert.equal(sink.name, `syslog+unix://${server.unixPath}`);
      const total = 2000;
      // Line feeds inside a message survive: octet counting, not LF framing.
      for (let i = 0; i < total; i++) sink.send(`m ${i} ü€\nsecond line`);
      await sink.close();
      const got = await server.waitUntil(
        "unix",
        msgId,
        (recs) => recs.length >= total,
      );
      assert.deepEqual(
        got.map((r) => r.msg),
        Array.from({ length: total }, (_, i) => `m ${i} ü€\nsecond line`),
      );
      assert.ok(got.every((r) => r.appName === "unixapp"));
      const s = sink.stats();
      assert.equal(s.sent, total);
      assert.equal(s.dropped + s.lost + s.resent, 0);
    } finally {
      await server.dispose();
    }
  },
);

test(
  "syslog over a Unix socket: the logger's syslog sink type takes path",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    try {
      await configure({
        sinks: {
          local: { type: "syslog", path: server.unixPath, msgId: "unixcfg" },
        },
        loggers: { app: { level: "info", sinks: ["local"] } },
      });
      getLogger("app").info("configured over unix");
      await reset();
      const got = await server.waitUntil(
        "unix",
        "unixcfg",
        (recs) => recs.length >= 1,
      );
      assert.equal(got.length, 1);
      assert.match(got[0]!.msg, /configured over unix/);
    } finally {
      await reset();
      await server.dispose();
    }
  },
);
