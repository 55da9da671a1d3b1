import assert from "node:assert/strict";
import { test } from "node:test";
import {
  parseTimeOfDay,
  timeZoneOption,
} from "../../src/options/time_options.ts";

test("parseTimeOfDay reads HH:MM as minutes after midnight and refuses anything else", () => {
  assert.equal(parseTimeOfDay("00:00"), 0);
  assert.equal(parseTimeOfDay("03:30"), 210);
  assert.equal(parseTimeOfDay("7:05"), 425);
  assert.equal(parseTimeOfDay("23:59"), 1439);
  for (const bad of ["24:00", "12:60", "noon", "", "03:30:00", "-1:00"]) {
    assert.equal(parseTimeOfDay(bad), undefined, bad);
  }
});

test("timeZoneOption: UTC by default, local as undefined, IANA names checked", () => {
  assert.equal(timeZoneOption("s", undefined), "UTC");
  assert.equal(timeZoneOption("s", "UTC"), "UTC");
  assert.equal(timeZoneOption("s", "local"), undefined);
  assert.equal(timeZoneOption("s", "Europe/Berlin"), "Europe/Berlin");
  assert.throws(() => timeZoneOption("s", 5), {
    name: "TypeError",
    message: "Cannot create s as timeZone must be a string: current value is 5",
  });
  assert.throws(() => timeZoneOption("s", "Mars/Olympus"), {
    name: "RangeError",
    message:
      'Cannot create s as timeZone must be "UTC", "local" or an IANA time zone name: current value is "Mars/Olympus"',
  });
});
