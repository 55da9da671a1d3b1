import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { repoRoot } from "../_fixtures/fixtures.ts";

// The rule: only src/runtime/ touches Deno.*, Bun.*, process.* or node:*.
const forbidden = [
  { name: "a node: import", pattern: /(from|import)\s*\(?\s*["']node:/ },
  { name: "the Deno global", pattern: /\bDeno\s*\./ },
  { name: "the Bun global", pattern: /\bBun\s*\./ },
  { name: "the process global", pattern: /(?<![.\w])process\s*\./ },
  { name: "a bun: import", pattern: /["']bun:/ },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

function codeLines(file: string): Array<[number, string]> {
  // Doc comments may mention the globals; only code counts.
  return fs.readFileSync(file, "utf8").split("\n")
    .map((line, i) => [i + 1, line] as [number, string])
    .filter(([, line]) => !/^\s*(\*|\/\/|\/\*)/.test(line));
}

test("only src/runtime/ touches Deno, Bun, process or node: modules", () => {
  const runtimeDir = path.join(repoRoot, "src", "runtime");
  const files = [
    path.join(repoRoot, "mod.ts"),
    path.join(repoRoot, "compose.ts"),
    ...sourceFiles(path.join(repoRoot, "src")),
  ].filter((f) => !f.startsWith(runtimeDir + path.sep));
  assert.ok(files.length > 3, "found the source files");
  // The walk reaches every folder below src/ (all but runtime/ checked).
  const folders = fs.readdirSync(path.join(repoRoot, "src"), {
    withFileTypes: true,
  }).filter((e) => e.isDirectory() && e.name !== "runtime");
  for (const folder of folders) {
    const prefix = path.join(repoRoot, "src", folder.name) + path.sep;
    assert.ok(
      files.some((f) => f.startsWith(prefix)),
      `checks src/${folder.name}/`,
    );
  }
  const offences: string[] = [];
  for (const file of files) {
    for (const [n, line] of codeLines(file)) {
      for (const rule of forbidden) {
        if (rule.pattern.test(line)) {
          offences.push(
            `${path.relative(repoRoot, file)}:${n} uses ${rule.name}`,
          );
        }
      }
    }
  }
  assert.deepEqual(offences, []);
});

test("the boundary check catches a violation", () => {
  const sample = 'import * as fs from "node:fs";';
  assert.ok(forbidden.some((rule) => rule.pattern.test(sample)));
  assert.ok(forbidden.some((rule) => rule.pattern.test("  process.exit(1);")));
  assert.ok(
    !forbidden.some((rule) => rule.pattern.test("const x = myprocess.y;")),
  );
});
