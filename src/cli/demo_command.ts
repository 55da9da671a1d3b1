/**
 * `logrotor demo`: a built-in log generator that writes for a few seconds
 * into `./logrotor-demo/` and reports what happened.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import { getPlatform } from "../runtime/detect.ts";
import { createRotatingFileSink } from "../sinks/rotating_file_sink.ts";
import { formatBytes } from "../options/units.ts";
import type { CommandSpec, ParsedArgs } from "./args.ts";
import { print, printError } from "./output.ts";

/** The `demo` subcommand's interface. */
export const demoSpec: CommandSpec = {
  name: "demo",
  summary: "generate application logs for a few seconds and report",
  usage: "demo [--dir DIR] [--duration DUR]",
  flags: [
    {
      name: "dir",
      kind: "string",
      placeholder: "DIR",
      description: "where the demo writes",
      defaultText: "./logrotor-demo",
    },
    {
      name: "duration",
      kind: "duration",
      placeholder: "DUR",
      description: "how long to generate",
      defaultText: "3s",
    },
  ],
};

const levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "INFO", "ERROR"];
const paths = ["/api/items", "/api/users", "/health", "/api/orders", "/login"];

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs `logrotor demo`.
 *
 * @param args Parsed arguments.
 * @returns The exit status.
 *
 * @example Usage
 * ```ts
 * import { parseArgs } from "./args.ts";
 * import { demoSpec, runDemo } from "./demo_command.ts";
 *
 * await runDemo(parseArgs(demoSpec, ["--duration", "1s"]));
 * ```
 */
export async function runDemo(args: ParsedArgs): Promise<number> {
  const platform = getPlatform();
  const dir = (args.flags["dir"] as string | undefined) ?? "./logrotor-demo";
  const durationMs = (args.flags["duration"] as number | undefined) ?? 3000;
  const file = join(dir, "app.log");
  let problems = 0;
  // Rotation at 16 MiB with gzip and 8 archives kept: the demo shows the
  // whole pipeline and never uses more than ~150 MiB of disk.
  const sink = createRotatingFileSink(file, {
    maxSize: "16M",
    keep: 8,
    compress: "gzip",
    onDiagnostic: (d) => {
      if (d.kind !== "error" && d.kind !== "dropped") return;
      problems++;
      printError(`logrotor: ${d.target}: ${d.message}\n`);
    },
  });
  print(`logrotor demo: writing to ${file} for ${durationMs} ms …\n`);
  const start = platform.monotonic();
  let lines = 0;
  let slices = 0;
  let longestPauseMs = 0;
  let sliceEnd = start;
  while (platform.monotonic() - start < durationMs) {
    const sliceStart = platform.monotonic();
    longestPauseMs = Math.max(longestPauseMs, sliceStart - sliceEnd);
    const stamp = new Date(platform.now()).toISOString();
    for (let i = 0; i < 2000; i++) {
      const n = lines++;
      sink.write(
        `${stamp} ${levels[n % levels.length]} demo.http request id=${n} path=${
          paths[n % paths.length]
        }/${n % 977} status=${n % 13 === 0 ? 500 : 200} ms=${n % 97}\n`,
      );
    }
    slices++;
    sliceEnd = platform.monotonic();
    await yieldToLoop();
  }
  await sink.close();
  const seconds = (platform.monotonic() - start) / 1000;
  const stats = sink.stats();
  const files = platform.fs.readdir(dir).sort();
  const report = [
    `lines written   ${stats.linesAccepted.toLocaleString("en-US")}`,
    `bytes written   ${formatBytes(stats.bytesWritten)}`,
    `throughput      ${(stats.bytesWritten / 1e6 / seconds).toFixed(1)} MB/s, ${
      Math.round(stats.linesAccepted / seconds).toLocaleString("en-US")
    } lines/s (${platform.runtime})`,
    `flushes         ${stats.flushes}`,
    `rotations       ${stats.rotations} (${stats.archivesWritten} archives gzipped in a worker, ${stats.archivesDeleted} deleted by keep=8)`,
    `dropped lines   ${stats.droppedLines}`,
    `write errors    ${stats.errors}`,
    `event loop      yielded ${slices} times, longest gap ${
      longestPauseMs.toFixed(1)
    } ms`,
    `files in ${dir}:`,
    ...files.map((name) => {
      const info = platform.fs.stat(join(dir, name));
      return `  ${name.padEnd(40)} ${formatBytes(info?.size ?? 0)}`;
    }),
  ];
  print(report.join("\n") + "\n");
  return problems === 0 && stats.droppedLines === 0 ? 0 : 1;
}
