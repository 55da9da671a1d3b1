import assert from "node:assert/strict";
import { test } from "node:test";
import { FileTarget } from "../../compose.ts";
import { TargetWriteError } from "../../src/buffer/target.ts";
import { RecoveryProbe } from "../../src/degraded/recovery_probe.ts";
import { MemoryDriver } from "../_fixtures/memory_driver.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function memoryFile(capacity = Infinity) {
  const fs = new MemoryDriver();
  fs.mkdirp("/logs");
  fs.capacity = capacity;
  const file = new FileTarget(fs, "/logs/app.log", {
    mode: "append",
    mkdir: true,
  });
  return { fs, file };
}

test("RecoveryProbe waits for minFreeBytes of free space, except at close", () => {
  const { fs, file } = memoryFile(100);
  const probe = new RecoveryProbe(fs, 1000, 0);
  assert.equal(probe.run(file, false), false, "100 bytes free < 1000");
  assert.equal(file.isOpen, false, "not even opened");
  assert.equal(probe.run(file, true), true, "the last try at close");
  assert.equal(file.isOpen, true);
});

test("RecoveryProbe pays the torn line's rest first, then the spooled lines, and counts the replayed ones", () => {
  const { fs, file } = memoryFile();
  const probe = new RecoveryProbe(fs, 0, 1024);
  probe.spool(encoder.encode("b\nc\n"), 2);
  probe.oweRest(encoder.encode("rest\n"), encoder.encode("he"));
  assert.equal(probe.pendingBytes, 9);
  assert.equal(probe.run(file, false), true);
  assert.equal(fs.text("/logs/app.log"), "rest\nb\nc\n");
  assert.equal(probe.replayedLines, 2);
  assert.equal(probe.pendingBytes, 0);
});

test("RecoveryProbe spools only up to replayBytes and counts the lines it skipped", () => {
  const { fs } = memoryFile();
  const probe = new RecoveryProbe(fs, 0, 4);
  probe.spool(encoder.encode("a\nb\n"), 2);
  probe.spool(encoder.encode("c\n"), 1);
  assert.equal(probe.pendingBytes, 4);
  assert.equal(probe.skippedLines, 1);
  const off = new RecoveryProbe(fs, 0, 0);
  off.spool(encoder.encode("a\n"), 1);
  assert.equal(off.pendingBytes, 0);
  assert.equal(off.skippedLines, 0, "replay off: nothing to skip");
});

test("RecoveryProbe: a write that fails midway keeps exactly what did not land, and the torn head grows by what did", () => {
  const { fs, file } = memoryFile(3);
  const probe = new RecoveryProbe(fs, 0, 0);
  probe.oweRest(encoder.encode("12345\n"), encoder.encode("he"));
  assert.throws(
    () => probe.run(file, true),
    (err) => err instanceof TargetWriteError && err.written === 3,
  );
  assert.equal(fs.text("/logs/app.log"), "123");
  assert.equal(probe.pendingBytes, 3);
  const torn: string[] = [];
  probe.drain((line) => torn.push(decoder.decode(line)));
  assert.deepEqual(torn, ["he12345\n"], "the whole line, for the fallback");
  assert.equal(probe.pendingBytes, 0);
});

test("RecoveryProbe.drain hands over torn lines only (spooled ones are in the fallback already) and empties the ledger", () => {
  const { fs } = memoryFile();
  const probe = new RecoveryProbe(fs, 0, 1024);
  probe.spool(encoder.encode("s\n"), 1);
  probe.oweRest(encoder.encode("st\n"), encoder.encode("fir"));
  const torn: string[] = [];
  probe.drain((line) => {
    torn.push(decoder.decode(line));
    probe.spool(line, 1); // a fallback that spools again: cleared anyway
  });
  assert.deepEqual(torn, ["first\n"]);
  assert.equal(probe.pendingBytes, 0);
});
