// A child process for rotation_timer_test.ts (private: `_`): a script that
// opens a rotating sink with `every` (a boundary timer, a flush timer) and
// then simply ends without close(). It must exit on its own: logrotor's
// timers never keep a process alive.
import process from "node:process";
import { createRotatingFileSink } from "../../mod.ts";

const [file] = process.argv.slice(2);
const sink = createRotatingFileSink(file as string, {
  every: "hourly",
  flushIntervalMs: 50,
});
sink.write("the only line\n");
console.log("script body done");
