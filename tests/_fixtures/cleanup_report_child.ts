// A child for rotation_disk_full_test.ts. argv[2] is a small tmpfs, argv[3]
// "default" (no onDiagnostic, no retention) or "off" (cleanup: () => 0).
// It rotates 2000 lines into an archive, fills the disk, writes until the
// sink degrades or cleans, and prints stats and status as JSON on stdout's
// last line (lines that go to the stdout fallback come before it).
import * as fs from "node:fs";
import process from "node:process";
import { createRotatingFileSink } from "../../mod.ts";

const dir = process.argv[2] as string;
const how = process.argv[3] as string;
const sink = createRotatingFileSink(`${dir}/app.log`, {
  minFreeBytes: 16 * 1024,
  cleanupBytes: 16 * 1024,
  flushBytes: 4096,
  ...(how === "off" ? { cleanup: () => 0 } : {}),
});
for (let i = 0; i < 2000; i++) sink.write(`A ${i} ${"a".repeat(100)}\n`);
sink.flushSync();
sink.rotate();
const st = fs.statfsSync(dir);
fs.writeFileSync(
  `${dir}/filler`,
  new Uint8Array(st.bavail * st.bsize - 8 * 1024),
);
let n = 0;
while (
  sink.status().bytesCleaned === 0 && sink.status().state === "ok" &&
  n < 20_000
) {
  for (let i = 0; i < 50; i++) sink.write(`B ${n++} ${"b".repeat(80)}\n`);
  sink.flushSync();
}
const stats = sink.stats();
const status = sink.status();
fs.rmSync(`${dir}/filler`);
await sink.close();
process.stdout.write(
  `\n${
    JSON.stringify({
      archivesDeleted: stats.archivesDeleted,
      linesDeletedOnDiskFull: stats.linesDeletedOnDiskFull,
      state: status.state,
      archives: sink.archives().length,
    })
  }\n`,
);
