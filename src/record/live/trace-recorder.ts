// `devtape record qemu`: runs QEMU with its `log` trace backend writing into a named pipe and
// turns the trace into events as QEMU writes it, through the same parser and mapping as
// `devtape import qemu-trace` (io/qemu-trace: readQemuTrace), committing at least every
// LIVE_COMMIT_MS so that a reader can follow the session while the guest runs.
//
// QEMU gets, after the user's arguments: `-trace PATTERN` for each trace pattern, `-D FIFO`,
// `-msg timestamp=on` (thread ids and times on each line) and a QMP socket. The QMP socket
// tells when QEMU is up (qmp.ts): until then events are held back, so a QEMU that refuses its
// arguments leaves no session; it is also how `stop()` asks QEMU to quit (Ctrl-C). QEMU's
// stderr is held back while it starts (its complaint becomes a one-line error) and passed
// through once it runs; its stdout (the guest's serial console, with -serial stdio) goes where
// the caller says.
//
// The mapping holds a line back while its meaning waits for its thread's next line (a device
// trace point is the device's whose read handler runs next); a silent thread would then hold
// back everything after it. Live, such a line waits at most SETTLE_MS and is then decided
// with what is known, as at the end of a trace: the thread's next line, over a second later,
// is not the handler's anyway. An import of the same log waits instead, so the two differ only
// where a thread stayed silent that long after such a line.
//
// How it ends: QEMU exits (the guest powered off, -no-reboot and a reset, a crash, stop()), its
// end of the pipe closes, the trace's last lines are decided and committed and the session is
// complete. QEMU that exits with a failure before it was up, saying why on stderr, did not
// start: a UserError with its message, nothing recorded.
import type { StdioOptions } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../errors.js";
import type { ImportProgress } from "../../io/batch-import.js";
import { readQemuTrace } from "../../io/qemu-trace/import.js";
import { joinCommandLine } from "../../io/qtest/qemu-cmdline.js";
import { type QemuTraceParseStats, QemuTraceParser } from "../../io/qemu-trace/parse-log.js";
import type { TracedDevice } from "../../io/qemu-trace/topology.js";
import type { TraceCatalog } from "../../io/qemu-trace/trace-events.js";
import type { MachineType } from "../../model/machine/memory-map.js";
import type { NewSession, SessionRow, Store } from "../../store/store.js";
import { traceArgs } from "../qtest/client.js";
import { FifoReader, makeFifo } from "./fifo.js";
import { LIVE_COMMIT_MS, LiveBatcher } from "./live-batcher.js";
import { type QemuExit, QemuProcess } from "./qemu-process.js";
import { QmpConnection } from "./qmp.js";

/**
 * The trace points a live recording enables by default: register accesses, PCI config
 * accesses and BAR placement, the virtio devices and queues, megasas, IOAPIC inputs and MSI-X.
 */
export const LIVE_TRACE_PATTERNS: readonly string[] = [
  "memory_region_ops_*",
  "pci_cfg_*",
  "pci_update_mappings_*",
  "virtio_*",
  "virtqueue_*",
  "megasas_*",
  "ioapic_set_irq",
  "msix_*",
];

/**
 * How long a trace line whose meaning waits for its thread's next line (to-events.ts: a device
 * trace point traced before the read whose handler it ran in, a PCI config read before its
 * data-port access) may wait in a live recording before it is decided with what is known.
 */
export const SETTLE_MS = 1000;

/** How long QEMU may run without answering QMP before it is taken to be up anyway (QMP may be busy or broken). */
const UP_ANYWAY_MS = 5000;

export interface TraceRecordOptions {
  store: Store;
  newSession: NewSession;
  /** The QEMU binary and the user's arguments. */
  qemu: string;
  args: readonly string[];
  catalog: TraceCatalog;
  patterns: readonly string[];
  /** The machine event the session starts with, when known. */
  machine?: { type: MachineType; ramSize: number };
  /** Where QEMU's stdout (the guest console) goes: devtape's stdout, or its stderr. */
  guestOutput: "stdout" | "stderr";
  onProgress?: (p: ImportProgress) => void;
}

export interface TraceRecordResult {
  /** The session, unless nothing was recorded (QEMU never came up and wrote no trace). */
  session: SessionRow | undefined;
  events: number;
  stats: QemuTraceParseStats;
  devices: readonly TracedDevice[];
  exit: QemuExit;
  /** QEMU's full command line. */
  argv: readonly string[];
  /** stop() was called (Ctrl-C). */
  stopped: boolean;
  durationMs: number;
}

