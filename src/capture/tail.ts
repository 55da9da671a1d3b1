/**
 * Reading logs back: the last lines across the live file and its rotated
 * (and gzipped) archives, and following the live file across rotations.
 *
 * @module
 */
import { integerOption } from "../_options.ts";
import { errorCode } from "../errors.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { FileDriver, Platform } from "../runtime/driver.ts";
import { readFileTail } from "../runtime/read_tail.ts";
import { ArchiveNames } from "../sinks/archive_names.ts";
import { listArchives } from "../sinks/retention.ts";

const decoder = new TextDecoder();

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

/** Options of {@linkcode tailLines}. */
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

/** Options of {@linkcode followLines}. */
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
  let offset: number | undefined;
  let ino: number | undefined;
  let partial = "";
  let timer: { cancel(): void } | undefined;

  function take(bytes: Uint8Array): string {
    const text = partial + decoder.decode(bytes);
    const cut = text.lastIndexOf("\n") + 1;
    partial = text.slice(cut);
    return text.slice(0, cut);
  }

  let known = new Set(listArchives(platform.fs, names).map((a) => a.archive));

  /**
   * After a rotation: the rest of the file we were following (the first
   * archive that appeared since the last rotation, compressed or not), then
   * every later new archive whole (several rotations can happen between two
   * checks).
   */
  async function finishRotated(): Promise<string> {
    const archives = listArchives(platform.fs, names);
    const fresh = archives.filter((a) => !known.has(a.archive));
    known = new Set(archives.map((a) => a.archive));
    let text = "";
    for (const [i, entry] of fresh.entries()) {
      const bytes = await archiveBytes(platform.fs, entry.archive);
      text += take(i === 0 ? bytes.subarray(offset ?? 0) : bytes);
      if (partial !== "") text += take(new TextEncoder().encode("\n"));
    }
    return text;
  }

  /**
   * Reads from `offset` to the end of the live file, in windows, as long as
   * it is still the file with inode `expected` (a rotation in between is
   * left to the next poll).
   */
  function readOn(expected: number): string {
    let text = "";
    for (;;) {
      const part = readFileTail(livePath, offset ?? 0, window);
      if (part === undefined || part.ino !== expected) return text;
      offset = part.start + part.bytes.length;
      text += take(part.bytes);
      if (part.bytes.length < window) return text;
    }
  }

  async function poll(): Promise<string> {
    const now = readFileTail(livePath, undefined, 0);
    if (now === undefined) return "";
    if (offset === undefined) {
      // First look: start at the end, or at the beginning.
      offset = options.fromEnd === false ? 0 : now.size;
      ino = now.ino;
    }
    let text = "";
    if (now.ino !== ino) {
      text += await finishRotated();
      partial = "";
      offset = 0;
    } else if (now.size < offset) {
      partial = ""; // truncated in place: start over
      offset = 0;
    }
    ino = now.ino;
    return text + readOn(now.ino);
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
    },
  });
}
