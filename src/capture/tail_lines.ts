/**
 * Reading logs back: the last lines across the live file and its rotated
 * (and gzipped) archives, like `tail -n`. Memory is bounded by the lines
 * asked for, whatever the files' sizes: the live file and plain archives
 * are read backwards in blocks, `.gz` archives are streamed through
 * `DecompressionStream` keeping only the last lines.
 *
 * @module
 */
import { integerOption } from "../options/validate.ts";
import { type DiagnosticListener, printDiagnostic } from "../diagnostics.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { FileDriver } from "../runtime/driver.ts";
import { closeFile, openFileSize } from "../runtime/read_tail.ts";
import { ArchiveNames } from "../file/archive_names.ts";
import { lastLinesAcross, openLiveAndArchives } from "./_tail_files.ts";

/**
 * Options of {@linkcode tailLines}.
 *
 * @example Usage
 * ```ts
 * import { tailLines, type TailOptions } from "logrotor";
 *
 * const options: TailOptions = {
 *   onDiagnostic: (d) => console.error(d.message), // a skipped archive
 * };
 * const last = await tailLines("/tmp/logrotor-doc/app.log", 20, options)
 *   .catch(() => []); // the file may not exist
 * ```
 */
export interface TailOptions {
  /** The file driver (tests). */
  readonly fs?: FileDriver;
  /**
   * Told about each archive that was skipped because it cannot be read
   * (a corrupt `.gz`, no permission); its lines are left out.
   * @default {printDiagnostic} (one line on stderr)
   */
  readonly onDiagnostic?: DiagnosticListener;
}

/**
 * The last `count` lines of a log, reading back through its archives
 * (newest first, gunzipping `.gz` ones) when the live file holds fewer.
 * Memory is bounded by the lines asked for: files are read backwards in
 * blocks and `.gz` archives streamed. An archive that cannot be read (a
 * corrupt `.gz`) is skipped whole and reported on `onDiagnostic`; the
 * lines of every other file are returned.
 *
 * @param livePath The live log file (`logs/app.log`).
 * @param count How many lines.
 * @param options The file driver and the diagnostics listener.
 * @returns Up to `count` lines, oldest first, without newlines.
 * @throws {LogrotorError} `OPEN_FAILED` when the live file cannot be read
 *   (a directory, no permission) or neither it nor any archive exists.
 *
 * @example Usage
 * ```ts
 * import { tailLines } from "logrotor";
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
  const report = options.onDiagnostic ?? printDiagnostic;
  const { opened, archives } = openLiveAndArchives(
    livePath,
    fs,
    new ArchiveNames(livePath),
  );
  try {
    if (count === 0) return [];
    const end = opened === undefined ? 0 : openFileSize(opened.fd);
    return await lastLinesAcross(opened, end, archives, count, report);
  } finally {
    if (opened !== undefined) closeFile(opened.fd);
  }
}
