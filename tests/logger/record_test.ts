import assert from "node:assert/strict";
import { test } from "node:test";
import { serializeError } from "../../src/logger/record.ts";

test("serializeError() follows causes and stops at cycles", () => {
  const a = new Error("a");
  const b = new Error("b", { cause: a });
  Object.defineProperty(a, "cause", { value: b });
  const plain = serializeError(b);
  assert.equal(plain.message, "b");
  const cause = plain.cause as { message: string; cause: unknown };
  assert.equal(cause.message, "a");
  assert.equal(cause.cause, "[Circular]");
  assert.equal(typeof plain.stack, "string");
});
