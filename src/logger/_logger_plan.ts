/**
 * Logger plans: each configured logger checked (name, level, sinks,
 * filters, propagation), and the resolved settings the loggers apply once
 * the sinks exist. Private to `configure()`.
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import type { LoggingConfig } from "./config_types.ts";
import type { Filter } from "./filter.ts";
import type { LevelThreshold } from "./level.ts";
import type { LogSink } from "./log_sink.ts";
import { checkName } from "./logger_name.ts";
import { configError, configPath, readOption } from "./option_reader.ts";
import type { LoggerSettings, LoggingSettings, Route } from "./routes.ts";
import {
  checkKeys,
  checkObject,
  entries,
  loggerKeys,
  thresholdKinds,
} from "./_config_check.ts";
import { resolveFilters } from "./_named_parts.ts";
import type { SinkPlan } from "./_sink_plan.ts";

/** A configured logger, checked. */
export interface LoggerPlan {
  readonly name: string;
  readonly level?: LevelThreshold;
  readonly sinks: readonly string[];
  readonly filters: readonly Filter[];
  readonly propagate: boolean;
}

/** The plans of the configured loggers; sinks must name `sinkNames`. */
export function planLoggers(
  config: LoggingConfig,
  sinkNames: ReadonlySet<string>,
  filters: ReadonlyMap<string, Filter>,
): LoggerPlan[] {
  const plans: LoggerPlan[] = [];
  for (const [name, spec] of entries("loggers", config.loggers)) {
    const path = configPath("loggers", name);
    try {
      checkName("configure logger", name, true);
    } catch {
      configError(
        TypeError,
        path,
        'must be named by dot-separated non-empty parts such as "app.db"',
        name,
      );
    }
    const object = checkObject(path, spec);
    checkKeys(path, object, loggerKeys);
    const level = object.level === undefined ? undefined : readOption(
      configPath(path, "level"),
      object.level,
      thresholdKinds,
    ) as LevelThreshold;
    const sinks = object.sinks === undefined ? [] : readOption(
      configPath(path, "sinks"),
      object.sinks,
      "strings",
    ) as string[];
    sinks.forEach((sink, i) => {
      if (!sinkNames.has(sink)) {
        configError(
          TypeError,
          configPath(configPath(path, "sinks"), i),
          "must name a sink in sinks",
          sink,
        );
      }
    });
    const propagate = object.propagate === undefined ? true : readOption(
      configPath(path, "propagate"),
      object.propagate,
      "boolean",
    ) as boolean;
    plans.push({
      name,
      ...(level === undefined ? {} : { level }),
      sinks,
      filters: resolveFilters(
        configPath(path, "filters"),
        object.filters,
        filters,
      ),
      propagate,
    });
  }
  return plans;
}

/** The resolved settings of a configuration with its sink objects. */
export function settingsFor(
  sinkPlans: readonly SinkPlan[],
  loggerPlans: readonly LoggerPlan[],
  sinks: ReadonlyMap<SinkPlan, LogSink>,
  listener: DiagnosticListener | undefined,
): LoggingSettings {
  const routes = new Map<string, Route>();
  for (const plan of sinkPlans) {
    routes.set(plan.name, {
      name: plan.name,
      sink: sinks.get(plan) as LogSink,
      formatter: plan.formatter,
      minLevel: plan.minLevel,
      filters: plan.filters,
    });
  }
  const loggers = new Map<string, LoggerSettings>();
  for (const plan of loggerPlans) {
    loggers.set(plan.name, {
      ...(plan.level === undefined ? {} : { level: plan.level }),
      propagate: plan.propagate,
      routes: plan.sinks.map((name) => {
        const route = routes.get(name) as Route;
        return plan.filters.length === 0
          ? route
          : { ...route, filters: [...route.filters, ...plan.filters] };
      }),
    });
  }
  return {
    loggers,
    ...(listener === undefined ? {} : { onDiagnostic: listener }),
  };
}
