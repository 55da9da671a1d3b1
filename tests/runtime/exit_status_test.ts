import assert from "node:assert/strict";
import { test } from "node:test";
import { shellStatus } from "../../src/runtime/exit_status.ts";

test("shellStatus() passes an exit code on and maps a signal to 128 + its number", () => {
  assert.equal(shellStatus({ code: 0, signal: null }), 0);
  assert.equal(shellStatus({ code: 3, signal: null }), 3);
  assert.equal(shellStatus({ code: null, signal: "SIGTERM" }), 143);
  assert.equal(shellStatus({ code: null, signal: "SIGKILL" }), 137);
  assert.equal(shellStatus({ code: null, signal: "SIGINT" }), 130);
  assert.equal(shellStatus({ code: null, signal: "SIGHUP" }), 129);
  assert.equal(shellStatus({ code: null, signal: "SIGWHAT" }), 128);
});
