/**
 * The logger hierarchy and its dispatch: one node per dotted name, each
 * with its level, routes, threshold and record gate resolved when
 * `configure()` applies settings; and the path of an enabled call —
 * sampling and rate limit, record building (context, serializers,
 * redaction, message), filters, formatters, sinks — where nothing throws
 * into the caller. Private to the logger.
 *
 * @module
 */
import type { Formatter } from "./formatter.ts";
import { type LevelThreshold, levelValue, type LogLevel } from "./level.ts";
import { LoggingCounters } from "./logging_stats.ts";
import type { LogFields, LogRecord } from "./record.ts";
import { currentContext } from "./implicit_context.ts";
import { admitted, type RecordGate, sampledOut } from "./record_gate.ts";
import {
  type LoggingSettings,
  mergeRoutes,
  type Route,
  routesThreshold,
} from "./routes.ts";
import { buildRecord } from "./_build_record.ts";
import type { ContextFormatter } from "./_bound_context.ts";

const defaultLevel: LevelThreshold = "info";

/**
 * A node's base logger, told its threshold whenever it changes, so that a
 * disabled level method can be an empty function (see logger.ts).
 */
export interface LevelMethodsOwner {
  applyThreshold(threshold: number): void;
}

/** One dotted name of the hierarchy. */
export class LoggerNode {
  readonly name: string;
  readonly parent: LoggerNode | undefined;
  readonly children: LoggerNode[] = [];
  level: LevelThreshold = defaultLevel;
  routes: readonly Route[] = [];
  /** Records below this numeric level are dropped before any work. */
  threshold = Infinity;
  /** Sampling and rate limit; `undefined` when there are none. */
  gate: RecordGate | undefined;
  /** Its logger without bound context, made on first use. */
  logger: LevelMethodsOwner | undefined;
  /**
   * Only built-in formatters see its records (no filters, record sinks,
   * serializers or redaction): a bound context can be handed to them apart
   * instead of merged into every record's fields.
   */
  contextApart = false;

  constructor(name: string, parent: LoggerNode | undefined) {
    this.name = name;
    this.parent = parent;
  }
}

/** The loggers by name and the dispatch of their records. */
export class Hierarchy {
  readonly root: LoggerNode = new LoggerNode("", undefined);
  #nodes = new Map<string, LoggerNode>([["", this.root]]);
  #settings: LoggingSettings = { loggers: new Map() };
  #dispatching = false;
  #prepare: ((fields: LogFields) => LogFields) | undefined;
  readonly stats: LoggingCounters = new LoggingCounters();

  node(name: string): LoggerNode {
    let node = this.#nodes.get(name);
    if (node === undefined) {
      const cut = name.lastIndexOf(".");
      const parent = this.node(cut < 0 ? "" : name.slice(0, cut));
      node = new LoggerNode(name, parent);
      parent.children.push(node);
      this.#nodes.set(name, node);
      this.#resolve(node, false);
    }
    return node;
  }

  apply(settings: LoggingSettings): void {
    this.#settings = settings;
    this.#prepare = settings.prepare;
    this.stats.restart(settings.onDiagnostic);
    this.#resolve(this.root, true);
  }

  #resolve(node: LoggerNode, recurse: boolean): void {
    const own = this.#settings.loggers.get(node.name);
    const parent = node.parent;
    node.level = own?.level ?? parent?.level ?? defaultLevel;
    const inherited = parent === undefined || own?.propagate === false
      ? []
      : parent.routes;
    node.routes = mergeRoutes(own?.routes ?? [], inherited);
    node.threshold = routesThreshold(node.level, node.routes);
    this.#applyThreshold(node);
    node.contextApart = this.#prepare === undefined &&
      node.routes.every((route) =>
        route.builtinFormatter === true && route.filters.length === 0 &&
        route.sink.writeRecord === undefined
      );
    const gate = own?.gate ??
      (parent === undefined ? this.#settings.gate : parent.gate);
    node.gate = gate?.active === true ? gate : undefined;
    if (recurse) {
      for (const child of node.children) this.#resolve(child, true);
    }
  }

