// Rewrites the README's CLI flag reference from the flag specs:
//   deno run -A scripts/cli_flags_readme.ts
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { commandSpecs } from "../src/cli/command_specs.ts";
import {
  flagReference,
  flagReferenceMarkers,
} from "../src/cli/flag_reference.ts";

const readme = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "README.md",
);
const text = fs.readFileSync(readme, "utf8");
const start = text.indexOf(flagReferenceMarkers.start);
const end = text.indexOf(flagReferenceMarkers.end);
if (start === -1 || end === -1) {
  throw new Error("README.md has no CLI flag reference markers");
}
fs.writeFileSync(
  readme,
  text.slice(0, start) + flagReference(commandSpecs) +
    text.slice(end + flagReferenceMarkers.end.length),
);
