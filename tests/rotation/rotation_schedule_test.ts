import assert from "node:assert/strict";
import { test } from "node:test";
import { ArchiveNames, formatStamp } from "../../src/file/archive_names.ts";
import {
  BoundaryTrigger,
  RotationSchedule,
  timeZoneOption,
} from "../../src/rotation/schedule.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const hour = 3_600_000;

/** The boundaries after `from`, `count` of them. */
function boundaries(s: RotationSchedule, from: number, count: number) {
  const out: string[] = [];
  let t = from;
  for (let i = 0; i < count; i++) {
    t = s.nextBoundary(t);
    out.push(iso(t));
  }
  return out;
}

test("UTC daily and hourly boundaries", () => {
  const daily = new RotationSchedule("daily", "UTC");
  assert.equal(
    iso(daily.nextBoundary(at("2024-03-10T23:59:59.999Z"))),
    "2024-03-11T00:00:00.000Z",
  );
  assert.equal(
    iso(daily.nextBoundary(at("2024-03-11T00:00:00.000Z"))),
    "2024-03-12T00:00:00.000Z",
  );
  const hourly = new RotationSchedule("hourly", "UTC");
  assert.deepEqual(boundaries(hourly, at("2024-03-10T22:30:00Z"), 3), [
    "2024-03-10T23:00:00.000Z",
    "2024-03-11T00:00:00.000Z",
    "2024-03-11T01:00:00.000Z",
  ]);
  assert.equal(new RotationSchedule("never", "UTC").nextBoundary(0), Infinity);
});

test("daily in New York: a 23-hour day in March, a 25-hour day in November", () => {
  const s = new RotationSchedule("daily", "America/New_York");
  assert.deepEqual(boundaries(s, at("2024-03-09T12:00:00Z"), 3), [
    "2024-03-10T05:00:00.000Z", // 00:00 EST
    "2024-03-11T04:00:00.000Z", // 00:00 EDT, 23 h later
    "2024-03-12T04:00:00.000Z",
  ]);
  assert.deepEqual(boundaries(s, at("2024-11-02T12:00:00Z"), 3), [
    "2024-11-03T04:00:00.000Z", // 00:00 EDT
    "2024-11-04T05:00:00.000Z", // 00:00 EST, 25 h later
    "2024-11-05T05:00:00.000Z",
  ]);
});

test("hourly in New York: the skipped hour and the repeated hour", () => {
  const s = new RotationSchedule("hourly", "America/New_York");
  // 2024-03-10 01:00 EST → 03:00 EDT: one real hour apart.
  assert.deepEqual(boundaries(s, at("2024-03-10T05:30:00Z"), 3), [
    "2024-03-10T06:00:00.000Z", // 01:00 EST
    "2024-03-10T07:00:00.000Z", // 03:00 EDT
    "2024-03-10T08:00:00.000Z", // 04:00 EDT
  ]);
  // 2024-11-03: 01:00 EDT, 01:00 EST, 02:00 EST — the repeated 01:xx is two files.
  assert.deepEqual(boundaries(s, at("2024-11-03T04:30:00Z"), 3), [
    "2024-11-03T05:00:00.000Z",
    "2024-11-03T06:00:00.000Z",
    "2024-11-03T07:00:00.000Z",
  ]);
  assert.notEqual(
    s.periodKey(at("2024-11-03T05:30:00Z")),
    s.periodKey(at("2024-11-03T06:30:00Z")),
  );
});

test("daily where midnight does not exist (Santiago jumps 00:00 → 01:00)", () => {
  const s = new RotationSchedule("daily", "America/Santiago");
  // 2024-09-08: clocks go from 00:00 -04 to 01:00 -03; the day starts at 01:00.
  assert.equal(
    iso(s.nextBoundary(at("2024-09-07T12:00:00Z"))),
    "2024-09-08T04:00:00.000Z",
  );
  assert.equal(
    iso(s.nextBoundary(at("2024-09-08T04:00:00Z"))),
    "2024-09-09T03:00:00.000Z",
  );
});

