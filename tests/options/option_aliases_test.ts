import assert from "node:assert/strict";
import { test } from "node:test";
import {
  deprecationsIn,
  givenValue,
} from "../../src/options/option_aliases.ts";
import { compressRow, maxSizeRow } from "../_fixtures/option_rows.ts";
import { resolveOptions } from "../../src/options/option_table.ts";

const subject = "rotating file sink";

const rows = [maxSizeRow, compressRow] as const;

test("a deprecated alias works, is named in messages, and cannot be given with its new name", () => {
  assert.deepEqual(givenValue(subject, rows[0], { maxBytes: 10 }), [
    "maxBytes",
    10,
  ]);
  assert.equal(resolveOptions(subject, rows, { maxBytes: 10 }).maxSize, 10);
  assert.throws(() => resolveOptions(subject, rows, { maxBytes: 0 }), {
    message:
      "Cannot create rotating file sink as maxBytes must be >= 1: current value is 0",
  });
  assert.throws(
    () => resolveOptions(subject, rows, { maxBytes: 10, maxSize: 10 }),
    {
      name: "TypeError",
      message:
        "Cannot create rotating file sink as maxBytes is a deprecated alias of maxSize and both are given: current value is 10",
    },
  );
});

test("deprecationsIn reports each old name and old value used, once", () => {
  assert.deepEqual(deprecationsIn(rows, { maxSize: 1, compress: "gzip" }), []);
  assert.deepEqual(deprecationsIn(rows, { maxBytes: 1, compress: false }), [
    "option maxBytes is deprecated: use maxSize (removed in the next release)",
    'compress: false is deprecated: use compress: "none" (removed in the next release)',
  ]);
});
