/**
 * A buffered sink's side of its {@linkcode Target}: writes a batch and
 * learns how much landed, fsyncs after each write when asked, keeps the
 * failure state that paces retries, counts, and turns failures into
 * diagnostics (never into exceptions for the caller).
 *
 * @module
 */
import {
  type Diagnostic,
  type DiagnosticKind,
  type DiagnosticListener,
  emitDiagnostic,
} from "../diagnostics.ts";
import { describeError } from "../errors.ts";
import { permissionNeedOf } from "../runtime/deno_permissions.ts";
import type { Platform } from "../runtime/driver.ts";
import { type Target, TargetWriteError } from "./target.ts";

/** While the target fails, it is retried at most this often. */
const retryDelayMs = 50;

/**
 * The link from a buffered sink to its target.
 *
 * @example Usage
 * ```ts
 * import { TargetLink } from "./target_link.ts";
 * import { getPlatform, type Target } from "logrotor/compose";
 *
 * const target: Target = {
 *   name: "memory",
 *   write() {},
 *   sync() {},
 *   close() {},
 * };
 * const link = new TargetLink(target, getPlatform(), () => {}, false);
 * link.write(new TextEncoder().encode("a\n"), 2); // true
 * link.bytesWritten; // 2
 * ```
 */
export class TargetLink {
  /** The target written to. */
  readonly target: Target;
  readonly #platform: Platform;
  readonly #listener: DiagnosticListener;
  readonly #syncEachWrite: boolean;

  /** The last target write failed. */
  failing = false;
  /** While failing, retry the target from this monotonic time on. */
  retryAt = 0;
  /** Bytes that landed in the last `write()` or `writeWhole()`. */
  written = 0;
  /** Bytes the target accepted. */
  bytesWritten = 0;
  /** Successful writes (flushes). */
  flushes = 0;
  /** Failed target calls. */
  errors = 0;
  /** The last failure, or `undefined`. */
  lastError: string | undefined;
  /** When it happened (ms since the epoch), or `undefined`. */
  lastErrorTime: number | undefined;
  /**
   * The last failure was a permission the runtime denied (Deno's
   * `NotCapable`): no amount of waiting grants it.
   */
  denied = false;

  /**
   * @param target Where bytes go.
   * @param platform Clocks for retry pacing and diagnostics.
   * @param listener Receives diagnostics.
   * @param syncEachWrite Whether to fsync after every write that landed
   * (`fsync: "flush"`).
   */
  constructor(
    target: Target,
    platform: Platform,
    listener: DiagnosticListener,
    syncEachWrite: boolean,
  ) {
    this.target = target;
    this.#platform = platform;
    this.#listener = listener;
    this.#syncEachWrite = syncEachWrite;
  }

  /**
   * Writes `bytes[0, length)`; `written` then says how much landed (all
   * of it on success, what the target reports on a failure).
   *
   * @param bytes The batch.
   * @param length Bytes to write from its start.
   * @returns Whether the write succeeded.
   */
  write(bytes: Uint8Array, length: number): boolean {
    let written = length;
    let ok = true;
    try {
      this.target.write(bytes, 0, length);
    } catch (err) {
      written = err instanceof TargetWriteError ? err.written : 0;
      ok = false;
      this.failed(err);
    }
    if (ok && this.#syncEachWrite) this.#syncAfterWrite();
    this.bytesWritten += written;
    this.written = written;
    return ok;
  }

  /**
   * Writes a piece that counts only whole (a marker line): on failure
   * nothing is counted as written, and `written` says whether a part
   * landed anyway.
   *
   * @param bytes The piece.
   * @returns Whether it was written.
   */
  writeWhole(bytes: Uint8Array): boolean {
    try {
      this.target.write(bytes, 0, bytes.length);
    } catch (err) {
      this.written = err instanceof TargetWriteError ? err.written : 0;
      this.failed(err);
      return false;
    }
    this.written = bytes.length;
    this.bytesWritten += bytes.length;
    return true;
  }

  /** fsync after a write that landed: a failure must not resend the lines. */
  #syncAfterWrite(): void {
    try {
      this.target.sync();
    } catch (err) {
      this.errors++;
      this.lastError = describeError(err);
      this.lastErrorTime = this.#platform.now();
      this.report(
        "error",
        `fsync failed (${this.lastError}); the lines were written but may not be durable`,
        err,
      );
    }
  }

  /** fsyncs now; a failure is counted and reported. */
  sync(): void {
    try {
      this.target.sync();
    } catch (err) {
      this.failed(err);
    }
  }

  /**
   * Cuts the last `bytes` bytes off the target (a torn line, when this is
   * its sole writer); they no longer count as written.
   *
   * @param bytes How many bytes to cut.
   * @returns Whether the target cut them.
   */
  cutTail(bytes: number): boolean {
    let cut = false;
    try {
      cut = this.target.cutTail?.(bytes) ?? false;
    } catch {
      cut = false;
    }
    if (cut) this.bytesWritten -= bytes;
    return cut;
  }

  /** Has the target reopen its file by path; a failure is counted. */
  reopen(): void {
    try {
      this.target.reopen?.();
    } catch (err) {
      this.failed(err);
    }
  }

  /**
   * fsyncs (off the event loop where the target can) and closes the
   * target; failures are counted and reported, never thrown.
   *
   * @param sync Whether to fsync first.
   * @returns A promise that resolves once the target is closed.
   */
  async close(sync: boolean): Promise<void> {
    if (sync) {
      // Off the event loop: an fsync of a large file takes tens of ms. The
      // exit hook stays registered meanwhile and syncs synchronously.
      try {
        await (this.target.syncAsync?.() ?? this.target.sync());
      } catch (err) {
        this.failed(err);
      }
    }
    try {
      await this.target.close();
    } catch (err) {
      this.failed(err);
    }
  }

  /** Lets the target settle synchronously at process exit. */
  closeSync(): void {
    try {
      this.target.closeSync?.();
    } catch {
      // the process is ending; the target's own recovery runs at next start
    }
  }

  /**
   * Counts a failed target call, paces the next retry and reports the
   * first failure of a run.
   *
   * @param err What the target threw.
   */
  failed(err: unknown): void {
    this.errors++;
    this.retryAt = this.#platform.monotonic() + retryDelayMs;
    const cause = err instanceof TargetWriteError ? err.cause : err;
    this.lastError = describeError(cause);
    this.denied = permissionNeedOf(cause) !== undefined;
    this.lastErrorTime = this.#platform.now();
    if (!this.failing) {
      this.failing = true;
      this.report("error", `write failed (${this.lastError})`, err);
    }
  }

  /**
   * Counts a successful write.
   *
   * @returns Whether it ended a run of failures (the caller reports the
   * recovery once its own state is reset).
   */
  succeeded(): boolean {
    this.flushes++;
    this.denied = false;
    if (!this.failing) return false;
    this.failing = false;
    return true;
  }

  /**
   * Emits a diagnostic about the target.
   *
   * @param kind What happened.
   * @param message One line for people.
   * @param error The cause, if any.
   */
  report(kind: DiagnosticKind, message: string, error?: unknown): void {
    const diagnostic: Diagnostic = error === undefined
      ? { kind, target: this.target.name, message, time: this.#platform.now() }
      : {
        kind,
        target: this.target.name,
        message,
        error,
        time: this.#platform.now(),
      };
    emitDiagnostic(this.#listener, diagnostic);
  }
}
