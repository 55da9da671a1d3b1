/**
 * `logrotor demo`: writes application logs for a few seconds into
 * `./logrotor-demo/` through a rotating gzip sink, then shows a sample of
 * the lines, the files with their sizes, the throughput, one guarantee
 * demonstrated for real (a child killed by SIGKILL in the middle of a
 * rotation, every line counted back: demo_crash.ts), where the files are
 * and what to try next. `--clean` removes what it made.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import { getPlatform } from "../runtime/detect.ts";
import { createRotatingFileSink } from "../sinks/rotating_file_sink.ts";
import { formatBytes } from "../options/units.ts";
import type { CommandSpec, ParsedArgs } from "./args.ts";
import { type CrashReport, runCrashDemo } from "./demo_crash.ts";
import {
  firstLines,
  formatListing,
  listDemoFiles,
  removeDemoFiles,
} from "./demo_files.ts";
import { print, printError } from "./output.ts";
import { refuseWithoutPermissions } from "./permissions.ts";

/** The `demo` subcommand's interface. */
export const demoSpec: CommandSpec = {
  name: "demo",
  summary: "write logs for a few seconds, crash a writer mid-rotation, report",
  usage: "demo [--dir DIR] [--duration DUR] [--max-size SIZE] [--clean]",
  flags: [
    {
      name: "dir",
      kind: "string",
      placeholder: "DIR",
      description: "where the demo writes (nothing is written outside it)",
      defaultText: "./logrotor-demo",
    },
    {
      name: "duration",
      kind: "duration",
      placeholder: "DUR",
      description: "how long the write phase lasts",
      defaultText: "3s",
    },
    {
      name: "max-size",
      kind: "size",
      placeholder: "SIZE",
      description: "rotate the demo's app.log at this size",
      defaultText: "16M",
    },
    {
      name: "clean",
      kind: "boolean",
      description: "remove the demo's files at the end",
      defaultText: "off: the files stay",
    },
  ],
  notes:
    "Exit status: 0 when no line was dropped and every line the crashed\nwriter had flushed is found in exactly one file, 1 otherwise.",
};

const levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "INFO", "ERROR"];
const paths = ["/api/items", "/api/users", "/health", "/api/orders", "/login"];
const keep = 8;

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** How the user runs this CLI, for the "try next" commands. */
function cliPrefix(runtime: string, cwd: string): string {
  if (runtime === "node") return "npx logrotor";
  const url = new URL(
    `./main.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`,
    import.meta.url,
  );
  if (url.protocol !== "file:") {
    return runtime === "deno"
      ? "deno run -A jsr:@logrotor/logrotor/cli"
      : "bunx logrotor";
  }
  let main = decodeURIComponent(url.pathname);
  if (main.startsWith(`${cwd}/`)) main = main.slice(cwd.length + 1);
  return runtime === "deno" ? `deno run -A ${main}` : `bun ${main}`;
}

