// `devtape record qtest`: a recording proxy between a qtest client and QEMU.
//
// devtape starts QEMU with `-qtest unix:SOCK` on a socket it listens on (QEMU connects as it
// starts, as libqtest has it), asks `endianness` (libqtest's first question too) to know that
// QEMU is up, then starts the client with the path of a second socket (in DEVTAPE_QTEST_SOCKET
// and QTEST_SOCKET, and for `{socket}` in its arguments) and relays the bytes of the one
// connection the client makes both ways, unchanged.
//
// What goes through is recorded as `devtape import qtest` reads QEMU's own -qtest-log: the
// conversation is written out as such a log — `[R +T] command`, `[S +T] reply` or IRQ line —
// and fed line by line to the same parser (io/qtest/parse-log.ts) with the same topology, so
// the events are the import's of the same run (times aside: here they are nanoseconds since
// the proxy started). QEMU answers commands one at a time and in order, so a client that sends
// several before reading has the later ones queued in the log until the reply before them, and
// an IRQ line is filed under the command it arrived during, as QEMU logs it. The events carry
// no source line (there is no file to point at). They are committed at least every
// LIVE_COMMIT_MS.
//
// The session ends when the client closes its connection or exits: devtape closes the qtest
// connection, stops QEMU (SIGTERM) and waits for both. When QEMU goes first (a crash, a
// command it dies on), the client's connection is closed and devtape waits for the client.
// QEMU that exits before answering, saying why on stderr, did not start: a UserError, nothing
// recorded. A client that cannot be started is a UserError too.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { UserError } from "../../errors.js";
import type { ImportProgress } from "../../io/batch-import.js";
import { type QtestParseStats, QtestLogParser } from "../../io/qtest/parse-log.js";
import { parseIrq } from "../../io/qtest/protocol.js";
import { joinCommandLine } from "../../io/qtest/qemu-cmdline.js";
import type { QtestTopology } from "../../io/qtest/topology.js";
import type { EventProps } from "../../schema/proto.js";
import type { NewSession, SessionRow, Store } from "../../store/store.js";
import { haltFirmware } from "../qtest/firmware.js";
import { LiveBatcher } from "./live-batcher.js";
import { describeExit, hasOption, type QemuExit, QemuProcess } from "./qemu-process.js";

/** The environment variables that give the client the socket to connect to. */
export const SOCKET_ENV = ["DEVTAPE_QTEST_SOCKET", "QTEST_SOCKET"] as const;
/** Replaced by the socket's path in the client's arguments. */
export const SOCKET_PLACEHOLDER = "{socket}";
/** How long QEMU may take to connect and answer its first command. */
const START_TIMEOUT_MS = 30_000;

/**
 * QEMU's arguments for the proxy: the user's, then `-qtest unix:SOCK`; `-qtest-log none` unless
 * the user asks for a log (QEMU logs to stderr by default); `-accel tcg` unless an accelerator
 * is given (Debian's QEMU has no qtest accelerator); the halting firmware unless a firmware or
 * kernel is given (the vCPU must not touch the devices: firmware.ts); `-nodefaults` (no VGA,
 * NIC, serial or monitor of QEMU's choosing; the topology assumes it); `-display none` unless
 * a display is given.
 */
export function proxyQemuArgs(args: readonly string[], qtestSocket: string, firmware: () => string): string[] {
  const out = [...args, "-qtest", `unix:${qtestSocket}`];
  if (!hasOption(args, "qtest-log")) out.push("-qtest-log", "none");
  const accelInMachine = args.some((a, i) => /^-?-(M|machine)$/.test(args[i - 1] ?? "") && /(^|,)accel=/.test(a));
  if (!hasOption(args, "accel", "enable-kvm") && !accelInMachine) out.push("-accel", "tcg");
  const pflash = args.some((a, i) => args[i - 1] === "-drive" && /(^|,)if=pflash(,|$)/.test(a));
  if (!hasOption(args, "bios", "kernel", "pflash") && !pflash) out.push("-bios", firmware());
  out.push("-nodefaults");
  if (!hasOption(args, "display", "nographic", "vnc", "spice")) out.push("-display", "none");
  return out;
}

/** Refuses what devtape sets itself. */
export function refuseProxyOptions(args: readonly string[]): void {
  if (hasOption(args, "qtest")) throw new UserError("-qtest: devtape connects QEMU's qtest socket to itself; leave -qtest out");
  if (hasOption(args, "daemonize")) throw new UserError("-daemonize: devtape runs QEMU in the foreground; leave -daemonize out");
}

/** Splits a byte stream into lines (without the newline). */
class Lines {
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";

  push(chunk: Buffer): string[] {
    const text = this.rest + this.decoder.write(chunk);
    const lines = text.split("\n");
    this.rest = lines.pop() as string;
    return lines;
  }
}

/**
 * The conversation as QEMU's -qtest-log would have it, fed to the log parser line by line:
 * one command open at a time, later ones queued until its reply.
 */
