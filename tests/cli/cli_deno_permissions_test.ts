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
  type ChildResult,
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

/**
 * A subcommand run without any permission: exit 1, one line naming exactly
 * `needs(port)` (`port` is a free one, for ship), nothing written.
 */
interface Refusal {
  /** The test's name after "Deno: logrotor ". */
  readonly name: string;
  readonly args: (port: number) => string[];
  readonly input?: string;
  readonly needs: (port: number) => string[];
}

const refusals: Refusal[] = [
  {
    name:
      "demo without permissions names every flag it needs and writes nothing",
    args: () => ["demo", "--dir", "d"],
    needs: () => [...fileFlags("d"), "--allow-run"],
  },
  {
    name:
      "run without permissions names --allow-run=CMD and the log directory's flags",
    args: () => ["run", "--dir", "logs", "--", "echo", "hi"],
    needs: () => ["--allow-run=echo", ...fileFlags("logs")],
  },
  {
    name:
      "ship without permissions names --allow-net=HOST:PORT and --allow-sys=hostname",
    args: (port) => ["ship", "--host", "127.0.0.1", "--port", String(port)],
    input: "a\n",
    needs: (port) => [`--allow-net=127.0.0.1:${port}`, "--allow-sys=hostname"],
  },
];

for (const row of refusals) {
  test(
    `Deno: logrotor ${row.name}`,
    notDeno ? { skip: notDeno } : {},
    async () => {
      if (notDeno) return;
      const cwd = makeTempDir();
      try {
        const port = await freePort();
        const args = row.args(port);
        const result = await logrotor([], args, cwd, row.input);
        assertRefused(result, args[0]!, row.needs(port).join(" "));
        assert.deepEqual(fs.readdirSync(cwd), []);
      } finally {
        removeDir(cwd);
      }
    },
  );
}

/** One run of a subcommand with exactly its flags, in a fresh directory. */
interface Run {
  readonly flags: string[];
  readonly args: string[];
  readonly input?: string;
  /**
   * First check that without any flag it is refused, naming exactly
   * `flags`, and writes nothing.
   */
  readonly refusedFirst?: boolean;
  /** What the run must have done (it exited 0 with nothing on stderr). */
  readonly check: (result: ChildResult, cwd: string) => void | Promise<void>;
  readonly stop?: () => Promise<void>;
}

/** A subcommand that works with exactly the flags the README lists. */
interface Works {
  /** The test's name after "Deno: logrotor ". */
  readonly name: string;
  readonly skip: string | undefined;
  /** Prepares what the command needs in `cwd` (a file, a receiver). */
  readonly start: (cwd: string) => Run | Promise<Run>;
}

const noRsyslog = notDeno ?? rsyslogMissing;

const works: Works[] = [
  {
    name:
      "demo works with exactly --allow-read=DIR --allow-write=DIR --allow-sys=hostname --allow-run",
    skip: notDeno,
    start: () => ({
      flags: [...fileFlags("d"), "--allow-run"],
      args: ["demo", "--dir", "d", "--duration", "200ms", "--max-size", "64K"],
      check: (result, cwd) => {
        const claim = /([\d,]+) of ([\d,]+) lines accounted for/.exec(
          result.stdout,
        );
        assert.ok(claim && claim[1] === claim[2], result.stdout);
        // The killed child's lock was taken over: no numbered variant.
        assert.ok(
          !fs.readdirSync(path.join(cwd, "d", "crash")).includes(
            "app.001.log",
          ),
        );
      },
    }),
  },
  {
    name:
      "run works with exactly --allow-run=CMD --allow-read=DIR --allow-write=DIR --allow-sys=hostname",
    skip: notDeno,
    start: () => ({
      flags: ["--allow-run=echo", ...fileFlags("logs")],
      args: ["run", "--dir", "logs", "--", "echo", "hi"],
      check: (_, cwd) =>
        assert.equal(
          fs.readFileSync(path.join(cwd, "logs", "echo.out.log"), "utf8"),
          "hi\n",
        ),
    }),
  },
  {
    name:
      "write works with exactly --allow-read=DIR --allow-write=DIR --allow-sys=hostname",
    skip: notDeno,
    start: () => ({
      flags: fileFlags("logs"),
      args: ["write", "--dir", "logs"],
      input: "a\nb\n",
      refusedFirst: true,
      check: (_, cwd) =>
        assert.equal(
          fs.readFileSync(path.join(cwd, "logs", "app.log"), "utf8"),
          "a\nb\n",
        ),
    }),
  },
  {
    name: "tail works with exactly --allow-read=DIR",
    skip: notDeno,
    start: (cwd) => {
      fs.mkdirSync(path.join(cwd, "logs"));
      fs.writeFileSync(path.join(cwd, "logs", "app.log"), "a\nb\nc\n");
      return {
        flags: ["--allow-read=logs"],
        args: ["tail", "-n", "2", "logs/app.log"],
        check: (result) => assert.equal(result.stdout, "b\nc\n"),
      };
    },
  },
  {
    name:
      "ship works with exactly --allow-net=HOST:PORT --allow-sys=hostname (real rsyslog)",
    skip: noRsyslog,
    start: async () => {
      const server = await Rsyslog.start();
      const port = String(server.tcpPort);
      return {
        flags: [`--allow-net=127.0.0.1:${port}`, "--allow-sys=hostname"],
        args: [
          "ship",
          "--host",
          "127.0.0.1",
          "--port",
          port,
          "--msg-id",
          "perm-ship",
        ],
        input: "one\ntwo\n",
        check: async () => {
          const got = await server.waitFor("tcp", "perm-ship", 2);
          assert.deepEqual(got.map((m) => m.msg), ["one", "two"]);
        },
        stop: () => server.dispose(),
      };
    },
  },
];

for (const row of works) {
  test(
    `Deno: logrotor ${row.name}`,
    row.skip ? { skip: row.skip } : {},
    async () => {
      if (row.skip) return;
      const cwd = makeTempDir();
      let run: Run | undefined;
      try {
        run = await row.start(cwd);
        if (run.refusedFirst) {
          const before = fs.readdirSync(cwd);
          assertRefused(
            await logrotor([], run.args, cwd, run.input),
            run.args[0]!,
            run.flags.join(" "),
          );
          assert.deepEqual(fs.readdirSync(cwd), before, "nothing written");
        }
        const result = await logrotor(run.flags, run.args, cwd, run.input);
        assert.equal(result.code, 0, result.stdout + result.stderr);
        assert.equal(result.stderr, "");
        await run.check(result, cwd);
      } finally {
        await run?.stop?.();
        removeDir(cwd);
      }
    },
  );
}
