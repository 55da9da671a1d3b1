// Reading a failed write: degrade codes, the cause under a TargetWriteError,
// the start of a torn line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TargetWriteError } from "../../src/buffer/target.ts";
import {
  causeOf,
  degradeCodes,
  lineStartBefore,
} from "../../src/degraded/_write_failure.ts";
import { noFileCode } from "../../src/file/variant_choice.ts";

test("the file system refusing writes, or no file, degrades; other codes do not", () => {
  for (const code of ["ENOSPC", "EDQUOT", "EROFS", "EFBIG", noFileCode]) {
    assert.ok(degradeCodes.has(code), code);
  }
  for (const code of ["EACCES", "EBADF", "EIO", ""]) {
    assert.ok(!degradeCodes.has(code), code);
  }
});

test("causeOf unwraps a TargetWriteError and passes anything else through", () => {
  const cause = new Error("no space");
  assert.equal(causeOf(new TargetWriteError(cause, 3)), cause);
  assert.equal(causeOf(cause), cause);
  assert.equal(causeOf("text"), "text");
});

test("lineStartBefore finds the start of the line holding byte end - 1", () => {
  const bytes = new TextEncoder().encode("ab\ncde\nfg");
  assert.equal(lineStartBefore(bytes, 0, 9), 7); // "fg"
  assert.equal(lineStartBefore(bytes, 0, 5), 3); // "cd" of "cde"
  assert.equal(lineStartBefore(bytes, 0, 7), 3); // "cde\n": its own start
  assert.equal(lineStartBefore(bytes, 4, 6), 4); // not before offset
  assert.equal(lineStartBefore(bytes, 0, 2), 0);
});
