/**
 * The built-in formatters (JSON, text, pretty), known to the logger by a
 * mark. A marked formatter keeps two promises the logger relies on for
 * speed:
 *
 * - every line it returns, its fallback line included, ends in `\n`, so the
 *   logger skips its own check (which would flatten every freshly
 *   concatenated line once more);
 * - `formatter(record, context)` writes exactly the line of the record whose
 *   fields are `mergeFields(undefined, context, record.fields)`, so the
 *   logger may hand it a bound context apart instead of merging it per
 *   record (see `_bound_context.ts`).
 *
 * Private.
 *
 * @module
 */
import type { ContextFormatter } from "./_bound_context.ts";
import type { Formatter } from "./formatter.ts";

const builtinFormatters = new WeakSet<Formatter>();

/**
 * Marks a formatter that keeps both promises of this module.
 *
 * @param formatter The formatter.
 * @returns The same formatter.
 */
export function markBuiltinFormatter<F extends ContextFormatter>(
  formatter: F,
): F {
  builtinFormatters.add(formatter);
  return formatter;
}

/**
 * Whether {@linkcode markBuiltinFormatter} marked the formatter.
 *
 * @param formatter The formatter.
 * @returns `true` for a marked formatter.
 */
export function isBuiltinFormatter(formatter: Formatter): boolean {
  return builtinFormatters.has(formatter);
}
