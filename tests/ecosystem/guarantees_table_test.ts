// The README's "Guarantees and how they are tested" table points at real
// tests: every file it names exists and has a test whose name contains the
// quoted text (a template-literal name is matched on its literal text), and
// the table covers every guarantee the README promises.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readText, repoRoot } from "../_fixtures/fixtures.ts";

interface Reference {
  guarantee: string;
  file: string;
  name: string;
}

/** The references of the table in `readme`'s section, row by row. */
function tableReferences(readme: string): Reference[] {
  const start = readme.indexOf("\n## Guarantees and how they are tested\n");
  assert.notEqual(start, -1, "the README has the section");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const refs: Reference[] = [];
  const rows = section.split("\n").filter((l) => l.startsWith("| **"));
  assert.ok(rows.length > 0, "the section has a table of guarantees");
  for (const row of rows) {
    const cells = row.split("|").map((c) => c.trim());
    // "", guarantee, tests, runtimes, ""
    assert.equal(cells.length, 5, `a row has three columns: ${row}`);
    const guarantee = cells[1]!.match(/^\*\*(.+?)\*\*/)?.[1] ?? cells[1]!;
    for (const part of cells[2]!.split("<br>")) {
      const m = part.trim().match(/^`(tests\/[^`]+_test\.ts)`: (.+)$/);
      assert.ok(m, `"${part}" reads \`tests/…_test.ts\`: “name”, …`);
      const names = [...m[2]!.matchAll(/“([^”]+)”/g)].map((n) => n[1]!);
      assert.ok(names.length > 0, `"${part}" names at least one test`);
      for (const name of names) refs.push({ guarantee, file: m[1]!, name });
    }
  }
  return refs;
}

const literal = /`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/.source;

/** The test names of a test file as written: literals, templates raw. */
function testNames(source: string): string[] {
  const names: string[] = [];
  const calls = new RegExp(`\\btest\\(\\s*(${literal}|[A-Za-z_$][\\w$]*)`, "g");
  for (const m of source.matchAll(calls)) {
    const arg = m[1]!;
    if (/^[`"']/.test(arg)) {
      names.push(arg.slice(1, -1));
      continue;
    }
    // test(name, …) with `const name = …` above it.
    const decl = new RegExp(`\\b(?:const|let)\\s+${arg}\\s*=\\s*(${literal})`);
    const d = source.match(decl);
    if (d) names.push(d[1]!.slice(1, -1));
  }
  return names;
}

/** The references whose file is missing or has no such test. */
function brokenReferences(refs: Reference[]): string[] {
  const broken: string[] = [];
  for (const ref of refs) {
    const file = path.join(repoRoot, ref.file);
    if (!fs.existsSync(file)) {
      broken.push(`${ref.file} does not exist (${ref.guarantee})`);
      continue;
    }
    const names = testNames(readText(file)).map((n) => n.replace(/\s+/g, " "));
    if (!names.some((n) => n.includes(ref.name))) {
      broken.push(`${ref.file} has no test named “${ref.name}”`);
    }
  }
  return broken;
}

test("every test the README's guarantees table names exists in the file it names", () => {
  const refs = tableReferences(readText(path.join(repoRoot, "README.md")));
  assert.deepEqual(brokenReferences(refs), []);
  assert.ok(refs.length >= 30, `${refs.length} references`);
});

test("the README's guarantees table covers every guarantee the README promises", () => {
  const refs = tableReferences(readText(path.join(repoRoot, "README.md")));
  const guarantees = new Set(refs.map((r) => r.guarantee));
  for (
    const needed of [
      "Whole lines",
      "No loss at exit or on signals",
      "Live file deleted or renamed while writing",
      "Disk full (degraded mode)",
      "Locked files",
      "Rotation crash recovery",
      "Gzip durability",
      "Permissions",
      "Paths stay in the directory",
      "Bounded memory, counted drops",
      "Network outage replay",
      "Shipping from files with a persisted cursor",
    ]
  ) {
    assert.ok(guarantees.has(needed), `the table has a row "${needed}"`);
  }
});

test("the guarantees table check catches a missing file and a test name that does not exist", () => {
  const readme = [
    "# logrotor",
    "",
    "## Guarantees and how they are tested",
    "",
    "| guarantee | tests | runtimes |",
    "| --- | --- | --- |",
    "| **Real** | `tests/runtime/exit_test.ts`: “every buffered line reaches the file on ” | all |",
    "| **Renamed test** | `tests/file/live_file_deleted_test.ts`: “a sink that never existed” | all |",
    "| **Gone file** | `tests/nowhere/gone_test.ts`: “anything” | all |",
    "",
    "## Next",
  ].join("\n");
  const refs = tableReferences(readme);
  assert.equal(refs.length, 3);
  assert.deepEqual(brokenReferences(refs), [
    "tests/file/live_file_deleted_test.ts has no test named “a sink that never existed”",
    "tests/nowhere/gone_test.ts does not exist (Gone file)",
  ]);
});
