import assert from "node:assert/strict";
import { test } from "node:test";
import { truncateUtf8 } from "../../src/network/syslog_format.ts";
import { frameLength, writeFrame } from "../../src/network/syslog_framing.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function frame(text: string, framing: "octet-counting" | "lf"): string {
  const bytes = enc.encode(text);
  const out = new Uint8Array(frameLength(bytes.length, framing));
  assert.equal(writeFrame(out, 0, bytes, framing), out.length);
  return dec.decode(out);
}

test("RFC 6587 framing: octet counting counts bytes; LF framing", () => {
  assert.equal(
    frame("<14>1 - - - - - - hi", "octet-counting"),
    "20 <14>1 - - - - - - hi",
  );
  assert.equal(frame("ü", "octet-counting"), "2 ü");
  assert.equal(frame("a\nb", "octet-counting"), "3 a\nb");
  assert.equal(frame("a\nb", "lf"), "a b\n");
  assert.equal(frameLength(100, "octet-counting"), 104);
  // Truncation never splits a UTF-8 character.
  const bytes = enc.encode("aü€");
  assert.equal(dec.decode(truncateUtf8(bytes, 2)), "a");
  assert.equal(dec.decode(truncateUtf8(bytes, 3)), "aü");
  assert.equal(dec.decode(truncateUtf8(bytes, 5)), "aü");
  assert.equal(truncateUtf8(bytes, 6), bytes);
});
