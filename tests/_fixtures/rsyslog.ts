// A private rsyslogd on 127.0.0.1 for the network sink tests (private: `_`).
// Config from research/rsyslog-recipe.md: imtcp (plain), imtcp+gtls (TLS),
// imrelp and imptcp on a Unix stream socket (work/app.sock) listeners, one
// JSON line per received message in out/<input>.jsonl.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { Diagnostic } from "../../src/diagnostics.ts";

const candidates = [
  "/usr/sbin/rsyslogd",
  "/sbin/rsyslogd",
  "/usr/bin/rsyslogd",
];

function findRsyslogd(): string | undefined {
  const dirs = (globalThis as { process?: { env?: Record<string, string> } })
    .process?.env?.PATH?.split(":") ?? [];
  for (const dir of dirs) {
    const p = path.join(dir, "rsyslogd");
    if (fs.existsSync(p)) return p;
  }
  return candidates.find((p) => fs.existsSync(p));
}

function findModule(name: string): boolean {
  const roots = [
    "/usr/lib/x86_64-linux-gnu/rsyslog",
    "/usr/lib/rsyslog",
    "/usr/lib64/rsyslog",
    "/usr/lib/aarch64-linux-gnu/rsyslog",
  ];
  return roots.some((r) => fs.existsSync(path.join(r, `${name}.so`)));
}

function findOpenssl(): boolean {
  const r = spawnSync("openssl", ["version"], { stdio: "ignore" });
  return r.status === 0;
}

const rsyslogd = findRsyslogd();

/** Why the rsyslog tests cannot run here, or `undefined` when they can. */
export const rsyslogMissing: string | undefined = rsyslogd === undefined
  ? "rsyslogd not installed: apt-get install rsyslog rsyslog-relp rsyslog-gnutls openssl"
  : !findModule("imrelp")
  ? "rsyslogd has no imrelp module: apt-get install rsyslog-relp"
  : !findModule("imptcp")
  ? "rsyslogd has no imptcp module (Unix stream sockets)"
  : !findModule("lmnsd_gtls")
  ? "rsyslogd has no gtls driver: apt-get install rsyslog-gnutls"
  : !findOpenssl()
  ? "openssl not installed: apt-get install openssl"
  : undefined;

/** One received message, as the json5424 template writes it. */
export interface Received {
  readonly input: string;
  readonly pri: string;
  readonly facility: string;
  readonly severity: string;
  readonly version: string;
  readonly timestamp: string;
  readonly hostname: string;
  readonly appName: string;
  readonly procid: string;
  readonly msgid: string;
  readonly structuredData: string;
  readonly msg: string;
  readonly rawmsg: string;
}

