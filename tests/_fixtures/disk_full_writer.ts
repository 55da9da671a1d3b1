// A child process for disk_full_test.ts. argv[2] is a 1 MiB tmpfs. It fills
// the disk with a filler and a fake archive, writes numbered lines until the
// sink degrades (lines then go to stdout), writes more, deletes the filler,
// waits for the sink to recover, writes more, closes, and prints its status
// as JSON on stderr.
import * as fs from "node:fs";
import process from "node:process";
import { createFileSink } from "../../mod.ts";

const dir = process.argv[2] as string;
const filler = `${dir}/filler`;
const archive = `${dir}/app.1.log`;
fs.writeFileSync(filler, new Uint8Array(384 * 1024));
fs.writeFileSync(archive, new Uint8Array(64 * 1024));
const pad = "z".repeat(80);
let next = 0;
const write = (n: number) => {
  for (const end = next + n; next < end;) sink.write(`L ${next++} ${pad}\n`);
};
const events: string[] = [];
const sink = createFileSink(`${dir}/app.log`, {
  flushBytes: 8192,
  minFreeBytes: 64 * 1024,
  recoveryIntervalMs: 50,
  // The emergency cleanup deletes "this sink's oldest archive".
  cleanup: () => {
    const size = fs.statSync(archive, { throwIfNoEntry: false })?.size ?? 0;
    fs.rmSync(archive, { force: true });
    return size;
  },
  onDiagnostic: (d) => events.push(`${d.kind}: ${d.message}`),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

while (sink.status().state !== "degraded" && next < 50_000) {
  write(100);
  sink.flushSync();
}
const degradedAt = next;
write(3000); // all to stdout
sink.flushSync();
fs.rmSync(filler);
let waits = 0;
while (sink.status().state !== "ok" && waits++ < 500) await sleep(20);
const recoveredAt = next;
write(3000);
await sink.close();
process.stderr.write(
  JSON.stringify({
    total: next,
    degradedAt,
    recoveredAt,
    status: sink.status(),
    events,
  }) + "\n",
);
