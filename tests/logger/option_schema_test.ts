import assert from "node:assert/strict";
import { test } from "node:test";
import { configSchemaOf } from "../../src/logger/option_schema.ts";
import { rotatingSinkOptionTable } from "../../src/options/file_options.ts";

test("configSchemaOf reads sizes and durations as text, choices as lists, and skips API-only rows", () => {
  const schema = configSchemaOf(rotatingSinkOptionTable);
  assert.equal(schema["flushBytes"], "size");
  assert.equal(schema["flushIntervalMs"], "duration");
  assert.equal(schema["maxVariants"], "integer");
  assert.equal(schema["shared"], "boolean");
  assert.equal(schema["timeZone"], "string");
  assert.deepEqual(schema["compress"], ["gzip", "none"]);
  assert.equal(schema["maxSize"], "size");
  assert.equal(schema["maxBytes"], "size", "the deprecated alias is read too");
  for (const apiOnly of ["onDiagnostic", "cleanup", "now", "fileDriver"]) {
    assert.ok(!Object.hasOwn(schema, apiOnly), apiOnly);
  }
});
