/**
 * The one check for app names that become file names (`NAME.log`,
 * `NAME.out.log`, `NAME.2026-….log.gz`): `logrotor write --name`,
 * `logrotor run --name`, `captureProcess({ name })` and any API that builds
 * a file name from a name a user gave. A valid name is a single file-name
 * component, so nothing is ever created outside the log directory.
 *
 * @module
 */

/** The longest app name accepted (leaves room for suffixes under NAME_MAX 255). */
export const maxAppNameLength = 128;

const appNamePattern = /^[A-Za-z0-9_@+][A-Za-z0-9._@+-]*$/;

/** What a valid app name looks like, for error messages. */
export const appNameRule =
  `1 to ${maxAppNameLength} characters from A-Z a-z 0-9 . _ - @ +, not starting with "." or "-"`;

/**
 * Whether `name` can be used as an app name: one path component made of
 * `A-Z a-z 0-9 . _ - @ +`, not starting with `.` or `-` (so never `""`,
 * `.`, `..`, a hidden file or something that looks like a flag), no `/`,
 * `\`, spaces or control characters, at most {@linkcode maxAppNameLength}
 * characters.
 *
 * @param name The candidate.
 * @returns True when it is a valid app name.
 *
 * @example Usage
 * ```ts
 * import { isValidAppName } from "logrotor/compose";
 *
 * isValidAppName("web-1"); // true
 * isValidAppName("../../x"); // false
 * ```
 */
export function isValidAppName(name: unknown): name is string {
  return typeof name === "string" && name.length <= maxAppNameLength &&
    appNamePattern.test(name);
}

/**
 * Checks an app name, throwing a `TypeError` in logrotor's usual form when
 * it is not a single safe file-name component (see
 * {@linkcode isValidAppName}).
 *
 * @param name The candidate.
 * @param subject What is being created, for the message ("capture").
 * @param option The option's name, for the message (`name`, `--name`).
 * @returns The name, unchanged.
 * @throws {TypeError} When the name is not valid.
 *
 * @example Usage
 * ```ts
 * import { validateAppName } from "logrotor/compose";
 *
 * validateAppName("web", "capture"); // "web"
 * // validateAppName("a/b", "capture") throws:
 * // TypeError: Cannot create capture as name must be 1 to 128 characters …: current value is "a/b"
 * ```
 */
export function validateAppName(
  name: unknown,
  subject: string,
  option = "name",
): string {
  if (isValidAppName(name)) return name;
  throw new TypeError(
    `Cannot create ${subject} as ${option} must be ${appNameRule}: current value is ${
      typeof name === "string" ? JSON.stringify(name) : String(name)
    }`,
  );
}
