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

/** The state letter of /proc/<pid>/stat, or undefined when there is none. */
function procState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
  } catch {
    return undefined;
  }
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
      // a container PID 1 that does not reap. `0<&0` keeps the holder's
      // stdin (a background job would get /dev/null and end at once).
      const script = `${[cmd, ...args, file].map(quote).join(" ")} 0<&0 &
echo "PID $!"
exec sleep 100000`;
      const parent = spawn("sh", ["-c", script], {
        cwd: repoRoot,
        stdio: ["pipe", "pipe", "inherit"],
      });
      const parentGone = new Promise((r) => parent.once("close", r));
      let out = "";
      const seen = (re: RegExp) =>
        new Promise<RegExpExecArray>((resolve, reject) => {
          const check = () => {
            const m = re.exec(out);
            if (m) resolve(m);
          };
          parent.stdout!.setEncoding("utf8");
          parent.stdout!.on("data", (d: string) => {
            out += d;
            check();
          });
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
        process.kill(pid, "SIGKILL");
        // Wait for the event: the kernel marks the dead, unreaped holder Z.
        while (procState(pid) !== "Z") {
          await new Promise((r) => setTimeout(r, 5));
        }
        assert.equal(procState(pid), "Z", "a zombie, not yet reaped");
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