class ConversationLog {
  private lineNo = 0;
  private open = false;
  private readonly queue: string[] = [];
  irqs = 0;

  constructor(
    private readonly parser: QtestLogParser,
    private readonly startNs: bigint,
    private readonly sink: (ev: EventProps) => void,
  ) {}

  /** A line the client sent. */
  command(text: string): void {
    if (this.open) {
      this.queue.push(text);
      return;
    }
    this.emit(`[R +${this.time()}] ${text}`);
    this.open = true;
  }

  /** A line QEMU sent: a reply, or an IRQ notification. */
  sent(text: string): void {
    const irq = parseIrq(text) !== undefined;
    if (irq) this.irqs++;
    this.emit(`[S +${this.time()}] ${text}`);
    if (irq) return;
    this.open = false;
    const next = this.queue.shift();
    if (next !== undefined) this.command(next);
  }

  /** The connection is over: commands still waiting complete without a reply. */
  end(): void {
    for (const ev of this.parser.end()) this.deliver(ev);
  }

  private emit(line: string): void {
    for (const ev of this.parser.feed(line, ++this.lineNo)) this.deliver(ev);
  }

  private deliver(ev: EventProps): void {
    delete ev.source;
    this.sink(ev);
  }

  private time(): string {
    const ns = process.hrtime.bigint() - this.startNs;
    return `${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, "0")}`;
  }
}

export interface QtestProxyOptions {
  store: Store;
  /** The session to create (its command line is QEMU's, set here). */
  newSession: NewSession;
  qemu: string;
  /** The user's QEMU arguments (proxyQemuArgs adds the rest). */
  args: readonly string[];
  topology: QtestTopology;
  /** The client's command and arguments ({socket} is replaced). */
  client: readonly string[];
  /** Where the client's and QEMU's stdout go: devtape's stdout, or its stderr. */
  output: "stdout" | "stderr";
  onProgress?: (p: ImportProgress) => void;
}

export interface QtestProxyResult {
  session: SessionRow | undefined;
  events: number;
  stats: QtestParseStats;
  /** IRQ lines QEMU sent. */
  irqs: number;
  /** The client connected. */
  connected: boolean;
  /** Further connections refused (the proxy relays one). */
  refusedConnections: number;
  qemuExit: QemuExit;
  clientExit: QemuExit;
  /** QEMU's full command line. */
  argv: readonly string[];
  stopped: boolean;
  durationMs: number;
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function processExit(p: ChildProcess): Promise<QemuExit> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve({ code: p.exitCode, signal: p.signalCode });
    else p.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

export class QtestProxy {
  private qemu: QemuProcess | undefined;
  private client: ChildProcess | undefined;
  private qemuConn: Socket | undefined;
  private clientConn: Socket | undefined;
  private stopped = false;

  constructor(private readonly opts: QtestProxyOptions) {}

