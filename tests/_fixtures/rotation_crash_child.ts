// A child process for rotation_crash_test.ts: writes numbered lines to a
// rotating, gzip-compressing sink with a tiny maxBytes and reports each
// flushed line number on stdout, until it is killed (mode "kill") or has
// written `count` lines and closed the sink (mode "finish").
import process from "node:process";
import { createRotatingFileSink } from "../../mod.ts";

const [file, run, mode, countText, maxBytesText] = process.argv.slice(2);
const count = Number(countText);
const sink = createRotatingFileSink(file as string, {
  maxBytes: Number(maxBytesText),
  compress: "gzip",
  keep: 1_000_000,
  flushIntervalMs: 60_000,
  onDiagnostic: (d) => {
    if (d.kind === "error") console.error(`diagnostic: ${d.message}`);
  },
});
const pad = "x".repeat(80);
const batch = 50;
for (let i = 0; i < count;) {
  for (let j = 0; j < batch && i < count; j++, i++) {
    sink.write(`r${run} ${String(i).padStart(7, "0")} ${pad}\n`);
  }
  sink.flushSync();
  console.log(`flushed ${String(i - 1).padStart(7, "0")}`);
  await new Promise((r) => setTimeout(r, 0));
}
if (mode === "finish") {
  await sink.close();
  console.log("closed");
}
