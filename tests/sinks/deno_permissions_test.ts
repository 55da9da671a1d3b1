// The library's sinks on Deno with real restricted permissions: a missing
// permission is ONE diagnostic naming the exact flags (never a throw or a
// stack trace, the host app goes on and every loss is counted), and each
// row of the README's "Deno permissions per feature" table works with
// exactly its flags.
import assert from "node:assert/strict";
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
} from "../_fixtures/fixtures.ts";
import {
  freePort,
  msgpackReceiverMissing,
  startReceiver,
} from "../_fixtures/msgpack_receiver.ts";
import { Rsyslog, rsyslogMissing } from "../_fixtures/rsyslog.ts";
import { detectRuntime } from "../../src/runtime/detect.ts";

const notDeno = detectRuntime() === "deno"
  ? undefined
  : "Deno permissions only";
const child = path.join(repoRoot, "tests", "_fixtures", "permission_child.ts");

interface Outcome {
  errors: string[];
  dropped: string[];
  end: Record<string, unknown> | undefined;
  threw: string | undefined;
  output: string;
}

async function feature(flags: string[], args: string[]): Promise<Outcome> {
  const result = await runChild(
    process.execPath,
    ["run", "--no-prompt", ...flags, child, ...args],
    { timeoutMs: 60_000 },
  );
  const output = result.stdout + result.stderr;
  assert.equal(result.code, 0, output);
  assert.doesNotMatch(output, /^\s+at /m, "no stack trace");
  const lines = result.stdout.split("\n");
  const end = lines.find((l) => l.startsWith("end "));
  return {
    errors: lines.filter((l) => l.startsWith("diag error ")),
    dropped: lines.filter((l) => l.startsWith("diag dropped ")),
    end: end === undefined ? undefined : JSON.parse(end.slice(4)),
    threw: lines.find((l) => l.startsWith("threw "))?.slice(6),
    output,
  };
}

/** Asserts one error diagnostic, naming exactly `flags`, and no throw. */
function assertOneDiagnostic(o: Outcome, flags: string): void {
  assert.equal(o.threw, undefined, o.output);
  assert.ok(o.end, `the host app went on: ${o.output}`);
  assert.equal(o.errors.length, 1, o.output);
  assert.ok(
    o.errors[0]!.includes(`run deno with ${flags} (or -A)`),
    `${o.errors[0]} names ${flags}`,
  );
}

function allLines(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => /\.log(\.gz)?$/.test(n)).flatMap(
    (name) => {
      const raw = fs.readFileSync(path.join(dir, name));
      return (name.endsWith(".gz") ? gunzipSync(raw) : raw).toString()
        .split("\n").filter(Boolean);
    },
  );
}

const fileFlags = (dir: string) => [
  `--allow-read=${dir}`,
  `--allow-write=${dir}`,
  "--allow-sys=hostname",
];

for (const kind of ["file", "rotating"]) {
  test(
    `Deno: a ${kind} sink without permissions reports one diagnostic naming --allow-read, --allow-write and --allow-sys, and counts the drops`,
    notDeno ? { skip: notDeno } : {},
    async () => {
      if (notDeno) return;
      const dir = makeTempDir();
      try {
        const o = await feature([], [kind, dir]);
        assertOneDiagnostic(o, fileFlags(dir).join(" "));
        assert.equal(o.end?.["droppedLines"], 100, o.output);
        assert.equal(o.dropped.length, 1, o.output);
        assert.deepEqual(fs.readdirSync(dir), []);
      } finally {
        removeDir(dir);
      }
    },
  );

  test(
    `Deno: a ${kind} sink works with exactly --allow-read=DIR --allow-write=DIR --allow-sys=hostname`,
    notDeno ? { skip: notDeno } : {},
    async () => {
      if (notDeno) return;
      const dir = makeTempDir();
      try {
        const o = await feature(fileFlags(dir), [kind, dir]);
        assert.deepEqual(o.errors, [], o.output);
        assert.equal(o.end?.["droppedLines"], 0, o.output);
        assert.equal(allLines(dir).length, 100);
        if (kind === "rotating") {
          assert.ok(fs.readdirSync(dir).some((n) => n.endsWith(".log.gz")));
        }
        // The lock file was read back and removed at close.
        assert.ok(!fs.readdirSync(dir).some((n) => n.endsWith(".lock")));
      } finally {
        removeDir(dir);
      }
    },
  );
}

test(
  "Deno: close() does not wait for a denied permission, even with overflow: block and the longest blockTimeoutMs (24 days)",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const dir = makeTempDir();
    try {
      // Waiting would outlast the child's 60 s limit and fail the run.
      const o = await feature([], ["file-block", dir]);
      assertOneDiagnostic(o, fileFlags(dir).join(" "));
      assert.equal(o.end?.["droppedLines"], 100, o.output);
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      removeDir(dir);
    }
  },
);

for (const overflow of ["block", "timeout"]) {
  test(
    `Deno: write() with overflow: ${overflow} does not wait 10 minutes for a denied permission, and counts every line dropped`,
    notDeno ? { skip: notDeno } : {},
    async () => {
      if (notDeno) return;
      const dir = makeTempDir();
      try {
        // The buffer overflows after a few lines: waiting would outlast the
        // child's 60 s limit and fail the run.
        const o = await feature([], [`file-${overflow}-full`, dir]);
        assertOneDiagnostic(o, fileFlags(dir).join(" "));
        assert.equal(o.end?.["droppedLines"], 100, o.output);
        assert.equal(o.end?.["pendingBytes"], 0, o.output);
        if (overflow === "block") {
          assert.ok(
            o.dropped.some((d) => d.includes("not blocking for a permission")),
            o.output,
          );
        }
        assert.deepEqual(fs.readdirSync(dir), []);
      } finally {
        removeDir(dir);
      }
    },
  );
}

