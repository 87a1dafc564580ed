// A qtest client: runs qemu-system-x86_64 with `-qtest stdio` and talks QEMU's qtest
// protocol to it (system/qtest.c): one command per line, one reply per command, in order,
// with `IRQ raise N` / `IRQ lower N` lines arriving at any time once IRQs are intercepted.
//
// Commands are sent one at a time (callers are queued), so every non-IRQ line is the
// reply to the one outstanding command. IRQ lines that arrive while a command is
// outstanding are handed back with its reply (the caller decides whether the command
// caused them); IRQ lines that arrive while nothing is outstanding go to the `onIrq`
// listener at once. The client keeps each line's level, so `waitForIrq` can wait for an
// interrupt without sending anything (the way a guest waits in hlt).
//
// Failures are Errors with a sentence: QEMU not found, QEMU exiting (with the end of its
// stderr), a reply that never comes, a command QEMU refuses (QtestRefusedError).
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { type IrqNotice, type QtestCommand, type QtestReply, formatCommand, parseIrq, parseReply } from "../../io/qtest/protocol.js";
import { QtestCommands } from "./commands.js";

export interface QtestLaunchOptions {
  /** The QEMU binary (default: $DEVTAPE_QEMU, else qemu-system-x86_64 on PATH). */
  qemu?: string;
  /** Machine, firmware, drive and device arguments; the client adds the qtest ones. */
  args: readonly string[];
  /** Write QEMU's own -qtest-log to this file. */
  qtestLog?: string;
  /** How long a reply may take (default 10 s). */
  replyTimeoutMs?: number;
  /** Also have QEMU write trace points with its `log` trace backend (see QemuTraceOptions). */
  trace?: QemuTraceOptions;
  /** Also open QEMU's QMP monitor on a Unix socket at this path (for what the host does: a resize). */
  qmp?: string;
}

/**
 * QEMU's `log` trace backend: the trace points matching `patterns` (QEMU's -trace globs, e.g.
 * "virtio*") are written to `file` (-D), each line prefixed with the thread id and the host
 * time unless `timestamps` is false (-msg timestamp=on). `devtape import qemu-trace` reads it.
 */
export interface QemuTraceOptions {
  file: string;
  patterns: readonly string[];
  timestamps?: boolean;
}

/** The QEMU arguments that write a trace log (see QemuTraceOptions). */
export function traceArgs(t: QemuTraceOptions): string[] {
  const args = t.patterns.flatMap((p) => ["-trace", p]);
  args.push("-D", t.file);
  if (t.timestamps !== false) args.push("-msg", "timestamp=on");
  return args;
}

/** One command and what came back for it. */
export interface Exchange {
  command: QtestCommand;
  reply: QtestReply;
  /** IRQ lines received while the command was outstanding, with their arrival times. */
  irqs: { irq: IrqNotice; atNs: bigint }[];
  /** process.hrtime.bigint() when the command was written, and when its reply arrived. */
  sentNs: bigint;
  repliedNs: bigint;
}

export const DEFAULT_QEMU = "qemu-system-x86_64";

export function qemuBinary(explicit?: string): string {
  return explicit ?? process.env.DEVTAPE_QEMU ?? DEFAULT_QEMU;
}

interface Outstanding {
  command: QtestCommand;
  text: string;
  sentNs: bigint;
  irqs: { irq: IrqNotice; atNs: bigint }[];
  resolve: (e: Exchange) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const STDERR_KEEP = 4096;

export class QtestClient extends QtestCommands {
  /** The full command line QEMU was started with. */
  readonly argv: readonly string[];
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly replyTimeoutMs: number;
  private buffer = "";
  private stderrTail = "";
  private outstanding: Outstanding | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<void>;
  private failure: Error | undefined;
  private quitting = false;
  private readonly levels = new Map<number, boolean>();
  private readonly irqWaiters = new Set<{ line: number; level: boolean; resolve: () => void; reject: (e: Error) => void }>();
  /** Called for IRQ lines that arrive while no command is outstanding. */
  onIrq: ((irq: IrqNotice, atNs: bigint) => void) | undefined;
  /** Called after every exchange, before the caller of send() sees it. */
  onExchange: ((e: Exchange) => void) | undefined;

