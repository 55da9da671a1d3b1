import assert from "node:assert/strict";
import { test } from "node:test";
import { configure, reset } from "../../src/logger/config.ts";
import { getLogger } from "../../src/logger/logger.ts";
import {
  currentContext,
  withContext,
} from "../../src/logger/implicit_context.ts";
import { memory } from "./_logger_fixtures.ts";

test("withContext() fields reach records across await, timers and promise chains", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { app: { sinks: ["mem"] } },
    });
    const log = getLogger("app");
    const result = await withContext({ requestId: "r1" }, async () => {
      await Promise.resolve();
      log.info("after await");
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          log.info("in a timer");
          resolve();
        }, 0)
      );
      await Promise.resolve().then(() => log.info("in a then"));
      return "done";
    });
    assert.equal(result, "done");
    log.info("outside");
    assert.deepEqual(m.records.map((r) => [r.message, r.fields]), [
      ["after await", { requestId: "r1" }],
      ["in a timer", { requestId: "r1" }],
      ["in a then", { requestId: "r1" }],
      ["outside", {}],
    ]);
  } finally {
    await reset();
  }
});

test("nested contexts merge, and with() context and the call's fields win over them", async () => {
  const m = memory();
  try {
    await configure({
      sinks: { mem: { sink: m.sink, formatter: m.formatter } },
      loggers: { app: { sinks: ["mem"] } },
    });
    const log = getLogger("app");
    withContext({ requestId: "r1", user: "ann", tenant: "t" }, () => {
      withContext({ user: "bob", step: 1 }, () => {
        log.info("nested");
        log.with({ tenant: "bound" }).info("bound", { step: 2 });
      });
      log.info("outer again");
    });
    assert.deepEqual(m.records.map((r) => r.fields), [
      { requestId: "r1", user: "bob", tenant: "t", step: 1 },
      { requestId: "r1", user: "bob", tenant: "bound", step: 2 },
      { requestId: "r1", user: "ann", tenant: "t" },
    ]);
  } finally {
    await reset();
  }
});

test("concurrent flows keep their own context", async () => {
  const seen: unknown[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const a = withContext({ id: "a" }, async () => {
    await gate;
    seen.push(currentContext());
  });
  const b = withContext({ id: "b" }, async () => {
    await gate;
    seen.push(currentContext());
  });
  release();
  await Promise.all([a, b]);
  assert.deepEqual(seen, [{ id: "a" }, { id: "b" }]);
  assert.equal(currentContext(), undefined);
});

test("withContext() rejects a context that is not an object and a callback that is not a function", () => {
  assert.throws(() => withContext(null as never, () => {}), {
    name: "TypeError",
    message:
      "Cannot run with context as context must be an object: current value is null",
  });
  assert.throws(() => withContext({}, 3 as never), TypeError);
});

test("the caller's context object is not kept by reference", () => {
  const context: Record<string, unknown> = { id: 1 };
  withContext(context, () => {
    context.id = 2;
    assert.deepEqual(currentContext(), { id: 1 });
  });
});
