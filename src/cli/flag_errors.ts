/**
 * Messages of option errors thrown while a subcommand builds its sink
 * ("Cannot create file sink as maxSize must be >= 1: current value is 0"),
 * rewritten to name the flag the user typed ("logrotor write: --max-size
 * must be >= 1: current value is 0").
 *
 * @module
 */
import { optionByFlagOf } from "./option_flags.ts";
import {
  fileSinkOptionTable,
  rotatingSinkOptionTable,
} from "../options/file_options.ts";

/** API option → CLI flag, for every option a CLI flag sets. */
const flagByOption: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    ...optionByFlagOf(fileSinkOptionTable),
    ...optionByFlagOf(rotatingSinkOptionTable),
    // run_command.ts
    "name": "name",
    "dir": "dir",
  }).map(([flag, option]) => [option, flag]),
);

/**
 * Rewrites a construction error's message for the command line: the
 * "Cannot create SUBJECT as OPTION" head becomes the command and the flag,
 * and other option names in it become flags too. Messages of another shape
 * only get the command prefix.
 *
 * @param command The subcommand (`write`).
 * @param message The error's message.
 * @returns One line, without a newline.
 *
 * @example Usage
 * ```ts
 * import { flagMessage } from "./flag_errors.ts";
 *
 * flagMessage(
 *   "write",
 *   "Cannot create file sink as maxBufferedBytes must be >= flushBytes (262144): current value is 1024",
 * ); // "logrotor write: --max-buffered must be >= --flush-bytes (262144): current value is 1024"
 * ```
 */
export function flagMessage(command: string, message: string): string {
  const prefix = `logrotor ${command}: `;
  const head = /^Cannot create .+? as (\w+)\b([^]*)$/.exec(message);
  const flag = head && flagByOption[head[1] as string];
  if (!head || flag === undefined) {
    return prefix + message.replace(/^logrotor \w+: /, "");
  }
  const rest = (head[2] as string).replace(
    /\b[a-z]+[A-Z]\w*\b/g,
    (word) =>
      flagByOption[word] === undefined ? word : `--${flagByOption[word]}`,
  );
  return `${prefix}--${flag}${rest}`;
}
