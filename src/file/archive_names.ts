/**
 * Archive names of a rotating file. The live file keeps its name
 * (`app.log`); each archive is named once, at rotation, after the moment it
 * was rotated, in UTC so that names sort chronologically even across DST
 * changes: `app.2026-11-21T10-00-00.000Z.log`, then `….log.gz` once
 * compressed (`….log.gz.tmp` while being written). Archives are never
 * renamed again. Two rotations in the same millisecond (or a name already
 * taken) are told apart by a suffix after the stamp, `….000Z_001.log`,
 * `….000Z_002.log` (`_` sorts after `.` and the number is zero-padded, so a
 * plain `ls` still lists archives in rotation order): the stamp always says
 * when the archive was rotated, and a file whose name is in the future
 * never steers how new ones are named.
 *
 * @module
 */
import { basename, dirname, join } from "./_path.ts";

/** A file name that belongs to a rotating file's archives. */
export interface ArchiveName {
  /** The rotation moment encoded in the name (ms since the epoch, UTC). */
  readonly stamp: number;
  /** The suffix that tells apart archives of the same moment (0: none, at most 999). */
  readonly seq: number;
  /** The name of the uncompressed archive (`app.<stamp>.log`). */
  readonly archive: string;
  /** The name ends in `.gz` (or `.gz.tmp`). */
  readonly compressed: boolean;
  /** The name ends in `.tmp`: an unfinished compression. */
  readonly temporary: boolean;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/**
 * Formats a moment as it appears in archive names:
 * `2026-11-21T10-00-00.000Z` (UTC, no characters that need quoting).
 *
 * @param ms Milliseconds since the epoch.
 * @returns The stamp.
 *
 * @example Usage
 * ```ts
 * import { formatStamp } from "./archive_names.ts";
 *
 * formatStamp(0); // "1970-01-01T00-00-00.000Z"
 * ```
 */
export function formatStamp(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${
    pad(d.getUTCDate(), 2)
  }T${pad(d.getUTCHours(), 2)}-${pad(d.getUTCMinutes(), 2)}-${
    pad(d.getUTCSeconds(), 2)
  }.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

const stampPattern = "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2})-(\\d{2})-(\\d{2})" +
  "\\.(\\d{3})Z(?:_(\\d{3}))?";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The naming scheme of one rotating file: builds archive paths and
 * recognises the names that belong to it (and only those).
 *
 * @example Usage
 * ```ts
 * import { ArchiveNames } from "./archive_names.ts";
 *
 * const names = new ArchiveNames("/var/log/app.log");
 * names.archivePath(0); // "/var/log/app.1970-01-01T00-00-00.000Z.log"
 * names.parse("app.1970-01-01T00-00-00.000Z.log.gz")?.compressed; // true
 * names.parse("other.log"); // undefined
 * ```
 */
export class ArchiveNames {
  /** The directory of the live file and its archives. */
  readonly dir: string;
  /** The live file's name (`app.log`). */
  readonly liveName: string;
  readonly #stem: string;
  readonly #ext: string;
  readonly #pattern: RegExp;

  /** @param livePath The live file's path. */
  constructor(livePath: string) {
    this.dir = dirname(livePath);
    this.liveName = basename(livePath);
    const dot = this.liveName.lastIndexOf(".");
    this.#stem = dot > 0 ? this.liveName.slice(0, dot) : this.liveName;
    this.#ext = dot > 0 ? this.liveName.slice(dot) : "";
    this.#pattern = new RegExp(
      `^${escapeRegExp(this.#stem)}\\.${stampPattern}${
        escapeRegExp(this.#ext)
      }(\\.gz)?(\\.tmp)?$`,
    );
  }

  /**
   * The uncompressed archive name for a rotation moment.
   *
   * @param stamp Milliseconds since the epoch.
   * @param seq The suffix telling apart archives of the same moment (0: none).
   * @returns `app.<stamp>.log` (`app.<stamp>_<seq, 3 digits>.log`).
   */
  archiveName(stamp: number, seq = 0): string {
    return `${this.#stem}.${formatStamp(stamp)}${
      seq > 0 ? `_${pad(seq, 3)}` : ""
    }${this.#ext}`;
  }

  /**
   * The uncompressed archive path for a rotation moment.
   *
   * @param stamp Milliseconds since the epoch.
   * @param seq The suffix telling apart archives of the same moment (0: none).
   * @returns The path in {@linkcode dir}.
   */
  archivePath(stamp: number, seq = 0): string {
    return join(this.dir, this.archiveName(stamp, seq));
  }

  /**
   * Recognises one of this file's archive names.
   *
   * @param name A file name (not a path).
   * @returns What it is, or `undefined` for any other name.
   */
  parse(name: string): ArchiveName | undefined {
    const m = this.#pattern.exec(name);
    if (m === null) return undefined;
    const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as number[];
    const stamp = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!);
    const seq = m[8] === undefined ? 0 : Number(m[8]);
    const compressed = m[9] !== undefined;
    const temporary = m[10] !== undefined;
    const archive = this.archiveName(stamp, seq);
    // "month 13" and the like are not names this scheme ever makes
    if (!name.startsWith(archive)) return undefined;
    return {
      stamp,
      seq,
      archive,
      compressed,
      temporary,
    };
  }
}
