/**
 * The socket sink's class: a {@linkcode NetworkSink} over the
 * length-prefixed MessagePack {@linkcode FrameWire} that also takes whole
 * logger records (`writeRecord`), so their fields arrive as a real
 * `key_values` map. The logger calls `writeRecord` instead of formatting a
 * line when a sink has one.
 *
 * @module
 */
import { NetworkSink } from "./network_sink.ts";
import { type SocketRecord, SocketRecordEncoder } from "./socket_record.ts";

/**
 * A network sink that sends femtologging-style MessagePack records. Create
 * one with `createSocketSink()`.
 *
 * @example Usage
 * ```ts
 * import { createSocketSink } from "logrotor";
 *
 * const sink = createSocketSink({ host: "127.0.0.1", port: 9020, name: "app" });
 * sink.write("a text line becomes an INFO record of logger app\n");
 * sink.writeRecord({
 *   time: Date.now(),
 *   level: "warn",
 *   logger: "app.db",
 *   message: "slow query",
 *   fields: { ms: 1200 },
 * });
 * await sink.close();
 * ```
 */
export class SocketSink extends NetworkSink {
  #encoder: SocketRecordEncoder | undefined;

  /**
   * Sends one record: `logger`, `level`, `message`, `timestamp_ns` and its
   * `fields` as the `key_values` map. Never throws for runtime failures;
   * fields that cannot be encoded (a throwing getter) are replaced by
   * `{ logrotor_error: "…" }`.
   *
   * @param record The record (a logger `LogRecord` fits).
   * @returns `false` when it was dropped or the sink is closed.
   */
  writeRecord(record: SocketRecord): boolean {
    this.#encoder ??= new SocketRecordEncoder();
    return this.sendBytes(this.#encoder.encode(record));
  }
}
