/**
 * Options of the file shipper ({@linkcode createFileShipper}) and their
 * validation.
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import {
  functionOption,
  integerOption,
  maxTimerMs,
  optionsObject,
  rejectUnknownKeys,
} from "../options/validate.ts";
import type { NetworkSinkState } from "./network_stats.ts";

/**
 * What the shipper needs from its sink: a `NetworkSink` from
 * `createRelpSink()` or `createSyslogSink()` (dedicated to the shipper:
 * its message numbers are the shipper's lines).
 */
export interface ShipperSink {
  /** Queues one message. */
  send(message: string): boolean;
  /** Message numbers queued and settled (see `NetworkSink.progress()`). */
  progress(): { readonly queued: number; readonly settled: number };
  /** The connection state. */
  status(): { readonly state: NetworkSinkState };
  /** Counters (resends after a broken connection, truncations). */
  stats(): { readonly resent: number; readonly truncated: number };
  /** Delivers what is queued and closes. */
  close(): Promise<void>;
}

/**
 * Options of {@linkcode createFileShipper}.
 *
 * @example Usage
 * ```ts
 * import { createRelpSink } from "logrotor";
 * import { createFileShipper } from "logrotor/ship";
 *
 * const shipper = createFileShipper({
 *   path: "/var/log/app/app.log",
 *   state: "/var/log/app/.app.ship",
 *   sink: createRelpSink({ host: "127.0.0.1", port: 2514 }),
 *   checkpointMs: 500,
 * });
 * await shipper.start();
 * await shipper.stop();
 * ```
 */
export interface FileShipperOptions {
  /** The live log file; its rotated archives are found next to it. */
  readonly path: string;
  /** The state file holding the cursor (written atomically). */
  readonly state: string;
  /** Where lines go (owned by the shipper: `stop()` closes it). */
  readonly sink: ShipperSink;
  /** Save the cursor at most this often (ms) … @default {1000} */
  readonly checkpointMs?: number;
  /** … or after this many newly settled lines. @default {1000} */
  readonly checkpointLines?: number;
  /** Most lines handed to the sink and not yet settled. @default {1000} */
  readonly maxPending?: number;
  /** How often to look for new data at the end of the live file (ms). @default {100} */
  readonly pollMs?: number;
  /** Bytes of a file's head in its fingerprint. @default {1024} */
  readonly headBytes?: number;
  /** A longer line is cut to this many bytes (and counted). @default {65536} */
  readonly maxLineBytes?: number;
  /** How long `stop()` waits for the collector to settle what was sent (ms). @default {5000} */
  readonly stopTimeoutMs?: number;
  /** Receives diagnostics (default: one line on stderr). */
  readonly onDiagnostic?: DiagnosticListener;
}

/** The resolved options. */
export interface FileShipperSettings {
  readonly path: string;
  readonly state: string;
  readonly sink: ShipperSink;
  readonly checkpointMs: number;
  readonly checkpointLines: number;
  readonly maxPending: number;
  readonly pollMs: number;
  readonly headBytes: number;
  readonly maxLineBytes: number;
  readonly stopTimeoutMs: number;
  readonly onDiagnostic: DiagnosticListener | undefined;
}

const known = {
  path: true,
  state: true,
  sink: true,
  checkpointMs: true,
  checkpointLines: true,
  maxPending: true,
  pollMs: true,
  headBytes: true,
  maxLineBytes: true,
  stopTimeoutMs: true,
  onDiagnostic: true,
} as const;

function pathOption(subject: string, name: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw new TypeError(
      `Cannot create ${subject} as ${name} must be a non-empty string: current value is ${
        typeof value === "string" ? '""' : String(value)
      }`,
    );
  }
  return value;
}

/**
 * Validates the options.
 *
 * @param options The given options.
 * @returns The settings.
 * @throws {TypeError | RangeError} For invalid options.
 *
 * @example Usage
 * ```ts
 * import { resolveFileShipperOptions } from "./file_shipper_options.ts";
 * import { createRelpSink } from "logrotor";
 *
 * const sink = createRelpSink({ host: "127.0.0.1" });
 * resolveFileShipperOptions({ path: "app.log", state: ".app.ship", sink }).checkpointMs; // 1000
 * await sink.close();
 * ```
 */
export function resolveFileShipperOptions(
  options: FileShipperOptions,
): FileShipperSettings {
  const subject = "file shipper";
  const o = optionsObject(subject, options);
  rejectUnknownKeys(subject, o, known);
  const path = pathOption(subject, "path", o.path);
  const state = pathOption(subject, "state", o.state);
  if (state === path) {
    throw new RangeError(
      `Cannot create ${subject} as state must not be the log file: current value is ${state}`,
    );
  }
  const sink = o.sink as Partial<ShipperSink> | undefined;
  if (
    typeof sink !== "object" || sink === null ||
    typeof sink.send !== "function" || typeof sink.progress !== "function"
  ) {
    throw new TypeError(
      `Cannot create ${subject} as sink must be a network sink (createRelpSink, createSyslogSink): current value is ${
        sink === null ? "null" : typeof sink
      }`,
    );
  }
  return {
    path,
    state,
    sink: sink as ShipperSink,
    checkpointMs: integerOption(
      subject,
      "checkpointMs",
      o.checkpointMs,
      1000,
      0,
      maxTimerMs,
    ),
    checkpointLines: integerOption(
      subject,
      "checkpointLines",
      o.checkpointLines,
      1000,
      1,
    ),
    maxPending: integerOption(subject, "maxPending", o.maxPending, 1000, 1),
    pollMs: integerOption(subject, "pollMs", o.pollMs, 100, 1, maxTimerMs),
    headBytes: integerOption(
      subject,
      "headBytes",
      o.headBytes,
      1024,
      16,
      1 << 20,
    ),
    maxLineBytes: integerOption(
      subject,
      "maxLineBytes",
      o.maxLineBytes,
      65536,
      64,
      64 << 20,
    ),
    stopTimeoutMs: integerOption(
      subject,
      "stopTimeoutMs",
      o.stopTimeoutMs,
      5000,
      0,
      maxTimerMs,
    ),
    onDiagnostic: functionOption(subject, "onDiagnostic", o.onDiagnostic),
  };
}