function crashLines(report: CrashReport, crashDir: string): string[] {
  const loss = report.missing + report.doubled;
  const verdict = loss === 0
    ? `${count(report.accounted)} of ${
      count(report.acked)
    } lines accounted for: every line the child had flushed is in exactly one file`
    : `${count(report.accounted)} of ${
      count(report.acked)
    } lines accounted for: ${count(report.missing)} missing, ${
      count(report.doubled)
    } doubled`;
  return [
    `A child process (same runtime) wrote numbered lines to ${crashDir}/app.log,`,
    `rotating every 32 KiB with gzip, acknowledging each flushed batch of 100.`,
    `It was killed with ${
      report.signal ?? "no signal"
    } in the middle of its third rotation: app.log had just`,
    `been renamed to ${report.archive}, not yet gzipped. Left by the crash:`,
    ...formatListing(report.afterKill, "    "),
    `A fresh sink opened on the same path finished the rotation (recovery):`,
    ...formatListing(report.afterRecovery, "    "),
    `Counted back across the live file and every archive (.gz decompressed):`,
    `  ${verdict}`,
    ...(report.inFlight > 0
      ? [
        `  (+ ${
          count(report.inFlight)
        } lines of the unacknowledged batch in flight also reached the disk)`,
      ]
      : []),
    ...(report.torn > 0 ? [`  ${count(report.torn)} torn lines`] : []),
    ...report.problems.map((p) => `  problem: ${p}`),
  ];
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
 * await runDemo(parseArgs(demoSpec, ["--duration", "1s", "--clean"]));
 * ```
 */
export async function runDemo(args: ParsedArgs): Promise<number> {
  const platform = getPlatform();
  const fs = platform.fs;
  const dir = (args.flags["dir"] as string | undefined) ?? "./logrotor-demo";
  const durationMs = (args.flags["duration"] as number | undefined) ?? 3000;
  const maxSize = (args.flags["max-size"] as number | undefined) ??
    16 * 1024 * 1024;
  const clean = args.flags["clean"] === true;
  if (
    refuseWithoutPermissions("demo", [
      { kind: "read", value: dir },
      { kind: "write", value: dir },
      { kind: "sys", value: "hostname" },
      // The child is this runtime; recovering the lock the killed child
      // left takes kill(pid, 0), which Deno allows only with all of --allow-run.
      { kind: "run", value: "" },
    ])
  ) return 1;
  const existed = fs.stat(dir) !== undefined;
  const before = new Set(existed ? fs.readdir(dir) : []);
  const file = join(dir, "app.log");
  const crashDir = join(dir, "crash");
  let problems = 0;
  const sink = createRotatingFileSink(file, {
    maxSize,
    keep,
    compress: "gzip",
    onDiagnostic: (d) => {
      if (d.kind !== "error" && d.kind !== "dropped") return;
      problems++;
      printError(`logrotor: ${d.target}: ${d.message}\n`);
    },
  });
  print(
    `logrotor demo on ${platform.runtime}: writing application logs to ${file} for ${
      (durationMs / 1000).toFixed(1)
    } s\n(rotating at ${formatBytes(maxSize)}, gzip, keep ${keep}) …\n\n`,
  );
  const start = platform.monotonic();
  let lines = 0;
  while (platform.monotonic() - start < durationMs) {
    const stamp = new Date(platform.now()).toISOString();
    for (let i = 0; i < 2000; i++) {
      const n = lines++;
      sink.write(
        `${stamp} ${levels[n % levels.length]} demo.http request id=${n} path=${
          paths[n % paths.length]
        }/${n % 977} status=${n % 13 === 0 ? 500 : 200} ms=${n % 97}\n`,
      );
    }
    await yieldToLoop();
  }
  await sink.close();
  const seconds = (platform.monotonic() - start) / 1000;
  const stats = sink.stats();
  const sample = fs.stat(file) === undefined ? [] : firstLines(fs, file, 5);
  print(
    [
      `Lines written (the first ${sample.length} of ${file}):`,
      ...sample.map((line) => `  ${line}`),
      "",
      `Throughput: ${count(stats.linesAccepted)} lines, ${
        formatBytes(stats.bytesWritten)
      } in ${seconds.toFixed(2)} s = ${
        count(Math.round(stats.linesAccepted / seconds))
      } lines/s, ${
        (stats.bytesWritten / 1e6 / seconds).toFixed(1)
      } MB/s (write phase, close included)`,
      `  rotations ${stats.rotations}, gzipped ${stats.archivesWritten}, deleted by keep=${keep} ${stats.archivesDeleted}, dropped lines ${stats.droppedLines}, write errors ${stats.errors}`,
      "",
      `Files produced in ${dir}:`,
      ...formatListing(listDemoFiles(fs, dir, "app.log"), "  "),
      "",
      "Guarantee: a writer killed with SIGKILL mid-rotation loses no flushed line.",
      "",
    ].join("\n"),
  );
  let crashOk = false;
  try {
    const report = await runCrashDemo(
      fs,
      crashDir,
      (pid) => print(`  The writer child runs as pid ${pid}.\n`),
    );
    crashOk = report.missing === 0 && report.doubled === 0 &&
      report.torn === 0 && report.problems.length === 0;
    print(crashLines(report, crashDir).map((l) => `  ${l}`).join("\n") + "\n");
  } catch (err) {
    printError(
      `logrotor demo: the crash test could not run: ${
        err instanceof Error ? err.message : String(err)
      }\n`,
    );
  }
  print("\n");
  if (clean) {
    removeDemoFiles(fs, dir, before, existed);
    print(`Removed the demo's files from ${dir} (--clean).\n`);
  } else {
    const all = [
      ...listDemoFiles(fs, dir, "app.log"),
      ...listDemoFiles(fs, crashDir, "app.log"),
    ];
    const total = all.reduce((sum, f) => sum + f.size, 0);
    const cli = cliPrefix(platform.runtime, platform.cwd());
    print(
      [
        `The files stay in ${dir} (${all.length} files, ${
          formatBytes(total)
        }; --clean removes them). Try next:`,
        `  ${cli} tail -n 5 ${file}`,
        `  echo "hello" | ${cli} write --file ${file}`,
        `  ${cli} demo${
          dir === "./logrotor-demo" ? "" : ` --dir ${dir}`
        } --clean`,
        "",
      ].join("\n"),
    );
  }
  return problems === 0 && stats.droppedLines === 0 && crashOk ? 0 : 1;
}
