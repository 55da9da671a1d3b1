// A writer for the file shipper tests: writes `count` numbered lines
// (`ship <n> xxx…`) to a rotating sink with small size rotation and gzip
// compression, in bursts with a short pause between them so that a shipper
// runs (and is killed) while it writes. Prints "done" when closed.
// argv: <path> <count> [maxBytes]
import process from "node:process";
import { createRotatingFileSink } from "../../mod.ts";

const [path, countText, maxBytesText] = process.argv.slice(2) as [
  string,
  string,
  string | undefined,
];
const count = Number(countText);
const sink = createRotatingFileSink(path, {
  maxBytes: Number(maxBytesText ?? 16 * 1024),
  compress: "gzip",
  flushBytes: 4096,
});
const pad = "x".repeat(40);
for (let i = 0; i < count; i++) {
  sink.write(`ship ${i} ${pad}\n`);
  if (i % 200 === 199) {
    sink.flushSync();
    process.stdout.write(`wrote ${i + 1}\n`);
    await new Promise((r) => setTimeout(r, 5)); // pacing, not synchronisation
  }
}
await sink.close();
process.stdout.write("done\n");
