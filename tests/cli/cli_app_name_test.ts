import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { isValidAppName, validateAppName } from "../../compose.ts";
import {
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const cli = path.join(repoRoot, "src", "cli", "main.ts");
const [command, pre] = scriptCommand(cli);

/** Every path under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map(String).sort();
}

const badNames = ["../../x", "", "a/b", "..", ".", ".hidden", "x\ny", "a b"];

test("logrotor write --name refuses a name that is not one file name: exit 2, nothing created", async () => {
  const root = makeTempDir();
  try {
    const work = path.join(root, "work");
    fs.mkdirSync(work);
    for (const name of badNames) {
      const result = await runChild(
        command,
        [...pre, "write", "--dir", "logs", "--name", name],
        { input: "secret\n", cwd: work },
      );
      assert.equal(result.code, 2, `${JSON.stringify(name)}: ${result.stderr}`);
      assert.equal(
        result.stderr,
        `logrotor write: --name must be 1 to 128 characters from A-Z a-z 0-9 . _ - @ +, not starting with "." or "-": current value is ${
          JSON.stringify(name)
        }\n`,
      );
      assert.equal(result.stdout, "", "nothing went to the fallback");
      assert.deepEqual(tree(root), ["work"], `nothing created for ${name}`);
    }
  } finally {
    removeDir(root);
  }
});

test("logrotor run --name refuses a name that is not one file name: exit 2, nothing created, the command not run", async () => {
  const root = makeTempDir();
  try {
    const work = path.join(root, "work");
    fs.mkdirSync(work);
    for (const name of badNames) {
      const result = await runChild(
        command,
        [...pre, "run", "--dir", "logs", "--name", name, "--", "touch", "ran"],
        { cwd: work },
      );
      assert.equal(result.code, 2, `${JSON.stringify(name)}: ${result.stderr}`);
      assert.match(result.stderr, /^logrotor run: --name must be 1 to 128 /);
      assert.deepEqual(tree(root), ["work"], `nothing created for ${name}`);
    }
  } finally {
    removeDir(root);
  }
});

test("logrotor write --name accepts a plain name, with or without .log", async () => {
  const root = makeTempDir();
  try {
    for (const name of ["web-1.2_a@b+c", "api.log"]) {
      const result = await runChild(
        command,
        [...pre, "write", "--dir", root, "--name", name],
        { input: `${name}\n` },
      );
      assert.equal(result.code, 0, result.stderr);
    }
    assert.deepEqual(fileLines(path.join(root, "web-1.2_a@b+c.log")), [
      "web-1.2_a@b+c",
    ]);
    assert.deepEqual(fileLines(path.join(root, "api.log")), ["api.log"]);
  } finally {
    removeDir(root);
  }
});

test("validateAppName throws a TypeError naming the rule and the value", () => {
  for (const name of [...badNames, "-x", "a".repeat(129), 7, undefined]) {
    assert.equal(isValidAppName(name), false, String(name));
    assert.throws(
      () => validateAppName(name, "capture"),
      (err: unknown) =>
        err instanceof TypeError &&
        err.message.startsWith(
          "Cannot create capture as name must be 1 to 128",
        ) &&
        err.message.includes("current value is "),
    );
  }
  assert.equal(validateAppName("a".repeat(128), "capture"), "a".repeat(128));
  assert.equal(validateAppName("web", "capture"), "web");
});
