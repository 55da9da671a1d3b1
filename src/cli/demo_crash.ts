/**
 * `logrotor demo`'s guarantee, shown for real: a child process on this
 * runtime writes numbered lines through a rotating gzip sink and is killed
 * with SIGKILL in the middle of a rotation (demo_crash_child.ts freezes
 * right after renaming the live file, before the archive is compressed);
 * a fresh sink is then opened on the same path, which finishes what the
 * crash left, and every line is counted back across the live file and the
 * archives (`.gz` ones decompressed).
 *
 * The child never outlives the demo: SIGINT (Ctrl-C) or SIGTERM to the
 * demo kills it with SIGKILL and waits for it before the demo exits
 * (status 130 or 143), and a demo killed by SIGKILL closes the child's
 * stdin pipe, on which the frozen child waits for end-of-file.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import type { FileDriver } from "../runtime/driver.ts";
import { getPlatform } from "../runtime/detect.ts";
import { runtimeScriptCommand } from "../runtime/self_command.ts";
import { spawnProcess } from "../runtime/spawn_process.ts";
import { onStopSignal } from "../runtime/stop_signals.ts";
import { createRotatingFileSink } from "../sinks/rotating_file_sink.ts";
import { type DemoFile, listDemoFiles, readDemoText } from "./demo_files.ts";

/** What the crash test found. */
export interface CrashReport {
  /** Lines the child acknowledged (flushed) before it was killed. */
  readonly acked: number;
  /** Of those, how many are in exactly one file after recovery. */
  readonly accounted: number;
  /** Acknowledged lines found nowhere. */
  readonly missing: number;
  /** Acknowledged lines found more than once. */
  readonly doubled: number;
  /** Lines of the batch in flight (not acknowledged) that reached a file. */
  readonly inFlight: number;
  /** Lines that are not whole demo lines. */
  readonly torn: number;
  /** The archive the child had just renamed when it was killed. */
  readonly archive: string;
  /** How the child ended (`SIGKILL`). */
  readonly signal: string | null;
  /** Files right after the kill (leftovers of the rotation). */
  readonly afterKill: DemoFile[];
  /** Files after the recovering sink closed. */
  readonly afterRecovery: DemoFile[];
  /** Problems the child or the recovering sink reported. */
  readonly problems: string[];
}

const crashLinePattern = /^crash (\d{7}) x{60}$/;

/** The Deno permissions the child needs for a rotating sink in `dir`. */
function childPermissions(dir: string): string[] {
  return [
    `--allow-read=${dir}`,
    `--allow-write=${dir}`,
    "--allow-sys=hostname",
  ];
}

async function readUntilRotating(
  stdout: ReadableStream<Uint8Array>,
  problems: string[],
): Promise<{ acked: number; archive: string } | undefined> {
  const reader = stdout.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return undefined;
      pending += decoder.decode(value, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("problem ")) problems.push(line.slice(8));
        const match = /^rotating (\d+) (\S+)$/.exec(line);
        if (match) {
          return { acked: Number(match[1]), archive: match[2] as string };
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Runs the crash test in `dir` (created; its previous files removed).
 *
 * @param fs The file driver.
 * @param dir The directory, inside the demo's.
 * @param onStarted Called with the child's pid once it runs.
 * @returns What it found.
 * @throws {Error} When the child cannot be started or ends by itself.
 */
export async function runCrashDemo(
  fs: FileDriver,
  dir: string,
  onStarted: (pid: number) => void = () => {},
): Promise<CrashReport> {
  fs.mkdirp(dir);
  for (const name of fs.readdir(dir)) fs.unlink(join(dir, name));
  const file = join(dir, "app.log");
  const maxBytes = 32 * 1024;
  const { command, args } = runtimeScriptCommand(
    new URL(
      `./demo_crash_child.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`,
      import.meta.url,
    ),
    [file, String(maxBytes), "3"],
    childPermissions(dir),
  );
  const child = await spawnProcess(command, args, { stdin: "piped" });
  // Ctrl-C or SIGTERM: kill the child now; the demo exits once it is gone.
  let stoppedBy: string | undefined;
  const removeStop = onStopSignal((signal) => {
    stoppedBy ??= signal;
    child.kill("SIGKILL");
  });
  let status: Awaited<typeof child.exited>;
  let rotating: { acked: number; archive: string } | undefined;
  const problems: string[] = [];
  const errText = new Response(child.stderr).text();
  try {
    onStarted(child.pid);
    rotating = await readUntilRotating(child.stdout, problems);
  } finally {
    child.kill("SIGKILL");
    status = await child.exited;
    child.closeStdin();
    removeStop();
  }
  if (stoppedBy !== undefined) {
    getPlatform().exit(stoppedBy === "SIGINT" ? 130 : 143);
  }
  child.stdout.cancel().catch(() => {});
  if (rotating === undefined) {
    throw new Error(
      `the crash child ended before its third rotation (${
        status.signal ?? `status ${status.code}`
      }): ${(await errText).trim()}`,
    );
  }
  await errText;
  if (status.signal !== "SIGKILL") {
    problems.push(
      `the child was not killed by SIGKILL but ended with ${
        status.signal ?? `status ${status.code}`
      }`,
    );
  }
  const afterKill = listDemoFiles(fs, dir, "app.log");
  // Recovery: a fresh sink on the same path finishes what the crash left.
  const sink = createRotatingFileSink(file, {
    maxSize: maxBytes,
    compress: "gzip",
    keep: 1000,
    onDiagnostic: (d) => {
      if (d.kind === "error" || d.kind === "dropped") problems.push(d.message);
    },
  });
  await sink.close();
  const afterRecovery = listDemoFiles(fs, dir, "app.log");
  const seen = new Map<number, number>();
  let torn = 0;
  for (const f of afterRecovery) {
    const text = await readDemoText(fs, join(dir, f.name));
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const match = crashLinePattern.exec(line);
      if (!match) {
        torn++;
        continue;
      }
      const n = Number(match[1]);
      seen.set(n, (seen.get(n) ?? 0) + 1);
    }
  }
  let accounted = 0;
  let missing = 0;
  let doubled = 0;
  let inFlight = 0;
  for (let n = 0; n < rotating.acked; n++) {
    const count = seen.get(n) ?? 0;
    if (count === 1) accounted++;
    else if (count === 0) missing++;
    else doubled++;
  }
  for (const n of seen.keys()) if (n >= rotating.acked) inFlight++;
  return {
    acked: rotating.acked,
    accounted,
    missing,
    doubled,
    inFlight,
    torn,
    archive: rotating.archive.split("/").at(-1) as string,
    signal: status.signal,
    afterKill,
    afterRecovery,
    problems,
  };
}
