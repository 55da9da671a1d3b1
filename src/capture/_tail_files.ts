/**
 * The files of a log for reading back: its archives, the live file opened
 * consistently with them, and the last lines across both (private to
 * `tail.ts`).
 *
 * @module
 */
import { join } from "../file/_path.ts";
import { type DiagnosticListener, emitDiagnostic } from "../diagnostics.ts";
import { errorCode, LogrotorError } from "../errors.ts";
import type { FileDriver } from "../runtime/driver.ts";
import {
  closeFile,
  type OpenedFile,
  openFileSize,
  openForReading,
} from "../runtime/read_tail.ts";
import type { ArchiveNames } from "../file/archive_names.ts";
import { lastLinesOfFile, lastLinesOfGzip } from "./_tail_read.ts";

export interface Archive {
  readonly stamp: number;
  readonly archive: string;
}

/** Archives by name alone (no stat: a file mid-compression still counts). */
export function archivesOf(fs: FileDriver, names: ArchiveNames): Archive[] {
  const byStamp = new Map<number, string>();
  for (const name of fs.readdir(names.dir)) {
    const parsed = names.parse(name);
    if (parsed !== undefined && !parsed.temporary) {
      // same-moment archives are told apart by a suffix (at most 999)
      byStamp.set(
        parsed.stamp * 1000 + parsed.seq,
        join(names.dir, parsed.archive),
      );
    }
  }
  return [...byStamp].sort(([a], [b]) => a - b).map(([stamp, archive]) => ({
    stamp,
    archive,
  }));
}

/**
 * A caught error in one line, its code once (`ENOENT: no such file …`,
 * Deno's `Requires read access …, run again with the --allow-read flag`).
 *
 * @param err Anything caught.
 * @returns The first line of its message, prefixed by its code if any.
 */
function describeCause(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err))
    .split("\n")[0] as string;
  const code = errorCode(err);
  return code === "UNKNOWN" || message.startsWith(code)
    ? message
    : `${code}: ${message}`;
}

function cannotRead(path: string, err: unknown): LogrotorError {
  return new LogrotorError(
    "OPEN_FAILED",
    `Cannot read ${path} as ${describeCause(err)}`,
    { cause: err },
  );
}

/**
 * Opens the live file and lists its archives so that every listed archive
 * is older than the opened file: when the path names another inode after
 * the listing (a rotation in between), it tries again.
 *
 * @throws {LogrotorError} `OPEN_FAILED` when the live file cannot be read
 *   (not a file, no permission) or neither it nor an archive exists.
 */
export function openLiveAndArchives(
  livePath: string,
  fs: FileDriver,
  names: ArchiveNames,
): { opened: OpenedFile | undefined; archives: Archive[] } {
  for (let attempt = 0;; attempt++) {
    let opened: OpenedFile | undefined;
    try {
      opened = openForReading(livePath);
    } catch (err) {
      throw cannotRead(livePath, err);
    }
    const archives = archivesOf(fs, names);
    if (opened === undefined) {
      if (archives.length > 0) return { opened, archives };
      throw cannotRead(
        livePath,
        Object.assign(new Error("no such file or directory"), {
          code: "ENOENT",
        }),
      );
    }
    if (attempt >= 20 || fs.stat(livePath)?.ino === opened.ino) {
      return { opened, archives };
    }
    closeFile(opened.fd); // rotated while we looked: again
  }
}

/** Opens an archive: the plain file, else its `.gz`, else `undefined`. */
export function openArchive(
  archive: string,
): { opened: OpenedFile; path: string; gzip: boolean } | undefined {
  const plain = openForReading(archive);
  if (plain !== undefined) return { opened: plain, path: archive, gzip: false };
  const gz = openForReading(`${archive}.gz`);
  if (gz === undefined) return undefined; // deleted by retention
  return { opened: gz, path: `${archive}.gz`, gzip: true };
}

export function reportSkipped(
  report: DiagnosticListener,
  path: string,
  err: unknown,
): void {
  emitDiagnostic(report, {
    kind: "error",
    target: path,
    message: `skipped as it cannot be read (${
      describeCause(err)
    }); its lines are left out`,
    error: err,
    time: Date.now(),
  });
}

/**
 * The last `count` lines of one archive; a corrupt or unreadable one is
 * reported and gives none (a gzip error may come after wrong bytes, so
 * nothing of it is trusted).
 */
async function lastLinesOfArchive(
  archive: string,
  count: number,
  report: DiagnosticListener,
): Promise<string[]> {
  let found: ReturnType<typeof openArchive>;
  try {
    found = openArchive(archive);
  } catch (err) {
    reportSkipped(report, archive, err);
    return [];
  }
  if (found === undefined) return [];
  const { opened, path, gzip } = found;
  try {
    return gzip
      ? await lastLinesOfGzip(opened.fd, count)
      : lastLinesOfFile(opened.fd, openFileSize(opened.fd), count);
  } catch (err) {
    reportSkipped(report, path, err);
    return [];
  } finally {
    closeFile(opened.fd);
  }
}

/**
 * The last `count` lines of the first `end` bytes of the live file, then of
 * the archives (newest first) while there are fewer.
 */
export async function lastLinesAcross(
  live: OpenedFile | undefined,
  end: number,
  archives: readonly Archive[],
  count: number,
  report: DiagnosticListener,
): Promise<string[]> {
  let lines = live === undefined ? [] : lastLinesOfFile(live.fd, end, count);
  for (let i = archives.length - 1; i >= 0 && lines.length < count; i--) {
    const older = await lastLinesOfArchive(
      (archives[i] as Archive).archive,
      count - lines.length,
      report,
    );
    lines = [...older, ...lines];
  }
  return lines;
}
