/**
 * Following a log like `tail -F`: new lines as they are written, across
 * rotations (reading rotated and gzipped archives it would otherwise miss)
 * and truncation. Memory stays bounded: files are read in blocks of about
 * 64 KiB and `.gz` archives streamed, as fast as the chunks are read.
 *
 * @module
 */
import { integerOption } from "../options/validate.ts";
import { type DiagnosticListener, printDiagnostic } from "../diagnostics.ts";
import { errorCode } from "../errors.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { Platform } from "../runtime/driver.ts";
import {
  closeFile,
  type OpenedFile,
  openFileSize,
  readAt,
} from "../runtime/read_tail.ts";
import { ArchiveNames } from "../file/archive_names.ts";
import {
  type Archive,
  archivesOf,
  lastLinesAcross,
  openArchive,
  openLiveAndArchives,
  reportSkipped,
} from "./_tail_files.ts";
import {
  blockBytes,
  endOfLastLine,
  fingerprintBytes,
  gzipText,
  lastBytes,
  sameBytes,
} from "./_tail_read.ts";
import { Nap, pollingStream } from "./_polling_stream.ts";
import { LineAssembly } from "./_line_assembly.ts";

/**
 * Options of {@linkcode followLines}.
 *
 * @example Usage
 * ```ts
 * import { followLines, type FollowOptions } from "logrotor";
 *
 * const options: FollowOptions = { intervalMs: 1000, fromEnd: false };
 * const chunks = followLines("/tmp/logrotor-doc/app.log", options);
 * // read it with `for await (const chunk of chunks)`; cancel it to stop
 * await chunks.cancel();
 * ```
 */
export interface FollowOptions {
  /**
   * How often the file is checked (ms).
   * @default {250}
   */
  readonly intervalMs?: number;
  /**
   * Start at the end of the file (only new lines; a line being written
   * then is emitted whole once complete) or at its beginning. Ignored when
   * `initialLines` is set.
   * @default {true}
   */
  readonly fromEnd?: boolean;
  /**
   * Start with the last `initialLines` lines (across archives, like
   * {@linkcode tailLines}) and follow on from exactly where they end, so no
   * line written in between is missed or repeated (`tail -n N -F`). With
   * it, a path where neither the live file nor an archive exists fails the
   * stream with a `LogrotorError`; without it the follower waits for the
   * file to appear.
   */
  readonly initialLines?: number;
  /**
   * Told about each archive that was skipped because it cannot be read.
   * @default {printDiagnostic}
   */
  readonly onDiagnostic?: DiagnosticListener;
  /** The platform (tests). */
  readonly platform?: Platform;
}

/**
 * Follows a log file like `tail -F`: emits chunks of whole new lines as
 * they are written, and keeps following across rotation (it finishes the
 * rotated file first, so no line between two checks is missed) and
 * truncation. Chunks are at most about 64 KiB of text and produced only as
 * fast as they are read, so memory stays bounded also when it starts at
 * the beginning of a huge file or reads rotated `.gz` archives (streamed).
 *
 * While the stream is being read it keeps the process alive (like an open
 * socket); cancel it to stop.
 *
 * Truncation (`copytruncate`): the file is taken as truncated when it is
 * shorter than the lines already emitted (GNU `tail -F` checks only that
 * it shrank), or when its first 256 bytes or the 256 bytes before the end
 * of the last emitted line changed, which also catches a file truncated and
 * regrown past the old position between two checks; it is then read again
 * from its start, and an unfinished line cut by the truncation is emitted
 * as it was. When only the unfinished last line changed (a writer cut a
 * torn line off and wrote it again), that line is read again from its
 * start: nothing is repeated. The remaining window: a truncate and
 * regrowth between two checks whose new bytes are identical to the old
 * ones at both places (e.g. a file of identical lines) is taken as growth,
 * and the new file's start, up to the old position, is missed.
 *
 * @param livePath The live log file.
 * @param options Poll interval, start position, diagnostics.
 * @returns A stream of text chunks, each one or more whole lines.
 *
 * @example Usage
 * ```ts
 * import { followLines } from "logrotor";
 *
 * for await (const chunk of followLines("./logs/app.log")) {
 *   console.log(chunk.trimEnd());
 * }
 * ```
 */
