import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  basicConfig,
  type BasicConfigOptions,
  configure,
  getLogger,
  reset,
} from "../../mod.ts";
import {
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const child = path.join(
  repoRoot,
  "tests",
  "_fixtures",
  "basic_config_child.ts",
);

test("basicConfig({ level, file }) sends every logger's records at or above level to the file", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "logs", "app.log");
    assert.equal(await basicConfig({ level: "info", file }), true);
    getLogger("app.db").debug("below the level");
    getLogger("app.db").info("connected", { host: "db1" });
    getLogger("other").error("failed");
    await reset();
    const lines = fileLines(file);
    assert.equal(lines.length, 2, lines.join("\n"));
    assert.match(lines[0] ?? "", /INFO {2}app\.db connected host=db1$/);
    assert.match(lines[1] ?? "", /ERROR other failed$/);
  } finally {
    await reset();
    removeDir(dir);
  }
});

test('basicConfig({ format: "json" }) writes one JSON object per line', async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    await basicConfig({ level: "debug", file, format: "json" });
    getLogger("app").debug("hello", { n: 1 });
    await reset();
    const [line, ...rest] = fileLines(file);
    assert.equal(rest.length, 0);
    const record = JSON.parse(line as string);
    assert.equal(record.level, "debug");
    assert.equal(record.logger, "app");
    assert.equal(record.message, "hello");
    assert.equal(record.n, 1);
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("basicConfig() does nothing when logging is already configured, unless force: true", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const memory: string[] = [];
    await configure({
      sinks: { memory: { write: (line: string) => void memory.push(line) } },
      loggers: { "": { sinks: ["memory"] } },
    });
    // Not awaited first: the check runs after the calls queued before it.
    const skipped = basicConfig({ file });
    assert.equal(await skipped, false);
    getLogger("app").info("to memory");
    assert.equal(memory.length, 1);
    assert.equal(fs.existsSync(file), false);

    assert.equal(await basicConfig({ file, force: true }), true);
    getLogger("app").info("to the file");
    await reset();
    assert.equal(memory.length, 1);
    assert.match(fileLines(file)[0] ?? "", /to the file$/);

    // After reset() nothing is configured: it applies again.
    assert.equal(await basicConfig({ file }), true);
  } finally {
    await reset();
    removeDir(dir);
  }
});

const streamCases: [string, BasicConfigOptions, "stdout" | "stderr"][] = [
  ["no file and no stream: standard error", {}, "stderr"],
  ['stream: "stdout"', { stream: "stdout", format: "json" }, "stdout"],
];
for (const [name, options, stream] of streamCases) {
  test(`basicConfig() writes to the console: ${name}`, async () => {
    const [cmd, args] = scriptCommand(child);
    const result = await runChild(cmd, [...args, JSON.stringify(options)]);
    assert.equal(result.code, 0, result.stderr);
    const other = stream === "stdout" ? result.stderr : result.stdout;
    assert.equal(other, "");
    const lines = result[stream].trimEnd().split("\n");
    assert.equal(lines.length, 1, result[stream]);
    if (options.format === "json") {
      const record = JSON.parse(lines[0] as string);
      assert.deepEqual([record.level, record.logger, record.message], [
        "warn",
        "app.http",
        "shown",
      ]);
    } else {
      assert.match(lines[0] ?? "", /WARN {2}app\.http shown port=8080$/);
    }
  });
}

test("basicConfig() throws a TypeError for bad values, before anything changes", async () => {
  const cases: [unknown, RegExp][] = [
    [
      { level: "loud" },
      /^Cannot create basic logging configuration as level must be one of "trace", .*: current value is "loud"$/,
    ],
    [{ file: "" }, /file must be a non-empty string/],
    [
      { file: "a.log", stream: "stderr" },
      /file and stream must not both be given/,
    ],
    [{ stream: "stdin" }, /stream must be one of "stderr", "stdout"/],
    [{ format: "xml" }, /format must be one of "text", "json"/],
    [{ force: "yes" }, /force must be a boolean/],
    [{ lvl: "info" }, /"lvl" is not an option \(did you mean "level"\?\)/],
    [null, /options must be an object/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => basicConfig(options as BasicConfigOptions),
      (err: Error) => {
        assert.ok(err instanceof TypeError, `${err.name}: ${err.message}`);
        assert.match(err.message, message);
        return true;
      },
    );
  }
  // Nothing was configured by the failed calls.
  const dir = makeTempDir();
  try {
    assert.equal(
      await basicConfig({ file: path.join(dir, "app.log") }),
      true,
    );
  } finally {
    await reset();
    removeDir(dir);
  }
});
