// minutely, weekly and a time of day (`at`) for calendar rotation.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as path from "node:path";
import {
  parseTimeOfDay,
  RotationSchedule,
} from "../../src/rotation/schedule.ts";
import { createRotatingFileSink } from "../../mod.ts";
import { makeTempDir, removeDir } from "../_fixtures/fixtures.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function boundaries(s: RotationSchedule, from: number, count: number) {
  const out: string[] = [];
  let t = from;
  for (let i = 0; i < count; i++) {
    t = s.nextBoundary(t);
    out.push(iso(t));
  }
  return out;
}

test("minutely boundaries fall on whole minutes, in UTC and in a 5:45 zone", () => {
  for (const zone of ["UTC", "Asia/Kathmandu"]) {
    const s = new RotationSchedule("minutely", zone);
    assert.deepEqual(boundaries(s, at("2024-03-10T10:00:30.500Z"), 3), [
      "2024-03-10T10:01:00.000Z",
      "2024-03-10T10:02:00.000Z",
      "2024-03-10T10:03:00.000Z",
    ], zone);
    assert.notEqual(
      s.periodKey(at("2024-03-10T10:00:59.999Z")),
      s.periodKey(at("2024-03-10T10:01:00.000Z")),
    );
  }
});

test("weekly boundaries are Mondays at midnight, 167 hours apart in New York's DST week", () => {
  const utc = new RotationSchedule("weekly", "UTC");
  assert.deepEqual(boundaries(utc, at("2024-03-06T12:00:00Z"), 2), [
    "2024-03-11T00:00:00.000Z",
    "2024-03-18T00:00:00.000Z",
  ]);
  const ny = new RotationSchedule("weekly", "America/New_York");
  // Monday 2024-03-04 00:00 EST is 05:00Z; clocks spring forward on Sunday.
  assert.deepEqual(boundaries(ny, at("2024-03-04T04:59:59.999Z"), 3), [
    "2024-03-04T05:00:00.000Z",
    "2024-03-11T04:00:00.000Z",
    "2024-03-18T04:00:00.000Z",
  ]);
  const mondayMorning = new RotationSchedule("weekly", "UTC", 6 * 60);
  assert.deepEqual(boundaries(mondayMorning, at("2024-03-11T05:00:00Z"), 2), [
    "2024-03-11T06:00:00.000Z",
    "2024-03-18T06:00:00.000Z",
  ]);
});

test("daily at 03:30 UTC, and at 02:30 in Berlin across both DST changes", () => {
  const utc = new RotationSchedule("daily", "UTC", parseTimeOfDay("03:30"));
  assert.deepEqual(boundaries(utc, at("2024-03-10T03:30:00Z"), 2), [
    "2024-03-11T03:30:00.000Z",
    "2024-03-12T03:30:00.000Z",
  ]);
  const berlin = new RotationSchedule(
    "daily",
    "Europe/Berlin",
    parseTimeOfDay("02:30"),
  );
  // 2024-03-31: 02:00 CET jumps to 03:00 CEST, 02:30 never happens: the
  // day turns at the jump (01:00Z), then 02:30 CEST (00:30Z) next day.
  assert.deepEqual(boundaries(berlin, at("2024-03-30T12:00:00Z"), 2), [
    "2024-03-31T01:00:00.000Z",
    "2024-04-01T00:30:00.000Z",
  ]);
  // 2024-10-27: 03:00 CEST falls back to 02:00 CET, 02:30 happens twice
  // (00:30Z and 01:30Z): the day turns once, and the next turn is 02:30 CET
  // on the 28th.
  const [first, second] = boundaries(berlin, at("2024-10-26T12:00:00Z"), 2);
  assert.ok(
    first === "2024-10-27T00:30:00.000Z" ||
      first === "2024-10-27T01:30:00.000Z",
    String(first),
  );
  assert.equal(second, "2024-10-28T01:30:00.000Z");
});

test("parseTimeOfDay reads HH:MM and refuses anything else", () => {
  assert.equal(parseTimeOfDay("00:00"), 0);
  assert.equal(parseTimeOfDay("3:05"), 185);
  assert.equal(parseTimeOfDay("23:59"), 1439);
  for (const bad of ["24:00", "12:60", "12", "noon", "12:5", ""]) {
    assert.equal(parseTimeOfDay(bad), undefined, bad);
  }
});

test("createRotatingFileSink accepts minutely/weekly and at, and rejects at without daily or weekly", async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, "app.log");
    for (const every of ["minutely", "weekly"] as const) {
      await createRotatingFileSink(file, { every }).close();
    }
    await createRotatingFileSink(file, { every: "daily", at: "03:30" })
      .close();
    assert.throws(
      () => createRotatingFileSink(file, { every: "hourly", at: "03:30" }),
      new TypeError(
        'Cannot create rotating file sink as at needs every "daily" or "weekly": current value is "03:30" with every "hourly"',
      ),
    );
    assert.throws(
      () => createRotatingFileSink(file, { every: "daily", at: "25:00" }),
      new TypeError(
        'Cannot create rotating file sink as at must be a time of day "HH:MM" (00:00 to 23:59): current value is "25:00"',
      ),
    );
  } finally {
    removeDir(dir);
  }
});
