// A file shipper in its own process for the file shipper tests: ships
// <path> with the cursor in <state> over RELP to 127.0.0.1:<port>. Prints
// "started" once shipping began; on "stop" on stdin it stops gracefully and
// prints its stats as one JSON line. Killed with SIGKILL by the tests.
// argv: <path> <state> <port> <msgId>
import process from "node:process";
import { createRelpSink } from "../../mod.ts";
import { createFileShipper } from "../../ship.ts";

const [path, state, port, msgId] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const sink = createRelpSink({
  host: "127.0.0.1",
  port: Number(port),
  msgId,
  windowSize: 64,
  reconnectMinMs: 20,
  reconnectMaxMs: 200,
  onDiagnostic: () => {},
});
const shipper = createFileShipper({
  path,
  state,
  sink,
  checkpointMs: 50,
  checkpointLines: 100,
  maxPending: 200,
  pollMs: 10,
  onDiagnostic: (d) => process.stderr.write(`${d.kind}: ${d.message}\n`),
});
await shipper.start();
process.stdout.write("started\n");
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", async (chunk: string) => {
  input += chunk;
  if (!input.includes("stop")) return;
  process.stdin.pause();
  await shipper.stop();
  process.stdout.write(`stats ${JSON.stringify(shipper.stats())}\n`);
  process.exit(0);
});