  async run(): Promise<QtestProxyResult> {
    const o = this.opts;
    const work = mkdtempSync(join(tmpdir(), "devtape-qtest-"));
    const servers: Server[] = [];
    try {
      const qemuSock = join(work, "qemu.sock");
      const clientSock = join(work, "qtest.sock");
      const qemuServer = createServer();
      servers.push(qemuServer);
      await listen(qemuServer, qemuSock);
      const connected = new Promise<Socket>((resolve) => qemuServer.once("connection", resolve));
      const argv = proxyQemuArgs(o.args, qemuSock, () => haltFirmware());
      const started = Date.now();
      const out = o.output === "stdout" ? "inherit" : 2;
      this.qemu = await QemuProcess.start(o.qemu, argv, ["ignore", out, "pipe"]);
      const qemu = this.qemu;
      const notStarted = (why: string) =>
        new UserError(`QEMU did not start (${why})${qemu.stderrLine() === "" ? "" : `: ${qemu.stderrLine()}`}`);
      const timeout = (what: string) => new Promise<string>((resolve) => setTimeout(() => resolve(what), START_TIMEOUT_MS).unref());

      // QEMU connects while it starts, and answers once it runs.
      const conn = await Promise.race([
        connected,
        qemu.exited.then((e) => `${o.qemu} ${describeExit(e)}`),
        timeout("it did not connect within 30 s"),
      ]);
      if (typeof conn === "string") {
        await qemu.stop();
        throw notStarted(conn);
      }
      qemuServer.close();
      this.qemuConn = conn;
      conn.on("error", () => {
        // QEMU went away; 'close' follows.
      });
      const probe = new Promise<string>((resolve) => {
        let text = "";
        const onData = (b: Buffer) => {
          text += b.toString("utf8");
          const nl = text.indexOf("\n");
          if (nl < 0) return;
          conn.off("data", onData);
          conn.pause(); // until the relay listens: nothing may be lost
          if (nl + 1 < text.length) conn.unshift(Buffer.from(text.slice(nl + 1)));
          resolve(text.slice(0, nl));
        };
        conn.on("data", onData);
        conn.once("close", () => resolve(""));
      });
      conn.write("endianness\n");
      const answer = await Promise.race([probe, timeout("").then(() => null)]);
      if (answer === null || !answer.startsWith("OK")) {
        await qemu.stop();
        const exit = await qemu.exited;
        const why =
          answer === null ? "it did not answer within 30 s" : answer === "" ? `${o.qemu} ${describeExit(exit)}` : `it answered '${answer}'`;
        throw notStarted(why);
      }
      if (this.stopped) {
        await qemu.stop();
        throw new UserError("stopped before the client started; nothing was recorded");
      }
      qemu.passStderrThrough();

      // The client, and the recording.
      const parser = new QtestLogParser({ file: "<qtest conversation>", topology: o.topology, strict: false });
      const newSession = { ...o.newSession, commandLine: joinCommandLine([o.qemu, ...argv]) };
      const batcher = new LiveBatcher(o.store, newSession, o.onProgress, { hold: true });
      for (const ev of parser.start()) batcher.add(ev);
      const conversation = new ConversationLog(parser, process.hrtime.bigint(), (ev) => batcher.add(ev));
      const clientServer = createServer();
      servers.push(clientServer);
      await listen(clientServer, clientSock);
      let refused = 0;
      let clientSeen = false;
      const pendingForClient: Buffer[] = [];
      const qemuLines = new Lines();
      const clientLines = new Lines();
      let failure: unknown;
      const guard = (fn: () => void) => {
        try {
          fn();
        } catch (e) {
          failure ??= e;
          this.stop();
        }
      };

      conn.on("data", (b: Buffer) => {
        if (this.clientConn !== undefined && !this.clientConn.destroyed) this.clientConn.write(b);
        else if (!clientSeen) pendingForClient.push(b);
        guard(() => {
          for (const line of qemuLines.push(b)) conversation.sent(line);
        });
      });
      conn.resume();
      const qemuClosed = new Promise<void>((resolve) => (conn.destroyed ? resolve() : conn.once("close", () => resolve())));
      void qemuClosed.then(() => this.clientConn?.end());

      clientServer.on("connection", (sock: Socket) => {
        if (clientSeen) {
          refused++;
          sock.destroy();
          return;
        }
        clientSeen = true;
        this.clientConn = sock;
        for (const b of pendingForClient.splice(0)) sock.write(b);
        sock.on("data", (b: Buffer) => {
          if (!conn.destroyed) conn.write(b);
          guard(() => {
            for (const line of clientLines.push(b)) conversation.command(line);
          });
        });
        sock.on("error", () => {
          // The client went away; 'close' follows.
        });
        sock.once("close", () => {
          conn.end();
          void qemu.stop();
        });
      });

      const words = o.client.map((w) => w.split(SOCKET_PLACEHOLDER).join(clientSock));
      const env = { ...process.env };
      for (const k of SOCKET_ENV) env[k] = clientSock;
      const client = spawn(words[0] as string, words.slice(1), { stdio: ["inherit", out, "inherit"], env });
      this.client = client;
      try {
        await new Promise<void>((resolve, reject) => {
          client.once("spawn", resolve);
          client.once("error", (e: NodeJS.ErrnoException) =>
            reject(
              new UserError(
                e.code === "ENOENT"
                  ? `the client '${words[0]}' was not found (give its path, or a command on PATH)`
                  : `the client '${words[0]}' could not be started: ${e.message.replace(/^spawn \S+ /, "")}`,
              ),
            ),
          );
        });
      } catch (e) {
        batcher.stop();
        conn.destroy();
        await qemu.stop();
        throw e;
      }
      batcher.release();
      if (this.stopped) this.stop();
      const clientExit = await processExit(client);
      if (!clientSeen || (this.clientConn !== undefined && !this.clientConn.destroyed)) {
        // It exited without connecting, or its connection is still being torn down.
        this.clientConn?.destroy();
        conn.end();
        void qemu.stop();
      }
      const qemuExit = await qemu.exited;
      await qemuClosed;
      if (failure !== undefined) {
        batcher.stop();
        throw failure;
      }
      conversation.end();
      const done = batcher.finish();
      return {
        ...done,
        stats: parser.stats,
        irqs: conversation.irqs,
        connected: clientSeen,
        refusedConnections: refused,
        qemuExit,
        clientExit,
        argv,
        stopped: this.stopped,
        durationMs: Date.now() - started,
      };
    } finally {
      // Whatever ended the run, nothing it started outlives it.
      const client = this.client;
      if (client !== undefined && client.exitCode === null && client.signalCode === null) client.kill("SIGTERM");
      if (this.qemu?.running) await this.qemu.stop();
      for (const s of servers) s.close();
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** Ends the recording (Ctrl-C): the client is asked to terminate, QEMU stopped; run() commits what came. */
  stop(): void {
    this.stopped = true;
    if (this.client !== undefined && this.client.exitCode === null && this.client.signalCode === null) this.client.kill("SIGTERM");
    this.clientConn?.destroy();
    this.qemuConn?.end();
    void this.qemu?.stop();
  }
}
