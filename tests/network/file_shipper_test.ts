import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as zlib from "node:zlib";
import { createRelpSink, createSyslogSink } from "../../mod.ts";
import { createFileShipper } from "../../ship.ts";
import { detectRuntime, getPlatform } from "../../src/runtime/detect.ts";
import {
  readShipCursor,
  writeShipCursor,
} from "../../src/network/ship_cursor.ts";
import { listChain } from "../../src/network/ship_files.ts";
import {
  archiveOfRotated,
  locateCursor,
} from "../../src/network/ship_locate.ts";
import { fingerprint } from "../../src/network/ship_fingerprint.ts";
import { LineCutter } from "../../src/network/ship_lines.ts";
import { SettledWatermark } from "../../src/network/settled_watermark.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";
import { type Running, start } from "../_fixtures/processes.ts";
import {
  type Received,
  Rsyslog,
  rsyslogMissing,
} from "../_fixtures/rsyslog.ts";

const skip = rsyslogMissing === undefined ? {} : { skip: rsyslogMissing };
const enc = new TextEncoder();
const pad = "x".repeat(40);
const body = (i: number) => `ship ${i} ${pad}`;
const writer = "tests/_fixtures/ship_writer.ts";
const child = "tests/_fixtures/ship_child.ts";

test("settled watermark: out-of-order settlements close the gap", () => {
  const w = new SettledWatermark();
  for (let i = 0; i < 5; i++) w.next();
  w.settle(3);
  w.settle(2);
  assert.equal(w.through, 0);
  w.settle(1);
  assert.equal(w.through, 3);
  w.settle(5);
  assert.equal(w.through, 3);
  w.settle(4);
  assert.equal(w.through, 5);
  assert.equal(w.last, 5);
});

test("line cutter: only whole lines, a partial line waits, long lines are cut", () => {
  const got: Array<[string, number, boolean]> = [];
  const c = new LineCutter(64);
  const emit = (l: string, e: number, cut: boolean) => {
    got.push([l, e, cut]);
  };
  c.push(enc.encode("one\r\ntw"), 0, emit);
  assert.deepEqual(got, [["one", 5, false]]);
  assert.equal(c.buffered, 2);
  c.push(enc.encode("o\n\n"), 7, emit);
  assert.deepEqual(got.slice(1), [["two", 9, false], ["", 10, false]]);
  got.length = 0;
  const long = "é".repeat(40); // 80 bytes: cut at 64 (32 characters)
  c.push(enc.encode(long), 10, emit);
  assert.deepEqual(got, [["é".repeat(32), -1, true]]);
  c.push(enc.encode("rest\nnext"), 90, emit);
  assert.deepEqual(got.slice(1), [["", 95, false]]);
  assert.equal(c.end(), "next");
  // The pending limit: emit returns false, the rest is handed back.
  const stop = new LineCutter(64);
  const seen: string[] = [];
  const used = stop.push(enc.encode("a\nb\nc\n"), 0, (l) => {
    seen.push(l);
    return false;
  });
  assert.deepEqual([seen, used], [["a"], 2]);
});

test("ship cursor: saved atomically, read back, garbage refused", () => {
  const dir = makeTempDir();
  try {
    const fsd = getPlatform().fs;
    const state = path.join(dir, ".app.ship");
    assert.equal(readShipCursor(fsd, state), undefined);
    const cursor = {
      file: fingerprint(1, 2, enc.encode("head\n")),
      name: "app.log",
      archive: null,
      offset: 5,
      unsettled: 3,
      savedAt: 1,
    };
    writeShipCursor(fsd, state, cursor);
    assert.deepEqual(readShipCursor(fsd, state), cursor);
    assert.deepEqual(fs.readdirSync(dir), [".app.ship"]); // no temp left
    fs.writeFileSync(state, "{}");
    assert.throws(() => readShipCursor(fsd, state), /not a logrotor ship/);
  } finally {
    removeDir(dir);
  }
});

