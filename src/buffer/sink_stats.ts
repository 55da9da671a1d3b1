/**
 * A buffered sink's counters ({@linkcode SinkStats}) and how they fold into
 * the target's health ({@linkcode mergeStatus}).
 *
 * @module
 */
import type { SinkStatus } from "./sink_status.ts";

/**
 * Counters of a sink, from {@linkcode BufferedSink.stats}.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { SinkStats } from "logrotor";
 *
 * const sink = createFileSink("/tmp/logrotor-doc/app.log");
 * sink.write("hello\n");
 * await sink.flush();
 * const stats: SinkStats = sink.stats();
 * if (stats.droppedLines > 0) console.error(`lost ${stats.droppedLines} lines`);
 * await sink.close();
 * ```
 */
export interface SinkStats {
  /** Bytes the target accepted. */
  readonly bytesWritten: number;
  /** Lines (newlines) accepted by `write()`. */
  readonly linesAccepted: number;
  /** Calls to `write()` that were accepted. */
  readonly writes: number;
  /** Successful flushes to the target. */
  readonly flushes: number;
  /** Lines dropped by the overflow policy or after close. */
  readonly droppedLines: number;
  /** Bytes dropped. */
  readonly droppedBytes: number;
  /** Cuts made in lines longer than `maxLineBytes` (one per cut). */
  readonly splitLines: number;
  /** Failed target writes. */
  readonly errors: number;
  /** The last failure, or `undefined`. */
  readonly lastError: string | undefined;
  /** When it happened (ms since the epoch), or `undefined`. */
  readonly lastErrorTime: number | undefined;
  /** Bytes held in memory now. */
  readonly pendingBytes: number;
}

/**
 * A sink's status: the target's own status (degraded mode, variant file)
 * when it has one, with the sink's drops, errors and held bytes folded in;
 * without one, `"degraded"` while the sink's last write failed.
 *
 * @param name The target's name (its path for files).
 * @param failing Whether the sink's last target write failed.
 * @param stats The sink's counters.
 * @param target The target's status, when it reports one.
 * @returns The merged snapshot.
 *
 * @example Usage
 * ```ts
 * import { mergeStatus, type SinkStats } from "./sink_stats.ts";
 *
 * const stats: SinkStats = {
 *   bytesWritten: 6, linesAccepted: 1, writes: 1, flushes: 1,
 *   droppedLines: 0, droppedBytes: 0, splitLines: 0, errors: 0,
 *   lastError: undefined, lastErrorTime: undefined, pendingBytes: 0,
 * };
 * mergeStatus("/tmp/app.log", false, stats, undefined).state; // "ok"
 * ```
 */
export function mergeStatus(
  name: string,
  failing: boolean,
  stats: SinkStats,
  target: SinkStatus | undefined,
): SinkStatus {
  const newer = target !== undefined &&
    (target.lastErrorTime ?? 0) >= (stats.lastErrorTime ?? 0);
  return {
    state: target?.state ?? (failing ? "degraded" : "ok"),
    primaryPath: target?.primaryPath ?? name,
    path: target?.path ?? name,
    shared: target?.shared ?? false,
    errors: Math.max(target?.errors ?? 0, stats.errors),
    lastError: newer ? target.lastError : stats.lastError,
    lastErrorTime: newer ? target.lastErrorTime : stats.lastErrorTime,
    degradedReason: target?.degradedReason,
    degradedSince: target?.degradedSince,
    degradedEpisodes: target?.degradedEpisodes ?? 0,
    recoveryAttempts: target?.recoveryAttempts ?? 0,
    downtimeMs: target?.downtimeMs ?? 0,
    fallbackLines: target?.fallbackLines ?? 0,
    fallbackBytes: target?.fallbackBytes ?? 0,
    replayedLines: target?.replayedLines ?? 0,
    droppedLines: (target?.droppedLines ?? 0) + stats.droppedLines,
    droppedBytes: (target?.droppedBytes ?? 0) + stats.droppedBytes,
    bytesCleaned: target?.bytesCleaned ?? 0,
    pendingBytes: (target?.pendingBytes ?? 0) + stats.pendingBytes,
  };
}
