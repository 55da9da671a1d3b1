// Option rows shared by the option-table tests: a size with a deprecated
// alias that also takes text, and a choice with a deprecated old value.
import type { OptionRow } from "../../src/options/option_row.ts";

export const maxSizeRow = {
  name: "maxSize",
  alias: "maxBytes",
  type: "size",
  min: 1,
  text: true,
  doc: "Rotate past this size.",
  flag: { name: "max-size" },
} as const satisfies OptionRow;

export const compressRow = {
  name: "compress",
  type: "choice",
  choices: ["gzip", "none"],
  default: "none",
  deprecatedValue: { value: false, use: "none" },
  doc: "Compression.",
  flag: { name: "compress" },
} as const satisfies OptionRow;
