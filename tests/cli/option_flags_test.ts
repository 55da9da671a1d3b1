import assert from "node:assert/strict";
import { test } from "node:test";
import { flagsOf, optionByFlagOf } from "../../src/cli/option_flags.ts";
import { rotationOptionTable } from "../../src/options/rotation_options.ts";
import { bufferOptionTable } from "../../src/options/buffer_options.ts";

test("flagsOf builds a flag per row that has one, with its kind, placeholder and default", () => {
  const flags = flagsOf(bufferOptionTable);
  assert.deepEqual(flags[0], {
    name: "flush-bytes",
    kind: "size",
    description: "flush once this much is buffered",
    defaultText: "256K",
    placeholder: "SIZE",
  });
  assert.ok(!flags.some((f) => f.name === "on-diagnostic"), "API-only row");
  const every = flagsOf(rotationOptionTable).find((f) => f.name === "every");
  assert.deepEqual(every?.kind, ["minutely", "hourly", "daily", "weekly"]);
  assert.equal(every?.defaultText, "never");
});

test("optionByFlagOf maps each flag to its option", () => {
  assert.deepEqual(optionByFlagOf(rotationOptionTable), {
    "max-size": "maxSize",
    "every": "every",
    "at": "at",
    "time-zone": "timeZone",
    "keep": "keep",
    "max-age": "maxAgeMs",
    "max-total": "maxTotalBytes",
    "compress": "compress",
  });
});
