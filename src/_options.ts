/**
 * Construction-time checks that throw `TypeError`/`RangeError` with messages
 * in the form "Cannot create file sink as flushBytes must be >= 1: current
 * value is 0".
 *
 * @module
 */

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Checks an optional integer option and returns it or its default.
 *
 * @param subject What is being created ("file sink").
 * @param name The option name.
 * @param value The given value.
 * @param fallback The default.
 * @param min The smallest allowed value.
 * @returns The value to use.
 */
export function integerOption(
  subject: string,
  name: string,
  value: unknown,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(
      `Cannot create ${subject} as ${name} must be an integer: current value is ${
        show(value)
      }`,
    );
  }
  if (value < min) {
    throw new RangeError(
      `Cannot create ${subject} as ${name} must be >= ${min}: current value is ${value}`,
    );
  }
  return value;
}

/**
 * Checks an optional string option against its allowed values.
 *
 * @param subject What is being created.
 * @param name The option name.
 * @param value The given value.
 * @param allowed The allowed values; the first is the default.
 * @returns The value to use.
 */
export function choiceOption<T extends string>(
  subject: string,
  name: string,
  value: unknown,
  allowed: readonly [T, ...T[]],
): T {
  if (value === undefined) return allowed[0];
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw new TypeError(
      `Cannot create ${subject} as ${name} must be one of ${
        allowed.map((a) => `"${a}"`).join(", ")
      }: current value is ${show(value)}`,
    );
  }
  return value as T;
}

/**
 * Checks an optional boolean option.
 *
 * @param subject What is being created.
 * @param name The option name.
 * @param value The given value.
 * @param fallback The default.
 * @returns The value to use.
 */
export function booleanOption(
  subject: string,
  name: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new TypeError(
      `Cannot create ${subject} as ${name} must be a boolean: current value is ${
        show(value)
      }`,
    );
  }
  return value;
}

/**
 * Checks an optional function option.
 *
 * @param subject What is being created.
 * @param name The option name.
 * @param value The given value.
 * @returns The function, or `undefined`.
 */
export function functionOption<T>(
  subject: string,
  name: string,
  value: T | undefined,
): T | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(
      `Cannot create ${subject} as ${name} must be a function: current value is ${typeof value}`,
    );
  }
  return value;
}