  #applyThreshold(node: LoggerNode): void {
    try {
      node.logger?.applyThreshold(node.threshold);
    } catch (e) {
      // A logger the application froze keeps the methods it had: say so.
      this.stats.frozenLogger(node.logger as object, node.name, e);
    }
  }

  emit(
    node: LoggerNode,
    level: LogLevel,
    message: unknown,
    fields: unknown,
    args: readonly unknown[] | undefined,
    context: LogFields | undefined,
  ): void {
    if (this.#dispatching) {
      this.stats.recursiveDrops++;
      return;
    }
    const gate = node.gate;
    if (gate !== undefined) {
      const verdict = gate.admit(level);
      if (verdict !== admitted) {
        if (verdict === sampledOut) this.stats.sampledOut++;
        else this.stats.rateLimited++;
        return;
      }
    }
    this.#dispatching = true;
    try {
      if (gate !== undefined) this.#suppressedMarker(node, gate);
      const implicit = currentContext();
      // A message without placeholders does not need the merged fields.
      const apart = context !== undefined && node.contextApart &&
          implicit === undefined && typeof message === "string" &&
          message.indexOf("{") < 0
        ? context
        : undefined;
      this.#dispatch(
        node,
        buildRecord(
          node.name,
          level,
          message,
          fields,
          args,
          apart === undefined ? context : undefined,
          implicit,
          this.#prepare,
          this.stats,
        ),
        apart,
      );
    } catch (e) {
      this.stats.fail("fieldErrors", this, "logger call", e);
    } finally {
      this.#dispatching = false;
    }
  }

  /** The "N records suppressed" record, when the rate limit dropped some. */
  #suppressedMarker(node: LoggerNode, gate: RecordGate): void {
    const suppressed = gate.takeSuppressed();
    if (suppressed === 0) return;
    this.#dispatch(node, {
      time: Date.now(),
      level: "warn",
      logger: node.name,
      message: `${suppressed} records suppressed by the rate limit`,
      fields: { suppressed },
    });
  }

  /**
   * @param context A bound context left out of `record.fields`, for
   * formatters that take it apart (see `contextApart`).
   */
  #dispatch(node: LoggerNode, record: LogRecord, context?: LogFields): void {
    this.stats.records++;
    const value = levelValue(record.level);
    let lastFormatter: Formatter | undefined;
    let lastLine = "";
    for (const route of node.routes) {
      if (value < route.minLevel || !this.#passes(route, record)) continue;
      if (route.sink.writeRecord !== undefined) {
        // A record sink (the socket sink) takes the record itself.
        try {
          route.sink.writeRecord(record);
          this.stats.lines++;
        } catch (e) {
          this.stats.fail("sinkErrors", route.sink, route.name, e);
        }
        continue;
      }
      let line: string;
      if (route.formatter === lastFormatter) {
        line = lastLine;
      } else {
        try {
          line = context === undefined
            ? route.formatter(record)
            : (route.formatter as ContextFormatter)(record, context);
          if (route.builtinFormatter !== true) line = wholeLine(line);
        } catch (e) {
          this.stats.fail("formatterErrors", route.formatter, route.name, e);
          continue;
        }
        lastFormatter = route.formatter;
        lastLine = line;
      }
      try {
        route.sink.write(line);
        this.stats.lines++;
      } catch (e) {
        this.stats.fail("sinkErrors", route.sink, route.name, e);
      }
    }
  }

  #passes(route: Route, record: LogRecord): boolean {
    for (const filter of route.filters) {
      try {
        if (!filter(record)) return false;
      } catch (e) {
        this.stats.fail("filterErrors", filter, route.name, e);
        return false;
      }
    }
    return true;
  }
}

/** A custom formatter's return value as a string ending in a newline. */
function wholeLine(line: unknown): string {
  const text = typeof line === "string" ? line : String(line);
  return text.charCodeAt(text.length - 1) === 10 ? text : text + "\n";
}

/** The process's one hierarchy. */
export const hierarchy: Hierarchy = new Hierarchy();
