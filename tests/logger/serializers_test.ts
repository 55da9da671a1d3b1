import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger, loggingStats } from "../../src/logger/logger.ts";
import {
  compileSerializers,
  stdSerializers,
} from "../../src/logger/serializers.ts";

test("stdSerializers.req and .res turn fetch Request and Response into plain objects", () => {
  const req = new Request("http://127.0.0.1/login?x=1", {
    method: "POST",
    headers: { authorization: "Bearer t", "x-id": "7" },
  });
  assert.deepEqual(stdSerializers.req(req), {
    method: "POST",
    url: "http://127.0.0.1/login?x=1",
    headers: { authorization: "Bearer t", "x-id": "7" },
  });
  const res = new Response("ok", {
    status: 201,
    statusText: "Created",
    headers: { "content-type": "text/plain" },
  });
  assert.deepEqual(stdSerializers.res(res), {
    statusCode: 201,
    statusText: "Created",
    headers: { "content-type": "text/plain" },
  });
  assert.equal(stdSerializers.req("plain"), "plain");
  assert.equal(stdSerializers.res(3), 3);
});

test("stdSerializers.err keeps the cause chain and an AggregateError's errors", () => {
  const err = new AggregateError(
    [new TypeError("one")],
    "all failed",
    { cause: new Error("root") },
  );
  const plain = stdSerializers.err(err) as Record<string, unknown>;
  assert.equal(plain.message, "all failed");
  assert.equal((plain.cause as { message: string }).message, "root");
  assert.equal((plain.errors as { name: string }[])[0]?.name, "TypeError");
  assert.equal(stdSerializers.err("not an error"), "not an error");
});

test("stdSerializers.req and .res read Node's IncomingMessage and ServerResponse from a real server", async () => {
  let seen: [unknown, unknown] | undefined;
  const server = http.createServer((req, res) => {
    res.setHeader("x-answer", "42");
    res.statusCode = 202;
    seen = [stdSerializers.req(req), stdSerializers.res(res)];
    res.end("done");
  });
  try {
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve)
    );
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/path?q=1`, {
      headers: { "x-id": "9" },
    });
    await response.text();
    assert.ok(seen);
    const [req, res] = seen as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    assert.equal(req.method, "GET");
    assert.equal(req.url, "/path?q=1");
    assert.equal((req.headers as Record<string, unknown>)["x-id"], "9");
    assert.equal(req.remoteAddress, "127.0.0.1");
    assert.equal(res.statusCode, 202);
    assert.equal((res.headers as Record<string, unknown>)["x-answer"], "42");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("configured serializers run by field key before redaction, on a copy", async () => {
  const lines: string[] = [];
  try {
    await configure({
      serializers: {
        req: stdSerializers.req,
        user: (u) => ({ id: (u as { id: number }).id }),
      },
      redact: ["req.headers.authorization"],
      formatters: { j: { type: "json" } },
      sinks: {
        mem: {
          sink: { write: (l: string) => void lines.push(l) },
          formatter: "j",
        },
      },
      loggers: { app: { sinks: ["mem"] } },
    });
    const user = { id: 1, password: "pw" };
    const req = new Request("http://127.0.0.1/", {
      headers: { authorization: "Bearer secret" },
    });
    getLogger("app").info("request", { req, user });
    const parsed = JSON.parse(lines[0] as string);
    assert.deepEqual(parsed.user, { id: 1 });
    assert.equal(parsed.req.headers.authorization, "[Redacted]");
    assert.ok(!(lines[0] as string).includes("secret"));
    assert.equal(user.password, "pw");
  } finally {
    await reset();
  }
});

test("a serializer that throws logs the field as unserializable, is counted, and configure() rejects a non-function", async () => {
  const failures: string[] = [];
  const apply = compileSerializers({
    a: () => {
      throw new Error("bad");
    },
  }, (_fn, key) => failures.push(key));
  assert.deepEqual(apply({ a: "raw", b: 1 }), {
    a: "[Unserializable: Error: bad]",
    b: 1,
  });
  assert.deepEqual(failures, ["a"]);
  const lines: string[] = [];
  try {
    await assert.rejects(configure({ serializers: { a: 3 as never } }), {
      name: "TypeError",
      message:
        "Cannot configure logging as serializers.a must be a function: current value is 3",
    });
    await configure({
      serializers: {
        a: () => {
          throw new Error("bad");
        },
      },
      sinks: { mem: { write: (l: string) => void lines.push(l) } },
      loggers: { app: { sinks: ["mem"] } },
      onDiagnostic: () => {},
    });
    getLogger("app").info("x", { a: "raw-secret" });
    assert.ok(!(lines[0] as string).includes("raw-secret"));
    assert.equal(loggingStats().fieldErrors, 1);
  } finally {
    await reset();
  }
});
