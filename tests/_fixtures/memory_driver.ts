// An in-memory FileDriver and a fault-injecting wrapper, for deterministic tests.
import type {
  FileDriver,
  FileHandle,
  FileInfo,
  OpenMode,
  SpaceInfo,
} from "../../src/runtime/driver.ts";

function fail(code: string, message = code): never {
  throw Object.assign(new Error(message), { code });
}

/** Files in memory; `capacity` makes writes fail with ENOSPC past a total size. */
export class MemoryDriver implements FileDriver {
  files = new Map<string, Uint8Array<ArrayBuffer>>();
  dirs = new Set<string>(["/"]);
  handles = new Map<FileHandle, string>();
  capacity = Infinity;
  syncs = 0;
  /** Give every file its own inode (kept by rename), as a real file system does. Off: all inodes are 0. */
  inodes = false;
  #inos = new Map<string, number>();
  #nextIno = 100;
  #next = 3;
  #mtime = 0;

  #inoOf(path: string): number {
    if (!this.inodes) return 0;
    let ino = this.#inos.get(path);
    if (ino === undefined) {
      ino = this.#nextIno++;
      this.#inos.set(path, ino);
    }
    return ino;
  }

  used(): number {
    let total = 0;
    for (const f of this.files.values()) total += f.length;
    return total;
  }

  text(path: string): string {
    return new TextDecoder().decode(this.files.get(path) ?? new Uint8Array());
  }

  open(path: string, mode: OpenMode): FileHandle {
    if (this.dirs.has(path)) fail("EISDIR");
    const parent = path.slice(0, path.lastIndexOf("/")) || "/";
    if (!this.dirs.has(parent)) fail("ENOENT");
    if (!this.files.has(path)) this.#inos.delete(path);
    if (mode === "truncate" || !this.files.has(path)) {
      this.files.set(path, new Uint8Array());
    }
    const fd = this.#next++;
    this.handles.set(fd, path);
    return fd;
  }

  write(
    fd: FileHandle,
    bytes: Uint8Array,
    offset: number,
    length: number,
  ): number {
    const path = this.handles.get(fd) ?? fail("EBADF");
    const room = this.capacity - this.used();
    if (room <= 0) fail("ENOSPC", "No space left on device");
    const n = Math.min(room, length);
    const old = this.files.get(path) ?? new Uint8Array();
    const grown = new Uint8Array(old.length + n);
    grown.set(old);
    grown.set(bytes.subarray(offset, offset + n), old.length);
    this.files.set(path, grown);
    this.#mtime++;
    return n;
  }

  fsync(fd: FileHandle): void {
    if (!this.handles.has(fd)) fail("EBADF");
    this.syncs++;
  }

  truncate(fd: FileHandle, size: number): void {
    const path = this.handles.get(fd) ?? fail("EBADF");
    const old = this.files.get(path) ?? new Uint8Array();
    this.files.set(path, old.slice(0, size));
  }

  close(fd: FileHandle): void {
    if (!this.handles.delete(fd)) fail("EBADF");
  }

  fstat(fd: FileHandle): FileInfo {
    const path = this.handles.get(fd) ?? fail("EBADF");
    return this.#info(this.files.get(path)?.length ?? 0, false, path);
  }

  #info(size: number, isDirectory = false, path = ""): FileInfo {
    return {
      size,
      mtimeMs: this.#mtime,
      ino: isDirectory || path === "" ? 0 : this.#inoOf(path),
      dev: 0,
      isFile: !isDirectory,
      isDirectory,
    };
  }

  stat(path: string): FileInfo | undefined {
    if (this.dirs.has(path)) return this.#info(0, true);
    const f = this.files.get(path);
    return f === undefined ? undefined : this.#info(f.length, false, path);
  }

  rename(from: string, to: string): void {
    const f = this.files.get(from) ?? fail("ENOENT");
    const ino = this.#inoOf(from);
    this.files.delete(from);
    this.#inos.delete(from);
    this.files.set(to, f);
    if (this.inodes) this.#inos.set(to, ino);
    for (const [fd, p] of this.handles) {
      if (p === from) this.handles.set(fd, to);
    }
  }

  unlink(path: string): void {
    if (!this.files.delete(path)) fail("ENOENT");
    this.#inos.delete(path);
  }

  readdir(path: string): string[] {
    const prefix = path.endsWith("/") ? path : path + "/";
    return [...this.files.keys()]
      .filter((p) =>
        p.startsWith(prefix) && !p.slice(prefix.length).includes("/")
      )
      .map((p) => p.slice(prefix.length));
  }

  mkdirp(path: string): void {
    let at = "";
    for (const part of path.split("/").filter(Boolean)) {
      at += "/" + part;
      this.dirs.add(at);
    }
  }

  fsyncDir(_path: string): void {}

  statfs(_path: string): SpaceInfo {
    return {
      availableBytes: Math.max(0, this.capacity - this.used()),
      totalBytes: this.capacity,
    };
  }

  readFile(path: string): Uint8Array {
    return this.files.get(path) ?? fail("ENOENT");
  }

  createExclusive(path: string, content: Uint8Array): void {
    if (this.files.has(path)) fail("EEXIST");
    this.#inos.delete(path);
    this.files.set(path, new Uint8Array(content));
  }
}

/** A planned failure: the nth call (1-based) of `op` throws `code` after writing `partial` bytes. */
export interface Fault {
  op: keyof FileDriver;
  call: number;
  code: string;
  partial?: number;
}

/** Wraps a driver and makes chosen calls fail. */
export function faultyDriver(inner: MemoryDriver, faults: Fault[]): FileDriver {
  const calls = new Map<string, number>();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const n = (calls.get(prop as string) ?? 0) + 1;
        calls.set(prop as string, n);
        const fault = faults.find((f) => f.op === prop && f.call === n);
        if (fault) {
          if (prop === "write" && fault.partial) {
            const [fd, bytes, offset] = args as [number, Uint8Array, number];
            target.write(fd, bytes, offset, fault.partial);
          }
          fail(fault.code, `injected ${fault.code}`);
        }
        return value.apply(target, args);
      };
    },
  }) as FileDriver;
}
