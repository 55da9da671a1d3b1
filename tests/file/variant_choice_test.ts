import assert from "node:assert/strict";
import { test } from "node:test";
import { getPlatform, type Platform } from "../../compose.ts";
import { TargetWriteError } from "../../src/buffer/target.ts";
import type { PathProblem } from "../../src/file/path_claim.ts";
import {
  lockedCode,
  noFileCode,
  type OnLocked,
  VariantChooser,
} from "../../src/file/variant_choice.ts";

const locked: PathProblem = {
  reason: "locked",
  final: false,
  directory: false,
  error: undefined,
};

function chooser(onLocked: OnLocked, clock = { now: 0 }) {
  const events: string[] = [];
  const platform: Platform = { ...getPlatform(), monotonic: () => clock.now };
  const choice = new VariantChooser("/logs/app.log", platform, {
    onLocked,
    maxVariants: 3,
    waitMaxDelayMs: 150,
    report: (kind, message) => events.push(`${kind}: ${message}`),
  });
  return { choice, events, clock };
}

function codeOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TargetWriteError);
    return err.code;
  }
  assert.fail("expected a throw");
}

test("VariantChooser claims the primary when it is free", () => {
  const { choice, events } = chooser("numbered");
  const tried: string[] = [];
  choice.choose((path) => void tried.push(path));
  assert.deepEqual(tried, ["/logs/app.log"]);
  assert.deepEqual(events, []);
});

test('VariantChooser "numbered" takes the first variant that works and reports the switch', () => {
  const { choice, events } = chooser("numbered");
  const tried: string[] = [];
  choice.choose((path) => {
    tried.push(path);
    return path.endsWith(".002.log") ? undefined : locked;
  });
  assert.deepEqual(tried, [
    "/logs/app.log",
    "/logs/app.001.log",
    "/logs/app.002.log",
  ]);
  assert.deepEqual(events, [
    "switched: locked; writing to /logs/app.002.log instead",
  ]);
});

test("VariantChooser stops at a directory that refuses new files, and at a failure no path escapes", () => {
  const { choice } = chooser("numbered");
  const tried: string[] = [];
  const refused = () =>
    choice.choose((path) => {
      tried.push(path);
      return path.endsWith("app.log") ? locked : { ...locked, directory: true };
    });
  assert.equal(codeOf(refused), noFileCode);
  assert.deepEqual(tried, ["/logs/app.log", "/logs/app.001.log"]);
  const full = new TargetWriteError(
    Object.assign(new Error("full"), { code: "ENOSPC" }),
    0,
  );
  assert.equal(
    codeOf(() =>
      choice.choose(() => ({ ...locked, final: true, error: full }))
    ),
    "ENOSPC",
  );
});

test("VariantChooser: no usable file at all is ENOFILE, naming the last variant tried", () => {
  const { choice } = chooser("numbered");
  assert.throws(
    () => choice.choose(() => locked),
    (err) =>
      err instanceof TargetWriteError && err.code === noFileCode &&
      /no variant up to \/logs\/app\.003\.log worked \(last: locked\)/.test(
        err.message,
      ),
  );
});

test('VariantChooser "fail" never tries a variant', () => {
  const { choice } = chooser("fail");
  const tried: string[] = [];
  assert.equal(
    codeOf(() => choice.choose((path) => (tried.push(path), locked))),
    noFileCode,
  );
  assert.deepEqual(tried, ["/logs/app.log"]);
});

test('VariantChooser "wait" backs off (50 ms doubling up to waitMaxDelayMs), reports once, and says when the primary is free again', () => {
  const { choice, events, clock } = chooser("wait");
  let tries = 0;
  let free = false;
  const claim = () => (tries++, free ? undefined : locked);
  // [time, tries after choose()]: a try at 0, then after 50, 100, 150, 150 ms
  const steps: [number, number][] = [
    [0, 1],
    [49, 1],
    [50, 2],
    [149, 2],
    [150, 3],
    [299, 3],
    [300, 4],
    [449, 4],
    [450, 5],
  ];
  for (const [now, expected] of steps) {
    clock.now = now;
    assert.equal(codeOf(() => choice.choose(claim)), lockedCode);
    assert.equal(tries, expected, `tries at ${now} ms`);
  }
  assert.deepEqual(events, ['error: locked; waiting for it (onLocked "wait")']);
  free = true;
  clock.now = 600;
  choice.choose(claim);
  assert.equal(
    events.at(-1),
    "recovered: /logs/app.log is free again; writing to it",
  );
});
