/**
 * The configuration schema of a sink type, derived from its option table:
 * how `configure()` reads each key (sizes and durations also as `"16M"` /
 * `"5s"`), in the table's order. Rows marked `config: false` (functions,
 * objects, test seams) are not read; a deprecated alias is read after its
 * name, and the factory's checks report its use.
 *
 * @module
 */
import type { OptionRow } from "../options/option_row.ts";
import { valueKindOf } from "../options/option_table.ts";
import type { OptionKind } from "./option_reader.ts";

function kindOf(row: OptionRow): OptionKind | undefined {
  return row.config === false ? undefined : valueKindOf(row);
}

/**
 * The schema `SinkOptionReader.pick()` reads a sink entry with, from the
 * sink's option table.
 *
 * @param rows The sink's option table.
 * @returns Each configurable key and how it is read.
 *
 * @example Usage
 * ```ts
 * import { configSchemaOf } from "./option_schema.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(
 *   configSchemaOf([
 *     { name: "maxSize", alias: "maxBytes", type: "size", min: 1, doc: "", flag: { name: "max-size" } },
 *   ]),
 *   { maxSize: "size", maxBytes: "size" },
 * );
 * ```
 */
export function configSchemaOf(
  rows: readonly OptionRow[],
): Readonly<Record<string, OptionKind>> {
  const schema: Record<string, OptionKind> = {};
  for (const row of rows) {
    const kind = kindOf(row);
    if (kind === undefined) continue;
    schema[row.name] = kind;
    if (row.alias !== undefined) schema[row.alias] = kind;
  }
  return schema;
}
