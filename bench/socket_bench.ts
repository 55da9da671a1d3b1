/**
 * The socket sink (length-prefixed MessagePack records) against the syslog
 * sink (octet-counted RFC 5424) over TCP to local receivers, in one run:
 * records/s from the first write until `close()` resolved (everything
 * handed to the connection and the receiver closed its side), and the
 * caller's time per record. A Python receiver per contender reads until EOF
 * and then counts the frames, so the numbers are the sender's; each run is
 * verified (frames received = records written, bytes = `stats().bytesSent`).
 *
 *   deno run -A bench/socket_bench.ts --records 100000
 *   bun bench/socket_bench.ts --records 100000
 *   node --import tsx bench/socket_bench.ts --records 100000
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { createSocketSink, createSyslogSink } from "../mod.ts";
import { parseFlags, runtimeName, runtimeVersion } from "./_measure.ts";

const flags = parseFlags(process.argv.slice(2));
const records = Number(flags.get("records") ?? 100_000);
const here = path.dirname(fileURLToPath(import.meta.url));

interface Receiver {
  port: number;
  result: Promise<{ bytes: number; frames: number; complete: boolean }>;
  child: ChildProcess;
}

function startReceiver(
  mode: "length-prefix" | "octet-counting",
): Promise<Receiver> {
  const child = spawn(
    "python3",
    [path.join(here, "_count_receiver.py"), mode],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  let onLine: () => void = () => {};
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => {
    out += d;
    onLine();
  });
  return new Promise((resolve) => {
    onLine = () => {
      const m = /listening (\d+)\n/.exec(out);
      if (m === null) return;
      const result = new Promise<
        { bytes: number; frames: number; complete: boolean }
      >((done) => {
        onLine = () => {
          const r = /bytes (\d+) frames (\d+) complete (\w+)/.exec(out);
          if (r !== null) {
            done({
              bytes: Number(r[1]),
              frames: Number(r[2]),
              complete: r[3] === "True",
            });
          }
        };
      });
      resolve({ port: Number(m[1]), result, child });
    };
  });
}

interface Sink {
  write(line: string): unknown;
  close(): Promise<void>;
  stats(): { bytesSent: number; dropped: number; lost: number };
}

async function run(
  name: string,
  mode: "length-prefix" | "octet-counting",
  make: (port: number) => Sink,
  writeOne: (sink: Sink, i: number) => void,
): Promise<void> {
  const receiver = await startReceiver(mode);
  const sink = make(receiver.port);
  const t0 = performance.now();
  for (let i = 0; i < records; i++) writeOne(sink, i);
  const t1 = performance.now();
  await sink.close();
  const t2 = performance.now();
  const got = await receiver.result;
  receiver.child.kill();
  const stats = sink.stats();
  const ok = got.frames === records && got.complete &&
    got.bytes === stats.bytesSent && stats.dropped + stats.lost === 0;
  const result = {
    bench: "socket",
    runtime: runtimeName(),
    version: runtimeVersion(),
    contender: name,
    records,
    recordsPerSec: Math.round(records / ((t2 - t0) / 1000)),
    callerNsPerRecord: Math.round((t1 - t0) * 1e6 / records),
    bytesPerRecord: Math.round(got.bytes / records),
    verified: ok,
  };
  console.log(JSON.stringify(result));
  if (!ok) {
    console.error(
      `${name}: verification failed: ${JSON.stringify({ got, stats })}`,
    );
    process.exitCode = 1;
  }
}

const queue = {
  maxQueuedMessages: records,
  maxQueuedBytes: 1024 * 1024 * 1024,
};
const quiet = () => {};
const line = (i: number) => `GET /api/items/${i} served in ${i % 97} ms`;

await run(
  "socket sink, write(line)",
  "length-prefix",
  (port) =>
    createSocketSink({
      host: "127.0.0.1",
      port,
      ...queue,
      onDiagnostic: quiet,
    }),
  (sink, i) => sink.write(`${line(i)}\n`),
);
await run(
  "socket sink, writeRecord(+2 fields)",
  "length-prefix",
  (port) =>
    createSocketSink({
      host: "127.0.0.1",
      port,
      ...queue,
      onDiagnostic: quiet,
    }),
  (sink, i) =>
    (sink as ReturnType<typeof createSocketSink>).writeRecord({
      time: Date.now(),
      level: "info",
      logger: "app.http",
      message: line(i),
      fields: { status: 200, route: "/api/items" },
    }),
);
await run(
  "syslog sink (TCP), write(line)",
  "octet-counting",
  (port) =>
    createSyslogSink({
      host: "127.0.0.1",
      port,
      appName: "bench",
      ...queue,
      maxQueuedBytes: 1024 * 1024 * 1024,
      onDiagnostic: quiet,
    }),
  (sink, i) => sink.write(`${line(i)}\n`),
);
