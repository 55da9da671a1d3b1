import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  createFileSink,
  createRelpSink,
  createRotatingFileSink,
  createSyslogSink,
  type FileSinkOptions,
} from "../../mod.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const quiet = () => {};

// Unused options, so a sink that is (wrongly) created has nothing to flush.
const noExit = { flushOnExit: false, onDiagnostic: quiet } as const;

test("an unknown option key is a TypeError naming it, with a did-you-mean, in every sink", () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const typo = (options: object) => options as FileSinkOptions;
    const netTypo = (options: object) => options as { host: string };
    assert.throws(
      () => createFileSink(file, typo({ ...noExit, flushByte: 1024 })),
      {
        name: "TypeError",
        message:
          'Cannot create file sink as "flushByte" is not an option (did you mean "flushBytes"?): current value is 1024',
      },
    );
    assert.throws(
      () => createFileSink(file, typo({ onDiskfull: "block" })),
      { name: "TypeError", message: /did you mean "onDiskFull"\?/ },
    );
    assert.throws(
      () => createFileSink(file, typo({ colour: "red" })),
      {
        name: "TypeError",
        message:
          'Cannot create file sink as "colour" is not an option: current value is "red"',
      },
    );
    assert.throws(
      () => createRotatingFileSink(file, typo({ ...noExit, maxByte: 10 })),
      {
        name: "TypeError",
        message:
          /rotating file sink as "maxByte" is not an option \(did you mean "maxBytes"\?\)/,
      },
    );
    // A plain file sink's `mode` is not a rotating sink option.
    assert.throws(
      () => createRotatingFileSink(file, typo({ mode: "truncate" })),
      { name: "TypeError", message: /"mode" is not an option/ },
    );
    assert.throws(
      () =>
        createSyslogSink({
          ...netTypo({ host: "127.0.0.1", conectTimeoutMs: 10 }),
        }),
      {
        name: "TypeError",
        message:
          /syslog sink as "conectTimeoutMs" is not an option \(did you mean "connectTimeoutMs"\?\)/,
      },
    );
    assert.throws(
      () => createRelpSink(netTypo({ host: "127.0.0.1", windowSze: 8 })),
      {
        name: "TypeError",
        message:
          /RELP sink as "windowSze" is not an option \(did you mean "windowSize"\?\)/,
      },
    );
    assert.deepEqual(fs.readdirSync(dir), [], "nothing created");
  } finally {
    removeDir(dir);
  }
});

test("fileMode is an accepted option key (0..0o777) of the file sinks", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const withMode = (fileMode: number) =>
      ({ ...noExit, fileMode }) as FileSinkOptions;
    const sink = createFileSink(file, withMode(0o600));
    await sink.close();
    const rotating = createRotatingFileSink(file, withMode(0o640));
    await rotating.close();
    assert.throws(() => createFileSink(file, withMode(0o1000)), {
      name: "RangeError",
      message:
        "Cannot create file sink as fileMode must be <= 0o777 (511): current value is 512 (0o1000)",
    });
  } finally {
    removeDir(dir);
  }
});

test("numeric options have upper bounds: 2**40 ms or bytes is a RangeError, not a 1 ms timer or an allocation crash", () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    const big = 2 ** 40;
    const cases: Array<[string, () => unknown, RegExp]> = [
      [
        "flushIntervalMs",
        () => createFileSink(file, { ...noExit, flushIntervalMs: big }),
        /^Cannot create file sink as flushIntervalMs must be <= 2147483647: current value is 1099511627776$/,
      ],
      [
        "flushBytes",
        () => createFileSink(file, { ...noExit, flushBytes: big }),
        /^Cannot create file sink as flushBytes must be <= 67108864: current value is 1099511627776$/,
      ],
      [
        "maxBufferedBytes",
        () => createFileSink(file, { ...noExit, maxBufferedBytes: big }),
        /maxBufferedBytes must be <= 1073741824/,
      ],
      [
        "maxLineBytes",
        () => createFileSink(file, { ...noExit, maxLineBytes: big }),
        /maxLineBytes must be <= 1073741824/,
      ],
      [
        "blockTimeoutMs",
        () => createFileSink(file, { ...noExit, blockTimeoutMs: big }),
        /blockTimeoutMs must be <= 2147483647/,
      ],
      [
        "recoveryIntervalMs",
        () => createFileSink(file, { ...noExit, recoveryIntervalMs: big }),
        /recoveryIntervalMs must be <= 2147483647/,
      ],
      [
        "waitMaxDelayMs",
        () => createFileSink(file, { ...noExit, waitMaxDelayMs: big }),
        /waitMaxDelayMs must be <= 2147483647/,
      ],
      [
        "replayBytes",
        () => createFileSink(file, { ...noExit, replayBytes: big }),
        /replayBytes must be <= 1073741824/,
      ],
      [
        "rotating flushIntervalMs",
        () => createRotatingFileSink(file, { ...noExit, flushIntervalMs: big }),
        /rotating file sink as flushIntervalMs must be <= 2147483647/,
      ],
      [
        "rotating checkIntervalMs",
        () => createRotatingFileSink(file, { ...noExit, checkIntervalMs: big }),
        /checkIntervalMs must be <= 2147483647/,
      ],
      [
        "syslog reconnectMaxMs",
        () => createSyslogSink({ host: "127.0.0.1", reconnectMaxMs: big }),
        /syslog sink as reconnectMaxMs must be <= 2147483647/,
      ],
      [
        "syslog maxQueuedBytes",
        () => createSyslogSink({ host: "127.0.0.1", maxQueuedBytes: big }),
        /maxQueuedBytes must be <= 1073741824/,
      ],
      [
        "relp closeTimeoutMs",
        () => createRelpSink({ host: "127.0.0.1", closeTimeoutMs: big }),
        /RELP sink as closeTimeoutMs must be <= 2147483647/,
      ],
    ];
    for (const [name, create, message] of cases) {
      assert.throws(create, { name: "RangeError", message }, name);
    }
    assert.deepEqual(fs.readdirSync(dir), [], "nothing created");
  } finally {
    removeDir(dir);
  }
});

test("null options are a clear TypeError in every sink (undefined means no options)", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    // deno-lint-ignore no-explicit-any
    const nul = null as any;
    for (
      const [subject, create] of [
        ["file sink", () => createFileSink(file, nul)],
        ["rotating file sink", () => createRotatingFileSink(file, nul)],
        ["syslog sink", () => createSyslogSink(nul)],
        ["RELP sink", () => createRelpSink(nul)],
      ] as const
    ) {
      assert.throws(create, {
        name: "TypeError",
        message:
          `Cannot create ${subject} as options must be an object or undefined: current value is null`,
      });
    }
    const sink = createFileSink(file, undefined);
    await sink.close();
  } finally {
    removeDir(dir);
  }
});

test("a sink path that is an existing directory is refused at construction (TypeError), no sibling file", () => {
  const dir = makeTempDir();
  try {
    const logs = path.join(dir, "logs");
    fs.mkdirSync(logs);
    for (
      const [subject, create] of [
        ["file sink", () => createFileSink(logs, noExit)],
        ["rotating file sink", () => createRotatingFileSink(logs, noExit)],
      ] as const
    ) {
      assert.throws(create, {
        name: "TypeError",
        message:
          `Cannot create ${subject} as path must name a file, not a directory: current value is ${
            JSON.stringify(logs)
          }`,
      });
    }
    assert.deepEqual(fs.readdirSync(dir), ["logs"], "no logs.001 sibling");
    assert.deepEqual(fs.readdirSync(logs), []);
  } finally {
    removeDir(dir);
  }
});
