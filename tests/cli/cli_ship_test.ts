import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { repoRoot, runChild, scriptCommand } from "../_fixtures/fixtures.ts";
import { Rsyslog, rsyslogMissing } from "../_fixtures/rsyslog.ts";

const [command, pre] = scriptCommand(
  path.join(repoRoot, "src", "cli", "main.ts"),
);
const skip = rsyslogMissing === undefined ? {} : { skip: rsyslogMissing };

test(
  "logrotor ship delivers stdin to a real rsyslog over RELP and TLS, one message per line",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    try {
      const count = 2000;
      const input = Array.from(
        { length: count },
        (_, i) => `shipped ${i} ü "q"\n`,
      ).join("");
      const relp = await runChild(command, [
        ...pre,
        "ship",
        "--host",
        "127.0.0.1",
        "--port",
        String(server.relpPort),
        "--transport",
        "relp",
        "--msg-id",
        "cli-relp",
        "--app-name",
        "shipper",
      ], { input });
      assert.equal(relp.code, 0, relp.stderr);
      const got = await server.waitFor("relp", "cli-relp", count);
      assert.equal(got.length, count);
      got.forEach((rec, i) => assert.equal(rec.msg, `shipped ${i} ü "q"`));

      const tls = await runChild(command, [
        ...pre,
        "ship",
        "--host",
        "127.0.0.1",
        "--port",
        String(server.tlsPort),
        "--transport",
        "tls",
        "--ca-file",
        path.join(server.dir, "tls", "cert.pem"),
        "--servername",
        "localhost",
        "--msg-id",
        "cli-tls",
      ], { input });
      assert.equal(tls.code, 0, tls.stderr);
      const overTls = await server.waitFor("tls", "cli-tls", count);
      assert.equal(overTls.length, count);
    } finally {
      await server.dispose();
    }
  },
);

test(
  "logrotor ship exits 1 and says how many were lost when the server never answers",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const server = await Rsyslog.start();
    const port = server.relpPort;
    await server.dispose(); // nothing listens there now
    const result = await runChild(command, [
      ...pre,
      "ship",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--transport",
      "relp",
      "--close-timeout",
      "300ms",
    ], { input: "a\nb\nc\n" });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /logrotor ship: 3 messages were not delivered/);
  },
);

test("logrotor ship requires --host", async () => {
  const result = await runChild(command, [...pre, "ship"], { input: "" });
  assert.equal(result.code, 2);
  assert.equal(result.stderr, "logrotor ship: --host is required\n");
});
