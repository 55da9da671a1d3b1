// Real tmpfs mounts for disk-full tests (root only; callers skip with the reason).
import { execFileSync } from "node:child_process";
import { makeTempDir, removeDir } from "./fixtures.ts";

/** Mounts a tmpfs of `size` (e.g. "1m") on `dir`. */
export function mount(dir: string, size = "1m"): void {
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], {
    stdio: "pipe",
  });
}

/** Unmounts `dir` (lazily if it is busy). */
export function unmount(dir: string): void {
  try {
    execFileSync("umount", [dir], { stdio: "pipe" });
  } catch {
    execFileSync("umount", ["-l", dir], { stdio: "pipe" });
  }
}

/** Why a tmpfs cannot be mounted here, or `undefined` when it can. */
export function tmpfsUnavailable(): string | undefined {
  const dir = makeTempDir("logrotor-tmpfs-probe-");
  try {
    mount(dir);
  } catch (err) {
    removeDir(dir);
    return `cannot mount a tmpfs here (${
      (err as Error).message.split("\n")[0]
    })`;
  }
  unmount(dir);
  removeDir(dir);
  return undefined;
}

/**
 * Runs `run` with a fresh tmpfs of `size` mounted on a temporary directory;
 * always unmounts and removes it, also when mounting fails.
 */
export async function withTmpfs<T>(
  size: string,
  run: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = makeTempDir("logrotor-tmpfs-");
  try {
    mount(dir, size);
    try {
      return await run(dir);
    } finally {
      unmount(dir);
    }
  } finally {
    removeDir(dir);
  }
}
