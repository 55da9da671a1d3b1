import assert from "node:assert/strict";
import { test } from "node:test";
import { variantPath } from "../../src/file/variant_path.ts";

test("variantPath numbers the name before its extension, three digits", () => {
  assert.equal(variantPath("/var/log/app.log", 1), "/var/log/app.001.log");
  assert.equal(variantPath("/var/log/app.log", 999), "/var/log/app.999.log");
  assert.equal(variantPath("/var/log/app", 12), "/var/log/app.012");
  assert.equal(variantPath("app.log", 2), "app.002.log");
  assert.equal(variantPath("./app.log", 2), "./app.002.log");
  assert.equal(variantPath("/var/log/.hidden", 3), "/var/log/.hidden.003");
  assert.equal(variantPath("/var/log/a.b.log", 4), "/var/log/a.b.004.log");
});
