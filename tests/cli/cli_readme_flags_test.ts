import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { commandSpecs } from "../../src/cli/command_specs.ts";
import {
  apiOnlyOptions,
  flagReference,
  flagReferenceMarkers,
} from "../../src/cli/flag_reference.ts";
import { readText, repoRoot } from "../_fixtures/fixtures.ts";

test("the README lists every CLI flag with its default, exactly as the flag specs say", () => {
  const readme = readText(path.join(repoRoot, "README.md"));
  const start = readme.indexOf(flagReferenceMarkers.start);
  const end = readme.indexOf(flagReferenceMarkers.end);
  assert.ok(start !== -1 && end > start, "README has the markers");
  assert.equal(
    readme.slice(start, end + flagReferenceMarkers.end.length),
    flagReference(commandSpecs),
    "README and flag specs disagree: run `deno run -A scripts/cli_flags_readme.ts`",
  );
  for (const spec of commandSpecs) {
    for (const flag of spec.flags) {
      assert.ok(
        flag.defaultText !== undefined && flag.defaultText !== "",
        `logrotor ${spec.name} --${flag.name} has a default`,
      );
    }
  }
});

test("the API-only list names exactly the rotating sink options no flag sets", () => {
  const apiOnly = apiOnlyOptions();
  for (const option of ["now", "platform", "onDiagnostic", "fileDriver"]) {
    assert.ok(apiOnly.includes(option), option);
  }
  for (const option of ["maxBytes", "every", "at", "flushBytes", "timeZone"]) {
    assert.ok(!apiOnly.includes(option), `${option} has a flag`);
  }
});
