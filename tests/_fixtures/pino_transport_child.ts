// Logs `count` lines through pino.transport({ target }) and returns from
// main without ending the logger: pino's exit hook must wait until the
// logrotor transport wrote every line. Args: target file count maxSize.
import process from "node:process";
import pino from "pino";

const [target, file, count, maxSize] = process.argv.slice(2);
const transport = pino.transport({
  target: target!,
  options: { path: file!, maxSize: maxSize! },
});
const logger = pino(transport);
transport.on("ready", () => {
  for (let i = 0; i < Number(count); i++) logger.info({ i }, "pino line");
  console.log("logged");
});
