// Runs test/helpers/append-forever.mjs as a child process and follows the committed
// counts it prints.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./append-forever.mjs", import.meta.url));

export interface WriterOptions {
  dist: string;
  seed: number;
  block: number;
  batch: number;
  chunk: number;
  pauseMs?: number;
  maxSeconds?: number;
}

export class Writer {
  readonly child: ChildProcess;
  /** Every committed count the writer printed, in order. */
  readonly reports: number[] = [];
  stderr = "";
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: (() => void)[] = [];
  private exited = false;

  constructor(file: string, o: WriterOptions) {
    // prettier-ignore
    const args = [
      SCRIPT, file, "--dist", o.dist, "--seed", String(o.seed), "--block", String(o.block),
      "--batch", String(o.batch), "--chunk", String(o.chunk), "--pause-ms", String(o.pauseMs ?? 0),
      "--max-seconds", String(o.maxSeconds ?? 60),
    ];
    this.child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let partial = "";
    this.child.stdout?.setEncoding("utf8").on("data", (s: string) => {
      const lines = (partial + s).split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) this.reports.push(Number(l));
      this.wake();
    });
    this.child.stderr?.setEncoding("utf8").on("data", (s: string) => {
      this.stderr += s;
    });
    this.exit = new Promise((res) => {
      this.child.on("close", (code, signal) => {
        this.exited = true;
        this.wake();
        res({ code, signal });
      });
    });
  }

  /** The last committed count the writer printed (-1 before the first). */
  get committed(): number {
    return this.reports.length > 0 ? (this.reports[this.reports.length - 1] as number) : -1;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once the writer has reported at least `n` committed events. */
  async waitForCommitted(n: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.committed < n) {
      if (this.exited) throw new Error(`the writer exited after ${this.committed} events: ${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the writer reported only ${this.committed} of ${n} events in ${timeoutMs} ms: ${this.stderr}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, left);
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  /** Sends SIGKILL and waits for the process to be gone and its output read. */
  async kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited) this.child.kill("SIGKILL");
    return this.exit;
  }
}
