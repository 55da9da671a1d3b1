// A writer for the file shipper's disk-full test: a rotating sink with gzip
// and small size rotation on <dir>/app.log (a small tmpfs), degraded mode to
// stdout, `retainUntilShipped: <state>`. Driven by commands on stdin, one a
// line, so the test decides when it writes:
//   write <n>  writes the next n numbered lines (`ship <i> <pad>`), flushes,
//              waits for compression, prints
//              "@ wrote <total> <state> <archivesDeleted>"
//   recover    waits until the sink's probe writes to the file again, "@ recovered"
//   close      closes the sink, prints "@ stats <json>" and exits
// Status lines start with "@ " on stdout, where the fallback also writes:
// the test tells them apart from the lines degraded mode sent there.
// argv: <dir> <state>
import * as fs from "node:fs";
import process from "node:process";
import { createRotatingFileSink } from "../../mod.ts";
import { numberedLine } from "./ship_numbered.ts";

const [dir, state] = process.argv.slice(2) as [string, string];
const events: string[] = [];
const sink = createRotatingFileSink(`${dir}/app.log`, {
  maxSize: 16 * 1024,
  compress: "gzip",
  flushBytes: 4096,
  minFreeBytes: 64 * 1024,
  cleanupBytes: 32 * 1024,
  recoveryIntervalMs: 20,
  retainUntilShipped: state,
  onDiagnostic: (d) => events.push(`${d.kind}: ${d.message}`),
});
const say = (text: string) => fs.writeSync(1, `@ ${text}\n`);
let next = 0;

async function run(command: string): Promise<void> {
  const [verb, arg] = command.split(" ");
  if (verb === "write") {
    for (const end = next + Number(arg); next < end; next++) {
      sink.write(`${numberedLine(next)}\n`);
    }
    sink.flushSync();
    // Compression done: a backlog of archives waiting to be compressed
    // would be spared by the disk-full cleanup (busy), and the sink would
    // go degraded at a moment that depends on the machine's speed.
    while (sink.stats().compressionsPending > 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
    say(`wrote ${next} ${sink.status().state} ${sink.stats().archivesDeleted}`);
  } else if (verb === "recover") {
    // The sink probes every recoveryIntervalMs; look after each probe.
    while (sink.status().state !== "ok") {
      await new Promise((r) => setTimeout(r, 20));
    }
    say("recovered");
  } else if (verb === "close") {
    await sink.close();
    say(
      `stats ${
        JSON.stringify({
          total: next,
          status: sink.status(),
          stats: sink.stats(),
          events,
        })
      }`,
    );
    process.exit(0);
  }
}

let input = "";
let chain = Promise.resolve();
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  input += chunk;
  let at: number;
  while ((at = input.indexOf("\n")) >= 0) {
    const command = input.slice(0, at);
    input = input.slice(at + 1);
    chain = chain.then(() => run(command));
  }
});
say("ready");
