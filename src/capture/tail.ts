/**
 * Reading logs back: the last lines across the live file and its rotated
 * (and gzipped) archives, and following the live file across rotations.
 *
 * @module
 */
import { join } from "../_path.ts";
import { integerOption } from "../_options.ts";
import { errorCode } from "../errors.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import {
  closeFile,
  type OpenedFile,
  openFileSize,
  openForReading,
  readAt,
} from "../runtime/read_tail.ts";
import { ArchiveNames } from "../sinks/archive_names.ts";
import { listArchives } from "../sinks/retention.ts";

const decoder = new TextDecoder();
const newlineBytes = new TextEncoder().encode("\n");

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The bytes of an archive: the plain file when it is there, else its `.gz`
 * gunzipped. The compressor renames `x.gz` into place before it unlinks
 * `x`, so when the plain file vanishes while we read, the `.gz` is there.
 */
async function archiveBytes(
  fs: FileDriver,
  archive: string,
): Promise<Uint8Array> {
  try {
    return fs.readFile(archive);
  } catch (err) {
    if (errorCode(err) !== "ENOENT") throw err;
  }
  try {
    return await gunzip(fs.readFile(`${archive}.gz`));
  } catch (err) {
    if (errorCode(err) === "ENOENT") return new Uint8Array(0); // deleted by retention
    throw err;
  }
}

/**
 * Options of {@linkcode tailLines}.
 *
 * @example Usage
 * ```ts
 * import { tailLines, type TailOptions } from "./tail.ts";
 * import { getPlatform } from "../runtime/detect.ts";
 *
 * const options: TailOptions = { fs: getPlatform().fs };
 * const last = await tailLines("/tmp/logrotor-doc/app.log", 20, options);
 * ```
 */
export interface TailOptions {
  /** The file driver (tests). */
  readonly fs?: FileDriver;
}

/**
 * The last `count` lines of a log, reading back through its archives
 * (newest first, gunzipping `.gz` ones) when the live file holds fewer.
 *
 * @param livePath The live log file (`logs/app.log`).
 * @param count How many lines.
 * @param options The file driver.
 * @returns Up to `count` lines, oldest first, without newlines.
 *
 * @example Usage
 * ```ts ignore
 * import { tailLines } from "./tail.ts";
 *
 * const last = await tailLines("./logs/app.log", 20);
 * ```
 */
export async function tailLines(
  livePath: string,
  count: number,
  options: TailOptions = {},
): Promise<string[]> {
  integerOption("tail", "count", count, 10, 0);
  const fs = options.fs ?? getPlatform().fs;
  let lines: string[] = [];
  if (count === 0) return lines;
  const live = fs.stat(livePath) === undefined
    ? ""
    : decoder.decode(fs.readFile(livePath));
  lines = splitLines(live);
  const archives = listArchives(fs, new ArchiveNames(livePath));
  for (let i = archives.length - 1; i >= 0 && lines.length < count; i--) {
    const entry = archives[i];
    if (entry === undefined) continue;
    const text = decoder.decode(await archiveBytes(fs, entry.archive));
    lines = [...splitLines(text), ...lines];
  }
  return lines.slice(Math.max(0, lines.length - count));
}

/**
 * Options of {@linkcode followLines}.
 *
 * @example Usage
 * ```ts
 * import { followLines, type FollowOptions } from "./tail.ts";
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
   * Start at the end of the file (only new lines) or at its beginning.
   * @default {true}
   */
  readonly fromEnd?: boolean;
  /** The platform (tests). */
  readonly platform?: Platform;
}

