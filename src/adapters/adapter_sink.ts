/**
 * What the logger adapters (pino, LogTape, winston) need from a sink: every
 * logrotor sink (`createFileSink`, `createRotatingFileSink`,
 * `createSyslogSink`, `createRelpSink`) has it.
 *
 * @module
 */

/**
 * A logrotor sink as the adapters use it.
 *
 * @example Usage
 * ```ts
 * import { createFileSink } from "logrotor";
 * import type { AdapterSink } from "logrotor/logtape";
 *
 * const sink: AdapterSink = createFileSink("/tmp/logrotor-doc/adapter.log");
 * await sink.close();
 * ```
 */
export interface AdapterSink {
  /** Accepts a chunk synchronously; never throws on I/O. */
  write(chunk: string): unknown;
  /** Hands what was accepted so far to the target. */
  flush(): Promise<void>;
  /** Flushes and releases. */
  close(): Promise<void>;
}
