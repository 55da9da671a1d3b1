// A child process for exit_test.ts: buffers lines in a sink that would not
// flush on its own for a minute, then ends in the way named by argv[3].
import process from "node:process";
import { createFileSink } from "../../mod.ts";
import { makeLine } from "./fixtures.ts";

const [file, how, countText] = process.argv.slice(2);
const count = Number(countText);
// Lines the "user-handler" app logs in each of its two shutdown steps
// (exit_test.ts expects 2 × 500 after the first `count`).
const afterSignal = 500;
const sink = createFileSink(file as string, {
  flushIntervalMs: 60_000,
  flushBytes: 64 * 1024 * 1024,
  maxBufferedBytes: 128 * 1024 * 1024,
});
for (let i = 0; i < count; i++) sink.write(makeLine(i, 80));

const keepAlive = () => setInterval(() => {}, 1000);
switch (how) {
  case "natural":
    break;
  case "exit":
    process.exit(0);
    break;
  case "deno-exit":
    (globalThis as unknown as { Deno: { exit(code: number): never } }).Deno
      .exit(0);
    break;
  case "signal":
    keepAlive();
    break;
  case "user-handler":
    process.on("SIGTERM", () => {
      console.log("user handler ran");
      // The app's shutdown logs more, now and on a later turn, then exits.
      for (let i = count; i < count + afterSignal; i++) {
        sink.write(makeLine(i, 80));
      }
      setTimeout(() => {
        for (let i = count + afterSignal; i < count + 2 * afterSignal; i++) {
          sink.write(makeLine(i, 80));
        }
        process.exit(7);
      }, 0);
    });
    keepAlive();
    break;
  case "throw":
    setTimeout(() => {
      throw new Error("boom from the child");
    }, 0);
    break;
  case "reject":
    Promise.reject(new Error("rejected in the child"));
    break;
}
// Deno binds signal listeners on the next turn of its event loop: report
// readiness only after that turn.
setTimeout(() => console.log("ready"), 0);
