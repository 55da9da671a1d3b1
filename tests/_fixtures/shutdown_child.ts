// A child process for tests/ecosystem/shutdown_test.ts: writes `count`
// numbered lines into a rotating gzip sink (small maxSize, so several
// rotations and compressions are under way when the writing ends), then ends
// as the README's shutdown table says: "close" (await sink.close()),
// "exit" (process.exit(0) right after a close() that is not awaited),
// "sigterm" (a SIGTERM to itself, no handler of its own); "restart" opens a
// sink on the same path and closes it, writing nothing.
import process from "node:process";
import { createRotatingFileSink } from "../../mod.ts";
import { makeLine } from "./fixtures.ts";

const [file, mode, countText] = process.argv.slice(2);
const sink = createRotatingFileSink(file as string, {
  maxSize: "64K",
  keep: 1000,
  compress: "gzip",
});
if (mode === "restart") {
  await sink.close();
  process.exit(0);
}
for (let i = 0; i < Number(countText); i++) sink.write(makeLine(i));
if (mode === "close") {
  await sink.close();
} else if (mode === "exit") {
  void sink.close();
  process.exit(0);
} else if (mode === "sigterm") {
  setInterval(() => {}, 1000); // stay alive until the signal lands
  process.kill(process.pid, "SIGTERM");
} else {
  throw new Error(`unknown mode ${mode}`);
}
