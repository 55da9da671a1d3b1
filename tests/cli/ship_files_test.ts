import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { readShipCursor } from "../../src/network/ship_cursor.ts";
import { detectRuntime, getPlatform } from "../../src/runtime/detect.ts";
import {
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";
import { type Running, start } from "../_fixtures/processes.ts";
import { Rsyslog, rsyslogMissing } from "../_fixtures/rsyslog.ts";

const main = path.join(repoRoot, "src", "cli", "main.ts");
const skip = rsyslogMissing === undefined ? {} : { skip: rsyslogMissing };
const pad = "x".repeat(40);

/**
 * The exit status. Deno's node:child_process reports a child that handled
 * SIGTERM and exited by itself as killed by the signal (see runChild), so
 * there the status line printed last stands in for the code.
 */
function assertCleanExit(
  c: Running,
  exit: { code: number | null; signal: string | null },
): void {
  assert.match(
    c.stderr(),
    /lag 0 lines \/ 0 B \(0 B unread\), collector \w+; stopped\n$/,
  );
  if (detectRuntime() === "deno" && exit.code === null) return;
  assert.equal(exit.code, 0, c.stderr());
}

/** Waits until the child's stderr contains `text` (or it exits). */
async function stderrHas(c: Running, text: string): Promise<string> {
  let exited = false;
  void c.exited.then(() => exited = true);
  const end = Date.now() + 60_000; // bounds a failing test only
  while (!c.stderr().includes(text) && !exited && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return c.stderr();
}

test("logrotor ship: --state without --from is a usage error", async () => {
  const [command, pre] = scriptCommand(main);
  const r = await runChild(command, [
    ...pre,
    "ship",
    "--host",
    "127.0.0.1",
    "--state",
    "x.ship",
  ], { input: "" });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--state needs --from/);
});

test(
  "logrotor ship --from: ships the archives and the live file over RELP, shows progress, resumes after SIGTERM without duplicates",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const runtime = detectRuntime();
    const rs = await Rsyslog.start();
    const dir = makeTempDir("logrotor-ship-cli-");
    const live = path.join(dir, "app.log");
    const state = path.join(dir, ".app.ship");
    const msgId = `cli-files-${runtime}`;
    const children: Running[] = [];
    const ship = () => {
      const c = start(runtime, main, [
        "ship",
        "--from",
        live,
        "--state",
        state,
        "--transport",
        "relp",
        "--host",
        "127.0.0.1",
        "--port",
        String(rs.relpPort),
        "--msg-id",
        msgId,
        "--progress",
        "always",
      ]);
      children.push(c);
      return c;
    };
    const distinct = (n: number) =>
      rs.waitUntil(
        "relp",
        msgId,
        (g) => new Set(g.map((r) => r.msg)).size >= n,
      );
    try {
      const count = 3000;
      const w = start(runtime, "tests/_fixtures/ship_writer.ts", [
        live,
        String(count),
        "8192",
      ]);
      children.push(w);
      await w.exited;
      assert.ok(fs.readdirSync(dir).some((n) => n.endsWith(".log.gz")));

      let c = ship();
      let got = await distinct(count);
      const err = await stderrHas(c, "lines shipped");
      assert.match(err, /logrotor ship: \d+ lines shipped \(\d+ acked\), lag/);
      c.child.kill("SIGTERM");
      assertCleanExit(c, await c.exited);
      assert.equal(new Set(got.map((r) => r.msg)).size, count);
      const cursor = readShipCursor(getPlatform().fs, state)!;
      assert.equal(cursor.offset, fs.statSync(live).size);

      // Ten more lines; a new run ships exactly those.
      const more = Array.from(
        { length: 10 },
        (_, i) => `ship ${count + i} ${pad}\n`,
      );
      fs.appendFileSync(live, more.join(""));
      c = ship();
      got = await distinct(count + 10);
      await stderrHas(c, "lines shipped");
      c.child.kill("SIGTERM");
      assertCleanExit(c, await c.exited);
      got = rs.received("relp", msgId);
      assert.equal(got.length, count + 10, "no line shipped twice");
      for (let i = 0; i < count + 10; i++) {
        assert.equal(got[i]!.msg, `ship ${i} ${pad}`, "in order");
      }
    } finally {
      for (const c of children) c.child.kill("SIGKILL");
      await Promise.all(children.map((c) => c.exited));
      await rs.dispose();
      removeDir(dir);
    }
  },
);
