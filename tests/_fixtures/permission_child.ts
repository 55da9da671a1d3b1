// A child for deno_permissions_test.ts, run by Deno with restricted
// permissions: uses one feature of the library, prints every diagnostic as
// `diag KIND MESSAGE` and ends with `end <json>` (stats or result), or
// `threw NAME MESSAGE` when the feature threw.
import {
  captureProcess,
  createFileSink,
  createRelpSink,
  createRotatingFileSink,
  createSocketSink,
  createSyslogSink,
  type Diagnostic,
} from "../../mod.ts";

const [feature, where, extra = "perm"] = Deno.args as [string, string, string?];
const onDiagnostic = (d: Diagnostic) =>
  console.log(`diag ${d.kind} ${d.message}`);
const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => `line ${i} ${"x".repeat(40)}\n`);

try {
  if (feature === "capture") {
    const result = await captureProcess({
      command: "echo",
      args: ["captured"],
      dir: where,
      name: "cap",
      createSink: (path) => createFileSink(path, { onDiagnostic }),
    });
    console.log(`end ${JSON.stringify(result)}`);
  } else {
    const [host, port] = where.split(":") as [string, string];
    const net = { host, port: Number(port), onDiagnostic };
    const sink = feature === "file"
      ? createFileSink(`${where}/app.log`, { onDiagnostic })
      : feature === "file-block"
      ? createFileSink(`${where}/app.log`, {
        onDiagnostic,
        overflow: "block",
        blockTimeoutMs: 2 ** 31 - 1,
      })
      : feature === "file-block-full" || feature === "file-timeout-full"
      // A buffer too small for the 100 lines: the writes overflow, and a
      // wait for the denied permission would take 10 minutes.
      ? createFileSink(`${where}/app.log`, {
        onDiagnostic,
        flushBytes: 64,
        maxBufferedBytes: 256,
        ...(feature === "file-block-full"
          ? { overflow: "block", blockTimeoutMs: 600_000 }
          : { overflow: "timeout", overflowTimeoutMs: 600_000 }),
      })
      : feature === "rotating"
      ? createRotatingFileSink(`${where}/app.log`, {
        maxSize: 1024,
        compress: "gzip",
        keep: 100,
        onDiagnostic,
      })
      : feature === "syslog"
      ? createSyslogSink({ ...net, msgId: extra, closeTimeoutMs: 2000 })
      : feature === "syslog-unix"
      ? createSyslogSink({
        path: where,
        msgId: extra,
        closeTimeoutMs: 2000,
        onDiagnostic,
      })
      : feature === "relp"
      ? createRelpSink({ ...net, msgId: extra, closeTimeoutMs: 2000 })
      : createSocketSink({ ...net, closeTimeoutMs: 2000 });
    for (const line of lines(100)) sink.write(line);
    await sink.close();
    console.log(`end ${JSON.stringify(sink.stats())}`);
  }
} catch (err) {
  const e = err as Error;
  console.log(`threw ${e.name} ${e.message}`);
}
