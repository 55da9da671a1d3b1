// Child of tail_memory_test.ts: reads a log back the way it is told, prints
// what it read, then its peak RSS ("VmHWM <kB>") from /proc/self/status.
import * as fs from "node:fs";
import process from "node:process";
import { followLines } from "../../src/capture/follow_lines.ts";
import { tailLines } from "../../src/capture/tail_lines.ts";

const [mode, file, arg] = process.argv.slice(2) as [string, string, string];
if (mode === "tail") {
  const lines = await tailLines(file, Number(arg));
  process.stdout.write(`lines ${JSON.stringify(lines)}\n`);
} else {
  // follow from the start until the line `arg` went by; count the lines
  const reader = followLines(file, { fromEnd: false, intervalMs: 10 })
    .getReader();
  let count = 0;
  let last = "";
  while (last !== arg) {
    const { value, done } = await reader.read();
    if (done) break;
    const lines = value.split("\n");
    lines.pop();
    count += lines.length;
    last = lines.at(-1) ?? last;
  }
  await reader.cancel();
  process.stdout.write(`count ${count}\n`);
}
const status = fs.readFileSync("/proc/self/status", "utf8");
process.stdout.write(`VmHWM ${/VmHWM:\s*(\d+)/.exec(status)?.[1]}\n`);
