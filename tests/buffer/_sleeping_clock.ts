/**
 * A platform whose monotonic clock moves only when it is slept on, for the
 * overflow tests: waiting policies run with no real waiting, and the test
 * sees every pause. Not a test file.
 *
 * @module
 */
import { getPlatform } from "../../src/runtime/detect.ts";
import type { Platform } from "../../src/runtime/driver.ts";

/**
 * The platform, the pauses it was asked for, and its clock.
 *
 * @param onSleep Sees the clock after each pause.
 */
export function sleepingClock(onSleep: (now: number) => void = () => {}): {
  platform: Platform;
  slept: number[];
  now: () => number;
} {
  let now = 0;
  const slept: number[] = [];
  const platform: Platform = Object.assign(Object.create(getPlatform()), {
    monotonic: () => now,
    sleepSync: (ms: number) => {
      slept.push(ms);
      now += ms;
      onSleep(now);
    },
  });
  return { platform, slept, now: () => now };
}