  private constructor(
    readonly qemu: string,
    args: string[],
    replyTimeoutMs: number,
  ) {
    super();
    this.argv = [qemu, ...args];
    this.replyTimeoutMs = replyTimeoutMs;
    this.proc = spawn(qemu, args, { stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stdout.setEncoding("utf8");
    this.proc.stderr.setEncoding("utf8");
    this.proc.stdout.on("data", (chunk: string) => this.onData(chunk));
    this.proc.stderr.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_KEEP);
    });
    this.proc.on("error", (e) => this.fail(new Error(`${qemu}: ${e.message}`)));
    this.proc.stdin.on("error", () => {
      // EPIPE when QEMU is gone; the exit handler reports it.
    });
    this.exitPromise = new Promise((resolve) => {
      this.proc.on("exit", (code, signal) => {
        this.exited = { code, signal };
        // Let stderr drain before the exit is reported with it.
        setImmediate(() => {
          this.fail(this.exitError());
          resolve();
        });
      });
    });
  }

  /**
   * Starts QEMU and checks that it answers (with `endianness`, as libqtest does). Throws an
   * Error saying why when QEMU is missing, refuses its arguments or does not answer.
   */
  static async start(opts: QtestLaunchOptions): Promise<QtestClient> {
    const qemu = qemuBinary(opts.qemu);
    const args = [...opts.args, "-qtest", "stdio", "-display", "none", "-nodefaults", "-monitor", "none", "-serial", "none"];
    if (opts.qtestLog !== undefined) args.push("-qtest-log", opts.qtestLog);
    if (opts.trace !== undefined) args.push(...traceArgs(opts.trace));
    if (opts.qmp !== undefined) args.push("-qmp", `unix:${opts.qmp},server=on,wait=off`);
    const client = new QtestClient(qemu, args, opts.replyTimeoutMs ?? 10_000);
    await new Promise<void>((resolve, reject) => {
      client.proc.once("spawn", resolve);
      client.proc.once("error", (e: NodeJS.ErrnoException) => {
        const why =
          e.code === "ENOENT"
            ? `${qemu} was not found; install QEMU (Debian: apt-get install qemu-system-x86) or set DEVTAPE_QEMU to its path`
            : `${qemu} could not be started: ${e.message}`;
        reject(new Error(why));
      });
    });
    const reply = await client.send({ op: "endianness" });
    if (reply.status !== "OK" || reply.text !== "little") {
      await client.quit();
      throw new Error(`${qemu} answered 'endianness' with '${reply.status} ${reply.text}'; devtape captures little-endian x86 guests`);
    }
    return client;
  }

  /** Settles when QEMU has exited. */
  get gone(): Promise<void> {
    return this.exitPromise;
  }

