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
 * @param max The largest allowed value (timers: {@linkcode maxTimerMs}).
 * @returns The value to use.
 */
export function integerOption(
  subject: string,
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
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
  if (value > max) {
    throw new RangeError(
      `Cannot create ${subject} as ${name} must be <= ${max}: current value is ${value}`,
    );
  }
  return value;
}

/**
 * The longest delay a timer takes (2^31 - 1 ms, about 24.8 days): a longer
 * one overflows and fires after 1 ms on every runtime.
 */
export const maxTimerMs = 2 ** 31 - 1;

/**
 * Checks that `options` is an object (or `undefined`, meaning no options)
 * and returns it. `null` is refused: it is almost always a mistake (a
 * missing config section), and an explicit error says where.
 *
 * @param subject What is being created.
 * @param options The given options.
 * @returns The options, `{}` for `undefined`.
 */
export function optionsObject<T extends object>(
  subject: string,
  options: T | undefined,
): T {
  if (options === undefined) return {} as T;
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot create ${subject} as options must be an object or undefined: current value is ${
        options === null ? "null" : show(options)
      }`,
    );
  }
  return options;
}

/**
 * Throws a `TypeError` naming the first key of `options` that is not in
 * `known`, with the closest known key as a suggestion.
 *
 * @param subject What is being created.
 * @param options The given options.
 * @param known Every accepted key.
 */
export function rejectUnknownKeys(
  subject: string,
  options: object,
  known: Readonly<Record<string, true>>,
): void {
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(known, key)) continue;
    const guess = closest(key, Object.keys(known));
    throw new TypeError(
      `Cannot create ${subject} as ${JSON.stringify(key)} is not an option${
        guess === undefined ? "" : ` (did you mean ${JSON.stringify(guess)}?)`
      }: current value is ${show((options as Record<string, unknown>)[key])}`,
    );
  }
}

/** The known word nearest to `word` (edit distance), if any is near enough. */
export function closest(
  word: string,
  known: readonly string[],
): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
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
