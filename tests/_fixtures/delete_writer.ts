// A child process for live_file_deleted_test.ts: writes numbered lines to a
// file sink (argv[2]: "plain" or "rotating") at argv[3], one flush per line,
// printing "WROTE <n>" every 10 lines. On "go" from stdin it prints
// "GO <next>", writes 200 more lines in one synchronous burst, closes the
// sink and prints "DONE <last>".
import process from "node:process";
import { createFileSink, createRotatingFileSink } from "../../mod.ts";

const [kind, file] = process.argv.slice(2) as [string, string];
const options = { flushIntervalMs: 0, onDiagnostic: () => {} };
const sink = kind === "rotating"
  ? createRotatingFileSink(file, { ...options, maxBytes: 1024 * 1024 * 1024 })
  : createFileSink(file, options);
let next = 0;
const writeLine = () => {
  sink.write(`line ${next} ${"z".repeat(40)}\n`);
  sink.flushSync();
  next++;
  if (next % 10 === 0) process.stdout.write(`WROTE ${next}\n`);
};
const timer = setInterval(writeLine, 2);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", async (chunk: string) => {
  input += chunk;
  if (!input.includes("go\n")) return;
  clearInterval(timer);
  process.stdout.write(`GO ${next}\n`);
  for (let i = 0; i < 200; i++) writeLine();
  await sink.close();
  process.stdout.write(`DONE ${next - 1}\n`);
  process.exit(0);
});
