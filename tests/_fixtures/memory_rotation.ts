// Rotation over the memory driver: a context for unit tests, shared-mode
// "processes" over one memory driver with real inodes, a compressor whose
// jobs finish on demand, and waits on events.
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/diagnostics.ts";
import type { MaintenancePolicy } from "../../src/rotation/archive_maintenance.ts";
import type { RetentionPolicy } from "../../src/rotation/retention.ts";
import { RotationContext } from "../../src/rotation/rotation_context.ts";
import { getPlatform } from "../../src/runtime/detect.ts";
import type {
  Compressor,
  FileDriver,
  GzipResult,
  Platform,
} from "../../src/runtime/driver.ts";
import { RotatingTarget } from "../../src/rotation/rotating_target.ts";
import { MemoryDriver } from "./memory_driver.ts";

export const encoder = new TextEncoder();

/** Archive maintenance with this retention and compressor (level 6). */
export function policy(
  retention: RetentionPolicy = {},
  compressor?: Compressor,
): MaintenancePolicy {
  return { retention, compressor, compressionLevel: 6 };
}

/** 2024-01-01T00:00:00Z. */
export const t0 = Date.parse("2024-01-01T00:00:00Z");

/** A memory driver with `/logs`, and a context for `/logs/app.log` that records diagnostics. */
export function memoryContext(
  options: {
    now?: () => number;
    platform?: Platform;
    /** Wraps the memory driver (adds lstat, countLines…). */
    fs?: (memory: MemoryDriver) => FileDriver;
  } = {},
) {
  const memory = new MemoryDriver();
  memory.mkdirp("/logs");
  const diagnostics: Diagnostic[] = [];
  const ctx = new RotationContext({
    path: "/logs/app.log",
    fs: options.fs?.(memory) ?? memory,
    platform: options.platform ?? getPlatform(),
    now: options.now ?? (() => t0),
    mkdir: true,
    onDiagnostic: (d) => diagnostics.push(d),
  });
  return { memory, ctx, diagnostics };
}

/** A memory driver with real inodes that counts renames and can run a hook before one call. */
export function racingDriver() {
  const memory = new MemoryDriver();
  memory.inodes = true;
  memory.mkdirp("/logs");
  const state = {
    renames: 0,
    before: undefined as
      | { op: keyof FileDriver; match: string; run: () => void }
      | undefined,
  };
  const driver = new Proxy(memory, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const hook = state.before;
        if (
          hook !== undefined && hook.op === prop &&
          String(args[0]).endsWith(hook.match)
        ) {
          state.before = undefined;
          hook.run();
        }
        if (prop === "rename") state.renames++;
        return value.apply(target, args);
      };
    },
  }) as FileDriver;
  return { memory, driver, state };
}

/** One "process" writing /logs/app.log in shared mode. */
export function sharedTarget(
  driver: FileDriver,
  now: () => number,
  compressor?: Compressor,
  platform: Platform = getPlatform(),
): RotatingTarget {
  const target = new RotatingTarget({
    path: "/logs/app.log",
    fs: driver,
    platform,
    now,
    maxBytes: 100,
    schedule: undefined,
    retention: {},
    compressor,
    compressionLevel: 6,
    checkIntervalMs: 250,
    mkdir: true,
    fsync: true,
    shared: true,
    onDiagnostic: () => {},
  });
  target.open();
  return target;
}

export function put(target: RotatingTarget, text: string): void {
  const bytes = encoder.encode(text);
  target.write(bytes, 0, bytes.length);
}

export const line = (tag: string) => `${tag.padEnd(19, ".")}\n`; // 20 bytes

/**
 * A compressor over the memory driver whose jobs finish only when the test
 * says so. A job writes `x.gz.tmp` when it starts (an in-flight temporary
 * file, as the worker does) and on `finish()` renames it to `x.gz` and
 * unlinks `x`; if anyone deleted the `.tmp` meanwhile, the job fails.
 */
export function heldCompressor(memory: MemoryDriver) {
  const jobs: Array<{ source: string; finish(): void }> = [];
  const compressor: Compressor = {
    gzipFile(source: string, destination: string): Promise<GzipResult> {
      const tmp = `${destination}.tmp`;
      memory.files.set(tmp, new Uint8Array(1));
      return new Promise<GzipResult>((resolve, reject) => {
        jobs.push({
          source,
          finish() {
            try {
              const bytes = memory.readFile(source);
              memory.readFile(tmp); // ENOENT if someone removed it
              memory.files.set(tmp, new Uint8Array(bytes));
              memory.rename(tmp, destination);
              memory.unlink(source);
              resolve({ bytesIn: bytes.length, bytesOut: bytes.length, ms: 0 });
            } catch (error) {
              reject(error);
            }
          },
        });
      });
    },
    warmUp() {},
    dispose() {},
  };
  return { compressor, jobs };
}

/** Lets promise callbacks and the maintenance loop run until `ready()`. */
export async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  assert.ok(ready(), `timed out waiting: ${what}`);
}

const archiveRe = /^\/logs\/app\.2024-.*Z\.log$/;
export const plainArchives = (memory: MemoryDriver) =>
  [...memory.files.keys()].filter((p) => archiveRe.test(p)).sort();

/** The memory driver with some optional methods added or replaced (lstat, countLines, readRange…). */
export function withMethods(
  memory: MemoryDriver,
  methods: Partial<FileDriver>,
): FileDriver {
  return new Proxy(memory, {
    get(target, prop, receiver) {
      if (prop in methods) return methods[prop as keyof FileDriver];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as FileDriver;
}
