import assert from "node:assert/strict";
import { test } from "node:test";
import { checkName } from "../../src/logger/logger_name.ts";

test("checkName() takes dotted non-empty parts, and the root only when allowed", () => {
  checkName("get logger", "app", false);
  checkName("get logger", "app.db.pool", false);
  checkName("get logger", "", true);
  assert.throws(
    () => checkName("get logger", "", false),
    new TypeError(
      'Cannot get logger as the name must be dot-separated non-empty parts such as "app.db": current value is ""',
    ),
  );
  for (const bad of ["app.", ".app", "a..b", 42, undefined]) {
    assert.throws(() => checkName("get logger", bad, true), TypeError);
  }
});
