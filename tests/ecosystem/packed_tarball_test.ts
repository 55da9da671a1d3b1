// Installs logrotor as a user does: `npm pack` the repository, create a
// fresh project, install the tarball with the README's line for the runtime
// running the tests, and run the README's pino, LogTape, winston and Web
// Streams examples there unchanged. No network: the tarball has no
// dependencies, and the peers (pino, LogTape, winston — the user's own
// packages) are linked from this repository's node_modules.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { detectRuntime } from "../../src/runtime/detect.ts";
import {
  type ChildResult,
  exitedZero,
  makeTempDir,
  readText,
  removeDir,
  repoRoot,
  runChild,
} from "../_fixtures/fixtures.ts";

const runtime = detectRuntime();
const readme = readText(path.join(repoRoot, "README.md"));
const peers = ["pino", "winston", "@logtape/logtape", "@types/node"];
const bin = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);

/** The README's examples, by the name in their `// README example:` line. */
function readmeExamples(): Map<string, string> {
  const examples = new Map<string, string>();
  const pattern = /```ts\n\/\/ README example: ([^\n]+)\n([\s\S]*?)```/g;
  for (const match of readme.matchAll(pattern)) {
    examples.set(match[1]!, match[2]!);
  }
  return examples;
}

/** Runs `command` in `cwd` (a fresh project) with a generous time limit. */
function inProject(
  cwd: string,
  command: string,
  args: string[],
): Promise<ChildResult> {
  return runChild(command, args, {
    cwd,
    timeoutMs: 180_000,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" },
  });
}

/** `npm pack` into `dir` (runs `prepare`, which builds dist/). */
async function pack(dir: string): Promise<string> {
  await exitedZero(
    "npm pack",
    runChild("npm", ["pack", "--silent", "--pack-destination", dir], {
      timeoutMs: 180_000,
    }),
  );
  const tarball = fs.readdirSync(dir).find((name) => name.endsWith(".tgz"));
  assert.ok(tarball, "npm pack wrote a tarball");
  return path.join(dir, tarball);
}

/** The user's own packages, linked as npm would have installed them. */
function linkPeers(project: string): void {
  for (const peer of peers) {
    const link = path.join(project, "node_modules", peer);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, "node_modules", peer), link);
  }
}

function assertExampleOutput(project: string): void {
  const log = (name: string) => readText(path.join(project, "logs", name));
  assert.match(log("pino.log"), /"msg":"hello from pino's worker"/);
  assert.match(log("pino-direct.log"), /"msg":"hello from the main thread"/);
  assert.match(log("logtape.log"), /\[INF\] app: hello from .LogTape.\n$/);
  assert.equal(
    log("winston.log"),
    '{"level":"info","message":"hello from winston"}\n',
  );
  assert.deepEqual(log("streams.log").split("\n").sort(), [
    "",
    "a fetched line",
    "a line from a child",
    "encoded",
    "lines",
  ]);
}

/** `npm install` of the tarball, offline. */
function npmInstall(project: string, tarball: string): Promise<ChildResult> {
  return inProject(project, "npm", [
    "install",
    "--offline",
    "--no-audit",
    "--no-fund",
    tarball,
  ]);
}

/** The README's install line for this runtime, with the tarball for the name. */
async function installAsReadmeSays(
  project: string,
  tarball: string,
): Promise<void> {
  if (runtime === "bun") {
    assert.match(readme, /`bun add logrotor`/);
    await exitedZero(
      "bun add",
      inProject(project, process.execPath, ["add", tarball]),
    );
  } else {
    // Deno: `deno add npm:logrotor` needs the registry; a package.json
    // project installed by npm is what Deno reads offline.
    assert.match(readme, /`npm install logrotor`/);
    await exitedZero("npm install", npmInstall(project, tarball));
  }
}

/** A fresh project that installs the packed tarball, then uses it. */
interface FreshProject {
  readonly name: string;
  /** Of the temporary directory. */
  readonly prefix: string;
  /** The project's package.json. */
  readonly packageJson: Record<string, unknown>;
  /** How the user installs the tarball there. */
  readonly install: (project: string, tarball: string) => Promise<void>;
  /** Runs the user's code in the project (peers linked) and checks it. */
  readonly use: (project: string) => Promise<void>;
}

