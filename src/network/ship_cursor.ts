/**
 * The file shipper's state file: where shipping resumes after a restart.
 * It records the file (by {@linkcode FileFingerprint}, plus the archive name
 * once the shipper knows it) and the byte offset just after the last line
 * the collector settled, and is replaced atomically: written to
 * `<state>.tmp`, fsynced, renamed over `<state>`, and the directory fsynced.
 * A crash at any moment leaves either the old or the new state, whole.
 *
 * The format is one JSON object (version 1):
 * `{"version":1,"file":{dev,ino,headLength,headHash},"name":"app.log",
 *   "archive":"app.<stamp>.log"|null,"offset":N,"unsettled":N,"savedAt":ms}`.
 * `offset` counts uncompressed bytes. `unsettled` is how many lines had
 * been handed to the collector beyond `offset` at the save (they may be
 * sent again after a restart). The rotating sink's `retainUntilShipped`
 * reads the same file.
 *
 * @module
 */
import { dirname } from "../file/_path.ts";
import type { FileDriver } from "../runtime/driver.ts";
import { type FileFingerprint, isFingerprint } from "./ship_fingerprint.ts";

/** The saved position. */
export interface ShipCursor {
  /** The file. */
  readonly file: FileFingerprint;
  /** Its name when the cursor was saved (`app.log` or an archive name). */
  readonly name: string;
  /** The uncompressed archive name the file has (or had), when known. */
  readonly archive: string | null;
  /** Bytes of the file shipped and settled (always just after a line end). */
  readonly offset: number;
  /** Lines handed over beyond `offset`, not yet settled, at the save. */
  readonly unsettled: number;
  /** When it was saved (ms since the epoch). */
  readonly savedAt: number;
}

/**
 * Reads a state file.
 *
 * @param fs The file driver.
 * @param path The state file.
 * @returns The cursor; `undefined` when there is no state file.
 * @throws {Error} When the file exists but is not a valid state.
 *
 * @example Usage
 * ```ts
 * import { readShipCursor } from "./ship_cursor.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * readShipCursor(getPlatform().fs, "/var/log/.app.ship")?.offset;
 * ```
 */
export function readShipCursor(
  fs: FileDriver,
  path: string,
): ShipCursor | undefined {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFile(path);
  } catch (err) {
    if ((err as { code?: unknown }).code === "ENOENT") return undefined;
    throw err;
  }
  let value: Partial<ShipCursor> & { version?: unknown };
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new Error(`state file ${path} is not JSON: ${err}`);
  }
  if (
    value === null || typeof value !== "object" || value.version !== 1 ||
    !isFingerprint(value.file) || typeof value.name !== "string" ||
    !(value.archive === null || typeof value.archive === "string") ||
    !Number.isSafeInteger(value.offset) || (value.offset as number) < 0
  ) {
    throw new Error(`state file ${path} is not a logrotor ship state`);
  }
  return {
    file: value.file,
    name: value.name,
    archive: value.archive ?? null,
    offset: value.offset as number,
    unsettled: Number.isSafeInteger(value.unsettled)
      ? value.unsettled as number
      : 0,
    savedAt: typeof value.savedAt === "number" ? value.savedAt : 0,
  };
}

/**
 * Replaces the state file atomically (temp file, fsync, rename, directory
 * fsync). On a failure (a full disk) the temp file is removed and the old
 * state stays.
 *
 * @param fs The file driver.
 * @param path The state file.
 * @param cursor The position.
 *
 * @example Usage
 * ```ts
 * import { writeShipCursor } from "./ship_cursor.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * writeShipCursor(getPlatform().fs, "/tmp/.app.ship", {
 *   file: { dev: 1, ino: 2, headLength: 7, headHash: "00000000000000ff" },
 *   name: "app.log",
 *   archive: null,
 *   offset: 7,
 *   unsettled: 0,
 *   savedAt: Date.now(),
 * });
 * ```
 */
export function writeShipCursor(
  fs: FileDriver,
  path: string,
  cursor: ShipCursor,
): void {
  const tmp = `${path}.tmp`;
  const bytes = new TextEncoder().encode(
    JSON.stringify({ version: 1, ...cursor }) + "\n",
  );
  const fd = fs.open(tmp, "truncate", 0o644);
  try {
    try {
      let done = 0;
      while (done < bytes.length) {
        done += fs.write(fd, bytes, done, bytes.length - done);
      }
      fs.fsync(fd);
    } finally {
      fs.close(fd);
    }
    fs.rename(tmp, path);
  } catch (err) {
    // A full disk: leave no partial temp file taking space.
    try {
      fs.unlink(tmp);
    } catch {
      // gone already
    }
    throw err;
  }
  fs.fsyncDir(dirname(path));
}
