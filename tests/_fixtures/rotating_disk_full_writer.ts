// A child process for rotating_resilience_test.ts. argv[2] is a 1 MiB tmpfs.
// It puts three old gzip archives of app.log and a filler there, writes
// numbered lines to a gzip rotating sink until the disk is full: the
// default emergency cleanup deletes the old archives, writing goes on until
// the disk is full again, then lines go to stdout. It deletes the filler,
// waits for recovery, writes more, rotates (a fresh .gz), writes more,
// closes, and prints status and stats as JSON on stderr.
import * as fs from "node:fs";
import process from "node:process";
import * as zlib from "node:zlib";
import { createRotatingFileSink } from "../../mod.ts";

const dir = process.argv[2] as string;
const filler = `${dir}/filler`;
const old = [1, 2, 3].map((n) =>
  `${dir}/app.2020-01-0${n}T00-00-00.000Z.log.gz`
);
let oldBytes = 0;
for (const [i, path] of old.entries()) {
  const text = `OLD ${i} ${"o".repeat(90)}\n`.repeat(512); // 48 KiB
  const gz = zlib.gzipSync(text, { level: 0 }); // stored: as big on disk
  fs.writeFileSync(path, gz);
  oldBytes += gz.length;
}
fs.writeFileSync(filler, new Uint8Array(640 * 1024));
const pad = "z".repeat(80);
let next = 0;
const write = (n: number) => {
  for (const end = next + n; next < end;) sink.write(`L ${next++} ${pad}\n`);
};
const events: string[] = [];
const sink = createRotatingFileSink(`${dir}/app.log`, {
  compress: "gzip",
  maxBytes: 8 * 1024 * 1024, // not reached on this disk: rotate() below
  flushBytes: 8192,
  minFreeBytes: 64 * 1024,
  cleanupBytes: 256 * 1024, // more than the old archives hold
  recoveryIntervalMs: 50,
  onDiagnostic: (d) => events.push(`${d.kind}: ${d.message}`),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanedAt = -1;
while (sink.status().state !== "degraded" && next < 60_000) {
  write(100);
  sink.flushSync();
  if (cleanedAt < 0 && sink.status().bytesCleaned > 0) cleanedAt = next;
}
const degradedAt = next;
write(3000); // all to stdout
sink.flushSync();
fs.rmSync(filler);
let waits = 0;
while (sink.status().state !== "ok" && waits++ < 500) await sleep(20);
const recoveredAt = next;
write(3000);
sink.rotate();
write(1000);
await sink.close();
process.stderr.write(
  JSON.stringify({
    total: next,
    oldBytes,
    cleanedAt,
    degradedAt,
    recoveredAt,
    status: sink.status(),
    stats: sink.stats(),
    events,
  }) + "\n",
);