test("ship files: a cursor on a file that was rotated and gzipped since is found by its head", async () => {
  const dir = makeTempDir();
  try {
    const fsd = getPlatform().fs;
    const live = path.join(dir, "app.log");
    const a1 = path.join(dir, "app.2026-01-01T00-00-00.000Z.log");
    const a2 = path.join(dir, "app.2026-01-01T00-00-00.000Z_001.log");
    fs.writeFileSync(live, "first 1\nfirst 2\n");
    const st = fs.statSync(live);
    const cursor = {
      file: fingerprint(st.dev, st.ino, enc.encode("first 1\nfirst 2\n")),
      name: "app.log",
      archive: null,
      offset: 8,
      unsettled: 0,
      savedAt: 0,
    };
    // The live file becomes a1 and is gzipped; a2 stays plain; a new live.
    fs.renameSync(live, a1);
    fs.writeFileSync(`${a1}.gz`, zlib.gzipSync(fs.readFileSync(a1)));
    fs.rmSync(a1);
    fs.writeFileSync(a2, "second 1\n");
    fs.writeFileSync(live, "third 1\n");
    const chain = listChain(fsd, live);
    assert.deepEqual(chain.map((f) => path.basename(f.path)), [
      "app.2026-01-01T00-00-00.000Z.log.gz",
      "app.2026-01-01T00-00-00.000Z_001.log",
      "app.log",
    ]);
    assert.deepEqual(await locateCursor(fsd, chain, cursor), {
      index: 0,
      how: "gzip-head",
    });
    const plain = { ...cursor, file: fingerprint(0, 0, enc.encode("zz")) };
    assert.deepEqual(await locateCursor(fsd, chain, plain), {
      index: -1,
      how: "gone",
    });
  } finally {
    removeDir(dir);
  }
});

test("file shipper: invalid options give typed errors", async () => {
  const sink = createRelpSink({ host: "127.0.0.1", port: 1 });
  try {
    assert.throws(
      () =>
        createFileShipper(
          { path: "a.log", state: "s", sink, pollMS: 1 } as never,
        ),
      /"pollMS" is not an option \(did you mean "pollMs"\?\)/,
    );
    assert.throws(
      () =>
        createFileShipper({ path: "a.log", state: "s", sink, maxPending: 0 }),
      RangeError,
    );
    assert.throws(
      () => createFileShipper({ path: "", state: "s", sink }),
      /path must be a non-empty string/,
    );
    assert.throws(
      () => createFileShipper({ path: "a", state: "s", sink: {} as never }),
      /sink must be a network sink/,
    );
  } finally {
    await sink.close();
  }
});

function numbersOf(got: Received[]): number[] {
  return got.map((r) => {
    const n = Number(r.msg.split(" ")[1]);
    assert.equal(r.msg, body(n), "a whole line");
    return n;
  });
}

function missing(got: Received[], count: number): number[] {
  const seen = new Set(numbersOf(got));
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (!seen.has(i)) out.push(i);
  return out;
}