/**
 * Follows a log file like `tail -F`: emits chunks of whole new lines as
 * they are written, and keeps following across rotation (it finishes the
 * rotated file first, so no line between two checks is missed) and
 * truncation. Cancel the stream to stop.
 *
 * @param livePath The live log file.
 * @param options Poll interval and start position.
 * @returns A stream of text chunks, each one or more whole lines.
 *
 * @example Usage
 * ```ts ignore
 * import { followLines } from "./tail.ts";
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
  const platform = options.platform ?? getPlatform();
  const names = new ArchiveNames(livePath);
  const window = 4 * 1024 * 1024;
  let partial = "";
  let timer: { cancel(): void } | undefined;

  function take(bytes: Uint8Array): string {
    const text = partial + decoder.decode(bytes);
    const cut = text.lastIndexOf("\n") + 1;
    partial = text.slice(cut);
    return text.slice(0, cut);
  }

  // Archive stamps only grow, so "rotated since" is "stamp above the newest
  // seen": an old archive caught mid-compression does not look new.
  let newestKnown: number | undefined;
  let started = false;
  let current: OpenedFile | undefined;
  let offset = 0;

  /** Archives by name alone (no stat: a file mid-compression still counts). */
  function archivesNow(): Array<{ stamp: number; archive: string }> {
    const byStamp = new Map<number, string>();
    for (const name of platform.fs.readdir(names.dir)) {
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

  function newerThanKnown(
    archives: Array<{ stamp: number; archive: string }>,
  ): Array<{ stamp: number; archive: string }> {
    return archives.filter((a) =>
      newestKnown === undefined || a.stamp > newestKnown
    );
  }

  function remember(archives: Array<{ stamp: number }>): void {
    for (const a of archives) {
      if (newestKnown === undefined || a.stamp > newestKnown) {
        newestKnown = a.stamp;
      }
    }
  }

  /** Reads the followed file from `offset` to its current end. */
  function readCurrent(): string {
    if (current === undefined) return "";
    const size = openFileSize(current.fd);
    if (size < offset) {
      partial = ""; // truncated in place: start over
      offset = 0;
    }
    let text = "";
    while (offset < size) {
      const bytes = readAt(current.fd, offset, Math.min(window, size - offset));
      if (bytes.length === 0) break;
      offset += bytes.length;
      text += take(bytes);
    }
    return text;
  }

  function endLine(): string {
    return partial === "" ? "" : take(newlineBytes);
  }

  /**
   * Opens the live file and records the archives that exist then. The
   * live file must still be the one opened after listing, so the next new
   * archive is certainly this file rotated away. Archives that appeared
   * since the last known list (rotations between two opens) are read whole
   * first.
   */
  async function openLive(atEnd: boolean): Promise<string> {
    let text = "";
    for (let attempt = 0; attempt < 20; attempt++) {
      const opened = openForReading(livePath);
      if (opened === undefined) return text;
      const archives = archivesNow();
      if (platform.fs.stat(livePath)?.ino !== opened.ino) {
        closeFile(opened.fd); // rotated while we looked: again
        continue;
      }
      for (const missed of newerThanKnown(archives)) {
        text += take(await archiveBytes(platform.fs, missed.archive));
        text += endLine();
      }
      remember(archives);
      current = opened;
      offset = atEnd ? openFileSize(opened.fd) : 0;
      return text;
    }
    return text;
  }

  async function poll(): Promise<string> {
    let text = "";
    let atEnd = false;
    if (!started) {
      // First look: what is archived now is history; start at the end of
      // the live file, or at its beginning.
      started = true;
      remember(archivesNow());
      atEnd = options.fromEnd !== false;
    }
    if (current === undefined) {
      text += await openLive(atEnd);
      if (current === undefined) return text;
    }
    text += readCurrent();
    const followed = current as OpenedFile;
    // Stat, then list: a rename between the two shows up as a new archive,
    // so whenever the path has moved on, the followed file is in `fresh`.
    const moved = platform.fs.stat(livePath)?.ino !== followed.ino;
    const fresh = newerThanKnown(archivesNow());
    if (fresh.length === 0 && !moved) return text;
    // Rotated (or moved away by another tool): finish the followed file
    // through its fd, then the archives rotated after it, then the new file.
    text += readCurrent() + endLine();
    closeFile(followed.fd);
    current = undefined;
    remember(fresh);
    for (const [i, entry] of fresh.entries()) {
      if (i === 0) continue; // the followed file itself, read through its fd
      text += take(await archiveBytes(platform.fs, entry.archive)) + endLine();
    }
    text += await openLive(false);
    return text + readCurrent();
  }

  return new ReadableStream<string>({
    start(controller) {
      const tick = async () => {
        try {
          const text = await poll();
          if (text !== "") controller.enqueue(text);
        } catch (err) {
          controller.error(err);
          return;
        }
        timer = platform.after(intervalMs, tick);
      };
      tick();
    },
    cancel() {
      timer?.cancel();
      if (current !== undefined) closeFile(current.fd);
      current = undefined;
    },
  });
}
