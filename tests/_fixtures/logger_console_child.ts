// A child process for the logger tests: logs through console sinks (text,
// JSON and pretty on stdout, pretty on stderr) with redaction configured,
// so the test can read what really reached standard output and error.
import { configure, getLogger, reset, withContext } from "../../mod.ts";

const secret = "s3cr3t-value";
await configure({
  redact: {
    paths: ["password", "req.headers.authorization", "user.*.token"],
    censor: "[REDACTED]",
  },
  sinks: {
    text: { type: "console", formatter: "text" },
    json: { type: "console", formatter: "json" },
    pretty: { type: "console", formatter: "pretty" },
    err: { type: "console", stream: "stderr", formatter: "prettyErr" },
  },
  formatters: { prettyErr: { type: "pretty", stream: "stderr" } },
  loggers: { app: { sinks: ["text", "json", "pretty", "err"] } },
});
const log = getLogger("app").with({ password: secret });
await withContext({ user: { ann: { token: secret } } }, async () => {
  await Promise.resolve();
  log.warn("login {password}", {
    req: { headers: { authorization: `Bearer ${secret}` } },
  });
  log.error`token ${{ password: secret }}`;
});
await reset();
