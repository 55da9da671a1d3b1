// The CLI on Deno with real restricted permissions: a subcommand missing a
// permission prints one line naming the exact flags and exits 1 (no stack
// trace, nothing written), and each CLI row of the README's "Deno
// permissions per feature" table works with exactly its flags.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import {
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
} from "../_fixtures/fixtures.ts";
import { freePort } from "../_fixtures/msgpack_receiver.ts";
import { Rsyslog, rsyslogMissing } from "../_fixtures/rsyslog.ts";
import { detectRuntime } from "../../src/runtime/detect.ts";

const notDeno = detectRuntime() === "deno"
  ? undefined
  : "Deno permissions only";
const cli = path.join(repoRoot, "src", "cli", "main.ts");

function logrotor(
  flags: string[],
  args: string[],
  cwd: string,
  input = "",
) {
  return runChild(
    process.execPath,
    ["run", "--no-prompt", ...flags, cli, ...args],
    { cwd, input, timeoutMs: 120_000 },
  );
}

/** Exit 1 and exactly one line on stderr: `logrotor CMD: … FLAGS (or -A)`. */
function assertRefused(
  result: { code: number | null; stdout: string; stderr: string },
  command: string,
  flags: string,
): void {
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.equal(
    result.stderr,
    `logrotor ${command}: Deno has no permission for it: run deno with ${flags} (or -A)\n`,
  );
}

const fileFlags = (dir: string) => [
  `--allow-read=${dir}`,
  `--allow-write=${dir}`,
  "--allow-sys=hostname",
];

test(
  "Deno: logrotor demo without permissions names every flag it needs and writes nothing",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const cwd = makeTempDir();
    try {
      const result = await logrotor([], ["demo", "--dir", "d"], cwd);
      assertRefused(
        result,
        "demo",
        [...fileFlags("d"), "--allow-run"].join(" "),
      );
      assert.deepEqual(fs.readdirSync(cwd), []);
    } finally {
      removeDir(cwd);
    }
  },
);

test(
  "Deno: logrotor demo works with exactly --allow-read=DIR --allow-write=DIR --allow-sys=hostname --allow-run",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const cwd = makeTempDir();
    try {
      const result = await logrotor(
        [...fileFlags("d"), "--allow-run"],
        ["demo", "--dir", "d", "--duration", "200ms", "--max-size", "64K"],
        cwd,
      );
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(result.stderr, "");
      const claim = /([\d,]+) of ([\d,]+) lines accounted for/.exec(
        result.stdout,
      );
      assert.ok(claim && claim[1] === claim[2], result.stdout);
      // The killed child's lock was taken over: no numbered variant.
      assert.ok(
        !fs.readdirSync(path.join(cwd, "d", "crash")).includes("app.001.log"),
      );
    } finally {
      removeDir(cwd);
    }
  },
);

test(
  "Deno: logrotor run without permissions names --allow-run=CMD and the log directory's flags",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const cwd = makeTempDir();
    try {
      const result = await logrotor([], [
        "run",
        "--dir",
        "logs",
        "--",
        "echo",
        "hi",
      ], cwd);
      assertRefused(
        result,
        "run",
        ["--allow-run=echo", ...fileFlags("logs")].join(" "),
      );
      assert.deepEqual(fs.readdirSync(cwd), []);
    } finally {
      removeDir(cwd);
    }
  },
);

test(
  "Deno: logrotor run works with exactly --allow-run=CMD --allow-read=DIR --allow-write=DIR --allow-sys=hostname",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const cwd = makeTempDir();
    try {
      const result = await logrotor(
        ["--allow-run=echo", ...fileFlags("logs")],
        ["run", "--dir", "logs", "--", "echo", "hi"],
        cwd,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      assert.equal(
        fs.readFileSync(path.join(cwd, "logs", "echo.out.log"), "utf8"),
        "hi\n",
      );
    } finally {
      removeDir(cwd);
    }
  },
);

test(
  "Deno: logrotor write works with exactly --allow-read=DIR --allow-write=DIR --allow-sys=hostname",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const cwd = makeTempDir();
    try {
      const missing = await logrotor(
        [],
        ["write", "--dir", "logs"],
        cwd,
        "a\n",
      );
      assertRefused(missing, "write", fileFlags("logs").join(" "));
      const result = await logrotor(
        fileFlags("logs"),
        ["write", "--dir", "logs"],
        cwd,
        "a\nb\n",
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        fs.readFileSync(path.join(cwd, "logs", "app.log"), "utf8"),
        "a\nb\n",
      );
    } finally {
      removeDir(cwd);
    }
  },
);

test(
  "Deno: logrotor ship without permissions names --allow-net=HOST:PORT and --allow-sys=hostname",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const cwd = makeTempDir();
    try {
      const port = await freePort();
      const result = await logrotor(
        [],
        ["ship", "--host", "127.0.0.1", "--port", String(port)],
        cwd,
        "a\n",
      );
      assertRefused(
        result,
        "ship",
        `--allow-net=127.0.0.1:${port} --allow-sys=hostname`,
      );
    } finally {
      removeDir(cwd);
    }
  },
);

test(
  "Deno: logrotor tail works with exactly --allow-read=DIR",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const cwd = makeTempDir();
    try {
      fs.mkdirSync(path.join(cwd, "logs"));
      fs.writeFileSync(path.join(cwd, "logs", "app.log"), "a\nb\nc\n");
      const result = await logrotor(
        ["--allow-read=logs"],
        ["tail", "-n", "2", "logs/app.log"],
        cwd,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "b\nc\n");
    } finally {
      removeDir(cwd);
    }
  },
);

const noRsyslog = notDeno ?? rsyslogMissing;

test(
  "Deno: logrotor ship works with exactly --allow-net=HOST:PORT --allow-sys=hostname (real rsyslog)",
  noRsyslog ? { skip: noRsyslog } : {},
  async () => {
    if (noRsyslog) return;
    const cwd = makeTempDir();
    const server = await Rsyslog.start();
    try {
      const result = await logrotor(
        [`--allow-net=127.0.0.1:${server.tcpPort}`, "--allow-sys=hostname"],
        [
          "ship",
          "--host",
          "127.0.0.1",
          "--port",
          String(server.tcpPort),
          "--msg-id",
          "perm-ship",
        ],
        cwd,
        "one\ntwo\n",
      );
      assert.equal(result.code, 0, result.stderr);
      const got = await server.waitFor("tcp", "perm-ship", 2);
      assert.deepEqual(got.map((m) => m.msg), ["one", "two"]);
    } finally {
      await server.dispose();
      removeDir(cwd);
    }
  },
);
