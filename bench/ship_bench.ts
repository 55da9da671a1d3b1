/**
 * Shipping throughput to a real rsyslog (tests/_fixtures/rsyslog.ts, on
 * 127.0.0.1): the file shipper (`logrotor/ship`) reading a prepared log file
 * (plus two gzipped archives) over RELP and over TCP, against today's
 * in-memory path (`sink.write()` of the same lines into createRelpSink /
 * createSyslogSink, then `close()`). Wall time until every line is settled
 * (RELP: acknowledged; TCP: written to the socket) and then received by
 * rsyslog (its output file holds every line). Also the lag of the shipper
 * while a writer in the same process writes at full speed.
 *
 *   deno run -A bench/ship_bench.ts [--lines 200000]
 *   node --import tsx bench/ship_bench.ts --lines 20000    # smoke
 *
 * @module
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import * as zlib from "node:zlib";
import {
  createRelpSink,
  createRotatingFileSink,
  createSyslogSink,
} from "../mod.ts";
import { createFileShipper } from "../ship.ts";
import { Rsyslog, rsyslogMissing } from "../tests/_fixtures/rsyslog.ts";
import { parseFlags, runtimeName, runtimeVersion } from "./_measure.ts";

const flags = parseFlags(process.argv.slice(2));
const lines = Number(flags.get("lines") ?? 200_000);
const pad = "p".repeat(80);
const line = (i: number) => `bench ${i} ${pad}\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (rsyslogMissing !== undefined) {
  console.error(`ship_bench: ${rsyslogMissing}`);
  process.exit(1);
}

/** Two gzipped archives (a quarter of the lines each) and the live file. */
function prepare(dir: string): void {
  const q = Math.floor(lines / 4);
  const text = (from: number, to: number) => {
    let s = "";
    for (let i = from; i < to; i++) s += line(i);
    return s;
  };
  fs.writeFileSync(
    path.join(dir, "app.2026-01-01T00-00-00.000Z.log.gz"),
    zlib.gzipSync(text(0, q), { level: 1 }),
  );
  fs.writeFileSync(
    path.join(dir, "app.2026-01-01T00-00-01.000Z.log.gz"),
    zlib.gzipSync(text(q, 2 * q), { level: 1 }),
  );
  fs.writeFileSync(path.join(dir, "app.log"), text(2 * q, lines));
}

async function received(rs: Rsyslog, input: "tcp" | "relp", msgId: string) {
  while (rs.received(input, msgId).length < lines) await sleep(20);
}

type Transport = "relp" | "tcp";
const sinkFor = (rs: Rsyslog, t: Transport, msgId: string) =>
  t === "relp"
    ? createRelpSink({
      host: "127.0.0.1",
      port: rs.relpPort,
      msgId,
      windowSize: 1024,
      maxQueuedMessages: lines + 10,
      maxQueuedBytes: 1 << 30,
    })
    : createSyslogSink({
      host: "127.0.0.1",
      port: rs.tcpPort,
      msgId,
      maxQueuedMessages: lines + 10,
      maxQueuedBytes: 1 << 30,
    });

async function fromFiles(rs: Rsyslog, t: Transport) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logrotor-shipbench-"));
  try {
    prepare(dir);
    const msgId = `files-${t}`;
    const start = performance.now();
    const shipper = createFileShipper({
      path: path.join(dir, "app.log"),
      state: path.join(dir, ".app.ship"),
      sink: sinkFor(rs, t, msgId),
      maxPending: 4096,
      checkpointLines: 10_000,
    });
    await shipper.start();
    while (shipper.stats().ackedLines < lines) await sleep(5);
    const settled = performance.now() - start;
    await shipper.stop();
    await received(rs, t, msgId);
    return { settled, received: performance.now() - start };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function inMemory(rs: Rsyslog, t: Transport) {
  const msgId = `memory-${t}`;
  const start = performance.now();
  const sink = sinkFor(rs, t, msgId);
  const chunk = 1000;
  for (let i = 0; i < lines; i += chunk) {
    let s = "";
    for (let j = i; j < Math.min(lines, i + chunk); j++) s += line(j);
    sink.write(s);
    if (i % 20_000 === 0) await sleep(0);
  }
  await sink.close();
  const settled = performance.now() - start;
  await received(rs, t, msgId);
  return { settled, received: performance.now() - start };
}

/** Max lag while a writer in this process writes `lines` at full speed. */
async function lagUnderLoad(rs: Rsyslog) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logrotor-shiplag-"));
  try {
    const live = path.join(dir, "app.log");
    const writer = createRotatingFileSink(live, {
      maxBytes: 4 * 1024 * 1024,
      compress: "gzip",
    });
    const shipper = createFileShipper({
      path: live,
      state: path.join(dir, ".app.ship"),
      sink: sinkFor(rs, "relp", "lag"),
      maxPending: 4096,
      pollMs: 20,
    });
    await shipper.start();
    let maxLines = 0;
    let maxBytes = 0;
    const sample = () => {
      const s = shipper.stats();
      maxLines = Math.max(maxLines, s.lagLines);
      maxBytes = Math.max(maxBytes, s.lagBytes);
    };
    const start = performance.now();
    for (let i = 0; i < lines; i += 1000) {
      for (let j = i; j < Math.min(lines, i + 1000); j++) writer.write(line(j));
      if (i % 10_000 === 0) {
        sample();
        await sleep(0);
      }
    }
    await writer.close();
    const written = performance.now() - start;
    while (shipper.stats().ackedLines < lines) {
      sample();
      await sleep(20);
    }
    const caughtUp = performance.now() - start;
    await shipper.stop();
    return { written, caughtUp, maxLines, maxBytes };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rs = await Rsyslog.start();
try {
  const rate = (ms: number) => Math.round(lines / (ms / 1000));
  console.log(
    `ship_bench: ${lines} lines × ${
      line(0).length
    } B, ${runtimeName()} ${runtimeVersion()}, rsyslog on 127.0.0.1`,
  );
  for (const t of ["relp", "tcp"] as const) {
    const files = await fromFiles(rs, t);
    const memory = await inMemory(rs, t);
    console.log(
      `${t.padEnd(4)} from files: ${rate(files.settled)} lines/s settled, ${
        rate(files.received)
      } lines/s received | in-memory sink: ${
        rate(memory.settled)
      } lines/s settled, ${rate(memory.received)} lines/s received`,
    );
  }
  const lag = await lagUnderLoad(rs);
  console.log(
    `lag (RELP, writer at full speed in the same process): writer done in ${
      Math.round(lag.written)
    } ms, shipper caught up at ${
      Math.round(lag.caughtUp)
    } ms; max lag ${lag.maxLines} lines in flight, ${
      Math.round(lag.maxBytes / 1024)
    } KiB unshipped`,
  );
} finally {
  await rs.dispose();
}
