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
import { canonicalLevel, type LevelThreshold } from "./level.ts";
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
import type { LogFields } from "./record.ts";
import type { SampleRates } from "./record_gate.ts";
import { gateFor, readRateLimit, readSample } from "./_feature_plan.ts";
import type { SinkPlan } from "./_sink_plan.ts";
import { isBuiltinFormatter } from "./_builtin_formatter.ts";

/** A configured logger, checked. */
export interface LoggerPlan {
  readonly name: string;
  readonly level?: LevelThreshold;
  readonly sinks: readonly string[];
  readonly filters: readonly Filter[];
  readonly propagate: boolean;
  readonly sample?: SampleRates;
  readonly rateLimit?: number;
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
    const level = object.level === undefined ? undefined : canonicalLevel(
      readOption(configPath(path, "level"), object.level, thresholdKinds),
    );
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
      ...(object.sample === undefined
        ? {}
        : { sample: readSample(configPath(path, "sample"), object.sample) }),
      ...(object.rateLimit === undefined ? {} : {
        rateLimit: readRateLimit(
          configPath(path, "rateLimit"),
          object.rateLimit,
        ),
      }),
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

/** What applies to every record: sampling, rate limit, serializers, redaction. */
export interface RecordFeatures {
  readonly sample?: SampleRates | undefined;
  readonly rateLimit?: number | undefined;
  readonly prepare?: ((fields: LogFields) => LogFields) | undefined;
  /** The clock of the rate limits. */
  readonly now: () => number;
}

/** The resolved settings of a configuration with its sink objects. */
export function settingsFor(
  sinkPlans: readonly SinkPlan[],
  loggerPlans: readonly LoggerPlan[],
  sinks: ReadonlyMap<SinkPlan, LogSink>,
  listener: DiagnosticListener | undefined,
  features: RecordFeatures = { now: Date.now },
): LoggingSettings {
  const routes = new Map<string, Route>();
  for (const plan of sinkPlans) {
    routes.set(plan.name, {
      name: plan.name,
      sink: sinks.get(plan) as LogSink,
      formatter: plan.formatter,
      minLevel: plan.minLevel,
      builtinFormatter: isBuiltinFormatter(plan.formatter),
      filters: plan.filters,
    });
  }
  const loggers = new Map<string, LoggerSettings>();
  for (const plan of loggerPlans) {
    const own = plan.sample !== undefined || plan.rateLimit !== undefined;
    const gate = own
      ? gateFor(
        { ...features.sample, ...plan.sample },
        plan.rateLimit ?? features.rateLimit,
        features.now,
      )
      : undefined;
    loggers.set(plan.name, {
      ...(plan.level === undefined ? {} : { level: plan.level }),
      ...(gate === undefined ? {} : { gate }),
      propagate: plan.propagate,
      routes: plan.sinks.map((name) => {
        const route = routes.get(name) as Route;
        return plan.filters.length === 0
          ? route
          : { ...route, filters: [...route.filters, ...plan.filters] };
      }),
    });
  }
  const gate = gateFor(features.sample, features.rateLimit, features.now);
  return {
    loggers,
    ...(listener === undefined ? {} : { onDiagnostic: listener }),
    ...(gate === undefined ? {} : { gate }),
    ...(features.prepare === undefined ? {} : { prepare: features.prepare }),
  };
}
