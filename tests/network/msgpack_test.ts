// The hand-written MessagePack encoder: exact bytes per format, and a
// round trip through Python's msgpack library.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { MsgpackEncoder } from "../../src/network/msgpack.ts";
import { SocketRecordEncoder } from "../../src/network/socket_record.ts";
import {
  msgpackReceiverMissing,
  pythonWithMsgpack,
} from "../_fixtures/msgpack_receiver.ts";

const hex = (b: Uint8Array) =>
  Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

test("msgpack: each format's bytes are the spec's", () => {
  const enc = new MsgpackEncoder();
  const cases: Array<[unknown, string]> = [
    [null, "c0"],
    [undefined, "c0"],
    [false, "c2"],
    [true, "c3"],
    [0, "00"],
    [127, "7f"],
    [128, "cc80"],
    [255, "ccff"],
    [256, "cd0100"],
    [65535, "cdffff"],
    [65536, "ce00010000"],
    [2 ** 32, "cf0000000100000000"],
    [Number.MAX_SAFE_INTEGER, "cf001fffffffffffff"],
    [-1, "ff"],
    [-32, "e0"],
    [-33, "d0df"],
    [-128, "d080"],
    [-129, "d1ff7f"],
    [-32769, "d2ffff7fff"],
    [-(2 ** 31) - 1, "d3ffffffff7fffffff"],
    [1.5, "cb3ff8000000000000"],
    [-0, "cb8000000000000000"],
    [2 ** 53 + 2, "cb4340000000000001"],
    [0n, "cf0000000000000000"],
    [2n ** 63n, "cf8000000000000000"],
    [-(2n ** 63n), "d38000000000000000"],
    [2n ** 64n, "b4" + hex(new TextEncoder().encode("18446744073709551616"))],
    ["", "a0"],
    ["a", "a161"],
    ["ü", "a2c3bc"],
    ["x".repeat(31), "bf" + "78".repeat(31)],
    ["x".repeat(32), "d920" + "78".repeat(32)],
    ["x".repeat(256), "da0100" + "78".repeat(256)],
    ["é".repeat(40), "d950" + "c3a9".repeat(40)],
    [[], "90"],
    [[1, [2]], "920191" + "02"],
    [new Array(16).fill(0), "dc0010" + "00".repeat(16)],
    [{}, "80"],
    [{ a: 1, skip: undefined }, "81a16101"],
    [Uint8Array.of(1, 2), "c4020102"],
    [
      new Date(0),
      "b8" + hex(new TextEncoder().encode("1970-01-01T00:00:00.000Z")),
    ],
    [{ toJSON: () => "j" }, "a16a"],
  ];
  for (const [value, want] of cases) {
    assert.equal(hex(enc.encode(value)), want, `${String(value)}`);
  }
});

test("msgpack: cycles, depth and throwing getters never throw", () => {
  const enc = new MsgpackEncoder();
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  assert.equal(
    hex(enc.encode(cyclic)),
    "82a16101a473656c66" + "aa" + hex(new TextEncoder().encode("[Circular]")),
  );
  let deep: unknown = "bottom";
  for (let i = 0; i < 100; i++) deep = [deep];
  const bytes = enc.encode(deep);
  assert.ok(
    new TextDecoder().decode(bytes).includes("[Too deep]"),
    "a nesting past 64 levels is cut",
  );
  const rec = new SocketRecordEncoder().encode({
    time: 0,
    level: "info",
    logger: "x",
    message: "m",
    fields: {
      get bad() {
        throw new Error("no");
      },
    },
  });
  assert.ok(
    new TextDecoder().decode(rec).includes("fields could not be encoded: no"),
  );
});

test("msgpack: results are views that later encodings never overwrite", () => {
  const enc = new MsgpackEncoder();
  const first = enc.encode("a".repeat(100));
  const copy = hex(first);
  const big = enc.encode("b".repeat(200_000)); // spans past a 64 KiB chunk
  const after = enc.encode({ k: "c".repeat(1000) });
  assert.equal(hex(first), copy);
  assert.equal(big.length, 5 + 200_000);
  assert.equal(big[0], 0xdb);
  assert.equal(after[0], 0x81);
});

test("msgpack: the record's timestamp_ns is the time × 10^6, exactly", () => {
  const time = 1_700_000_000_123;
  const bytes = new SocketRecordEncoder().encode({
    time,
    level: "info",
    logger: "",
    message: "",
  });
  const want = "cf" +
    (BigInt(time) * 1_000_000n).toString(16).padStart(16, "0");
  assert.ok(hex(bytes).includes(want), hex(bytes));
});

test(
  "msgpack: Python's msgpack decodes every format the encoder writes",
  msgpackReceiverMissing === undefined ? {} : { skip: msgpackReceiverMissing },
  () => {
    if (msgpackReceiverMissing !== undefined) return;
    const value = {
      ints: [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32, 2 ** 53 - 1],
      negs: [-1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 40)],
      big: [2n ** 64n - 1n, -(2n ** 63n)],
      floats: [1.5, -2.25, 1e300],
      strings: ["", "a", "ü€✓😀", "x".repeat(300), "é".repeat(40_000)],
      flags: [true, false, null],
      bin: Uint8Array.of(0, 255),
      wide: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [`k${i}`, i]),
      ),
      long: new Array(70_000).fill(7),
      nested: { a: { b: [{ c: "d" }] } },
    };
    const bytes = new MsgpackEncoder().encode(value);
    const py = spawnSync(
      pythonWithMsgpack,
      [
        "-c",
        [
          "import sys, json, msgpack",
          "v = msgpack.unpackb(sys.stdin.buffer.read(), raw=False)",
          "v['big'] = [str(x) for x in v['big']]",
          "v['bin'] = list(v['bin'])",
          "v['long'] = [len(v['long']), sum(v['long'])]",
          "v['strings'][4] = [len(v['strings'][4]), v['strings'][4][:2]]",
          "print(json.dumps(v, ensure_ascii=False))",
        ].join("\n"),
      ],
      { input: bytes },
    );
    assert.equal(py.status, 0, String(py.stderr));
    assert.deepEqual(JSON.parse(String(py.stdout)), {
      ...value,
      big: ["18446744073709551615", "-9223372036854775808"],
      bin: [0, 255],
      long: [70_000, 490_000],
      strings: ["", "a", "ü€✓😀", "x".repeat(300), [40_000, "éé"]],
    });
  },
);
