import assert from "node:assert/strict";
import { test } from "node:test";
import type {
  EveryKeyHasARow,
  OptionFlag,
  OptionRow,
} from "../../src/options/option_row.ts";
import { maxSizeRow } from "../_fixtures/option_rows.ts";

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

test("EveryKeyHasARow accepts names and aliases and refuses a key without a row", () => {
  const rows = [maxSizeRow] as const;
  const covered: EveryKeyHasARow<"maxSize" | "maxBytes", typeof rows> = true;
  // @ts-expect-error: "lost" has no row
  const missing: EveryKeyHasARow<"maxSize" | "lost", typeof rows> = true;
  assert.equal(covered && missing, true);
});
