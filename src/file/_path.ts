/**
 * POSIX path helpers (logrotor targets Linux and macOS file systems); kept
 * here so the core never imports `node:path`.
 *
 * @module
 */

/** The directory part of a path (`"."` when there is none). */
export function dirname(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const cut = trimmed.lastIndexOf("/");
  if (cut < 0) return ".";
  if (cut === 0) return "/";
  return trimmed.slice(0, cut);
}

/** The last part of a path. */
export function basename(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Joins path parts with `/`, collapsing repeated separators. */
export function join(...parts: string[]): string {
  return parts.filter((p) => p !== "").join("/").replace(/\/{2,}/g, "/");
}
