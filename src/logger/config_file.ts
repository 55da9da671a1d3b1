/**
 * Configuration from a JSON file: read through the platform's file
 * driver, parsed, checked for keys given twice, then applied by
 * `configure()`.
 *
 * @module
 */
import { describeError, LogrotorError } from "../errors.ts";
import { getPlatform } from "../runtime/detect.ts";
import { configure } from "./config.ts";
import type { LoggingConfig } from "./config_types.ts";
import { findDuplicateKey } from "./_json_duplicates.ts";

/**
 * Configures the loggers from a JSON file read through the platform's file
 * driver; see {@linkcode configure} for the format. Relative sink paths
 * are relative to the working directory.
 *
 * @param path The JSON file.
 * @returns A promise that resolves once the replaced sinks are closed.
 * @throws {LogrotorError} `CONFIG_INVALID` when the file cannot be read.
 * @throws {SyntaxError} When it is not JSON.
 * @throws {TypeError} When an object has the same key twice (JSON allows
 * it, but only the last value would count), naming the key, its path and
 * lines; for a bad configuration, as {@linkcode configure}.
 *
 * @example Usage
 * ```ts
 * import { configureFromFile } from "logrotor";
 * import { getLogger } from "logrotor";
 *
 * await configureFromFile("./logging.json");
 * getLogger("app").info("configured");
 * ```
 */
export async function configureFromFile(path: string): Promise<void> {
  let text: string;
  try {
    text = new TextDecoder().decode(getPlatform().fs.readFile(path));
  } catch (e) {
    throw new LogrotorError(
      "CONFIG_INVALID",
      `Cannot configure logging as ${path} cannot be read: ${describeError(e)}`,
      { cause: e },
    );
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(
      `Cannot configure logging as ${path} is not valid JSON: ${
        e instanceof Error ? e.message : String(e)
      }`,
      { cause: e },
    );
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new TypeError(
      `Cannot configure logging as ${path} has the key ${
        JSON.stringify(duplicate.key)
      } twice at ${duplicate.path} (lines ${duplicate.firstLine} and ${duplicate.line}): JSON keeps only the last value, so remove one`,
    );
  }
  await configure(config as LoggingConfig);
}