test("hourly in a half-hour zone and daily in Berlin", () => {
  const kolkata = new RotationSchedule("hourly", "Asia/Kolkata");
  assert.equal(
    iso(kolkata.nextBoundary(at("2024-01-01T00:10:00Z"))),
    "2024-01-01T00:30:00.000Z",
  );
  const berlin = new RotationSchedule("daily", "Europe/Berlin");
  assert.equal(
    iso(berlin.nextBoundary(at("2024-03-31T12:00:00Z"))),
    "2024-03-31T22:00:00.000Z", // CEST after the change
  );
});

test("local time uses the process's zone and agrees with Date", () => {
  const s = new RotationSchedule("daily", undefined);
  const t = at("2024-06-15T12:00:00Z");
  const next = new Date(s.nextBoundary(t));
  assert.equal(next.getHours(), 0);
  assert.equal(next.getMinutes(), 0);
  assert.ok(next.getTime() > t && next.getTime() - t <= 25 * hour);
});

test("timeZone option: UTC default, local, IANA, errors", () => {
  assert.equal(timeZoneOption("x", undefined), "UTC");
  assert.equal(timeZoneOption("x", "local"), undefined);
  assert.equal(timeZoneOption("x", "Asia/Tokyo"), "Asia/Tokyo");
  assert.throws(() => timeZoneOption("x", "Mars/Olympus"), RangeError);
  assert.throws(() => timeZoneOption("x", 3), TypeError);
});

test("archive names sort chronologically and only ours are recognised", () => {
  const names = new ArchiveNames("/var/log/app.log");
  const a = names.archiveName(at("2024-03-10T09:00:00Z"));
  const b = names.archiveName(at("2024-11-03T10:00:00.5Z"));
  assert.equal(a, "app.2024-03-10T09-00-00.000Z.log");
  assert.ok(a < b);
  assert.equal(formatStamp(0), "1970-01-01T00-00-00.000Z");
  assert.equal(names.parse(a)?.stamp, at("2024-03-10T09:00:00Z"));
  assert.deepEqual(names.parse(`${a}.gz`), {
    stamp: at("2024-03-10T09:00:00Z"),
    seq: 0,
    archive: a,
    compressed: true,
    temporary: false,
  });
  assert.equal(names.parse(`${a}.gz.tmp`)?.temporary, true);
  for (
    const foreign of [
      "app.log",
      "app.log.1",
      "app.2024-13-10T09-00-00.000Z.log",
      "other.2024-03-10T09-00-00.000Z.log",
      "app.x.2024-03-10T09-00-00.000Z.log",
      "app.2024-03-10T09-00-00.000Z.txt",
      `${a}.bak`,
      "app.2024-03-10T09-00-00.000Z_000.log",
      "app.2024-03-10T09-00-00.000Z_1000.log",
      "app.2024-03-10T09-00-00.000Z_1.log",
      "app.2024-03-10T09-00-00.000Z-1.log",
    ]
  ) {
    assert.equal(names.parse(foreign), undefined, foreign);
  }
  const bare = new ArchiveNames("/d/current");
  assert.equal(bare.archiveName(0), "current.1970-01-01T00-00-00.000Z");
});

test("BoundaryTrigger: Infinity until begun; pass returns the boundary and moves to the one after now; msUntil", () => {
  const trigger = new BoundaryTrigger(new RotationSchedule("hourly", "UTC"));
  const t = at("2024-01-01T10:20:00Z");
  assert.equal(trigger.next, Infinity);
  assert.equal(trigger.msUntil(t), 40 * 60_000, "before begin: from now");
  trigger.begin(t);
  assert.equal(iso(trigger.next), "2024-01-01T11:00:00.000Z");
  // idle for hours: the next boundary is the first after now, not the next hour
  const late = at("2024-01-01T13:30:00Z");
  assert.equal(iso(trigger.pass(late)), "2024-01-01T11:00:00.000Z");
  assert.equal(iso(trigger.next), "2024-01-01T14:00:00.000Z");
  assert.equal(trigger.msUntil(late), 30 * 60_000);

  const none = new BoundaryTrigger(undefined);
  none.begin(t);
  assert.equal(none.next, Infinity);
  assert.equal(none.msUntil(t), Infinity);
});
