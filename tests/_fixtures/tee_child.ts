// A child process for tee_stdio_test.ts: tees its own stdout/stderr with
// the options in argv[3] (JSON), prints in every way its runtime offers,
// then ends in the way named by argv[2].
import process from "node:process";
import { teeStdio, type TeeStdioOptions } from "../../mod.ts";
import { printDiagnostic } from "../../src/diagnostics.ts";

const [how, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson as string) as TeeStdioOptions;
const encoder = new TextEncoder();
const deno = (globalThis as unknown as {
  Deno?: Record<"stdout" | "stderr", {
    writeSync(p: Uint8Array): number;
    write(p: Uint8Array): Promise<number>;
  }>;
}).Deno;

const tee = teeStdio(
  how === "diagnostic-listener"
    ? { ...options, onDiagnostic: (d) => console.error(`DIAG ${d.message}`) }
    : options,
);

switch (how) {
  case "print": {
    console.log("hello");
    process.stdout.write("a");
    console.error("oops");
    process.stdout.write("b\n");
    console.info("%s=%d", "n", 5);
    console.warn("warned");
    process.stderr.write(Uint8Array.of(0xff, 0xfe, 0x0a)); // not UTF-8
    process.stdout.write("multi\nline\n");
    if (deno !== undefined) {
      deno.stdout.writeSync(encoder.encode("deno sync\n"));
      await deno.stderr.write(encoder.encode("deno async\n"));
    }
    process.stdout.write("unfinished");
    await tee.stop();
    console.log("after stop");
    process.stdout.write("after stop write\n");
    console.error("after stop error");
    const { lines, bytes, cutLines } = tee.stats();
    console.log(`STATS ${JSON.stringify({ lines, bytes, cutLines })}`);
    break;
  }
  case "exit":
    console.log("before exit");
    process.stdout.write("partial before exit");
    process.exit(3);
    break;
  case "throw":
    console.log("before throw");
    console.error("error before throw");
    throw new Error("boom");
  case "sigterm":
    console.error("before signal");
    process.stdout.write("partial before signal");
    console.log("ready");
    setInterval(() => {}, 1000);
    break;
  case "diagnostic-listener":
    // Each flush after the first rotates (maxBytes is small): the app's
    // diagnostics listener prints about it with console.error.
    for (let i = 0; i < 4; i++) {
      console.log(`line ${i} ${"x".repeat(100)}`);
      await tee.flush();
    }
    await tee.stop();
    break;
  case "default-diagnostic":
    // What every sink's default listener does with trouble.
    printDiagnostic({
      kind: "error",
      target: "app.log",
      message: "a default diagnostic",
      time: Date.now(),
    });
    console.log("after diagnostic");
    await tee.stop();
    break;
  case "late-exit-write":
    // Runs after the tee's files were closed at exit: the line is dropped,
    // and the sink's default diagnostic about it goes to the real stderr.
    process.on("exit", () => console.log("late line"));
    console.log("last line");
    break;
  case "long-partial": {
    // 25 bytes in 5-byte writes without a newline, then the newline.
    for (let i = 0; i < 5; i++) process.stdout.write("xxxxx");
    process.stdout.write("\n");
    await tee.stop();
    console.log(`STATS ${JSON.stringify(tee.stats().cutLines)}`);
    break;
  }
  case "twice": {
    try {
      teeStdio(options);
      console.log("second tee started");
    } catch (err) {
      console.log(
        `second tee: ${(err as Error).name} ${(err as Error).message}`,
      );
    }
    await tee.stop();
    const again = teeStdio(options);
    console.log("third tee after stop");
    await again.stop();
    break;
  }
}
