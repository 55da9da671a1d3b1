// A child process for shared_rotation_test.ts: appends `count` numbered
// lines to argv[2] in shared mode with rotation at `maxBytes` and gzip
// (`flushBytes` per batch, zlib `level`, default 1), then prints
// "DONE <ms> <state> <dropped> <rotations> <byOthers> <errors> <gzipped>
// <gzipFailures>".
import process from "node:process";
import { createRotatingFileSink } from "../../mod.ts";

const [file, id, countText, maxText, flushText, levelText] = process.argv
  .slice(2);
const count = Number(countText);
const sink = createRotatingFileSink(file as string, {
  shared: true,
  maxBytes: Number(maxText),
  compress: "gzip",
  compressionLevel: Number(levelText ?? 1),
  flushBytes: Number(flushText ?? 16384),
  onDiagnostic: (d) => {
    if (d.kind === "error" || d.kind === "dropped") {
      process.stderr.write(`${d.kind}: ${d.message}\n`);
    }
  },
});
const pad = "y".repeat(80);
const started = performance.now();
for (let i = 0; i < count; i++) sink.write(`w${id} ${i} ${pad}\n`);
await sink.close();
const status = sink.status();
const stats = sink.stats();
process.stdout.write(
  `DONE ${
    Math.round(performance.now() - started)
  } ${status.state} ${status.droppedLines} ${stats.rotations} ${stats.rotationsByOthers} ${stats.rotationFailures} ${stats.archivesWritten} ${stats.compressionFailures}\n`,
);
