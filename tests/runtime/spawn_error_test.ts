import assert from "node:assert/strict";
import { test } from "node:test";
import { SpawnError } from "../../src/runtime/spawn_error.ts";

test("SpawnError carries the OS code, names the command and keeps the cause", () => {
  const cause = Object.assign(new Error("spawn nope ENOENT"), {
    code: "ENOENT",
  });
  const err = new SpawnError("nope", cause);
  assert.ok(err instanceof Error);
  assert.equal(err.name, "SpawnError");
  assert.equal(err.code, "ENOENT");
  assert.equal(err.cause, cause);
  assert.equal(
    err.message,
    'Cannot start "nope" as spawning failed: ENOENT',
  );
  assert.equal(new SpawnError("x", new Error("no code")).code, "UNKNOWN");
});
