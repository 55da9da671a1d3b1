/**
 * The file driver built on synchronous `node:fs` calls on numeric fds. The
 * same code runs unchanged on Deno 2, Bun and Node (measured: O_APPEND is
 * set on all three, Deno hands out real OS fds, error `code`s are set
 * everywhere).
 *
 * @module
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";
import type {
  FileDriver,
  FileHandle,
  FileInfo,
  OpenMode,
  SpaceInfo,
} from "./driver.ts";

function toInfo(st: fs.Stats): FileInfo {
  return {
    size: st.size,
    mtimeMs: st.mtimeMs,
    ino: st.ino,
    dev: st.dev,
    isFile: st.isFile(),
    isDirectory: st.isDirectory(),
    nlink: st.nlink,
    isSymlink: st.isSymbolicLink(),
    mode: st.mode & 0o7777,
  };
}

function countNewlines(bytes: Uint8Array, n = bytes.length): number {
  let lines = 0;
  for (
    let i = bytes.indexOf(10);
    i !== -1 && i < n;
    i = bytes.indexOf(10, i + 1)
  ) {
    lines++;
  }
  return lines;
}

function hasCode(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null &&
    (err as { code?: unknown }).code === code;
}

/**
 * Creates the `node:fs` file driver.
 *
 * @returns A {@linkcode FileDriver} that works on Deno, Bun and Node.
 *
 * @example Usage
 * ```ts
 * import { createNodeFileDriver } from "./node_fs.ts";
 *
 * const driver = createNodeFileDriver();
 * driver.mkdirp("/tmp/logrotor-example");
 * ```
 */
export function createNodeFileDriver(): FileDriver {
  return {
    open(path: string, mode: OpenMode, createMode?: number): FileHandle {
      const flags = mode === "append" ? "a" : "w";
      if (createMode === undefined) return fs.openSync(path, flags, 0o666);
      let fd: number;
      try {
        fd = fs.openSync(path, `${flags}x`, createMode);
      } catch (err) {
        if (!hasCode(err, "EEXIST")) throw err;
        return fs.openSync(path, flags, createMode); // exists: keeps its mode
      }
      try {
        fs.fchmodSync(fd, createMode); // exactly this mode, umask or not
      } catch {
        // the file exists and is open; its mode is the umask's
      }
      return fd;
    },
    write(fd, bytes, offset, length): number {
      return fs.writeSync(fd, bytes, offset, length);
    },
    fsync(fd): void {
      fs.fsyncSync(fd);
    },
    fsyncAsync(fd): Promise<void> {
      return new Promise((resolve, reject) =>
        fs.fsync(fd, (err) => err ? reject(err) : resolve())
      );
    },
    truncate(fd, size): void {
      fs.ftruncateSync(fd, size);
    },
    close(fd): void {
      fs.closeSync(fd);
    },
    fstat(fd): FileInfo {
      return toInfo(fs.fstatSync(fd));
    },
    stat(path): FileInfo | undefined {
      try {
        return toInfo(fs.statSync(path));
      } catch (err) {
        if (hasCode(err, "ENOENT") || hasCode(err, "ENOTDIR")) return undefined;
        throw err;
      }
    },
    lstat(path): FileInfo | undefined {
      try {
        return toInfo(fs.lstatSync(path));
      } catch (err) {
        if (hasCode(err, "ENOENT") || hasCode(err, "ENOTDIR")) return undefined;
        throw err;
      }
    },
    rename(from, to): void {
      fs.renameSync(from, to);
    },
    unlink(path): void {
      fs.unlinkSync(path);
    },
    readdir(path): string[] {
      try {
        return fs.readdirSync(path);
      } catch (err) {
        if (hasCode(err, "ENOENT")) return [];
        throw err;
      }
    },
    mkdirp(path): void {
      fs.mkdirSync(path, { recursive: true });
    },
    fsyncDir(path): void {
      const fd = fs.openSync(path, "r");
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    },
    statfs(path): SpaceInfo {
      const st = fs.statfsSync(path);
      return {
        availableBytes: st.bavail * st.bsize,
        totalBytes: st.blocks * st.bsize,
      };
    },
    readFile(path): Uint8Array {
      return fs.readFileSync(path);
    },
    readRange(path, position, length): Uint8Array {
      const fd = fs.openSync(path, "r");
      try {
        const out = new Uint8Array(length);
        const n = fs.readSync(fd, out, 0, length, position);
        return out.subarray(0, n);
      } finally {
        fs.closeSync(fd);
      }
    },
    countLines(path): number {
      if (path.endsWith(".gz")) {
        return countNewlines(zlib.gunzipSync(fs.readFileSync(path)));
      }
      const fd = fs.openSync(path, "r");
      try {
        const chunk = new Uint8Array(1 << 20);
        let lines = 0;
        for (;;) {
          const n = fs.readSync(fd, chunk, 0, chunk.length, null);
          if (n <= 0) return lines;
          lines += countNewlines(chunk, n);
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    async syncInBackground(path): Promise<void> {
      const handle = await fs.promises.open(path, "r");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    createExclusive(path, content): void {
      const fd = fs.openSync(path, "wx", 0o644);
      try {
        fs.writeSync(fd, content);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}