export function followLines(
  livePath: string,
  options: FollowOptions = {},
): ReadableStream<string> {
  const intervalMs = integerOption(
    "follower",
    "intervalMs",
    options.intervalMs,
    250,
    1,
  );
  const initialLines = options.initialLines === undefined
    ? undefined
    : integerOption("follower", "initialLines", options.initialLines, 10, 0);
  const platform = options.platform ?? getPlatform();
  const report = options.onDiagnostic ?? printDiagnostic;
  const names = new ArchiveNames(livePath);
  const assembly = new LineAssembly();
  let stopped = false;

  // Archive stamps only grow, so "rotated since" is "stamp above the newest
  // seen": an old archive caught mid-compression does not look new.
  let newestKnown: number | undefined;
  let current: OpenedFile | undefined;
  /** Where the next read starts. */
  let offset = 0;
  /** Just after the last newline read (what is emitted ends here). */
  let lineEnd = 0;
  /** Fingerprints: the first bytes read, and the last before `lineEnd`
   * and before `offset`. */
  let head: Uint8Array = new Uint8Array(0);
  let beforeLineEnd: Uint8Array = new Uint8Array(0);
  let beforeOffset: Uint8Array = new Uint8Array(0);

  function newerThanKnown(archives: Archive[]): Archive[] {
    return archives.filter((a) =>
      newestKnown === undefined || a.stamp > newestKnown
    );
  }

  function remember(archives: Archive[]): void {
    for (const a of archives) {
      if (newestKnown === undefined || a.stamp > newestKnown) {
        newestKnown = a.stamp;
      }
    }
  }

  /** Starts following `opened` at `at`, a line boundary. */
  function follow(opened: OpenedFile, at: number): void {
    current = opened;
    offset = lineEnd = at;
    head = readAt(opened.fd, 0, Math.min(fingerprintBytes, at));
    beforeOffset = beforeLineEnd = readAt(
      opened.fd,
      Math.max(0, at - fingerprintBytes),
      Math.min(fingerprintBytes, at),
    );
  }

  function unchanged(fd: number, end: number, bytes: Uint8Array): boolean {
    return sameBytes(readAt(fd, end - bytes.length, bytes.length), bytes);
  }

  /**
   * What changed under the followed file: `"none"` (it only grew),
   * `"unfinished"` (only the unfinished last line was rewritten: a writer
   * cut a torn line and wrote it again) or `"all"` (truncated, maybe
   * regrown: `copytruncate`).
   */
  function changed(fd: number, size: number): "none" | "unfinished" | "all" {
    const headKept = Math.min(head.length, lineEnd);
    if (
      size < lineEnd || !unchanged(fd, headKept, head.subarray(0, headKept))
    ) {
      return "all";
    }
    if (!unchanged(fd, lineEnd, beforeLineEnd)) return "all";
    if (offset === lineEnd) return "none";
    return size < offset || !unchanged(fd, offset, beforeOffset)
      ? "unfinished"
      : "none";
  }

  /** Reads the followed file from `offset` to its current end. */
  function* readCurrent(): Generator<string> {
    if (current === undefined) return;
    const fd = current.fd;
    const size = openFileSize(fd);
    const change = changed(fd, size);
    if (change === "all") {
      const cut = assembly.endLine(); // a line cut short by the truncation
      if (cut !== "") yield cut;
      offset = lineEnd = 0;
      head = beforeLineEnd = beforeOffset = new Uint8Array(0);
    } else if (change === "unfinished") {
      // Read the line again from its start; its old head is not a line.
      assembly.discard();
      offset = lineEnd;
      beforeOffset = beforeLineEnd;
      head = head.subarray(0, Math.min(head.length, lineEnd));
    }
    while (offset < size && !stopped) {
      const bytes = readAt(fd, offset, Math.min(blockBytes, size - offset));
      if (bytes.length === 0) break;
      if (offset < fingerprintBytes && head.length === offset) {
        head = lastBytes(head, bytes.subarray(0, fingerprintBytes - offset));
      }
      const newline = bytes.lastIndexOf(10);
      if (newline >= 0) {
        beforeLineEnd = lastBytes(beforeOffset, bytes.subarray(0, newline + 1));
        lineEnd = offset + newline + 1;
      }
      beforeOffset = lastBytes(beforeOffset, bytes);
      offset += bytes.length;
      const text = assembly.take(bytes);
      if (text !== "") yield text;
    }
  }

  /** The whole text of a rotated archive, in chunks, then its last line. */
  async function* readArchive(archive: string): AsyncGenerator<string> {
    let found: ReturnType<typeof openArchive>;
    try {
      found = openArchive(archive);
    } catch (err) {
      reportSkipped(report, archive, err);
      return;
    }
    if (found === undefined) return;
    const { opened, path, gzip } = found;
    try {
      if (gzip) {
        for await (const text of gzipText(opened.fd)) {
          const whole = assembly.takeText(text);
          if (whole !== "") yield whole;
          if (stopped) return;
        }
      } else {
        for (let at = 0;; at += blockBytes) {
          const bytes = readAt(opened.fd, at, blockBytes);
          if (bytes.length === 0 || stopped) break;
          const text = assembly.take(bytes);
          if (text !== "") yield text;
        }
      }
    } catch (err) {
      // What was emitted before the error stays emitted.
      reportSkipped(report, path, err);
    } finally {
      closeFile(opened.fd);
    }
    const last = assembly.endLine();
    if (last !== "") yield last;
  }

  /**
   * Opens the live file and records the archives that exist then (see
   * `openLiveAndArchives`). Archives that appeared since the last known
   * list (rotations between two opens) are read whole first.
   */
  async function* openLive(atEnd: boolean): AsyncGenerator<string> {
    let start;
    try {
      start = openLiveAndArchives(livePath, platform.fs, names);
    } catch (err) {
      if (errorCode((err as { cause?: unknown }).cause) === "ENOENT") return;
      throw err;
    }
    const { opened, archives } = start;
    if (opened === undefined) return; // only archives: wait for the file
    for (const missed of newerThanKnown(archives)) {
      yield* readArchive(missed.archive);
    }
    remember(archives);
    // At the end: from the last line boundary, so the line being written
    // then is emitted whole once it is complete.
    follow(
      opened,
      atEnd ? endOfLastLine(opened.fd, openFileSize(opened.fd)) : 0,
    );
  }

  /** One check: new lines, rotation, truncation. */
  async function* poll(atEnd: boolean): AsyncGenerator<string> {
    if (current === undefined) {
      yield* openLive(atEnd);
      if (current === undefined) return;
    }
    yield* readCurrent();
    const followed = current as OpenedFile;
    // Stat, then list: a rename between the two shows up as a new archive,
    // so whenever the path has moved on, the followed file is in `fresh`.
    const moved = platform.fs.stat(livePath)?.ino !== followed.ino;
    const fresh = newerThanKnown(archivesOf(platform.fs, names));
    if (fresh.length === 0 && !moved) return;
    // Rotated (or moved away by another tool): finish the followed file
    // through its fd, then the archives rotated after it, then the new file.
    yield* readCurrent();
    const last = assembly.endLine();
    if (last !== "") yield last;
    closeFile(followed.fd);
    current = undefined;
    remember(fresh);
    for (const [i, entry] of fresh.entries()) {
      if (i === 0) continue; // the followed file itself, read through its fd
      yield* readArchive(entry.archive);
    }
    yield* openLive(false);
    yield* readCurrent();
  }

  /** Opens the start position given by `initialLines`, emitting those lines. */
  async function* startWithLines(count: number): AsyncGenerator<string> {
    const { opened, archives } = openLiveAndArchives(
      livePath,
      platform.fs,
      names,
    );
    remember(archives);
    // Whole lines only: a partial last line is emitted once it is complete.
    const end = opened === undefined
      ? 0
      : endOfLastLine(opened.fd, openFileSize(opened.fd));
    if (opened !== undefined) follow(opened, end);
    if (count === 0) return;
    const lines = await lastLinesAcross(opened, end, archives, count, report);
    if (lines.length > 0) yield lines.join("\n") + "\n";
  }

  const nap = new Nap();

  async function* run(): AsyncGenerator<string> {
    try {
      let atEnd = options.fromEnd !== false;
      if (initialLines !== undefined) {
        yield* startWithLines(initialLines);
        atEnd = false;
      } else {
        // What is archived now is history.
        remember(archivesOf(platform.fs, names));
      }
      while (!stopped) {
        let emitted = false;
        for await (const text of poll(atEnd)) {
          emitted = true;
          yield text;
        }
        atEnd = false;
        if (!emitted && !stopped) await nap.sleep(intervalMs);
      }
    } finally {
      if (current !== undefined) closeFile(current.fd);
      current = undefined;
    }
  }

  return pollingStream(run(), () => {
    stopped = true;
    nap.wake();
  });
}
