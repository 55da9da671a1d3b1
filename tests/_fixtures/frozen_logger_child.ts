// A base logger the application froze before configure(): its level
// methods cannot follow the configuration. Run in its own process, since a
// frozen logger stays in the process's one hierarchy and every later
// configure() reports it. Prints the lines written and the diagnostics, as
// JSON.
import { configure, getLogger, reset } from "../../mod.ts";

const lines: string[] = [];
const diagnostics: string[] = [];
const log = Object.freeze(getLogger("levels.frozen"));
await configure({
  sinks: { mem: { sink: { write: (line: string) => void lines.push(line) } } },
  loggers: { levels: { level: "info", sinks: ["mem"] } },
  onDiagnostic: (d) => void diagnostics.push(d.message),
});
log.info("still disabled");
getLogger("levels.other").info("written");
await reset();
console.log(JSON.stringify({ lines, diagnostics }));
