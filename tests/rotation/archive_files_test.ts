import assert from "node:assert/strict";
import { test } from "node:test";
import {
  archivePathsOnDisk,
  freeArchivePath,
  futureSlackMs,
  newestArchiveOnDisk,
} from "../../src/rotation/archive_files.ts";
import { faultyDriver } from "../_fixtures/memory_driver.ts";
import { memoryContext, t0 } from "../_fixtures/memory_rotation.ts";

const put = (
  memory: { files: Map<string, Uint8Array<ArrayBuffer>> },
  path: string,
) => memory.files.set(path, new Uint8Array(1));

test("newestArchiveOnDisk: the highest stamp and suffix, ignoring names more than a minute in the future and foreign files", () => {
  const { memory, ctx } = memoryContext();
  const names = ctx.names;
  assert.deepEqual(newestArchiveOnDisk(memory, names, t0), {
    stamp: -Infinity,
    seq: 0,
  });
  put(memory, names.archivePath(t0 - 5000));
  put(memory, `${names.archivePath(t0 - 1000, 2)}.gz`);
  put(memory, names.archivePath(t0 - 1000, 1));
  put(memory, names.archivePath(t0 + futureSlackMs + 1)); // in the future
  put(memory, "/logs/other.2030-01-01T00-00-00.000Z.log"); // not ours
  assert.deepEqual(newestArchiveOnDisk(memory, names, t0), {
    stamp: t0 - 1000,
    seq: 2,
  });
  put(memory, names.archivePath(t0 + futureSlackMs)); // within the slack
  assert.equal(
    newestArchiveOnDisk(memory, names, t0).stamp,
    t0 + futureSlackMs,
  );
  // an unreadable directory: nothing known (the name check still guards)
  const broken = faultyDriver(memory, [
    { op: "readdir", call: 1, code: "EACCES" },
  ]);
  assert.deepEqual(newestArchiveOnDisk(broken, names, t0), {
    stamp: -Infinity,
    seq: 0,
  });
});

test("freeArchivePath: the hint's stamp when it is newer than every archive, else the newest stamp with the next suffix; taken .gz and .gz.tmp names are skipped", () => {
  const { memory, ctx } = memoryContext();
  const names = ctx.names;
  assert.equal(
    freeArchivePath(memory, names, t0 + 0.7, t0),
    names.archivePath(t0),
  );
  put(memory, names.archivePath(t0));
  assert.equal(
    freeArchivePath(memory, names, t0, t0),
    names.archivePath(t0, 1),
  );
  // an archive newer than the hint (another writer, a clock step back)
  assert.equal(
    freeArchivePath(memory, names, t0 - 10_000, t0),
    names.archivePath(t0, 1),
  );
  put(memory, `${names.archivePath(t0, 1)}.gz.tmp`);
  assert.equal(
    freeArchivePath(memory, names, t0, t0),
    names.archivePath(t0, 2),
  );
  // a name in the future does not steer naming, and is never overwritten
  const future = t0 + futureSlackMs + 5;
  put(memory, `${names.archivePath(future)}.gz`);
  assert.equal(
    freeArchivePath(memory, names, future, t0),
    names.archivePath(future, 1),
  );
});

test("freeArchivePath throws when all 1,000 names of a stamp are taken", () => {
  const { memory, ctx } = memoryContext();
  put(memory, ctx.names.archivePath(t0, 999));
  assert.throws(
    () => freeArchivePath(memory, ctx.names, t0, t0),
    /every archive name for \d+ is taken/,
  );
});

test("archivePathsOnDisk lists archives and .gz in rotation order, without .tmp or foreign files", () => {
  const { memory, ctx } = memoryContext();
  const names = ctx.names;
  put(memory, names.archivePath(t0, 1));
  put(memory, `${names.archivePath(t0 - 1)}.gz`);
  put(memory, names.archivePath(t0));
  put(memory, `${names.archivePath(t0 + 1)}.gz.tmp`);
  put(memory, "/logs/app.log");
  put(memory, "/logs/notes.txt");
  assert.deepEqual(archivePathsOnDisk(memory, names), [
    `${names.archivePath(t0 - 1)}.gz`,
    names.archivePath(t0),
    names.archivePath(t0, 1),
  ]);
});
