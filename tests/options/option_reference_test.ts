import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import {
  currentSection,
  normalize,
  optionReferenceMarkdown,
} from "../../scripts/option_reference.ts";

test("README's option reference is the one generated from the option tables (run scripts/option_reference.ts)", () => {
  const readme = fs.readFileSync(
    new URL("../../README.md", import.meta.url),
    "utf8",
  );
  assert.equal(
    normalize(currentSection(readme) ?? ""),
    normalize(optionReferenceMarkdown()),
  );
});
