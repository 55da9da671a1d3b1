// File modes: new live files and archives keep the mode of the file they
// replace; `fileMode` / `--file-mode` set it for new files.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { test } from "node:test";
import { createFileSink, createRotatingFileSink } from "../../mod.ts";
import {
  makeLine,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const quiet = { onDiagnostic: () => {} };
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
const octal = (mode: number) => `0o${mode.toString(8)}`;

/** The mode of every file in `dir` but `except`, by name. */
function modes(dir: string, except = /\.lock$/): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    if (!except.test(name)) out[name] = octal(modeOf(path.join(dir, name)));
  }
  return out;
}

function allAre(dir: string, mode: number): void {
  const found = modes(dir);
  assert.ok(Object.keys(found).length > 1, JSON.stringify(found));
  for (const [name, m] of Object.entries(found)) {
    assert.equal(m, octal(mode), `${name}: ${JSON.stringify(found)}`);
  }
}

test("a 0600 log keeps 0600 after rotation: the new live file and the .gz archives (umask 022)", async () => {
  const dir = makeTempDir();
  const umask = process.umask(0o022);
  try {
    const file = path.join(dir, "app.log");
    fs.writeFileSync(file, "secret 0\n");
    fs.chmodSync(file, 0o600);
    const sink = createRotatingFileSink(file, { compress: "gzip", ...quiet });
    for (let i = 1; i <= 3; i++) {
      sink.write(`secret ${i}\n`);
      assert.equal(sink.rotate(), true);
    }
    sink.write("secret 4\n");
    await sink.close();
    assert.equal(
      fs.readdirSync(dir).filter((n) => n.endsWith(".gz")).length,
      3,
    );
    allAre(dir, 0o600);
  } finally {
    process.umask(umask);
    removeDir(dir);
  }
});

test("fileMode sets the mode of new files exactly, whatever the umask; without it the umask applies", async () => {
  const dir = makeTempDir();
  const umask = process.umask(0o022);
  try {
    const rotating = path.join(dir, "rot", "app.log");
    const sink = createRotatingFileSink(rotating, {
      fileMode: 0o664, // the umask 022 would make it 0644
      compress: "gzip",
      ...quiet,
    });
    sink.write("a\n");
    assert.equal(sink.rotate(), true);
    sink.write("b\n");
    await sink.close();
    allAre(path.dirname(rotating), 0o664);

    const plain = path.join(dir, "plain.log");
    const fileSink = createFileSink(plain, { fileMode: 0o600, ...quiet });
    fileSink.write("c\n");
    await fileSink.close();
    assert.equal(octal(modeOf(plain)), "0o600");

    const fresh = path.join(dir, "fresh.log");
    const freshSink = createFileSink(fresh, quiet);
    freshSink.write("d\n");
    await freshSink.close();
    assert.equal(octal(modeOf(fresh)), "0o644", "0666 minus the umask 022");
  } finally {
    process.umask(umask);
    removeDir(dir);
  }
});

test("fileMode is validated: an integer from 0 to 0o777", () => {
  assert.throws(
    () => createRotatingFileSink("/tmp/x/app.log", { fileMode: 0o1000 }),
    RangeError,
  );
  assert.throws(
    () => createFileSink("/tmp/x/app.log", { fileMode: -1 }),
    /fileMode must be >= 0: current value is -1/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createFileSink("/tmp/x/app.log", { fileMode: "600" as any }),
    /Cannot create file sink as fileMode must be an integer: current value is "600"/,
  );
});

const cli = path.join(repoRoot, "src", "cli", "main.ts");

test("logrotor write: a 0600 log keeps 0600 across --gzip rotations; --file-mode 600 sets it; a bad --file-mode exits 2", async () => {
  const [command, pre] = scriptCommand(cli);
  const dir = makeTempDir();
  try {
    const input = Array.from({ length: 400 }, (_, i) => makeLine(i, 100))
      .join("");
    const kept = path.join(dir, "kept");
    fs.mkdirSync(kept);
    fs.writeFileSync(path.join(kept, "app.log"), "");
    fs.chmodSync(path.join(kept, "app.log"), 0o600);
    const args = ["--name", "app", "--max-size", "8K", "--gzip"];
    let result = await runChild(
      command,
      [...pre, "write", "--dir", kept, ...args],
      { input },
    );
    assert.equal(result.code, 0, result.stderr);
    allAre(kept, 0o600);

    const set = path.join(dir, "set");
    result = await runChild(
      command,
      [...pre, "write", "--dir", set, ...args, "--file-mode", "600"],
      { input },
    );
    assert.equal(result.code, 0, result.stderr);
    allAre(set, 0o600);

    result = await runChild(
      command,
      [...pre, "write", "--dir", path.join(dir, "bad"), "--file-mode", "999"],
      { input: "x\n" },
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--file-mode must be an octal mode/);
  } finally {
    removeDir(dir);
  }
});