test(
  "file shipper: no line lost across SIGKILLs of the shipper, rsyslog restarts, rotation and gzip",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const runtime = detectRuntime();
    const rs = await Rsyslog.start();
    const dir = makeTempDir("logrotor-ship-");
    const live = path.join(dir, "app.log");
    const state = path.join(dir, ".app.ship");
    const count = 6000;
    const msgId = `ship-${runtime}`;
    const children: Running[] = [];
    const received = () => rs.received("relp", msgId);
    const shipper = async () => {
      const c = start(runtime, child, [
        live,
        state,
        String(rs.relpPort),
        msgId,
      ]);
      children.push(c);
      await c.waitFor("started");
      return c;
    };
    const kill = async (c: Running) => {
      c.child.kill("SIGKILL");
      await c.exited;
    };
    const growBy = (n: number) => {
      const base = received().length;
      return rs.waitUntil("relp", msgId, (got) => got.length >= base + n);
    };
    let kills = 0;
    try {
      const w = start(runtime, writer, [live, String(count), "8192"]);
      children.push(w);
      await w.waitFor("wrote 400");
      // Two kills while lines flow.
      for (let round = 0; round < 2; round++) {
        const c = await shipper();
        await growBy(500);
        await kill(c);
        kills++;
      }
      // rsyslog down: a shipper starts, the writer goes on, the shipper dies.
      await rs.stop();
      let c = await shipper();
      await w.waitFor(`wrote ${Math.min(count, 3000)}`);
      await kill(c);
      kills++;
      // Another shipper starts while rsyslog is down; rsyslog comes back.
      c = await shipper();
      await rs.restart();
      await growBy(300);
      await kill(c);
      kills++;
      // The last one ships the rest (several rotations happened meanwhile).
      await w.exited;
      assert.ok(
        fs.readdirSync(dir).some((n) => n.endsWith(".log.gz")),
        "the writer made gzip archives",
      );
      c = await shipper();
      const got = await rs.waitUntil(
        "relp",
        msgId,
        (g) => missing(g, count).length === 0,
      );
      c.child.stdin?.write("stop\n");
      const out = await c.waitFor("stats ");
      await c.exited;
      const stats = JSON.parse(out.slice(out.indexOf("stats ") + 6));
      assert.deepEqual(missing(got, count), [], "every line arrived");
      const duplicates = got.length - count;
      // Each kill can duplicate at most maxPending (200) + checkpointLines
      // (100) lines; the rsyslog restart at most the RELP window (64).
      assert.ok(
        duplicates <= kills * 300 + 64,
        `${duplicates} duplicates after ${kills} kills`,
      );
      assert.equal(stats.lagLines, 0);
      assert.ok(stats.filesFinished >= 1, "archives were read to their end");
      const cursor = readShipCursor(getPlatform().fs, state)!;
      assert.equal(cursor.offset, fs.statSync(live).size);
    } finally {
      for (const c of children) c.child.kill("SIGKILL");
      await Promise.all(children.map((c) => c.exited));
      await rs.dispose();
      removeDir(dir);
    }
  },
);

test(
  "network sink progress(): RELP settles on acknowledgement, TCP once written, nothing while the server is down",
  skip,
  async () => {
    if (rsyslogMissing !== undefined) return;
    const rs = await Rsyslog.start();
    try {
      const relp = createRelpSink({ host: "127.0.0.1", port: rs.relpPort });
      relp.write("a\nb\nc\n");
      assert.deepEqual(relp.progress(), { queued: 3, settled: 0 });
      await relp.flush(); // resolves once acknowledged
      assert.deepEqual(relp.progress(), { queued: 3, settled: 3 });
      await relp.close();
      const tcp = createSyslogSink({ host: "127.0.0.1", port: rs.tcpPort });
      tcp.write("a\nb\n");
      await tcp.flush();
      assert.deepEqual(tcp.progress(), { queued: 2, settled: 2 });
      await tcp.close();
      await rs.stop();
      const down = createRelpSink({
        host: "127.0.0.1",
        port: rs.relpPort,
        closeTimeoutMs: 100,
        onDiagnostic: () => {},
      });
      down.write("x\ny\n");
      await down.flush(); // resolves when the server cannot be reached
      await down.close();
      assert.deepEqual(down.progress(), { queued: 2, settled: 0 });
    } finally {
      await rs.dispose();
    }
  },
);

test("ship files: the live file's archive is found when compression replaced it with its .gz after the chain was listed", async () => {
  const dir = makeTempDir();
  try {
    const fsd = getPlatform().fs;
    const live = path.join(dir, "app.log");
    const archive = path.join(dir, "app.2026-01-01T00-00-00.000Z.log");
    fs.writeFileSync(live, "live 1\nlive 2\n");
    const st = fs.statSync(live);
    const fp = fingerprint(st.dev, st.ino, enc.encode("live 1\nlive 2\n"));
    fs.renameSync(live, archive); // rotated
    fs.writeFileSync(live, "next 1\n");
    const chain = listChain(fsd, live); // lists the plain archive
    // Compression finishes: the .gz is renamed in, the plain file unlinked.
    fs.writeFileSync(`${archive}.gz`, zlib.gzipSync(fs.readFileSync(archive)));
    fs.rmSync(archive);
    const became = await archiveOfRotated(fsd, chain, fp, {
      stamp: -Infinity,
      seq: 0,
    });
    assert.equal(became?.path, `${archive}.gz`);
    assert.equal(became?.archive, path.basename(archive));
  } finally {
    removeDir(dir);
  }
});
