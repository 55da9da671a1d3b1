// `logrotor ship --transport socket` against the Python msgpack receiver.
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import {
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";
import {
  msgpackReceiverMissing,
  startReceiver,
} from "../_fixtures/msgpack_receiver.ts";

const [command, pre] = scriptCommand(
  path.join(repoRoot, "src", "cli", "main.ts"),
);
const skip = msgpackReceiverMissing === undefined
  ? {}
  : { skip: msgpackReceiverMissing };

test(
  "logrotor ship --transport socket sends each stdin line as one MessagePack record, over TCP and a Unix socket",
  skip,
  async () => {
    if (msgpackReceiverMissing !== undefined) return;
    const dir = makeTempDir();
    const tcp = await startReceiver(path.join(dir, "tcp.jsonl"));
    const socketPath = path.join(dir, "r.sock");
    const unix = await startReceiver(path.join(dir, "unix.jsonl"), {
      unixPath: socketPath,
    });
    try {
      const count = 2000;
      const lines = Array.from({ length: count }, (_, i) => `shipped ${i} ü`);
      const input = lines.map((l) => `${l}\n`).join("");
      const overTcp = await runChild(command, [
        ...pre,
        "ship",
        "--transport",
        "socket",
        "--host",
        "127.0.0.1",
        "--port",
        String(tcp.port),
        "--name",
        "cli",
      ], { input });
      assert.equal(overTcp.code, 0, overTcp.stderr);
      await tcp.closedWith(count);
      const got = tcp.records();
      assert.deepEqual(got.map((r) => r.message), lines);
      assert.ok(got.every((r) => r.logger === "cli" && r.level === "INFO"));

      const overUnix = await runChild(command, [
        ...pre,
        "ship",
        "--transport",
        "socket",
        "--path",
        socketPath,
      ], { input });
      assert.equal(overUnix.code, 0, overUnix.stderr);
      await unix.closedWith(count);
      assert.deepEqual(unix.records().map((r) => r.message), lines);
      assert.ok(unix.records().every((r) => r.logger === "root"));
    } finally {
      await tcp.stop();
      await unix.stop();
      removeDir(dir);
    }
  },
);

test("logrotor ship --transport socket refuses syslog header flags", async () => {
  const result = await runChild(command, [
    ...pre,
    "ship",
    "--transport",
    "socket",
    "--app-name",
    "x",
  ], { input: "" });
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    "logrotor ship: --app-name is a syslog header field; --transport socket sends MessagePack records\n",
  );
});
