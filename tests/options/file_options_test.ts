import assert from "node:assert/strict";
import { test } from "node:test";
import {
  fileModeRow,
  fileSinkOptionTable,
  rotatingSinkOptionTable,
} from "../../src/options/file_options.ts";

test("the file sink's table has mode; the rotating sink's has rotation but no mode", () => {
  const file = fileSinkOptionTable.map((row) => row.name);
  const rotating = rotatingSinkOptionTable.map((row) => row.name);
  assert.ok(file.includes(fileModeRow.name));
  assert.ok(!(rotating as string[]).includes("mode"));
  assert.ok((rotating as string[]).includes("maxSize"));
  assert.ok(rotating.includes("flushBytes") && rotating.includes("onLocked"));
  assert.equal(new Set(file).size, file.length, "no name twice");
  assert.equal(new Set(rotating).size, rotating.length, "no name twice");
});

test("every row has a doc, and a row without a flag says why", () => {
  for (const row of rotatingSinkOptionTable) {
    assert.ok(row.doc.length > 0, row.name);
    if (!("name" in row.flag)) assert.ok(row.flag.none.length > 0, row.name);
  }
});
