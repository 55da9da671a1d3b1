/**
 * Finds the first duplicated object key in JSON text. JSON allows
 * duplicates and `JSON.parse` silently keeps the last value; in a
 * configuration file a duplicate is always a mistake. Private.
 *
 * @module
 */
import { configPath } from "./option_reader.ts";

/** A key that appears twice in one object. */
export interface DuplicateKey {
  /** The key. */
  readonly key: string;
  /** The configuration path of the key (`sinks.file.path`). */
  readonly path: string;
  /** The line (1-based) of its first appearance. */
  readonly firstLine: number;
  /** The line of its second appearance. */
  readonly line: number;
}

interface ObjectFrame {
  readonly kind: "object";
  readonly path: string;
  readonly keys: Map<string, number>;
  key: string;
  expectKey: boolean;
}

interface ArrayFrame {
  readonly kind: "array";
  readonly path: string;
  index: number;
}

/**
 * The first key that appears twice in one object of `text`, which must
 * already be valid JSON (checked with `JSON.parse`).
 *
 * @param text Valid JSON text.
 * @returns The duplicate, or `undefined` when there is none.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Array<ObjectFrame | ArrayFrame> = [];
  let line = 1;
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return "";
    return top.kind === "object"
      ? configPath(top.path, top.key)
      : configPath(top.path, top.index);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    switch (c) {
      case "\n":
        line++;
        break;
      case "{":
        stack.push({
          kind: "object",
          path: valuePath(),
          keys: new Map(),
          key: "",
          expectKey: true,
        });
        break;
      case "[":
        stack.push({ kind: "array", path: valuePath(), index: 0 });
        break;
      case "}":
      case "]":
        stack.pop();
        break;
      case ",": {
        const top = stack[stack.length - 1];
        if (top?.kind === "object") top.expectKey = true;
        else if (top?.kind === "array") top.index++;
        break;
      }
      case '"': {
        let end = i + 1;
        while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
        const top = stack[stack.length - 1];
        if (top?.kind === "object" && top.expectKey) {
          const key = JSON.parse(text.slice(i, end + 1)) as string;
          const firstLine = top.keys.get(key);
          if (firstLine !== undefined) {
            return { key, path: configPath(top.path, key), firstLine, line };
          }
          top.keys.set(key, line);
          top.key = key;
          top.expectKey = false;
        }
        i = end;
        break;
      }
    }
  }
  return undefined;
}
