import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkOption,
  keysOf,
  resolveOptions,
} from "../../src/options/option_table.ts";
import type { OptionRow } from "../../src/options/option_row.ts";
import { compressRow, maxSizeRow } from "../_fixtures/option_rows.ts";

const subject = "rotating file sink";

const rows = [
  maxSizeRow,
  {
    name: "floor",
    type: "int",
    min: 0,
    atLeast: "base",
    default: 10,
    doc: "Checked after base.",
    flag: { none: "test" },
  },
  {
    name: "base",
    type: "int",
    min: 0,
    max: 100,
    default: 5,
    doc: "A bound for floor.",
    flag: { none: "test" },
  },
  compressRow,
] as const satisfies readonly OptionRow[];

test("keysOf lists every name and every deprecated alias", () => {
  assert.deepEqual(Object.keys(keysOf(rows)), [
    "maxSize",
    "maxBytes",
    "floor",
    "base",
    "compress",
  ]);
});

test('resolveOptions applies the defaults, and a size row with text: true takes "16M"', () => {
  assert.deepEqual(resolveOptions(subject, rows, {}), {
    maxSize: undefined,
    floor: 10,
    base: 5,
    compress: "none",
  });
  assert.equal(
    resolveOptions(subject, rows, { maxSize: "16M" }).maxSize,
    16 * 1024 * 1024,
  );
  assert.throws(() => resolveOptions(subject, rows, { maxSize: "lots" }), {
    name: "TypeError",
    message:
      'Cannot create rotating file sink as maxSize must be a size such as "16M" or a number of bytes: current value is "lots"',
  });
});

test("a row bounded by a later row (atLeast) is checked after it", () => {
  assert.throws(() => resolveOptions(subject, rows, { floor: 3, base: 4 }), {
    name: "RangeError",
    message:
      "Cannot create rotating file sink as floor must be >= base (4): current value is 3",
  });
});

test("checkOption: a custom check replaces the derived one", () => {
  const row: OptionRow = {
    name: "x",
    type: "string",
    doc: "",
    flag: { none: "test" },
    check: (_s, key, value) => `${key}=${String(value)}`,
  };
  assert.equal(checkOption(subject, row, "x", 1, {}), "x=1");
});