const projects: FreshProject[] = [
  {
    name:
      `a fresh ${runtime} project installs the packed tarball with the README's line and runs the README's pino, LogTape, winston and Web Streams examples unchanged`,
    prefix: "logrotor-fresh-",
    packageJson: { name: "fresh-app", private: true, type: "module" },
    install: installAsReadmeSays,
    use: async (project) => {
      const examples = readmeExamples();
      const streams = `web streams (${
        { node: "Node", bun: "Bun", deno: "Deno" }[runtime]
      })`;
      const names = ["pino", "logtape", "winston", streams];
      const files = names.map((name) => {
        const code = examples.get(name);
        assert.ok(code, `the README has the example "${name}"`);
        const file = `${name.replace(/\W+/g, "_")}.ts`;
        fs.writeFileSync(path.join(project, file), code);
        return file;
      });

      // The types the package ships check the examples too.
      if (runtime === "deno") {
        await exitedZero(
          "deno check",
          inProject(project, process.execPath, ["check", ...files]),
        );
      } else if (runtime === "node") {
        await exitedZero(
          "tsc",
          inProject(project, bin("tsc"), [
            "--noEmit",
            "--strict",
            "--module",
            "nodenext",
            "--target",
            "es2022",
            "--lib",
            "es2023", // Node's globals come from @types/node, not the DOM lib
            "--types",
            "node",
            ...files,
          ]),
        );
      }
      const tsx = pathToFileURL(
        path.join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs"),
      ).href;
      for (const file of files) {
        const args = runtime === "deno"
          ? ["run", "-A", file]
          : runtime === "bun"
          ? [file]
          : ["--import", tsx, file];
        const result = await exitedZero(
          file,
          inProject(project, process.execPath, args),
        );
        if (file === "pino.ts") assert.equal(result.stdout, "flushed\n");
      }
      assertExampleOutput(project);
    },
  },
  {
    name:
      `require("logrotor") works from CommonJS in a fresh project (${runtime}), with types for TypeScript's nodenext CommonJS`,
    prefix: "logrotor-cjs-",
    packageJson: { name: "fresh-cjs", private: true },
    install: (project, tarball) =>
      exitedZero("npm install", npmInstall(project, tarball)).then(() => {}),
    use: async (project) => {
      fs.writeFileSync(
        path.join(project, "app.cjs"),
        `const { createFileSink, version } = require("logrotor");
const { logtapeSink } = require("logrotor/logtape");
const { LogrotorTransport } = require("logrotor/winston");
const pinoTarget = require("logrotor/pino").default;
const sink = createFileSink("./logs/cjs.log");
sink.write("cjs " + version + " " + typeof logtapeSink + " " + typeof LogrotorTransport + " " + typeof pinoTarget + "\\n");
sink.close().then(() => console.log("closed"));
`,
      );
      const args = runtime === "deno" ? ["run", "-A", "app.cjs"] : ["app.cjs"];
      const result = await exitedZero(
        "require",
        inProject(project, process.execPath, args),
      );
      assert.equal(result.stdout, "closed\n");
      const version =
        (JSON.parse(readText(path.join(repoRoot, "package.json"))) as {
          version: string;
        }).version;
      assert.equal(
        readText(path.join(project, "logs", "cjs.log")),
        `cjs ${version} function function function\n`,
      );
      if (runtime !== "node") return;
      fs.writeFileSync(
        path.join(project, "typed.cts"),
        `import { createFileSink } from "logrotor";
import { logtapeSink } from "logrotor/logtape";
const sink = createFileSink("./logs/typed.log");
const write: (record: never) => void = logtapeSink(sink);
void write;
`,
      );
      await exitedZero(
        "tsc (CommonJS, module nodenext)",
        inProject(project, bin("tsc"), [
          "--noEmit",
          "--strict",
          "--module",
          "nodenext",
          "--types",
          "node",
          "typed.cts",
        ]),
      );
    },
  },
];

for (const row of projects) {
  test(row.name, async () => {
    const dir = makeTempDir(row.prefix);
    try {
      const tarball = await pack(dir);
      const project = path.join(dir, "app");
      fs.mkdirSync(project);
      fs.writeFileSync(
        path.join(project, "package.json"),
        JSON.stringify(row.packageJson),
      );
      await row.install(project, tarball);
      const installed = JSON.parse(
        readText(
          path.join(project, "node_modules", "logrotor", "package.json"),
        ),
      ) as { version: string; dependencies?: object };
      assert.equal(installed.dependencies, undefined, "no runtime dependency");
      linkPeers(project);
      await row.use(project);
    } finally {
      removeDir(dir);
    }
  });
}
