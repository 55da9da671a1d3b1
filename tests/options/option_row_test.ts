import assert from "node:assert/strict";
import { test } from "node:test";
import type { OptionFlag, OptionRow } from "../../src/options/option_row.ts";

test("an OptionRow names its flag or says why it has none", () => {
  const withFlag: OptionFlag = { name: "keep" };
  const without: OptionFlag = { none: "a function" };
  const rows: OptionRow[] = [
    {
      name: "keep",
      type: "int",
      min: 1,
      doc: "Archives kept.",
      flag: withFlag,
    },
    {
      name: "now",
      type: "function",
      doc: "Clock.",
      flag: without,
      config: false,
    },
  ];
  assert.deepEqual(
    rows.map((row) => ("name" in row.flag ? row.flag.name : row.flag.none)),
    ["keep", "a function"],
  );
});
