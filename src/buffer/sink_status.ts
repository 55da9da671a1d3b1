/**
 * The health of a sink, as `sink.status()` reports it.
 *
 * @module
 */

/**
 * `"ok"`: writing to the configured file. `"variant"`: writing to a
 * numbered variant (`app.001.log`) because the file was locked or could not
 * be opened. `"degraded"`: the file system refused (disk full, read-only,
 * no usable file) and lines go to the fallback (or are held or dropped, as
 * `onDiskFull` says) until a probe finds it writable again.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { SinkState } from "logrotor/compose";
 *
 * function describeState(state: SinkState): string {
 *   switch (state) {
 *     case "ok":
 *       return "writing to its file";
 *     case "variant":
 *       return "writing to a numbered variant";
 *     case "degraded":
 *       return "writing to the fallback";
 *   }
 * }
 * const sink = createFileSink("/tmp/logrotor-doc/app.log");
 * describeState(sink.status().state); // "writing to its file"
 * await sink.close();
 * ```
 */
export type SinkState = "ok" | "variant" | "degraded";

/**
 * A snapshot of a sink's health and its counters of trouble.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-status-doc/app.log");
 * sink.write("hello\n");
 * await sink.flush();
 * const status = sink.status();
 * if (status.state !== "ok") console.error(status.lastError);
 * await sink.close();
 * ```
 */
export interface SinkStatus {
  /** See {@linkcode SinkState}. */
  readonly state: SinkState;
  /** The configured file. */
  readonly primaryPath: string;
  /** The file written now (a variant, or the primary), `undefined` before the first open. */
  readonly path: string | undefined;
  /** Whether the sink writes to a file other processes share (`shared: true`). */
  readonly shared: boolean;
  /** Failures seen (write, open, fsync), absorbed or passed on. */
  readonly errors: number;
  /** The last failure (`"ENOSPC: …"`), or `undefined`. */
  readonly lastError: string | undefined;
  /** When it happened (ms since the epoch). */
  readonly lastErrorTime: number | undefined;
  /** Why the sink is degraded (an error code such as `ENOSPC`), or `undefined`. */
  readonly degradedReason: string | undefined;
  /** When the current degraded episode began (ms since the epoch), or `undefined`. */
  readonly degradedSince: number | undefined;
  /** Degraded episodes so far (including the current one). */
  readonly degradedEpisodes: number;
  /** Recovery probes run. */
  readonly recoveryAttempts: number;
  /** Total time spent degraded, including the current episode (ms). */
  readonly downtimeMs: number;
  /** Lines sent to the fallback instead of the file. */
  readonly fallbackLines: number;
  /** Bytes sent to the fallback (banners not included). */
  readonly fallbackBytes: number;
  /** Lines replayed from the spool into the file after recovery. */
  readonly replayedLines: number;
  /** Lines lost: dropped by policy, by a failing fallback, or by overflow. */
  readonly droppedLines: number;
  /** Bytes of those lines. */
  readonly droppedBytes: number;
  /** Bytes freed by emergency cleanup (archives deleted, live file truncated). */
  readonly bytesCleaned: number;
  /** Bytes held in memory now (by the sink and any spool). */
  readonly pendingBytes: number;
}