for (const kind of ["syslog", "relp", "socket"]) {
  const needsHost = kind !== "socket";
  test(
    `Deno: a ${kind} sink without permissions reports one diagnostic naming --allow-net=HOST:PORT${
      needsHost ? " and --allow-sys=hostname" : ""
    }`,
    notDeno ? { skip: notDeno } : {},
    async () => {
      if (notDeno) return;
      const port = await freePort();
      const o = await feature([], [kind, `127.0.0.1:${port}`, "perm"]);
      assertOneDiagnostic(
        o,
        `--allow-net=127.0.0.1:${port}${
          needsHost ? " --allow-sys=hostname" : ""
        }`,
      );
      const lost = Number(o.end?.["dropped"]) + Number(o.end?.["lost"]);
      assert.equal(lost, 100, o.output);
    },
  );
}

const noRsyslog = notDeno ?? rsyslogMissing;

for (const kind of ["syslog", "relp"] as const) {
  test(
    `Deno: a ${kind} sink works with exactly --allow-net=HOST:PORT --allow-sys=hostname (real rsyslog)`,
    noRsyslog ? { skip: noRsyslog } : {},
    async () => {
      if (noRsyslog) return;
      const server = await Rsyslog.start();
      try {
        const port = kind === "relp" ? server.relpPort : server.tcpPort;
        const msgId = `perm-${kind}`;
        const o = await feature(
          [`--allow-net=127.0.0.1:${port}`, "--allow-sys=hostname"],
          [kind, `127.0.0.1:${port}`, msgId],
        );
        assert.deepEqual(o.errors, [], o.output);
        const got = await server.waitFor(
          kind === "relp" ? "relp" : "tcp",
          msgId,
          100,
        );
        assert.equal(got.length, 100);
        // The host name was readable: it is in every message.
        assert.ok(got.every((m) => m.hostname !== "-" && m.hostname !== ""));
      } finally {
        await server.dispose();
      }
    },
  );
}

test(
  "Deno: a syslog sink on a Unix socket works with exactly --allow-read=PATH --allow-write=PATH --allow-net=unix:PATH --allow-sys=hostname (real rsyslog)",
  noRsyslog ? { skip: noRsyslog } : {},
  async () => {
    if (noRsyslog) return;
    const server = await Rsyslog.start();
    try {
      const socket = server.unixPath;
      const missing = await feature([], ["syslog-unix", socket, "perm-unix"]);
      assertOneDiagnostic(
        missing,
        `--allow-read=${socket} --allow-write=${socket} --allow-net=unix:${socket} --allow-sys=hostname`,
      );
      const o = await feature(
        [
          `--allow-read=${socket}`,
          `--allow-write=${socket}`,
          `--allow-net=unix:${socket}`,
          "--allow-sys=hostname",
        ],
        ["syslog-unix", socket, "perm-unix"],
      );
      assert.deepEqual(o.errors, [], o.output);
      const got = await server.waitFor("unix", "perm-unix", 100);
      assert.equal(got.length, 100);
    } finally {
      await server.dispose();
    }
  },
);

const noReceiver = notDeno ?? msgpackReceiverMissing;

test(
  "Deno: a socket sink works with exactly --allow-net=HOST:PORT",
  noReceiver ? { skip: noReceiver } : {},
  async () => {
    if (noReceiver) return;
    const dir = makeTempDir();
    const receiver = await startReceiver(path.join(dir, "records.jsonl"));
    try {
      const o = await feature(
        [`--allow-net=127.0.0.1:${receiver.port}`],
        ["socket", `127.0.0.1:${receiver.port}`],
      );
      assert.deepEqual(o.errors, [], o.output);
      await receiver.closedWith(100);
      assert.equal(receiver.records().length, 100);
    } finally {
      await receiver.stop();
      removeDir(dir);
    }
  },
);

test(
  "Deno: captureProcess without --allow-run throws a SpawnError naming --allow-run=echo",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const dir = makeTempDir();
    try {
      const o = await feature(fileFlags(dir), ["capture", dir]);
      assert.equal(
        o.threw,
        'SpawnError Cannot start "echo" as Deno needs --allow-run=echo (run deno with it, or -A)',
        o.output,
      );
    } finally {
      removeDir(dir);
    }
  },
);

test(
  "Deno: captureProcess works with exactly --allow-run=CMD and the file sink's flags",
  notDeno ? { skip: notDeno } : {},
  async () => {
    if (notDeno) return;
    const dir = makeTempDir();
    try {
      const o = await feature(["--allow-run=echo", ...fileFlags(dir)], [
        "capture",
        dir,
      ]);
      assert.deepEqual(o.errors, [], o.output);
      assert.equal(o.end?.["exitCode"], 0, o.output);
      assert.equal(
        fs.readFileSync(path.join(dir, "cap.out.log"), "utf8"),
        "captured\n",
      );
    } finally {
      removeDir(dir);
    }
  },
);
