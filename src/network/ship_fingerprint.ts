/**
 * File fingerprints for the file shipper: a file is known by its device and
 * inode plus a hash of its first bytes (the head), never by its name.
 *
 * The inode alone is not enough: after an archive is compressed, its inode
 * is freed and the next live file may get the same number; the head hash
 * tells them apart. The head alone is not enough either: two files may
 * start alike; the inode settles it while the file exists uncompressed.
 * A `.gz` archive has a new inode and other bytes, so it is matched by the
 * hash of its *uncompressed* head (see `ship_files.ts`).
 *
 * The head is at most `headBytes` long; a file shorter than that when the
 * fingerprint is taken is recorded with its shorter head (`headLength`),
 * and a file matches when its first `headLength` bytes hash the same.
 *
 * @module
 */

/** How a file is recognised across renames and compression. */
export interface FileFingerprint {
  /** The device number (of the uncompressed file when it was seen). */
  readonly dev: number;
  /** The inode (of the uncompressed file when it was seen). */
  readonly ino: number;
  /** How many bytes of the head were hashed. */
  readonly headLength: number;
  /** The hash of those bytes (16 hex digits). */
  readonly headHash: string;
}

/**
 * A 64-bit hash of bytes (two 32-bit FNV-1a lanes with different seeds),
 * as 16 hex digits. Not cryptographic: it tells log files apart.
 *
 * @param bytes The bytes.
 * @returns The hash.
 *
 * @example Usage
 * ```ts
 * import { hashHead } from "./ship_fingerprint.ts";
 *
 * hashHead(new TextEncoder().encode("line 1\n")).length; // 16
 * ```
 */
export function hashHead(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, "0") +
    (b >>> 0).toString(16).padStart(8, "0");
}

/**
 * Makes a fingerprint.
 *
 * @param dev The device.
 * @param ino The inode.
 * @param head The first bytes (at most the configured head size).
 * @returns The fingerprint.
 *
 * @example Usage
 * ```ts
 * import { fingerprint } from "./ship_fingerprint.ts";
 *
 * fingerprint(1, 2, new Uint8Array([65, 10])).headLength; // 2
 * ```
 */
export function fingerprint(
  dev: number,
  ino: number,
  head: Uint8Array,
): FileFingerprint {
  return { dev, ino, headLength: head.length, headHash: hashHead(head) };
}

/**
 * Whether `head` (a file's first bytes, at least `fp.headLength` of them
 * when the file is that long) starts like the fingerprinted file did.
 *
 * @param fp The recorded fingerprint.
 * @param head The candidate's first bytes.
 * @returns Whether the heads agree.
 *
 * @example Usage
 * ```ts
 * import { fingerprint, sameHead } from "./ship_fingerprint.ts";
 *
 * const bytes = new TextEncoder().encode("line 1\nline 2\n");
 * sameHead(fingerprint(1, 2, bytes.subarray(0, 7)), bytes); // true
 * ```
 */
export function sameHead(fp: FileFingerprint, head: Uint8Array): boolean {
  if (head.length < fp.headLength) return false;
  return hashHead(head.subarray(0, fp.headLength)) === fp.headHash;
}

/**
 * Whether a value read from a state file is a fingerprint.
 *
 * @param value The value.
 * @returns Whether it has every field with the right type.
 *
 * @example Usage
 * ```ts
 * import { isFingerprint } from "./ship_fingerprint.ts";
 *
 * isFingerprint({ dev: 1, ino: 2, headLength: 0, headHash: "0" }); // true
 * ```
 */
export function isFingerprint(value: unknown): value is FileFingerprint {
  const v = value as Partial<FileFingerprint> | null;
  return typeof v === "object" && v !== null &&
    Number.isSafeInteger(v.dev) && Number.isSafeInteger(v.ino) &&
    Number.isSafeInteger(v.headLength) && typeof v.headHash === "string";
}
