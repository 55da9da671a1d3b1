import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { createPrettyFormatter } from "../../src/logger/pretty_formatter.ts";
import { repoRoot, runChild, scriptCommand } from "../_fixtures/fixtures.ts";
import { fixedError, record } from "./_logger_fixtures.ts";

// deno-lint-ignore no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;

function localClock(time: number): string {
  const d = new Date(time);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${
    String(d.getMilliseconds()).padStart(3, "0")
  }`;
}

test("the pretty formatter shows local time, aligned level names, key=value fields and indented stacks", () => {
  const format = createPrettyFormatter({ colors: false });
  const time = Date.UTC(2026, 10, 22, 13, 4, 5, 67);
  const clock = localClock(time);
  assert.equal(
    format(record("ready", { port: 8080, name: "a b" }, { time })),
    `${clock} INFO  app.db ready port=8080 name="a b"\n`,
  );
  assert.equal(
    format(record("x", {}, { time, level: "warn" })),
    `${clock} WARN  app.db x\n`,
  );
  const line = format(
    record("failed", { error: fixedError("Error", "boom") }, {
      time,
      level: "error",
    }),
  );
  assert.equal(
    line,
    `${clock} ERROR app.db failed error="Error: boom"\n    Error: boom\n        at f (a.ts:1:1)\n`,
  );
  assert.doesNotMatch(line, ansi);
});

test("with colours the level is coloured by level, and stripping the colours gives the plain line", () => {
  const plain = createPrettyFormatter({ colors: false });
  const colored = createPrettyFormatter({ colors: true });
  const colors = new Set<string>();
  for (
    const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const
  ) {
    const r = record("m", { k: 1, error: fixedError("E", "x") }, { level });
    const line = colored(r);
    assert.match(line, ansi);
    colors.add((line.match(ansi) ?? [])[2] as string);
    assert.equal(line.replace(ansi, ""), plain(r));
  }
  assert.equal(colors.size, 6, "one colour per level");
});

test("by default colours follow the terminal: none when not a TTY, FORCE_COLOR forces them, NO_COLOR wins otherwise", async () => {
  const script = path.join(repoRoot, "tests/_fixtures/logger_console_child.ts");
  const [cmd, args] = scriptCommand(script);
  const forced = await runChild(cmd, args, { env: { FORCE_COLOR: "1" } });
  const plain = await runChild(cmd, args, { env: { NO_COLOR: "1" } });
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(plain.code, 0, plain.stderr);
  // stderr only has the pretty formatter's lines.
  assert.match(forced.stderr, ansi);
  assert.doesNotMatch(plain.stderr, ansi);
  assert.equal(forced.stderr.replace(ansi, "").split("\n").length, 3);
  assert.throws(() => createPrettyFormatter({ colors: "yes" as never }), {
    name: "TypeError",
    message:
      "Cannot create pretty formatter as colors must be a boolean: current value is yes",
  });
});
