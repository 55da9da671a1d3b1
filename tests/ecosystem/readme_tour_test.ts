// The README's one-minute tour for the runtime running the tests, done as a
// user does it: `npm pack` the repository, install the tarball in a fresh
// project, write the tour's program under the name its command runs, run
// every `$ ` line of the tour's console block with sh (the runtime's name on
// PATH is the runtime running this test), and compare what each prints with
// the README, times and archive names aside.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { detectRuntime } from "../../src/runtime/detect.ts";
import {
  exitedZero,
  makeTempDir,
  readText,
  removeDir,
  repoRoot,
  runChild,
} from "../_fixtures/fixtures.ts";

const runtime = detectRuntime();
const title = { deno: "Deno", bun: "Bun", node: "Node" }[runtime];
const readme = readText(path.join(repoRoot, "README.md"));

interface Step {
  command: string;
  output: string;
}

/** The tour's program and its console block, from the README. */
function readmeTour(): { code: string; steps: Step[] } {
  // The program's block, prose without a fence, then the console block.
  const pattern = new RegExp(
    "```(?:ts|js)\\n// README example: tour \\(" + title +
      "\\)\\n([\\s\\S]*?\\n)```\\n(?:(?!```)[\\s\\S])*```console\\n([\\s\\S]*?)```",
  );
  const match = readme.match(pattern);
  assert.ok(match, `the README has the tour for ${title} and its console`);
  const steps: Step[] = [];
  for (const line of match[2]!.split("\n")) {
    if (line.startsWith("$ ")) {
      steps.push({ command: line.slice(2), output: "" });
    } else if (line !== "" || steps.length === 0) {
      assert.ok(steps.length > 0, "the console block starts with a command");
      steps.at(-1)!.output += `${line}\n`;
    }
  }
  return { code: match[1]!, steps };
}

/** Times (also as in archive names) and same-millisecond suffixes. */
function normalise(text: string): string {
  return text.replace(
    /\d{4}-\d\d-\d\dT\d\d[:-]\d\d[:-]\d\d\.\d{3}Z(_\d{3})?/g,
    "<time>",
  );
}

test(`the README's one-minute tour for ${title} runs as written in a fresh project installed from the packed tarball, and prints what the README shows`, async () => {
  const { code, steps } = readmeTour();
  const run = steps[0]!.command.split(" ");
  assert.equal(run[0], runtime, "the tour's first command runs its runtime");
  const file = run.at(-1)!;
  assert.match(file, /^app\.m?[jt]s$/);
  assert.match(
    readme,
    {
      deno: /`deno add npm:logrotor`/,
      bun: /`bun add logrotor`/,
      node: /`npm install logrotor`/,
    }[runtime],
  );

  const dir = makeTempDir("logrotor-tour-");
  try {
    await exitedZero(
      "npm pack",
      runChild("npm", ["pack", "--silent", "--pack-destination", dir], {
        timeoutMs: 180_000,
      }),
    );
    const tarball = fs.readdirSync(dir).find((name) => name.endsWith(".tgz"));
    assert.ok(tarball, "npm pack wrote a tarball");
    const project = path.join(dir, "app");
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "tour", private: true, type: "module" }),
    );
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
    };
    // Deno: `deno add npm:logrotor` needs the registry; Deno reads a
    // package.json project installed by npm the same way, offline.
    const install = runtime === "bun"
      ? runChild(process.execPath, ["add", path.join(dir, tarball)], {
        cwd: project,
        env,
        timeoutMs: 180_000,
      })
      : runChild(
        "npm",
        [
          "install",
          "--offline",
          "--no-audit",
          "--no-fund",
          path.join(dir, tarball),
        ],
        { cwd: project, env, timeoutMs: 180_000 },
      );
    await exitedZero("install", install);
    fs.writeFileSync(path.join(project, file), code);

    // `deno`, `bun` or `node` on PATH is the runtime running this test.
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, runtime));
    for (const step of steps) {
      const done = await exitedZero(
        step.command,
        runChild("sh", ["-c", step.command], {
          cwd: project,
          env: { ...env, PATH: `${bin}:${env.PATH}`, NO_COLOR: "1" },
          timeoutMs: 60_000,
        }),
      );
      assert.equal(
        normalise(done.stdout),
        normalise(step.output),
        `$ ${step.command}`,
      );
      assert.equal(
        done.stderr,
        "",
        `$ ${step.command} writes nothing on stderr`,
      );
    }
  } finally {
    removeDir(dir);
  }
});
