// The shape of the package (issue 9): a small main entry, no import cycles,
// and a lower floor never importing a higher one.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { repoRoot } from "./_fixtures/fixtures.ts";

/** Every name `file` exports (`export { a, type B } from …`). */
function exportedNames(file: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, file), "utf8");
  const names: string[] = [];
  for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop();
      if (name) names.push(name);
    }
  }
  return names;
}

/** Relative imports of every .ts file under src/, as repo paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (
      const entry of fs.readdirSync(path.join(repoRoot, dir), {
        withFileTypes: true,
      })
    ) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts")) {
        const text = fs.readFileSync(path.join(repoRoot, rel), "utf8")
          // JSDoc examples import from the package name; skip comments
          .replace(/\/\*[\s\S]*?\*\//g, "");
        const deps = [...text.matchAll(/from\s+"(\.{1,2}\/[^"]+\.ts)"/g)]
          .map((m) => path.posix.join(path.posix.dirname(rel), m[1]!));
        graph.set(rel, deps);
      }
    }
  };
  walk("src");
  return graph;
}

test("mod.ts, the main entry, exports at most 50 names; compose.ts has the rest", () => {
  const main = exportedNames("mod.ts");
  assert.ok(main.length <= 50, `mod.ts exports ${main.length} names`);
  assert.equal(new Set(main).size, main.length, "no name exported twice");
  const compose = exportedNames("compose.ts");
  const both = compose.filter((name) => main.includes(name));
  assert.deepEqual(both, [], "a name lives in one entry");
});

test("src/ has no import cycles", () => {
  const graph = importGraph();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      const cycle = stack.slice(stack.indexOf(file)).concat(file);
      assert.fail(`import cycle: ${cycle.join(" -> ")}`);
    }
    state.set(file, "open");
    stack.push(file);
    for (const dep of graph.get(file) ?? []) visit(dep);
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file);
  assert.ok(graph.size > 50, `walked ${graph.size} files`);
});

test("a lower floor never imports a higher one", () => {
  // Floors from the bottom (DESIGN.md §1): a folder may import its own
  // floor and those below it.
  const floor: Record<string, number> = {
    runtime: 0,
    "errors.ts": 0,
    "version.ts": 0,
    options: 1,
    "diagnostics.ts": 1,
    buffer: 2,
    network: 3,
    file: 3,
    rotation: 4,
    degraded: 4,
    sinks: 5,
    logger: 6,
    capture: 6,
    cli: 7,
    adapters: 7,
  };
  // The one upward import allowed: option types name the Target interface
  // (a fallback may be any target), type-only, erased at run time.
  const allowed = new Set(["src/options/policies.ts -> src/buffer/target.ts"]);
  const floorOf = (file: string): number => {
    const top = file.split("/")[1]!;
    const f = floor[top];
    assert.ok(f !== undefined, `${file} is in a folder with no floor`);
    return f;
  };
  const upward: string[] = [];
  for (const [file, deps] of importGraph()) {
    for (const dep of deps) {
      const edge = `${file} -> ${dep}`;
      if (floorOf(dep) > floorOf(file) && !allowed.has(edge)) upward.push(edge);
    }
  }
  assert.deepEqual(upward, []);
});
