// A child process for signal_handler_test.ts (private: `_`): an application
// with its own SIGTERM handler, registered the way argv[3] says. The handler
// logs a graceful shutdown of `shutdownLines` lines, then exits itself with
// status 7. The sink would not flush on its own for a minute, so every line
// that lands got there through logrotor's signal and exit hooks.
import process from "node:process";
import { createFileSink, createRotatingFileSink } from "../../mod.ts";

const [file, how, sinkKind] = process.argv.slice(2);
const beforeLines = 1000;
const shutdownLines = 200;

interface DenoSignals {
  addSignalListener(signal: string, handler: () => void): void;
}

function makeSink() {
  const options = {
    flushIntervalMs: 60_000,
    flushBytes: 64 * 1024 * 1024,
    maxBufferedBytes: 128 * 1024 * 1024,
  };
  return sinkKind === "rotating"
    ? createRotatingFileSink(file as string, options)
    : createFileSink(file as string, options);
}

function shutdown(): void {
  console.log("app handler ran");
  for (let i = 0; i < shutdownLines; i++) sink.write(`shutdown ${i}\n`);
  // A graceful shutdown finishes a little later, then exits by itself.
  setTimeout(() => {
    for (let i = 0; i < shutdownLines; i++) sink.write(`closing ${i}\n`);
    process.exit(7);
  }, 0);
}

if (how === "on-before") process.on("SIGTERM", shutdown);
if (how === "once-before") process.once("SIGTERM", shutdown);
const sink = makeSink();
if (how === "on-after") process.on("SIGTERM", shutdown);
if (how === "once") process.once("SIGTERM", shutdown);
if (how === "deno-add") {
  (globalThis as unknown as { Deno: DenoSignals }).Deno.addSignalListener(
    "SIGTERM",
    shutdown,
  );
}
for (let i = 0; i < beforeLines; i++) sink.write(`before ${i}\n`);
setInterval(() => {}, 1000);
// Deno binds signal listeners on the next turn of its event loop: report
// readiness only after that turn.
setTimeout(() => console.log("ready"), 0);
