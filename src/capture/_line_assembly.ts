/**
 * Assembling whole text lines from chunks of bytes or text, as a follower
 * reads them: each call returns the whole lines completed so far and keeps
 * the unfinished last line (and any split UTF-8 sequence) for the next.
 *
 * @module
 */

/**
 * Whole lines out of chunks: {@linkcode LineAssembly.take} for bytes,
 * {@linkcode LineAssembly.takeText} for decoded text,
 * {@linkcode LineAssembly.endLine} to end the unfinished line of a file
 * that is done, {@linkcode LineAssembly.discard} to forget it.
 *
 * @example Usage
 * ```ts
 * import { LineAssembly } from "./_line_assembly.ts";
 *
 * const lines = new LineAssembly();
 * lines.take(new TextEncoder().encode("one\ntw")); // "one\n"
 * lines.takeText("o\nthr"); // "two\n"
 * lines.endLine(); // "thr\n"
 * ```
 */
export class LineAssembly {
  readonly #decoder = new TextDecoder();
  #partial = "";

  /** Decodes `bytes` and returns the lines they complete. */
  take(bytes: Uint8Array): string {
    const text = this.#partial + this.#decoder.decode(bytes, { stream: true });
    const cut = text.lastIndexOf("\n") + 1;
    this.#partial = text.slice(cut);
    return text.slice(0, cut);
  }

  /** Returns the lines that `text` completes. */
  takeText(text: string): string {
    const all = this.#partial + text;
    const cut = all.lastIndexOf("\n") + 1;
    this.#partial = all.slice(cut);
    return all.slice(0, cut);
  }

  /** Ends the unfinished line with a newline and returns it ("" if none). */
  endLine(): string {
    const rest = this.#decoder.decode();
    if (this.#partial === "" && rest === "") return "";
    return this.takeText(rest + "\n");
  }

  /** Forgets the unfinished line (and any split UTF-8 sequence). */
  discard(): void {
    this.#partial = "";
    this.#decoder.decode();
  }
}
