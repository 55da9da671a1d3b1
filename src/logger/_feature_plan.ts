/**
 * The record features of a configuration, checked and compiled once:
 * `serializers` and `redact` into one `prepare` function, and `sample` /
 * `rateLimit` (global or per logger) into record gates. Private to
 * `configure()`.
 *
 * @module
 */
import { canonicalLevel, type LogLevel } from "./level.ts";
import type { LogFields } from "./record.ts";
import { RecordGate, type SampleRates } from "./record_gate.ts";
import { compileRedaction, type RedactOptions } from "./redaction.ts";
import { compileSerializers, type Serializer } from "./serializers.ts";
import { checkKeys, checkObject, levelKinds } from "./_config_check.ts";
import { configError, configPath } from "./option_reader.ts";

/** Serializers then redaction, or `undefined` when neither is configured. */
export function planPrepare(
  serializers: unknown,
  redact: unknown,
  onSerializerError: (fn: Serializer, key: string, e: unknown) => void,
): ((fields: LogFields) => LogFields) | undefined {
  let serialize: ((fields: LogFields) => LogFields) | undefined;
  if (serializers !== undefined) {
    const object = checkObject("serializers", serializers);
    for (const [key, fn] of Object.entries(object)) {
      if (typeof fn !== "function") {
        configError(
          TypeError,
          configPath("serializers", key),
          "must be a function",
          fn,
        );
      }
    }
    serialize = compileSerializers(
      object as Record<string, Serializer>,
      onSerializerError,
    );
  }
  let redactor: ((fields: LogFields) => LogFields) | undefined;
  if (redact !== undefined) {
    if (!Array.isArray(redact)) {
      checkKeys("redact", checkObject("redact", redact), [
        "paths",
        "censor",
        "remove",
      ]);
    }
    try {
      redactor = compileRedaction(
        redact as RedactOptions | readonly string[],
        "configure logging",
      );
    } catch (e) {
      throw new TypeError(
        (e as Error).message.replace(
          "Cannot configure logging as ",
          "Cannot configure logging as redact.",
        ),
      );
    }
  }
  if (serialize === undefined) return redactor;
  if (redactor === undefined) return serialize;
  const first = serialize;
  const second = redactor;
  return (fields) => second(first(fields));
}

/** The sampling rates at `path`, levels canonical. */
export function readSample(path: string, value: unknown): SampleRates {
  const object = checkObject(path, value);
  const rates: Partial<Record<LogLevel, number>> = {};
  for (const [key, rate] of Object.entries(object)) {
    const level = canonicalLevel(key);
    if (level === undefined || level === "off") {
      throw new TypeError(
        `Cannot configure logging as ${
          configPath(path, key)
        } is not a level: levels are ${levelKinds.join(", ")}`,
      );
    }
    if (typeof rate !== "number" || Number.isNaN(rate)) {
      configError(
        TypeError,
        configPath(path, key),
        "must be a number",
        rate,
      );
    }
    if (rate < 0 || rate > 1) {
      configError(
        RangeError,
        configPath(path, key),
        "must be between 0 and 1",
        rate,
      );
    }
    rates[level as LogLevel] = rate;
  }
  return rates;
}

/** The records per second at `path`. */
export function readRateLimit(path: string, value: unknown): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    configError(
      TypeError,
      path,
      "must be a number of records per second",
      value,
    );
  }
  if (!(value > 0)) configError(RangeError, path, "must be > 0", value);
  return value;
}

/** A gate for these settings, or `undefined` when none are given. */
export function gateFor(
  sample: SampleRates | undefined,
  rateLimit: number | undefined,
  now: () => number,
): RecordGate | undefined {
  if (sample === undefined && rateLimit === undefined) return undefined;
  return new RecordGate(sample ?? {}, rateLimit, now);
}
