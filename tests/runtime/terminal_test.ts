import assert from "node:assert/strict";
import { test } from "node:test";
import * as tty from "node:tty";
import { colorsWanted } from "../../src/runtime/terminal.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

test("colorsWanted() follows the terminal unless NO_COLOR or FORCE_COLOR say otherwise", () => {
  assert.equal(colorsWanted("stdout", env({}), true), true);
  assert.equal(colorsWanted("stdout", env({}), false), false);
  assert.equal(colorsWanted("stdout", env({ NO_COLOR: "1" }), true), false);
  assert.equal(colorsWanted("stdout", env({ NO_COLOR: "" }), true), true);
  assert.equal(colorsWanted("stderr", env({ FORCE_COLOR: "1" }), false), true);
  assert.equal(colorsWanted("stderr", env({ FORCE_COLOR: "0" }), true), false);
  assert.equal(
    colorsWanted("stdout", env({ FORCE_COLOR: "1", NO_COLOR: "1" }), false),
    true,
  );
});

test("colorsWanted() asks the real stream when not told", () => {
  assert.equal(colorsWanted("stderr", env({}), undefined), tty.isatty(2));
  assert.equal(colorsWanted("stdout", env({}), undefined), tty.isatty(1));
});
