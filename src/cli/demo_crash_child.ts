/**
 * The child process of `logrotor demo`'s crash test (started by
 * demo_crash.ts on the same runtime): it writes numbered lines through a
 * rotating gzip sink, flushes every batch and then acknowledges it on
 * stdout (`acked N`: lines 0 … N-1 are in the file). When the sink reports
 * its rotation number `killAt` — the live file is renamed to an archive,
 * which is not compressed yet — it says `rotating N ARCHIVE` and freezes
 * right there, inside the rotation, until the parent kills it with
 * SIGKILL. Its stdin is a pipe the parent holds and never writes to: if the
 * parent dies first (even by SIGKILL), the frozen child reads end-of-file
 * at once and exits with status 3 (a child whose parent died while it
 * still wrote gets there a few batches later: its acknowledgements fail
 * silently until the rotation).
 *
 * Arguments: `FILE MAX_BYTES KILL_AT`.
 *
 * @module
 */
import { getPlatform } from "../runtime/detect.ts";
import { waitForStdinEndSync } from "../runtime/stdin_end.ts";
import { createRotatingFileSink } from "../sinks/rotating_file_sink.ts";

const platform = getPlatform();
const encoder = new TextEncoder();
const [file, maxBytesText, killAtText] = platform.args();
const killAt = Number(killAtText);
let acked = 0;
let rotations = 0;

function say(text: string): void {
  platform.writeStdout(encoder.encode(`${text}\n`));
}

/** Blocks here until SIGKILL, or until the parent is gone. */
function freeze(): never {
  waitForStdinEndSync();
  return platform.exit(3);
}

/** One numbered line, as the parent parses it back. */
function crashLine(n: number): string {
  return `crash ${String(n).padStart(7, "0")} ${"x".repeat(60)}\n`;
}

const sink = createRotatingFileSink(file as string, {
  maxSize: Number(maxBytesText),
  compress: "gzip",
  keep: 1000,
  flushIntervalMs: 60_000,
  onDiagnostic: (d) => {
    if (d.kind === "rotated") {
      rotations++;
      if (rotations !== killAt) return;
      const archive = /to (\S+)$/.exec(d.message)?.[1] ?? "?";
      say(`rotating ${acked} ${archive}`);
      freeze();
    } else if (d.kind === "error" || d.kind === "dropped") {
      say(`problem ${d.message}`);
    }
  },
});

const batch = 100;
for (let n = 0; n < 10_000_000;) {
  for (let i = 0; i < batch; i++) sink.write(crashLine(n++));
  sink.flushSync();
  acked = n;
  say(`acked ${acked}`);
  await new Promise((resolve) => setTimeout(resolve, 0));
}
