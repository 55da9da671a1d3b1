import assert from "node:assert/strict";
import * as net from "node:net";
import * as path from "node:path";
import { test } from "node:test";
import { detectRuntime } from "../../src/runtime/detect.ts";
import { repoRoot, runChild, scriptCommand } from "../_fixtures/fixtures.ts";
import { Rsyslog, rsyslogMissing } from "../_fixtures/rsyslog.ts";

const script = path.join(repoRoot, "tests", "_fixtures", "syslog_script.ts");
const runtime = detectRuntime();
const count = 500;
const skip = rsyslogMissing === undefined ? {} : { skip: rsyslogMissing };

/** Runs the script to its natural end; the runner's timeout is the only bound. */
function runScript(transport: string, port: number, msgId: string) {
  const [cmd, args] = scriptCommand(script);
  return runChild(cmd, [...args, transport, String(port), msgId, `${count}`], {
    timeoutMs: 600_000,
  });
}

/** A port nothing listens on: bound once, then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

for (const transport of ["tcp", "relp"] as const) {
  test(
    `a ${runtime} script logging over ${transport} that just ends exits on its own and delivers every line`,
    skip,
    async () => {
      if (rsyslogMissing !== undefined) return;
      const server = await Rsyslog.start();
      try {
        const msgId = `script-${transport}`;
        const port = transport === "tcp" ? server.tcpPort : server.relpPort;
        const result = await runScript(transport, port, msgId);
        assert.equal(result.code, 0, `exit status; stderr: ${result.stderr}`);
        assert.match(result.stdout, /script body done/);
        assert.doesNotMatch(result.stderr, /undelivered|lost|dropped/);
        const got = await server.waitUntil(
          transport,
          msgId,
          (recs) => new Set(recs.map((r) => r.msg)).size >= count,
        );
        assert.deepEqual(
          [...new Set(got.map((r) => r.msg))].sort(),
          Array.from({ length: count }, (_, i) => `script ${i}`).sort(),
        );
      } finally {
        await server.dispose();
      }
    },
  );

  test(
    `a ${runtime} script logging over ${transport} to a collector that is down exits on its own and reports the undelivered count`,
    async () => {
      const port = await closedPort();
      const result = await runScript(transport, port, `down-${transport}`);
      assert.equal(result.code, 0, `exit status; stderr: ${result.stderr}`);
      assert.match(result.stdout, /script body done/);
      assert.match(result.stderr, /ECONNREFUSED/);
      assert.match(
        result.stderr,
        new RegExp(`process exiting with ${count} undelivered message\\(s\\)`),
      );
    },
  );
}