export class TraceRecorder {
  private qemu: QemuProcess | undefined;
  private qmp: QmpConnection | undefined;
  private stopped = false;

  constructor(private readonly opts: TraceRecordOptions) {}

  /** Runs QEMU to its end, recording; see the file comment. */
  async run(): Promise<TraceRecordResult> {
    const o = this.opts;
    const work = mkdtempSync(join(tmpdir(), "devtape-record-"));
    try {
      const fifoPath = join(work, "trace.fifo");
      const qmpPath = join(work, "qmp.sock");
      makeFifo(fifoPath);
      const fifo = new FifoReader(fifoPath);
      const argv = [
        ...o.args,
        ...traceArgs({ file: fifoPath, patterns: o.patterns, timestamps: true }),
        "-qmp",
        `unix:${qmpPath},server=on,wait=off`,
      ];
      const stdio: StdioOptions = ["inherit", o.guestOutput === "stdout" ? "inherit" : 2, "pipe"];
      const started = Date.now();
      try {
        this.qemu = await QemuProcess.start(o.qemu, argv, stdio);
      } catch (e) {
        await fifo.unblock();
        await (await fifo.opened).close();
        throw e;
      }
      const qemu = this.qemu;
      void qemu.exited.then(() => fifo.unblock());
      if (this.stopped) void this.stopQemu();

      const parser = new QemuTraceParser({ files: ["<live trace>"], catalog: o.catalog, ...(o.machine ? { machine: o.machine } : {}) });
      const newSession = { ...o.newSession, commandLine: joinCommandLine([o.qemu, ...argv]) };
      const batcher = new LiveBatcher(o.store, newSession, o.onProgress, { hold: true });
      let up = false;
      const cameUp = () => {
        if (up) return;
        up = true;
        qemu.passStderrThrough();
        batcher.release();
      };
      const anyway = setTimeout(() => {
        if (qemu.running) cameUp();
      }, UP_ANYWAY_MS);
      void QmpConnection.ready(qmpPath, qemu.exited).then((qmp) => {
        if (qmp === undefined) return;
        this.qmp = qmp;
        cameUp();
        if (this.stopped) void qmp.command("quit");
      });

      // Lines waiting for their thread's next line are decided once they have waited SETTLE_MS.
      const marks: number[] = [];
      const settler = setInterval(() => {
        marks.push(parser.position);
        if (marks.length <= SETTLE_MS / LIVE_COMMIT_MS) return;
        try {
          for (const ev of parser.settle(marks.shift() as number)) batcher.add(ev);
        } catch {
          // a failed commit: readQemuTrace meets it on the next add
        }
      }, LIVE_COMMIT_MS);

      const fh = await fifo.opened;
      const stream = fh.createReadStream({ encoding: "utf8", highWaterMark: 256 * 1024 });
      try {
        await readQemuTrace(parser, batcher, [{ name: "<live trace>", stream }]);
      } catch (e) {
        batcher.stop();
        await this.stopQemu();
        throw e;
      } finally {
        clearTimeout(anyway);
        clearInterval(settler);
        stream.destroy();
      }
      const exit = await qemu.exited;
      this.qmp?.close();
      const failed = exit.code !== 0 && exit.signal === null;
      if (!up && !this.stopped && failed && qemu.stderrLine() !== "") {
        batcher.stop();
        throw new UserError(`QEMU did not start (${o.qemu} exited with code ${exit.code}): ${qemu.stderrLine()}`);
      }
      if (!up && parser.stats.lines === 0) {
        // QEMU ended without running a machine (-version, -M help, …): there is nothing to keep.
        batcher.stop();
        return {
          session: undefined,
          events: 0,
          stats: parser.stats,
          devices: [],
          exit,
          argv,
          stopped: this.stopped,
          durationMs: Date.now() - started,
        };
      }
      const done = batcher.finish();
      return { ...done, stats: parser.stats, devices: parser.devices, exit, argv, stopped: this.stopped, durationMs: Date.now() - started };
    } finally {
      // Whatever ended the run, the QEMU it started does not outlive it.
      if (this.qemu?.running) await this.qemu.stop();
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** Ends the recording (Ctrl-C): asks QEMU to quit; run() then commits what came and returns. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.stopQemu();
  }

  private async stopQemu(): Promise<void> {
    const qemu = this.qemu;
    if (qemu === undefined || !qemu.running) return;
    if (this.qmp !== undefined) {
      void this.qmp.command("quit");
      const timer = setTimeout(() => void qemu.stop(), 3000);
      await qemu.exited;
      clearTimeout(timer);
      return;
    }
    await qemu.stop();
  }
}
