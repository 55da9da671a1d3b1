import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import { createFileSink } from "../../mod.ts";
import {
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
} from "../_fixtures/fixtures.ts";
import {
  missingRuntime,
  runtimeCommand,
  type RuntimeName,
} from "../_fixtures/processes.ts";

/** Fields 3… of /proc/<pid>/stat (state first), or undefined when none. */
function procFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).trim().split(" ");
  } catch {
    return undefined;
  }
}

/** The state letter of /proc/<pid>/stat, or undefined when there is none. */
function procState(pid: number): string | undefined {
  return procFields(pid)?.[0];
}

/**
 * A zombie's wait status (field 52, `exit_code`): 9 when SIGKILL ended it,
 * 0 when it exited by itself with code 0.
 */
function waitStatus(pid: number): number | undefined {
  const field = procFields(pid)?.[49];
  return field === undefined ? undefined : Number(field);
}

function quote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

const runtimes: RuntimeName[] = ["node", "deno", "bun"];
const noProc = fs.existsSync("/proc/self/stat")
  ? undefined
  : "no /proc here: zombies cannot be told from live processes";

for (const runtime of runtimes) {
  const missing = noProc ?? missingRuntime(runtime);
  test(
    `a ${runtime} writer killed with SIGKILL and not yet reaped (a zombie) holds no lock: a restart writes app.log itself`,
    missing ? { skip: missing } : {},
    async () => {
      if (missing) return;
      const dir = makeTempDir();
      const file = path.join(dir, "app.log");
      const [cmd, args] = runtimeCommand(
        runtime,
        path.join(repoRoot, "tests", "_fixtures", "lock_holder.ts"),
      );
      // The shell starts the holder, then becomes `sleep`, which never
      // waits for its children: the killed holder stays a zombie, as under
      // a container PID 1 that does not reap. The holder lives until its
      // stdin ends; a background job's stdin is /dev/null before any
      // redirection (POSIX; dash makes even `0<&0` read /dev/null), so the
      // pipe is kept on fd 3 first and handed over with `<&3`.
      const script = `exec 3<&0
${[cmd, ...args, file].map(quote).join(" ")} <&3 3<&- &
echo "PID $!"
exec sleep 100000 3<&-`;
      const parent = spawn("sh", ["-c", script], {
        cwd: repoRoot,
        stdio: ["pipe", "pipe", "inherit"],
      });
      const parentGone = new Promise((r) => parent.once("close", r));
      let out = "";
      parent.stdout!.setEncoding("utf8");
      parent.stdout!.on("data", (d: string) => out += d);
      const seen = (re: RegExp) =>
        new Promise<RegExpExecArray>((resolve, reject) => {
          const check = () => {
            const m = re.exec(out);
            if (m) resolve(m);
          };
          parent.stdout!.on("data", check);
          parent.once("close", () => reject(new Error(`parent ended: ${out}`)));
          check();
        });
      const holderPid = seen(/PID (\d+)/);
      const holding = seen(/HOLDING/);
      let pid = 0;
      try {
        pid = Number((await holderPid)[1]);
        await holding;
        assert.ok(fs.existsSync(file + ".lock"), "the holder has the lock");
        const before = procState(pid);
        assert.ok(
          before !== undefined && before !== "Z" && before !== "X",
          `the holder runs until killed (state ${before})`,
        );
        process.kill(pid, "SIGKILL");
        // Wait for the event: the kernel marks the dead, unreaped holder Z.
        while (procState(pid) !== "Z") {
          await new Promise((r) => setTimeout(r, 5));
        }
        assert.equal(procState(pid), "Z", "a zombie, not yet reaped");
        assert.equal(waitStatus(pid), 9, "ended by the SIGKILL, not by itself");
        const sink = createFileSink(file, { onDiagnostic: () => {} });
        sink.write("after the holder died\n");
        await sink.flush();
        const status = sink.status();
        await sink.close();
        assert.equal(status.path, file, "app.log, not app.001.log");
        assert.equal(status.state, "ok");
        assert.equal(procState(pid), "Z", "still a zombie throughout");
        assert.deepEqual(fileLines(file).slice(1), ["after the holder died"]);
        assert.equal(fs.existsSync(path.join(dir, "app.001.log")), false);
      } finally {
        parent.kill("SIGKILL"); // sleep goes; init reaps the zombie
        await parentGone;
        if (pid > 0 && procState(pid) !== undefined && procState(pid) !== "Z") {
          process.kill(pid, "SIGKILL");
        }
        removeDir(dir);
      }
    },
  );
}
