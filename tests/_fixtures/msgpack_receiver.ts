// Starts tests/_fixtures/msgpack_receiver.py (a socket receiver written in
// Python with its own msgpack library) for the socket sink's interop tests.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { repoRoot } from "./fixtures.ts";

/** A python3 that can `import msgpack` (Debian's python3-msgpack first). */
function findPython(): string | undefined {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(candidate, ["-c", "import msgpack"], {
      stdio: "ignore",
    });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

const python = findPython();

/** The python3 that has msgpack (`/usr/bin/python3` when it does). */
export const pythonWithMsgpack: string = python ?? "python3";

/** Why the interop tests cannot run here, or `undefined`. */
export const msgpackReceiverMissing: string | undefined = python === undefined
  ? "no python3 with the msgpack module: apt-get install python3-msgpack"
  : undefined;

/** One decoded record, as the receiver writes it (JSON). */
export interface ReceivedRecord {
  readonly logger: string;
  readonly level: string;
  readonly message: string;
  readonly "timestamp_ns": number;
  readonly filename: string | null;
  readonly "line_number": number | null;
  readonly "module_path": string | null;
  readonly "thread_id": number;
  readonly "thread_name": string;
  readonly "key_values": Record<string, unknown>;
}

/** A running receiver. */
export interface Receiver {
  /** The TCP port (0 for a Unix socket). */
  readonly port: number;
  /** Resolves once the receiver has seen a connection end with >= `n` records in total. */
  closedWith(n: number, timeoutMs?: number): Promise<void>;
  /** The records received so far (complete once a connection has closed). */
  records(): ReceivedRecord[];
  /** Kills the receiver and waits for it. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (for a receiver started later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a receiver writing to `out`, on 127.0.0.1 (`port`, 0 = any) or
 * on the Unix socket `unixPath`; resolves once it listens.
 */
export async function startReceiver(
  out: string,
  where: { port?: number; unixPath?: string } = {},
): Promise<Receiver> {
  if (python === undefined) throw new Error(msgpackReceiverMissing);
  const args = [
    path.join(repoRoot, "tests", "_fixtures", "msgpack_receiver.py"),
    out,
    ...(where.unixPath !== undefined
      ? ["unix", where.unixPath]
      : ["tcp", String(where.port ?? 0)]),
  ];
  const child: ChildProcess = spawn(python, args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let ended = false;
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stdout?.on("data", (d: string) => {
    stdout += d;
    wake();
  });
  child.stderr?.on("data", (d: string) => stderr += d);
  const exited = new Promise<void>((resolve) =>
    child.on("close", () => {
      ended = true;
      wake();
      resolve();
    })
  );
  const until = (ok: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `receiver: timed out waiting for ${what}: ${stdout}\n${stderr}`,
            ),
          ),
        timeoutMs,
      );
      const check = () => {
        if (ok()) {
          clearTimeout(timer);
          resolve();
        } else if (ended) {
          clearTimeout(timer);
          reject(
            new Error(`receiver ended before ${what}: ${stdout}\n${stderr}`),
          );
        } else waiters.push(check);
      };
      check();
    });
  await until(() => /listening \S+\n/.test(stdout), "listening", 30_000);
  const port = where.unixPath !== undefined
    ? 0
    : Number(/listening (\d+)/.exec(stdout)![1]);
  return {
    port,
    closedWith: (n, timeoutMs = 120_000) =>
      until(
        () =>
          [...stdout.matchAll(/closed (\d+)/g)].some((m) => Number(m[1]) >= n),
        `a closed connection with ${n} records`,
        timeoutMs,
      ),
    records: () =>
      fs.existsSync(out)
        ? fs.readFileSync(out, "utf8").split("\n").filter((l) => l !== "")
          .map((l) => JSON.parse(l) as ReceivedRecord)
        : [],
    stop: async () => {
      if (!ended) child.kill("SIGKILL");
      await exited;
    },
  };
}