const config = `
global(
  workDirectory="@DIR@/work"
  maxMessageSize="64k"
  processInternalMessages="on"
  parser.escapeControlCharactersOnReceive="off"
  defaultNetstreamDriverCAFile="@DIR@/tls/cert.pem"
  defaultNetstreamDriverCertFile="@DIR@/tls/cert.pem"
  defaultNetstreamDriverKeyFile="@DIR@/tls/key.pem"
)
template(name="json5424" type="list") {
  constant(value="{")
  property(outname="input"           name="inputname"        format="jsonf") constant(value=",")
  property(outname="pri"             name="pri"              format="jsonf") constant(value=",")
  property(outname="facility"        name="syslogfacility"   format="jsonf") constant(value=",")
  property(outname="severity"        name="syslogseverity"   format="jsonf") constant(value=",")
  property(outname="version"         name="protocol-version" format="jsonf") constant(value=",")
  property(outname="timestamp"       name="timereported" dateFormat="rfc3339" format="jsonf") constant(value=",")
  property(outname="hostname"        name="hostname"         format="jsonf") constant(value=",")
  property(outname="appName"         name="app-name"         format="jsonf") constant(value=",")
  property(outname="procid"          name="procid"           format="jsonf") constant(value=",")
  property(outname="msgid"           name="msgid"            format="jsonf") constant(value=",")
  property(outname="structuredData" name="structured-data"   format="jsonf") constant(value=",")
  property(outname="msg"             name="msg"              format="jsonf") constant(value=",")
  property(outname="rawmsg"          name="rawmsg"           format="jsonf")
  constant(value="}\\n")
}
module(load="imtcp")
module(load="imrelp")
module(load="imptcp")
ruleset(name="unix") { action(type="omfile" file="@DIR@/out/unix.jsonl" template="json5424") }
ruleset(name="tcp")  { action(type="omfile" file="@DIR@/out/tcp.jsonl"  template="json5424") }
ruleset(name="tls")  { action(type="omfile" file="@DIR@/out/tls.jsonl"  template="json5424") }
ruleset(name="relp") { action(type="omfile" file="@DIR@/out/relp.jsonl" template="json5424") }
input(type="imtcp" name="tcp" address="127.0.0.1" port="@TCP_PORT@" ruleset="tcp")
input(type="imtcp" name="tls" address="127.0.0.1" port="@TLS_PORT@" ruleset="tls"
      streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon"
      gnutlsPriorityString="NORMAL")
input(type="imrelp" name="relp" address="127.0.0.1" port="@RELP_PORT@" ruleset="relp")
input(type="imptcp" name="unix" path="@DIR@/work/app.sock" unlink="on" ruleset="unix")
action(type="omfile" file="@DIR@/out/internal.log")
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  return ports;
}

/** The ports in LISTEN state on 127.0.0.1 (or any address), from /proc. */
function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== "0A") continue; // LISTEN
      const port = parseInt(cols[1]?.split(":")[1] ?? "", 16);
      if (Number.isFinite(port)) ports.add(port);
    }
  }
  return ports;
}

/** Whether a Unix stream socket at `file` is in LISTEN state (/proc/net/unix). */
function unixListening(file: string): boolean {
  let text = "";
  try {
    text = fs.readFileSync("/proc/net/unix", "utf8");
  } catch {
    return fs.existsSync(file);
  }
  // Num RefCount Protocol Flags(00010000 = listening) Type St Inode Path
  return text.split("\n").some((line) => {
    const cols = line.trim().split(/\s+/);
    return cols[7] === file && cols[3] === "00010000";
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Collects a sink's diagnostics and lets a test wait for one: pass `push`
 * as `onDiagnostic`, then `await until(predicate)`.
 */
export class DiagnosticLog {
  readonly list: Diagnostic[] = [];
  #waiters: Array<() => void> = [];

  /** The `onDiagnostic` callback. */
  readonly push = (d: Diagnostic): void => {
    this.list.push(d);
    for (const w of this.#waiters.splice(0)) w();
  };

  /** Resolves once a diagnostic at index >= `from` satisfies `match`. */
  until(match: (d: Diagnostic) => boolean, from = 0): Promise<Diagnostic> {
    return new Promise((resolve) => {
      const check = () => {
        const hit = this.list.slice(from).find(match);
        if (hit !== undefined) resolve(hit);
        else this.#waiters.push(check);
      };
      check();
    });
  }
}

/** A private rsyslogd: start, stop (any signal), restart on the same ports. */
export class Rsyslog {
  readonly dir: string;
  readonly tcpPort: number;
  readonly tlsPort: number;
  readonly relpPort: number;
  /** The self-signed server certificate (PEM), to trust as CA. */
  readonly ca: string;
  /** The Unix stream socket of the imptcp listener. */
  readonly unixPath: string;
  #child: ChildProcess | undefined;
  #exited: Promise<void> | undefined;

  private constructor(dir: string, ports: number[], ca: string) {
    this.dir = dir;
    [this.tcpPort, this.tlsPort, this.relpPort] = ports as [
      number,
      number,
      number,
    ];
    this.ca = ca;
    this.unixPath = path.join(dir, "work", "app.sock");
  }

  /** Creates the work dir, cert and config, and starts rsyslogd. */
  static async start(): Promise<Rsyslog> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logrotor-rsyslog-"));
    for (const sub of ["work", "out", "tls"]) {
      fs.mkdirSync(path.join(dir, sub));
    }
    const gen = spawnSync("openssl", [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      path.join(dir, "tls", "key.pem"),
      "-out",
      path.join(dir, "tls", "cert.pem"),
    ], { stdio: "ignore" });
    if (gen.status !== 0) throw new Error("openssl could not create a cert");
    const ports = await freePorts(3);
    const server = new Rsyslog(
      dir,
      ports,
      fs.readFileSync(path.join(dir, "tls", "cert.pem"), "utf8"),
    );
    fs.writeFileSync(
      path.join(dir, "rsyslog.conf"),
      config.replaceAll("@DIR@", dir)
        .replace("@TCP_PORT@", String(server.tcpPort))
        .replace("@TLS_PORT@", String(server.tlsPort))
        .replace("@RELP_PORT@", String(server.relpPort)),
    );
    await server.restart();
    return server;
  }

  /** Starts rsyslogd (again) and waits until all three ports listen. */
  async restart(): Promise<void> {
    if (this.#child !== undefined) throw new Error("rsyslogd already running");
    const log = fs.openSync(path.join(this.dir, "out", "rsyslogd.stderr"), "a");
    const child = spawn(rsyslogd!, [
      "-n",
      "-f",
      path.join(this.dir, "rsyslog.conf"),
      "-i",
      path.join(this.dir, "work", "rsyslogd.pid"),
    ], { stdio: ["ignore", log, log] });
    fs.closeSync(log);
    this.#child = child;
    this.#exited = new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", () => resolve());
    });
    let gone = false;
    void this.#exited.then(() => {
      gone = true;
    });
    const deadline = Date.now() + 15_000;
    const want = [this.tcpPort, this.tlsPort, this.relpPort];
    for (;;) {
      const listening = listeningPorts();
      if (
        want.every((p) => listening.has(p)) && unixListening(this.unixPath)
      ) return;
      if (gone) {
        this.#child = undefined;
        throw new Error(`rsyslogd died at start: ${this.#stderr()}`);
      }
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(
          `rsyslogd ports not listening after 15 s: ${this.#stderr()}`,
        );
      }
      await sleep(20);
    }
  }

  #stderr(): string {
    try {
      return fs.readFileSync(
        path.join(this.dir, "out", "rsyslogd.stderr"),
        "utf8",
      ) +
        fs.readFileSync(path.join(this.dir, "out", "internal.log"), "utf8");
    } catch {
      return "";
    }
  }

  /** Whether rsyslogd runs now. */
  get running(): boolean {
    return this.#child !== undefined;
  }

  /** Stops rsyslogd with `signal` and waits for it to exit. */
  async stop(signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    this.#child = undefined;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await this.#exited;
    clearTimeout(timer);
  }

  /** Stops rsyslogd and removes the work dir. */
  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Messages received on `input` so far (optionally only one MSGID). */
  received(input: "tcp" | "tls" | "relp" | "unix", msgId?: string): Received[] {
    let text = "";
    try {
      text = fs.readFileSync(
        path.join(this.dir, "out", `${input}.jsonl`),
        "utf8",
      );
    } catch {
      return [];
    }
    const out: Received[] = [];
    const lines = text.split("\n");
    lines.pop(); // "" after the last LF, or a line rsyslog is still writing
    for (const line of lines) {
      if (line === "") continue;
      const rec = JSON.parse(line) as Received;
      if (msgId === undefined || rec.msgid === msgId) out.push(rec);
    }
    return out;
  }

  /**
   * Waits until `count` messages with `msgId` were received on `input`, or
   * the deadline passes (then returns what arrived; no timed assertion).
   */
  async waitFor(
    input: "tcp" | "tls" | "relp" | "unix",
    msgId: string,
    count: number,
    deadlineMs = 20_000,
  ): Promise<Received[]> {
    const end = Date.now() + deadlineMs;
    let got = this.received(input, msgId);
    let settled = 0;
    while (Date.now() < end) {
      if (got.length >= count) {
        // Give late duplicates a moment to show up too.
        if (++settled > 5) break;
      }
      await sleep(got.length >= count ? 20 : 50);
      got = this.received(input, msgId);
    }
    return got;
  }

  /**
   * Waits until `done` holds for the messages with `msgId` received on
   * `input` (re-read as rsyslog writes them), and returns them. The
   * deadline only bounds a test that is failing: the caller's assertions
   * then say what is missing.
   */
  async waitUntil(
    input: "tcp" | "tls" | "relp" | "unix",
    msgId: string,
    done: (got: Received[]) => boolean,
    deadlineMs = 60_000,
  ): Promise<Received[]> {
    const end = Date.now() + deadlineMs;
    let got = this.received(input, msgId);
    while (!done(got) && Date.now() < end) {
      await sleep(20);
      got = this.received(input, msgId);
    }
    return got;
  }

  /** rsyslog's own log (errors, session notes). */
  internalLog(): string {
    try {
      return fs.readFileSync(
        path.join(this.dir, "out", "internal.log"),
        "utf8",
      );
    } catch {
      return "";
    }
  }
}
