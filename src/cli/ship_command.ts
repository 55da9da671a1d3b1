/**
 * `logrotor ship`: standard input to a syslog server (RFC 5424 over TCP,
 * TLS or a Unix socket), to RELP with acknowledgements, or to a
 * femtologging-style receiver (`--transport socket`: one length-prefixed
 * MessagePack record per line).
 *
 * @module
 */
import { getPlatform } from "../runtime/detect.ts";
import { createRelpSink } from "../sinks/relp_sink.ts";
import { networkOptionTable } from "../network/network_option_table.ts";
import { flagsOf, optionByFlagOf } from "./option_flags.ts";
import type { NetworkSink as SyslogSink } from "../network/network_sink.ts";
import { createSocketSink } from "../sinks/socket_sink.ts";
import { createSyslogSink } from "../sinks/syslog_sink.ts";
import type { CommandSpec, FlagValues, ParsedArgs } from "./args.ts";
import { UsageError } from "./args.ts";
import { printError } from "./output.ts";
import { runShipFiles, shipFilesFlags, wantsShipFiles } from "./ship_files.ts";

/** The flags derived from the network sinks' option table. */
const shipTableFlags = flagsOf(networkOptionTable);

/** The `ship` subcommand's interface. */
export const shipSpec: CommandSpec = {
  name: "ship",
  summary:
    "send standard input, one message per line, to syslog, RELP or a MessagePack socket",
  usage:
    "ship (--host HOST [--port N] | --path SOCKET) [--transport tcp|tls|relp|socket] [options] < input",
  flags: [
    ...shipTableFlags,
    {
      name: "transport",
      kind: ["tcp", "tls", "relp", "socket"],
      description:
        "octet-counted syslog over TCP or TLS, RELP with acks, or length-prefixed MessagePack records (femtologging)",
      defaultText: "tcp",
    },
    {
      name: "name",
      kind: "string",
      placeholder: "NAME",
      description: "the logger name of --transport socket records",
      defaultText: "root",
    },
    {
      name: "ca-file",
      kind: "string",
      placeholder: "PATH",
      description: "trust this CA (PEM) for --transport tls",
      defaultText: "the system's trusted CAs",
    },
    {
      name: "servername",
      kind: "string",
      placeholder: "NAME",
      description: "the TLS server name to verify",
      defaultText: "--host",
    },
    {
      name: "insecure",
      kind: "boolean",
      description: "do not verify the TLS server's certificate",
      defaultText: "off",
    },
    ...shipFilesFlags,
  ],
  notes:
    "Reconnects with backoff while the server is down. Exits 0 when every line\nwas delivered (RELP: acknowledged), 1 when some were dropped or lost.",
};

/** The Deno flags the shipper's sink said it lacks (at its creation). */
let missingFlags: string | undefined;

const printDiagnostic = (d: { target: string; message: string }) => {
  const missing =
    /^Deno has no permission for this .*?: run deno with (.*?) \(or -A\)/
      .exec(d.message);
  if (missing) missingFlags = missing[1];
  else printError(`logrotor: ${d.target}: ${d.message}\n`);
};

/** Creates the shipper; `undefined` after one line naming missing flags. */
async function createCheckedShipper(
  flags: FlagValues,
): Promise<SyslogSink | undefined> {
  missingFlags = undefined;
  const sink = createShipper(flags);
  if (missingFlags === undefined) return sink;
  printError(
    `logrotor ship: Deno has no permission for it: run deno with ${missingFlags} (or -A)\n`,
  );
  await sink.close();
  return undefined;
}

function createShipper(flags: FlagValues): SyslogSink {
  const host = flags["host"] as string | undefined;
  const socketPath = flags["path"] as string | undefined;
  const transport = (flags["transport"] as string | undefined) ?? "tcp";
  if (socketPath !== undefined && host !== undefined) {
    throw new UsageError("logrotor ship: give --host or --path, not both");
  }
  if (
    host === undefined && socketPath === undefined && transport !== "socket"
  ) {
    throw new UsageError("logrotor ship: --host is required");
  }
  if (transport === "socket") return createSocketShipper(flags);
  const common: Record<string, unknown> = socketPath === undefined
    ? { host }
    : { path: socketPath };
  const { host: _host, path: _path, ...mapping } = optionByFlagOf(
    networkOptionTable,
  );
  for (const [flag, option] of Object.entries(mapping)) {
    if (flags[flag] !== undefined) common[option] = flags[flag];
  }
  common["onDiagnostic"] = printDiagnostic;
  if (transport === "relp") {
    return createRelpSink(
      common as unknown as Parameters<typeof createRelpSink>[0],
    );
  }
  const tls: Record<string, unknown> = {};
  const caFile = flags["ca-file"] as string | undefined;
  if (caFile !== undefined) {
    tls["ca"] = new TextDecoder().decode(getPlatform().fs.readFile(caFile));
  }
  if (flags["servername"] !== undefined) {
    tls["servername"] = flags["servername"];
  }
  if (flags["insecure"] === true) tls["rejectUnauthorized"] = false;
  return createSyslogSink({
    ...(common as unknown as Parameters<typeof createSyslogSink>[0]),
    transport: transport as "tcp" | "tls",
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
  });
}

/** `--transport socket`: each line one MessagePack record. */
function createSocketShipper(flags: FlagValues): SyslogSink {
  for (const flag of ["app-name", "msg-id", "facility", "severity"]) {
    if (flags[flag] !== undefined) {
      throw new UsageError(
        `logrotor ship: --${flag} is a syslog header field; --transport socket sends MessagePack records`,
      );
    }
  }
  const options: Record<string, unknown> = {
    onDiagnostic: printDiagnostic,
  };
  const mapping: Record<string, string> = {
    "host": "host",
    "port": "port",
    "path": "path",
    "name": "name",
    "max-queued": "maxQueuedMessages",
    "close-timeout": "closeTimeoutMs",
  };
  for (const [flag, option] of Object.entries(mapping)) {
    if (flags[flag] !== undefined) options[option] = flags[flag];
  }
  return createSocketSink(options);
}

/**
 * Runs `logrotor ship`.
 *
 * @param args Parsed arguments.
 * @returns The exit status.
 *
 * @example Usage
 * ```ts
 * import { parseArgs } from "./args.ts";
 * import { runShip, shipSpec } from "./ship_command.ts";
 *
 * await runShip(parseArgs(shipSpec, ["--host", "127.0.0.1", "--transport", "relp"]));
 * ```
 */
export async function runShip(args: ParsedArgs): Promise<number> {
  const sink = await createCheckedShipper(args.flags);
  if (sink === undefined) return 1;
  if (wantsShipFiles(args.flags)) return await runShipFiles(args, sink);
  try {
    await getPlatform().stdin().pipeTo(sink.writable);
    await sink.close();
  } catch (err) {
    await sink.close();
    printError(`logrotor ship: reading standard input failed: ${err}\n`);
    return 1;
  }
  const stats = sink.stats();
  const lost = stats.dropped + stats.lost + stats.rejected;
  if (lost > 0) {
    printError(
      `logrotor ship: ${lost} messages were not delivered (dropped ${stats.dropped}, lost ${stats.lost}, rejected ${stats.rejected}; last error: ${stats.lastError})\n`,
    );
    return 1;
  }
  return 0;
}
