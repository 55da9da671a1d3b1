/**
 * Routes: the resolved paths from a logger to its sinks, computed when
 * `configure()` applies settings, so that a logger call only walks a
 * ready list. A logger's routes are its own followed by its parent's
 * (unless it stops propagation), each sink once; its threshold is the
 * higher of its level and the least severe level any of its sinks takes.
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import type { Filter } from "./filter.ts";
import type { Formatter } from "./formatter.ts";
import { type LevelThreshold, levelValue } from "./level.ts";
import type { LogSink } from "./log_sink.ts";
import type { LogFields } from "./record.ts";
import type { RecordGate } from "./record_gate.ts";

/**
 * One path from a logger to a sink, resolved at configuration time.
 * Internal to the logger and its configuration.
 *
 * @example Usage
 * ```ts
 * import type { Route } from "./routes.ts";
 * import { textFormatter } from "logrotor/compose";
 *
 * const route: Route = {
 *   name: "memory",
 *   sink: { write: (_line: string) => {} },
 *   formatter: textFormatter,
 *   minLevel: 30,
 *   filters: [],
 * };
 * ```
 */
export interface Route {
  /** The sink's name in the configuration (for reports). */
  readonly name: string;
  /** The sink. */
  readonly sink: LogSink;
  /** Its formatter. */
  readonly formatter: Formatter;
  /** The least severe level the sink takes (numeric). */
  readonly minLevel: number;
  /** The sink's filters, then the filters of the logger it is attached to. */
  readonly filters: readonly Filter[];
  /**
   * Whether its formatter is a built-in one: its lines end in a newline,
   * and it takes a bound context apart from the record.
   */
  readonly builtinFormatter?: boolean;
}

/**
 * The resolved settings of one configured logger. Internal.
 *
 * @example Usage
 * ```ts
 * import type { LoggerSettings } from "./routes.ts";
 *
 * const quiet: LoggerSettings = { level: "off", routes: [], propagate: false };
 * ```
 */
export interface LoggerSettings {
  /** Its own level, or `undefined` to inherit. */
  readonly level?: LevelThreshold;
  /** Sinks attached to this logger. */
  readonly routes: readonly Route[];
  /** Whether records also go to the ancestors' sinks. */
  readonly propagate: boolean;
  /** Its sampling and rate limit, shared with its descendants. */
  readonly gate?: RecordGate;
}

/**
 * Everything `configure()` resolves to. Internal.
 *
 * @example Usage
 * ```ts
 * import type { LoggingSettings } from "./routes.ts";
 *
 * const none: LoggingSettings = { loggers: new Map() };
 * ```
 */
export interface LoggingSettings {
  /** Settings by logger name. */
  readonly loggers: ReadonlyMap<string, LoggerSettings>;
  /** Where failures of sinks, formatters and filters are reported. */
  readonly onDiagnostic?: DiagnosticListener;
  /** The global sampling and rate limit (for loggers without their own). */
  readonly gate?: RecordGate;
  /** Serializers then redaction, applied to every record's fields. */
  readonly prepare?: (fields: LogFields) => LogFields;
}

/**
 * A logger's routes: its own, then the inherited ones, each sink once
 * (the first route to a sink wins). Without own routes, the inherited
 * list itself is returned.
 *
 * @param own The routes attached to the logger.
 * @param inherited The routes of its parent (`[]` when it does not
 * propagate).
 * @returns The routes.
 *
 * @example Usage
 * ```ts
 * import { mergeRoutes, type Route } from "./routes.ts";
 * import { textFormatter } from "logrotor/compose";
 * import assert from "node:assert/strict";
 *
 * const sink = { write: (_line: string) => {} };
 * const route: Route = { name: "s", sink, formatter: textFormatter, minLevel: 0, filters: [] };
 * assert.equal(mergeRoutes([route], [route]).length, 1);
 * ```
 */
export function mergeRoutes(
  own: readonly Route[],
  inherited: readonly Route[],
): readonly Route[] {
  if (own.length === 0) return inherited;
  const seen = new Set<LogSink>();
  return [...own, ...inherited].filter((route) => {
    if (seen.has(route.sink)) return false;
    seen.add(route.sink);
    return true;
  });
}

/**
 * The numeric level below which a logger drops a call before any work:
 * the higher of its own level and the least severe level of its routes
 * (`Infinity` without routes).
 *
 * @param level The logger's level.
 * @param routes Its routes.
 * @returns The threshold.
 *
 * @example Usage
 * ```ts
 * import { routesThreshold } from "./routes.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(routesThreshold("info", []), Infinity);
 * ```
 */
export function routesThreshold(
  level: LevelThreshold,
  routes: readonly Route[],
): number {
  let sinkMin = Infinity;
  for (const route of routes) sinkMin = Math.min(sinkMin, route.minLevel);
  return Math.max(levelValue(level), sinkMin);
}
