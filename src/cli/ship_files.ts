/**
 * `logrotor ship --from FILE --state FILE`: durable shipping of a log file
 * and its rotated (and gzipped) archives with a persisted cursor, through
 * the sink `logrotor ship` builds from its transport flags. Runs until
 * SIGTERM or SIGINT, then stops cleanly (waits for the collector to settle
 * what was sent and saves the cursor). Prints a one-line status on stderr
 * every few seconds when stderr is a terminal (`--progress`).
 *
 * @module
 */
import { basename, dirname, join } from "../file/_path.ts";
import { createFileShipper } from "../network/file_shipper.ts";
import type { ShipperSink } from "../network/file_shipper_options.ts";
import type { FileShipperStats } from "../network/file_shipper_stats.ts";
import { onStopSignal, stderrIsTerminal } from "../runtime/stop_signals.ts";
import type { FlagSpec, ParsedArgs } from "./args.ts";
import { UsageError } from "./args.ts";
import { printError } from "./output.ts";

/** The flags of the `--from` mode, added to `logrotor ship`'s. */
export const shipFilesFlags: readonly FlagSpec[] = [
  {
    name: "from",
    kind: "string",
    placeholder: "FILE",
    description:
      "ship this log file and its rotated archives from disk (instead of stdin)",
    defaultText: "none: standard input",
  },
  {
    name: "state",
    kind: "string",
    placeholder: "FILE",
    description: "the cursor file of --from",
    defaultText: "DIR/.NAME.ship next to --from",
  },
  {
    name: "progress",
    kind: ["auto", "always", "never"],
    description: "a status line on stderr every 2 s (auto: when a terminal)",
    defaultText: "auto",
  },
];

/**
 * Whether `logrotor ship` runs in the `--from` mode.
 *
 * @param flags The parsed flags.
 * @returns `true` when `--from` is given.
 * @throws {UsageError} For `--state` or `--progress` without `--from`.
 *
 * @example Usage
 * ```ts
 * import { wantsShipFiles } from "./ship_files.ts";
 *
 * wantsShipFiles({ from: "app.log" }); // true
 * ```
 */
export function wantsShipFiles(
  flags: Record<string, string | number | boolean>,
): boolean {
  if (flags["from"] !== undefined) return true;
  for (const flag of ["state", "progress"]) {
    if (flags[flag] !== undefined) {
      throw new UsageError(`logrotor ship: --${flag} needs --from`);
    }
  }
  return false;
}

const kib = (n: number) =>
  n < 10 * 1024
    ? `${n} B`
    : n < 10 * 1024 * 1024
    ? `${Math.round(n / 1024)} KiB`
    : `${Math.round(n / 1024 / 1024)} MiB`;

/**
 * The status line: lines shipped and acknowledged; the lag as lines in
 * flight (read, not settled) / bytes not settled, of which not read yet
 * (see `FileShipperStats`); the collector's state and the last error.
 *
 * @param s The shipper's stats.
 * @returns One line, without a newline.
 *
 * @example Usage
 * ```ts
 * import { statusLine } from "./ship_files.ts";
 * import type { FileShipperStats } from "logrotor/ship";
 *
 * declare const stats: FileShipperStats;
 * statusLine(stats); // "logrotor ship: 1200 lines shipped (1190 acked), lag 10 lines / 2 KiB (1 KiB unread), collector connected"
 * ```
 */
export function statusLine(s: FileShipperStats): string {
  return `logrotor ship: ${s.shippedLines} lines shipped (${s.ackedLines} acked), lag ${s.lagLines} lines / ${
    kib(s.lagBytes)
  } (${kib(s.unreadBytes)} unread), collector ${s.collector}${
    s.lastError ? ` (${s.lastError})` : ""
  }`;
}

/**
 * Runs `logrotor ship --from`.
 *
 * @param args Parsed arguments (`--from` is set).
 * @param sink The sink built from the transport flags.
 * @returns The exit status: 0 when everything read was settled at stop.
 *
 * @example Usage
 * ```ts
 * import { parseArgs } from "./args.ts";
 * import { runShip, shipSpec } from "./ship_command.ts";
 *
 * // Dispatched by runShip when --from is given; runs until SIGTERM.
 * await runShip(parseArgs(shipSpec, ["--from", "app.log", "--host", "127.0.0.1", "--transport", "relp"]));
 * ```
 */
export async function runShipFiles(
  args: ParsedArgs,
  sink: ShipperSink,
): Promise<number> {
  const from = args.flags["from"] as string;
  const state = (args.flags["state"] as string | undefined) ??
    join(dirname(from), `.${basename(from)}.ship`);
  const mode = (args.flags["progress"] as string | undefined) ?? "auto";
  const tty = stderrIsTerminal();
  const progress = mode === "always" || (mode === "auto" && tty);
  let shipper;
  try {
    shipper = createFileShipper({
      path: from,
      state,
      sink,
      onDiagnostic: (d) => printError(`logrotor: ${d.target}: ${d.message}\n`),
    });
  } catch (err) {
    await sink.close();
    throw new UsageError(`logrotor ship: ${(err as Error).message}`);
  }
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => stop = resolve);
  const removeSignals = onStopSignal(() => stop());
  try {
    await shipper.start();
  } catch (err) {
    removeSignals();
    await sink.close();
    printError(`logrotor ship: ${(err as Error).message}\n`);
    return 1;
  }
  const timer = progress
    ? setInterval(() => {
      const line = statusLine(shipper.stats());
      printError(tty ? `\r\x1b[K${line}` : `${line}\n`);
    }, 2000)
    : undefined;
  await stopped;
  if (timer !== undefined) clearInterval(timer);
  if (progress && tty) printError("\n");
  await shipper.stop();
  removeSignals();
  const s = shipper.stats();
  printError(`${statusLine(s)}; stopped\n`);
  return s.lagLines === 0 ? 0 : 1;
}
