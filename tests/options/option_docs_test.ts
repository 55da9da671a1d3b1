import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultText, optionReference } from "../../src/options/option_docs.ts";
import { bufferOptionTable } from "../../src/options/buffer_options.ts";
import { rotationOptionTable } from "../../src/options/rotation_options.ts";

test("defaultText shows sizes, durations, choices and switches as people write them", () => {
  const shown = Object.fromEntries(
    bufferOptionTable.map((row) => [row.name, defaultText(row)]),
  );
  assert.deepEqual(shown, {
    flushBytes: "256K",
    flushIntervalMs: "100ms",
    maxBufferedBytes: "8M",
    overflow: "block",
    blockTimeoutMs: "5s",
    overflowTimeoutMs: "100ms",
    fsync: "close",
    maxLineBytes: "1M",
    onDiagnostic: undefined,
    flushOnExit: "on",
  });
  const every = rotationOptionTable.find((row) => row.name === "every")!;
  assert.equal(defaultText(every, "help"), "never");
  assert.equal(defaultText(every, "docs"), "never");
});

test("optionReference has a line per row with its flag, or why there is none", () => {
  const text = optionReference([
    { title: "Rotation", rows: rotationOptionTable },
  ]);
  assert.match(text, /^### Rotation$/m);
  assert.match(
    text,
    /^\| `maxSize` \(deprecated alias `maxBytes`\) \| .* \| `--max-size` \| yes \|/m,
  );
  assert.match(
    text,
    /^\| `now` \| function \| — \| — \(a function \(tests\)\) \| — \|/m,
  );
  assert.equal(
    text.split("\n").filter((line) => line.startsWith("| `")).length,
    rotationOptionTable.length,
  );
});
