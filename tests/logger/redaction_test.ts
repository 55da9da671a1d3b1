import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger, loggingStats } from "../../src/logger/logger.ts";
import { compileRedaction } from "../../src/logger/redaction.ts";
import { withContext } from "../../src/logger/implicit_context.ts";
import {
  fileLines,
  makeTempDir,
  removeDir,
  repoRoot,
  runChild,
  scriptCommand,
} from "../_fixtures/fixtures.ts";

const secret = "s3cr3t-value";

test("compileRedaction() censors exact, nested and wildcard paths without mutating the input", () => {
  const redact = compileRedaction({
    paths: ["password", "req.headers.authorization", "user.*.token"],
    censor: "[REDACTED]",
  });
  const untouched = { deep: { x: 1 } };
  const fields = {
    password: secret,
    req: { headers: { authorization: secret, host: "h" }, url: "/" },
    user: { ann: { token: secret, id: 1 }, bob: { id: 2 } },
    other: untouched,
  };
  const before = structuredClone(fields);
  const out = redact(fields);
  assert.deepEqual(out, {
    password: "[REDACTED]",
    req: { headers: { authorization: "[REDACTED]", host: "h" }, url: "/" },
    user: { ann: { token: "[REDACTED]", id: 1 }, bob: { id: 2 } },
    other: untouched,
  });
  assert.deepEqual(fields, before, "the caller's object is unchanged");
  // Copy-on-write along the path only: untouched branches are shared.
  assert.equal(out.other, untouched);
  assert.equal((out.user as { bob: unknown }).bob, fields.user.bob);
  const plain = { a: 1 };
  assert.equal(redact(plain), plain, "nothing matched: the same object");
});

test("compileRedaction() with remove deletes keys, with a censor function sees value and path, and walks arrays", () => {
  const removed = compileRedaction({
    paths: ["a.b", "list.*.k"],
    remove: true,
  });
  assert.deepEqual(
    removed({ a: { b: 1, c: 2 }, list: [{ k: 1, v: 1 }, { v: 2 }] }),
    { a: { c: 2 }, list: [{ v: 1 }, { v: 2 }] },
  );
  const seen: unknown[] = [];
  const masked = compileRedaction({
    paths: ['h["x.y"]'],
    censor: (value: unknown, at: string[]) => {
      seen.push([value, at]);
      return "***";
    },
  });
  assert.deepEqual(masked({ h: { "x.y": "v" } }), { h: { "x.y": "***" } });
  assert.deepEqual(seen, [["v", ["h", "x.y"]]]);
});

test("compileRedaction() rejects paths that are not dotted paths", () => {
  assert.throws(
    () => compileRedaction({ paths: ["a..b"] }),
    {
      name: "TypeError",
      message:
        'Cannot create redaction as paths must be dotted paths such as "req.headers.authorization": current value is "a..b"',
    },
  );
  assert.throws(
    () => compileRedaction({ paths: "password" } as never),
    TypeError,
  );
});

test("configure({ redact }) rejects bad paths and unknown keys with the configuration path", async () => {
  try {
    await assert.rejects(configure({ redact: { paths: [""] } }), {
      name: "TypeError",
      message:
        'Cannot configure logging as redact.paths must be dotted paths such as "req.headers.authorization": current value is ""',
    });
    await assert.rejects(
      configure({ redact: { paths: [], censr: "x" } as never }),
      /redact\.censr is not a known option/,
    );
  } finally {
    await reset();
  }
});

test("a redacted value reaches no file sink, in text or JSON, from fields, with(), withContext() and templates", async () => {
  const dir = makeTempDir();
  try {
    await configure({
      redact: {
        paths: ["password", "req.headers.authorization", "user.*.token"],
        censor: "[REDACTED]",
      },
      sinks: {
        text: { type: "file", path: path.join(dir, "app.log") },
        json: {
          type: "file",
          path: path.join(dir, "app.json"),
          formatter: "json",
        },
        pretty: {
          type: "file",
          path: path.join(dir, "app.pretty"),
          formatter: "pretty",
        },
      },
      loggers: { app: { sinks: ["text", "json", "pretty"] } },
    });
    const fields = { req: { headers: { authorization: secret } } };
    const log = getLogger("app").with({ password: secret });
    await withContext({ user: { ann: { token: secret } } }, async () => {
      await Promise.resolve();
      log.info("login {password}", fields);
      log.info`token ${{ password: secret }}`;
    });
    assert.equal(fields.req.headers.authorization, secret, "not mutated");
    await reset();
    const text = fileLines(path.join(dir, "app.log"));
    const json = fileLines(path.join(dir, "app.json"));
    const pretty = fileLines(path.join(dir, "app.pretty"));
    for (const lines of [text, json, pretty]) {
      assert.equal(lines.length, 2);
      assert.ok(
        lines.every((line) => !line.includes(secret)),
        lines.join("\n"),
      );
    }
    const first = JSON.parse(json[0] as string);
    assert.equal(first.message, "login [REDACTED]");
    assert.equal(first.password, "[REDACTED]");
    assert.equal(first.req.headers.authorization, "[REDACTED]");
    assert.equal(first.user.ann.token, "[REDACTED]");
    assert.equal(JSON.parse(json[1] as string).message, "token [REDACTED]");
  } finally {
    await reset();
    removeDir(dir);
  }
});

test("a redacted value reaches neither standard output nor error through console sinks", async () => {
  const [cmd, args] = scriptCommand(
    path.join(repoRoot, "tests/_fixtures/logger_console_child.ts"),
  );
  const child = await runChild(cmd, args, { env: { FORCE_COLOR: "1" } });
  assert.equal(child.code, 0, child.stderr);
  const out = child.stdout.trim().split("\n");
  assert.equal(out.length, 6, child.stdout); // text, JSON, pretty × 2 records
  assert.ok(!child.stdout.includes(secret), child.stdout);
  assert.ok(!child.stderr.includes(secret), child.stderr);
  assert.match(child.stdout, /\[REDACTED\]/);
  assert.match(child.stderr, /\[REDACTED\]/);
});

test("a redactor that throws drops the fields, never writes them, and is counted", async () => {
  const lines: string[] = [];
  try {
    await configure({
      redact: ["a.b"],
      sinks: { mem: { write: (line: string) => void lines.push(line) } },
      loggers: { app: { sinks: ["mem"] } },
      onDiagnostic: () => {},
    });
    const hostile = new Proxy({ b: secret }, {
      ownKeys(): never {
        throw new Error("no keys");
      },
      getOwnPropertyDescriptor(): never {
        throw new Error("no descriptor");
      },
    });
    getLogger("app").info("x {a}", { a: hostile });
    assert.equal(lines.length, 1);
    assert.ok(!String(lines[0]).includes(secret), String(lines[0]));
    assert.equal(loggingStats().fieldErrors, 1);
  } finally {
    await reset();
  }
});
