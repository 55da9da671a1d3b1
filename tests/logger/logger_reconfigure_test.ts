import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import type { LoggingConfig } from "../../src/logger/config_types.ts";
import { getLogger } from "../../src/logger/logger.ts";
import { memory } from "./_logger_fixtures.ts";
import {
  exitedZero,
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

/** The numbers of the `line N` messages in a text-format file, in order. */
function lineNumbers(file: string): number[] {
  return fileLines(file).map((line) => {
    const match = / line (\d+)$/.exec(line);
    assert.ok(match, `unexpected line ${JSON.stringify(line)}`);
    return Number(match[1]);
  });
}

/**
 * Reconfigures three times while a timer logs, with `sinkOptions(round)`
 * as the file sink's options of each round, and checks that one file got
 * every line exactly once, in order.
 */
async function reconfigureWhileLogging(
  type: string,
  sinkOptions: (round: number) => Record<string, unknown>,
): Promise<void> {
  const dir = makeTempDir();
  const file = path.join(dir, "app.log");
  const log = getLogger("reconf");
  let next = 0;
  // Resolved by the logging timer once `next` reaches `until`.
  let waiter: { until: number; resolve: () => void } | undefined;
  const timer = setInterval(() => {
    log.error(`line ${next++}`);
    if (waiter !== undefined && next >= waiter.until) {
      waiter.resolve();
      waiter = undefined;
    }
  }, 1);
  try {
    const levels = ["info", "debug", "warn"] as const;
    for (let round = 0; round < 3; round++) {
      const config: LoggingConfig = {
        sinks: {
          file: {
            type,
            path: file,
            formatter: "plain",
            ...sinkOptions(round),
          },
        },
        formatters: { plain: { type: "text", timestamp: false } },
        loggers: {
          reconf: { level: levels[round] ?? "info", sinks: ["file"] },
        },
      };
      log.error(`line ${next++}`);
      const done = configure(config);
      // Logged while the switch is under way: more than flushBytes, so a
      // new sink that opened its file at once would flush now.
      for (let i = 0; i < 200; i++) log.error(`line ${next++}`);
      await done;
      log.error(`line ${next++}`);
      // Let the timer log under this configuration too.
      const until = next + 3;
      await new Promise<void>((resolve) => (waiter = { until, resolve }));
    }
    clearInterval(timer);
    log.error(`line ${next++}`);
    await reset();
    assert.deepEqual(fs.readdirSync(dir).sort(), ["app.log"]);
    // Line 0 was logged before the first configure(): nowhere to go.
    const expected = Array.from({ length: next - 1 }, (_, i) => i + 1);
    assert.deepEqual(lineNumbers(file), expected);
  } finally {
    clearInterval(timer);
    await reset();
    removeDir(dir);
  }
}

for (const type of ["file", "rotating-file"]) {
  test(`configure() again with the same ${type} path and only a new level keeps one app.log and every line once`, async () => {
    await reconfigureWhileLogging(type, () => ({ flushBytes: "1K" }));
  });

  test(`configure() again with the same ${type} path and new sink options keeps one app.log and every line once`, async () => {
    await reconfigureWhileLogging(
      type,
      (round) => ({ flushBytes: 1024 * (round + 1) }),
    );
  });
}

test("a rejected configure() with the same file path keeps the previous sink and the lines logged meanwhile", async () => {
  const dir = makeTempDir();
  const file = path.join(dir, "app.log");
  const log = getLogger("reconf");
  const config = (options: Record<string, unknown>): LoggingConfig => ({
    sinks: {
      file: {
        type: "rotating-file",
        path: file,
        formatter: "plain",
        ...options,
      },
    },
    formatters: { plain: { type: "text", timestamp: false } },
    loggers: { reconf: { sinks: ["file"] } },
  });
  try {
    await configure(config({ flushBytes: "1K" }));
    log.error("line 1");
    const rejected = configure(config({ flushBytes: "2K", overflow: "bogus" }));
    log.error("line 2");
    await assert.rejects(
      rejected,
      new TypeError(
        'Cannot configure logging as sinks.file.overflow must be one of "block", "drop-new", "drop-old", "timeout": current value is "bogus"',
      ),
    );
    log.error("line 3");
    await reset();
    assert.deepEqual(fs.readdirSync(dir).sort(), ["app.log"]);
    assert.deepEqual(lineNumbers(file), [1, 2, 3]);
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("a logger taken before configure() follows every level change: methods below the threshold write nothing, the others write", async () => {
  const m = memory();
  const log = getLogger("levels.follow");
  const child = getLogger("levels.follow.child");
  const bound = log.with({ k: 1 });
  const written = () => m.lines.map((line) => line.trim());
  const everyLevel = () => {
    for (const logger of [log, child, bound]) {
      logger.trace("t");
      logger.debug("d");
      logger.info("i");
      logger.warn("w");
      logger.error("e");
      logger.fatal("f");
    }
  };
  try {
    everyLevel(); // nothing configured: nothing written
    assert.deepEqual(written(), []);
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { levels: { level: "warn", sinks: ["mem"] } },
    });
    everyLevel();
    const atWarn = ["w", "e", "f"];
    assert.deepEqual(
      written().map((line) => line.split(" ").at(-1)),
      [...atWarn, ...atWarn, ...atWarn],
    );
    m.lines.length = 0;
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: {
        levels: { level: "trace", sinks: ["mem"] },
        "levels.follow.child": { level: "error" },
      },
    });
    everyLevel();
    const all = ["t", "d", "i", "w", "e", "f"];
    assert.deepEqual(
      written().map((line) => line.split(" ").at(-1)),
      [...all, "e", "f", ...all],
    );
    m.lines.length = 0;
    await reset();
    everyLevel();
    assert.deepEqual(written(), []);
  } finally {
    await reset();
  }
});

test("a base logger the application froze is reported when configure() cannot change its levels", async () => {
  const [command, args] = scriptCommand(
    path.join(repoRoot, "tests", "_fixtures", "frozen_logger_child.ts"),
  );
  const done = await exitedZero(
    "the frozen-logger child",
    runChild(command, args),
  );
  const { lines, diagnostics } = JSON.parse(done.stdout);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /written/);
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  assert.match(
    diagnostics[0],
    /^logger "levels\.frozen" was frozen \(Object\.freeze\), so its level methods cannot follow configure\(\)/,
  );
});
