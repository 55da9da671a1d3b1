// A child process for network_exit_test.ts (private: `_`): a script that
// logs `count` lines to a syslog or RELP collector and simply ends — no
// close(), no exit() — as a user's script would.
import process from "node:process";
import { createRelpSink, createSyslogSink } from "../../mod.ts";

const [transport, port, msgId, countText] = process.argv.slice(2);
const count = Number(countText);
const options = {
  host: "127.0.0.1",
  port: Number(port),
  msgId: msgId as string,
};
const sink = transport === "relp"
  ? createRelpSink(options)
  : createSyslogSink({ ...options, transport: "tcp" });
for (let i = 0; i < count; i++) sink.write(`script ${i}\n`);
console.log("script body done");
