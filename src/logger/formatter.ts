/**
 * The formatter contract: a plain function that turns a
 * {@linkcode LogRecord} into one line of text. Two are built in, in their
 * own modules: text (`text_formatter.ts`) and JSON (`json_formatter.ts`).
 *
 * @module
 */
import type { LogRecord } from "./record.ts";

/**
 * Turns a record into a line. The line should end with `\n`; the logger
 * adds one when it does not. A formatter that throws is caught, counted and
 * reported once; the record is then skipped for that sink.
 *
 * @example A custom formatter
 * ```ts
 * import type { Formatter } from "logrotor";
 *
 * const short: Formatter = (record) =>
 *   `${record.level} ${record.logger}: ${record.message}\n`;
 * ```
 */
export type Formatter = (record: LogRecord) => string;