  /** QEMU's process id. */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** The end of what QEMU wrote on stderr. */
  get stderr(): string {
    return this.stderrTail;
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  /** The last known level of an intercepted IRQ line. */
  irqLevel(line: number): boolean {
    return this.levels.get(line) ?? false;
  }

  /**
   * Waits, without sending anything, until IRQ `line` is at `level` (at once if it is).
   * Throws when it does not get there within `timeoutMs` or QEMU exits.
   */
  waitForIrq(line: number, level = true, timeoutMs = 5000): Promise<void> {
    if (this.irqLevel(line) === level) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const waiter = {
        line,
        level,
        resolve: () => {
          clearTimeout(timer);
          this.irqWaiters.delete(waiter);
          resolve();
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          this.irqWaiters.delete(waiter);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.irqWaiters.delete(waiter);
        reject(new Error(`IRQ ${line} was not ${level ? "raised" : "lowered"} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.irqWaiters.add(waiter);
    });
  }

  /** Sends one command; resolves with the reply (OK, FAIL or ERR) and the IRQs seen meanwhile. */
  exchange(command: QtestCommand): Promise<Exchange> {
    const run = () => this.exchangeNow(command);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  override async send(command: QtestCommand): Promise<QtestReply> {
    return (await this.exchange(command)).reply;
  }

  private exchangeNow(command: QtestCommand): Promise<Exchange> {
    if (this.failure) return Promise.reject(this.failure);
    const text = formatCommand(command);
    return new Promise<Exchange>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`QEMU did not reply to '${text}' within ${this.replyTimeoutMs} ms${this.stderrNote()}`));
        this.proc.kill("SIGKILL");
      }, this.replyTimeoutMs);
      this.outstanding = { command, text, sentNs: process.hrtime.bigint(), irqs: [], resolve, reject, timer };
      this.proc.stdin.write(`${text}\n`);
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl = this.buffer.indexOf("\n");
    while (nl >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.onLine(line);
      nl = this.buffer.indexOf("\n");
    }
  }

  private onLine(line: string): void {
    const atNs = process.hrtime.bigint();
    const irq = parseIrq(line);
    if (irq) {
      this.levels.set(irq.line, irq.level);
      if (this.outstanding) this.outstanding.irqs.push({ irq, atNs });
      else this.onIrq?.(irq, atNs);
      for (const w of [...this.irqWaiters]) if (w.line === irq.line && w.level === irq.level) w.resolve();
      return;
    }
    const o = this.outstanding;
    const reply = parseReply(line);
    if (!o || !reply) {
      const why = o
        ? `'${line.slice(0, 80)}' in reply to '${o.text}' (expected OK, FAIL or ERR)`
        : `'${line.slice(0, 80)}' with no command outstanding`;
      this.fail(new Error(`QEMU sent ${why}`));
      this.proc.kill("SIGKILL");
      return;
    }
    clearTimeout(o.timer);
    this.outstanding = undefined;
    const ex: Exchange = { command: o.command, reply, irqs: o.irqs, sentNs: o.sentNs, repliedNs: atNs };
    try {
      this.onExchange?.(ex);
    } catch (e) {
      o.reject(e as Error);
      return;
    }
    o.resolve(ex);
  }

  private stderrNote(): string {
    const tail = this.stderrTail.trim().split("\n").slice(-3).join(" | ");
    return tail ? `; QEMU's stderr ends: ${tail}` : "";
  }

  private exitError(): Error {
    const how = this.exited?.signal ? `was killed by ${this.exited.signal}` : `exited with code ${this.exited?.code}`;
    const what = this.outstanding ? ` before replying to '${this.outstanding.text}'` : "";
    return new Error(`QEMU (${this.qemu}) ${how}${what}${this.stderrNote()}`);
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = this.quitting ? new Error("the qtest session has ended") : e;
    const o = this.outstanding;
    this.outstanding = undefined;
    if (o) {
      clearTimeout(o.timer);
      o.reject(e);
    }
    for (const w of [...this.irqWaiters]) w.reject(e);
  }

  /**
   * Ends the session: closes the qtest connection, then asks QEMU to terminate (SIGTERM, as
   * libqtest does; QEMU then flushes its -qtest-log), and kills it if it lingers. Returns
   * how QEMU ended.
   */
  async quit(timeoutMs = 5000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.quitting = true;
    await this.queue.catch(() => undefined);
    if (this.exited === undefined) {
      this.proc.stdin.end();
      this.proc.kill("SIGTERM");
      const timer = setTimeout(() => this.proc.kill("SIGKILL"), timeoutMs);
      await this.exitPromise;
      clearTimeout(timer);
    } else {
      await this.exitPromise;
    }
    return this.exited as { code: number | null; signal: NodeJS.Signals | null };
  }
}
