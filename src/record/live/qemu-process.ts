// Running QEMU for a live recording: start it (a missing binary is a one-line error), keep
// what it writes on stderr (held back while it starts, so that a QEMU that refuses its
// arguments gives one line, not its raw output; passed through once it runs), stop it (SIGTERM,
// then SIGKILL if it lingers), and say how it ended.
import { type ChildProcess, spawn, spawnSync, type StdioOptions } from "node:child_process";
import { constants } from "node:os";
import { UserError } from "../../errors.js";
import { qemuOptions } from "../../io/qtest/qemu-cmdline.js";

export interface QemuExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How much of QEMU's stderr is kept for messages. */
const STDERR_KEEP = 8192;

export class QemuProcess {
  readonly proc: ChildProcess;
  /** Resolves when the process has exited (also after a failed start). */
  readonly exited: Promise<QemuExit>;
  private stderrText = "";
  private passStderr = false;
  private exit: QemuExit | undefined;

  private constructor(
    readonly binary: string,
    readonly argv: readonly string[],
    stdio: StdioOptions,
  ) {
    this.proc = spawn(binary, argv, { stdio });
    this.proc.stderr?.setEncoding("utf8");
    this.proc.stderr?.on("data", (chunk: string) => {
      if (this.passStderr) process.stderr.write(chunk);
      this.stderrText = (this.stderrText + chunk).slice(-STDERR_KEEP);
    });
    this.exited = new Promise((resolve) => {
      this.proc.once("error", () => {
        if (this.proc.pid === undefined) {
          this.exit = { code: null, signal: null };
          resolve(this.exit);
        }
      });
      // 'close' waits for stderr to drain, so a message QEMU printed as it failed is kept.
      this.proc.once("close", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /**
   * Starts QEMU; resolves once the process runs. A binary that is missing or cannot be run is
   * a UserError naming it. stdio[2] must be "pipe" (stderr is kept).
   */
  static async start(binary: string, argv: readonly string[], stdio: StdioOptions): Promise<QemuProcess> {
    const q = new QemuProcess(binary, argv, stdio);
    await new Promise<void>((resolve, reject) => {
      q.proc.once("spawn", resolve);
      q.proc.once("error", (e: NodeJS.ErrnoException) => {
        reject(
          new UserError(
            e.code === "ENOENT"
              ? `${binary} was not found; install QEMU (Debian: apt-get install qemu-system-x86), pass --qemu PATH or set DEVTAPE_QEMU`
              : `${binary} could not be started: ${e.message.replace(/^spawn \S+ /, "")}`,
          ),
        );
      });
    });
    return q;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** From now on QEMU's stderr goes to devtape's (what came so far is printed first). */
  passStderrThrough(): void {
    if (this.passStderr) return;
    this.passStderr = true;
    if (this.stderrText !== "") process.stderr.write(this.stderrText);
  }

  /** What QEMU wrote on stderr (its last 8 KiB), as one line: timestamps dropped, lines joined with ' | '. */
  stderrLine(): string {
    return this.stderrText
      .split("\n")
      .map((l) => l.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, "").trim())
      .filter((l) => l !== "")
      .join(" | ");
  }

  /** Asks QEMU to terminate (SIGTERM: it shuts down cleanly and closes its logs); SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<QemuExit> {
    if (this.exit !== undefined) return this.exit;
    this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

/** A shell-style exit status: the code, or 128 + the signal's number. */
export function exitStatus(e: QemuExit): number {
  if (e.code !== null) return e.code;
  const n = e.signal === null ? undefined : (constants.signals as Record<string, number>)[e.signal];
  return 128 + (n ?? 0);
}

/** How a process ended, in words ("exited with code 0", "was killed by SIGKILL"). */
export function describeExit(e: QemuExit): string {
  if (e.signal !== null) return `was killed by ${e.signal}`;
  return `exited with code ${e.code ?? "?"}`;
}

/**
 * Whether a -device driver is a PCI device, by asking QEMU (`-device DRIVER,help` lists an
 * addr= property for PCI devices); undefined when QEMU does not know the driver.
 */
export function pciProbe(binary: string): (driver: string) => boolean | undefined {
  const cache = new Map<string, boolean | undefined>();
  return (driver) => {
    if (cache.has(driver)) return cache.get(driver);
    const r = spawnSync(binary, ["-device", `${driver},help`], { encoding: "utf8", timeout: 10_000 });
    // QEMU 7.2 exits with 0 for an unknown driver too, saying "Device 'X' not found".
    const answer = r.status === 0 && !/not found/.test(r.stderr) ? /^\s*addr=/m.test(r.stdout) : undefined;
    cache.set(driver, answer);
    return answer;
  };
}

/** Whether QEMU's arguments hold one of the options (named without dashes: "bios", "kernel"). */
export function hasOption(args: readonly string[], ...names: string[]): boolean {
  return qemuOptions(args).some((o) => names.includes(o.name));
}
