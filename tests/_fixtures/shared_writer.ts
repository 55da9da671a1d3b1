// A child process for shared_mode_test.ts: appends `count` numbered lines
// to argv[2] in shared mode, then prints "DONE <ms>".
import process from "node:process";
import { createFileSink } from "../../mod.ts";

const [file, id, countText, flushText] = process.argv.slice(2);
const count = Number(countText);
const sink = createFileSink(file as string, {
  shared: true,
  flushBytes: Number(flushText ?? 65536),
  onDiagnostic: (d) => process.stderr.write(`${d.kind}: ${d.message}\n`),
});
const pad = "y".repeat(80);
const started = performance.now();
for (let i = 0; i < count; i++) sink.write(`w${id} ${i} ${pad}\n`);
await sink.close();
const status = sink.status();
process.stdout.write(
  `DONE ${
    Math.round(performance.now() - started)
  } ${status.state} ${status.droppedLines}\n`,
);
