// What a recorded session on real QEMU does around its driver, whichever the device: make the
// pattern disk image and the halting firmware, start QEMU on the setup (with its own
// -qtest-log or trace log when asked), record through the qtest recorder with the IOAPIC's
// inputs intercepted, quit QEMU (also when the driver fails), and check that the image file
// holds every sector the driver wrote. Used by capture-virtio-blk.ts, capture-virtio-scsi.ts and
// capture-megasas.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EventProps } from "../schema/proto.js";
import { patternSectors, SECTOR, writePatternImage } from "./drivers/disk-image.js";
import { type FaultName, faultMismatch, faultSpec } from "./drivers/faults.js";
import { type QemuTraceOptions, type QtestLaunchOptions, QtestClient } from "./qtest/client.js";
import { haltFirmware } from "./qtest/firmware.js";
import { QmpConnection } from "./live/qmp.js";
import { QtestRecorder } from "./qtest/recorder.js";
import type { QemuSetup } from "./qtest/virtio-blk-setups.js";

export const DISK_SECTORS = 2048;
/** Guest RAM the driver's structures use: 1 MiB from 2 MiB (RAM on every machine). */
export const DRIVER_MEMORY = { base: 0x20_0000, size: 0x10_0000 };

/** How a capture runs QEMU, whatever its device. */
export interface CaptureSessionOptions {
  /** Where the disk image and firmware go. */
  workDir: string;
  /** Also have QEMU write its -qtest-log here. */
  qtestLog?: string;
  /** Also have QEMU write a trace log (its `log` trace backend). */
  trace?: QemuTraceOptions;
  qemu?: string;
  onEvent?: (ev: EventProps) => void;
  /** Open QEMU's QMP monitor, so that the drive step can act as the host (HostControl). */
  hostControl?: boolean;
}

/**
 * What the host does to the machine during a session, over QMP: nothing a capture of the
 * guest's side shows but the device's reaction (an interrupt, a configuration that moved).
 * Each action is recorded as a marker first.
 */
export interface HostControl {
  /** QMP block_resize of the session's drive (d0) to `bytes`. */
  resizeDisk(bytes: number): Promise<void>;
}

/** What a setup must say for a session: QEMU's arguments, the topology and the IOAPIC inputs to intercept. */
export type SessionSetup = Pick<QemuSetup, "args" | "topology" | "irqIntercept">;

export interface CaptureSession<S, T> {
  setup: S;
  /** The QEMU command line, qtest arguments included. */
  argv: readonly string[];
  events: EventProps[];
  /** What the driver's part returned. */
  value: T;
  disk: string;
}

/** The first byte at which `a` and `b` differ (the shorter one's length when one is a prefix), or -1. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** What a read of `count` sectors from `sector` should give: the pattern, or what was written since. */
export function expectedSectors(sector: number, count: number, written: Map<number, Uint8Array>): Uint8Array {
  const out = patternSectors(sector, count);
  for (let i = 0; i < count; i++) {
    const w = written.get(sector + i);
    if (w) out.set(w, i * SECTOR);
  }
  return out;
}

/** Notes the sectors `data` writes from `sector` on. */
export function noteWritten(written: Map<number, Uint8Array>, sector: number, data: Uint8Array): void {
  for (let i = 0; i < data.length / SECTOR; i++) written.set(sector + i, data.subarray(i * SECTOR, (i + 1) * SECTOR));
}

/**
 * The marker that opens a session with `fault` injected on purpose (faults.ts), naming it and
 * what the driver does wrong; undefined without a fault. Throws when the fault does not apply
 * to `device` (on `transport`).
 */
export function faultOpening(fault: FaultName | undefined, device: string, transport: string | undefined): string | undefined {
  if (fault === undefined) return undefined;
  const mismatch = faultMismatch(fault, device, transport);
  if (mismatch !== undefined) throw new Error(mismatch);
  return `fault ${fault} injected on purpose: the driver ${faultSpec(fault).description}`;
}

/** Submits the batches in turn, checking each one's results with `check` (which throws on a wrong one); returns every result, in order. */
export async function submitBatches<Q, R>(
  batches: Iterable<Q[]>,
  submit: (batch: Q[]) => Promise<R[]>,
  check: (results: R[]) => void,
): Promise<R[]> {
  const results: R[] = [];
  for (const batch of batches) {
    const got = await submit(batch);
    check(got);
    results.push(...got);
  }
  return results;
}

/**
 * Runs one session: writes the pattern image `<name>.img` and the firmware in the work folder,
 * makes the setup from their paths, starts QEMU, intercepts the setup's IOAPIC inputs and runs
 * `drive` on the recorder with the map of sectors written (which `drive` fills). Quits QEMU,
 * then throws when QEMU failed or the image does not hold what was written.
 */
export async function runCaptureSession<S extends SessionSetup, T>(
  opts: CaptureSessionOptions,
  name: string,
  makeSetup: (disk: string, firmware: string) => S,
  drive: (rec: QtestRecorder, setup: S, written: Map<number, Uint8Array>, host: HostControl | undefined) => Promise<T>,
): Promise<CaptureSession<S, T>> {
  const disk = join(opts.workDir, `${name}.img`);
  writePatternImage(disk, DISK_SECTORS);
  const setup = makeSetup(disk, haltFirmware(opts.workDir));
  const launch: QtestLaunchOptions = { args: setup.args };
  if (opts.qtestLog !== undefined) launch.qtestLog = opts.qtestLog;
  if (opts.trace !== undefined) launch.trace = opts.trace;
  if (opts.qemu !== undefined) launch.qemu = opts.qemu;
  if (opts.hostControl === true) launch.qmp = join(opts.workDir, `${name}.qmp`);
  const client = await QtestClient.start(launch);
  const rec = new QtestRecorder(client, setup.topology, opts.onEvent ? { onEvent: opts.onEvent } : {});
  const written = new Map<number, Uint8Array>();
  let value: T;
  let qmp: QmpConnection | undefined;
  try {
    let host: HostControl | undefined;
    if (launch.qmp !== undefined) {
      const conn = await QmpConnection.ready(launch.qmp, client.gone);
      if (conn === undefined) throw new Error(`QEMU's QMP monitor at ${launch.qmp} did not answer`);
      qmp = conn;
      host = {
        resizeDisk: async (bytes) => {
          rec.marker(`host: block_resize d0 to ${bytes} bytes (QMP)`);
          const answer = await conn.command("block_resize", { device: "d0", size: bytes });
          if (answer === undefined || !("return" in answer)) throw new Error(`QMP block_resize failed: ${JSON.stringify(answer)}`);
        },
      };
    }
    await rec.irqInterceptIn(setup.irqIntercept);
    value = await drive(rec, setup, written, host);
  } catch (e) {
    qmp?.close();
    await client.quit();
    throw e;
  }
  qmp?.close();
  const exit = await client.quit();
  if (exit.code !== 0 && exit.signal === null)
    throw new Error(`QEMU exited with code ${exit.code} at the end of the capture: ${client.stderr.trim()}`);
  const image = readFileSync(disk);
  for (const [sector, data] of written) {
    const at = firstDifference(image.subarray(sector * SECTOR, (sector + 1) * SECTOR), data);
    if (at >= 0) throw new Error(`${disk}: sector ${sector} does not hold what the driver wrote (first difference at byte ${at})`);
  }
  return { setup, argv: client.argv, events: rec.events, value, disk };
}
