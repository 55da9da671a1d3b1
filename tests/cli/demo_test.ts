import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import {
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";
import { formatBytes } from "../../src/options/units.ts";
import { getPlatform } from "../../src/runtime/detect.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");

function demo(args: string[], cwd: string) {
  const [cmd, pre] = scriptCommand(cli);
  return runChild(cmd, [...pre, "demo", ...args], { cwd, timeoutMs: 120_000 });
}

/** Every line of every file in `dir` (.gz ones decompressed). */
function linesIn(dir: string): string[] {
  return fs.readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (fs.statSync(file).isDirectory()) return [];
    const raw = fs.readFileSync(file);
    const text = name.endsWith(".gz")
      ? gunzipSync(raw).toString()
      : raw.toString();
    return text.split("\n").filter(Boolean);
  });
}

/** Files under `dir`, recursively, relative to it. */
function tree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((name) =>
    fs.statSync(path.join(dir, name)).isFile()
  ).sort();
}

test("logrotor demo shows a sample of the live file, every file with its size, and N of N crash lines that the files hold", async () => {
  const cwd = makeTempDir();
  try {
    const result = await demo(
      ["--dir", "out", "--duration", "300ms", "--max-size", "64K"],
      cwd,
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const out = result.stdout;
    // Nothing outside --dir.
    assert.deepEqual(fs.readdirSync(cwd), ["out"]);
    const dir = path.join(cwd, "out");

    // The sample is the first lines of the live file.
    const live = fs.readFileSync(path.join(dir, "app.log"), "utf8")
      .split("\n").slice(0, 5);
    assert.match(out, /Lines written \(the first 5 of out\/app\.log\):\n/);
    assert.ok(out.includes(live.map((l) => `  ${l}\n`).join("")), out);

    // Every file of the write phase is listed with its size, and a total.
    const files = fs.readdirSync(dir).filter((n) => n !== "crash");
    assert.ok(files.some((n) => n.endsWith(".log.gz")), files.join());
    let total = 0;
    for (const name of files) {
      const size = fs.statSync(path.join(dir, name)).size;
      total += size;
      const kind = name === "app.log" ? "live" : "rotated, gzip";
      assert.match(
        out,
        new RegExp(
          `^  ${name.replaceAll(".", "\\.")} +${
            formatBytes(size).replace(".", "\\.")
          }  ${kind}$`,
          "m",
        ),
      );
    }
    assert.match(
      out,
      new RegExp(
        `^  total +${
          formatBytes(total).replace(".", "\\.")
        }  ${files.length} files$`,
        "m",
      ),
    );

    // The crash test: the lines it claims are in exactly one file each.
    const claim = /^ {4}([\d,]+) of ([\d,]+) lines accounted for/m.exec(out);
    assert.ok(claim, out);
    const n = Number(claim[2]!.replaceAll(",", ""));
    assert.equal(claim[1], claim[2]);
    assert.ok(n >= 100, `${n} lines`);
    const counts = new Map<number, number>();
    for (const line of linesIn(path.join(dir, "crash"))) {
      const match = /^crash (\d{7}) x{60}$/.exec(line);
      assert.ok(match, `torn line ${JSON.stringify(line)}`);
      const k = Number(match[1]);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (let k = 0; k < n; k++) assert.equal(counts.get(k), 1, `line ${k}`);
    // The archive renamed when the child was killed is a complete .gz now.
    const archive = /been renamed to (\S+), not yet gzipped/.exec(out)?.[1];
    assert.ok(archive, out);
    assert.ok(
      fs.existsSync(path.join(dir, "crash", `${archive}.gz`)),
      tree(dir).join(),
    );
    assert.match(
      out,
      /killed with SIGKILL in the middle of its third rotation/,
    );
    assert.match(
      out,
      new RegExp(
        `^ {6}${archive.replaceAll(".", "\\.")} .*rotated, not compressed$`,
        "m",
      ),
    );

    // The default run leaves the files where it said, as many as it said.
    const left = /The files stay in out \((\d+) files, ([^;]+);/.exec(out);
    assert.ok(left, out);
    assert.equal(Number(left[1]), tree(dir).length);
    assert.match(
      out,
      /npx logrotor tail|src\/cli\/main\.ts tail|logrotor tail/,
    );
  } finally {
    removeDir(cwd);
  }
});

test("logrotor demo --clean in the default directory leaves nothing behind", async () => {
  const cwd = makeTempDir();
  try {
    const result = await demo(["--duration", "200ms", "--clean"], cwd);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /lines accounted for/);
    assert.match(
      result.stdout,
      /Removed the demo's files from \.\/logrotor-demo \(--clean\)\./,
    );
    assert.deepEqual(fs.readdirSync(cwd), []);
  } finally {
    removeDir(cwd);
  }
});

test("logrotor demo --clean in an existing directory removes only what the demo made", async () => {
  const cwd = makeTempDir();
  try {
    fs.writeFileSync(path.join(cwd, "notes.txt"), "mine\n");
    const result = await demo(
      ["--dir", ".", "--duration", "200ms", "--max-size", "64K", "--clean"],
      cwd,
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(fs.readdirSync(cwd), ["notes.txt"]);
    assert.equal(
      fs.readFileSync(path.join(cwd, "notes.txt"), "utf8"),
      "mine\n",
    );
  } finally {
    removeDir(cwd);
  }
});

/**
 * Starts `logrotor demo` in `cwd` and resolves once it says its crash
 * writer child runs, with both pids and the parent's end.
 */
async function startDemoUntilChild(cwd: string) {
  const [cmd, pre] = scriptCommand(cli);
  const parent = spawn(
    cmd,
    [
      ...pre,
      "demo",
      "--dir",
      "out",
      "--duration",
      "100ms",
      "--max-size",
      "64K",
    ],
    {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  parent.stderr.setEncoding("utf8");
  parent.stderr.on("data", (d: string) => err += d);
  const ended = new Promise<{ code: number | null; signal: string | null }>(
    (resolve) =>
      parent.on("close", (code, signal) => resolve({ code, signal })),
  );
  const child = await new Promise<number>((resolve, reject) => {
    parent.stdout.setEncoding("utf8");
    parent.stdout.on("data", (d: string) => {
      out += d;
      const match = /writer child runs as pid (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void ended.then((status) =>
      reject(
        new Error(
          `the demo ended (${
            JSON.stringify(status)
          }) before its child ran:\n${out}\n${err}`,
        ),
      )
    );
  });
  return { parent, child, ended, output: () => out + err };
}

/** Resolves once no process `pid` runs (a zombie counts as gone). */
async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const platform = getPlatform();
  const deadline = platform.monotonic() + timeoutMs;
  while (platform.processAlive(pid) !== false) {
    if (platform.monotonic() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

function killQuietly(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`logrotor demo stopped by ${signal} kills its writer child before it exits`, async () => {
    const cwd = makeTempDir();
    let demo: Awaited<ReturnType<typeof startDemoUntilChild>> | undefined;
    try {
      demo = await startDemoUntilChild(cwd);
      assert.notEqual(getPlatform().processAlive(demo.child), false);
      demo.parent.kill(signal);
      const status = await demo.ended;
      // Deno's node:child_process reports an exit with 128+n as signal n.
      const code = signal === "SIGINT" ? 130 : 143;
      assert.ok(
        status.code === code || status.signal === signal,
        `${JSON.stringify(status)}\n${demo.output()}`,
      );
      assert.equal(
        getPlatform().processAlive(demo.child),
        false,
        `the writer child ${demo.child} outlived the demo:\n${demo.output()}`,
      );
    } finally {
      killQuietly(demo?.parent.pid);
      killQuietly(demo?.child);
      removeDir(cwd);
    }
  });
}

test("logrotor demo killed by SIGKILL: its writer child notices and exits (it lingered ~30 s)", async () => {
  const cwd = makeTempDir();
  let demo: Awaited<ReturnType<typeof startDemoUntilChild>> | undefined;
  try {
    demo = await startDemoUntilChild(cwd);
    demo.parent.kill("SIGKILL");
    assert.equal((await demo.ended).signal, "SIGKILL");
    // Generous, but shorter than the 30 s the frozen child used to wait.
    assert.ok(
      await gone(demo.child, 20_000),
      `the writer child ${demo.child} still runs:\n${demo.output()}`,
    );
  } finally {
    killQuietly(demo?.parent.pid);
    killQuietly(demo?.child);
    removeDir(cwd);
  }
});
