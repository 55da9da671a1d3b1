// A child process for file_lock_test.ts: opens a file sink on argv[2] (so it
// holds app.log.lock), writes one line, prints "HOLDING <runtime>", then
// stays alive until its stdin closes (or it is killed).
import process from "node:process";
import { createFileSink } from "../../mod.ts";
import { detectRuntime } from "../../compose.ts";

const file = process.argv[2] as string;
const sink = createFileSink(file, { onDiagnostic: () => {} });
sink.write(`holder ${process.pid}\n`);
sink.flushSync();
const status = sink.status();
process.stdout.write(`HOLDING ${detectRuntime()} ${status.path}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  // Said on stderr: a test that finds the lock gone can tell why.
  process.stderr.write(`holder ${process.pid}: stdin ended; releasing\n`);
  await sink.close();
  process.exit(0);
});
