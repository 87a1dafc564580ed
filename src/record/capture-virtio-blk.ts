// One recorded virtio-blk session on real QEMU: make the disk image and the firmware,
// start QEMU on the transport's configuration (with its own -qtest-log when asked),
// intercept the IOAPIC's inputs, run the reference driver through the recorder (bring-up,
// a few batches of reads, writes and a flush, reset), check every result against the disk
// image, shut QEMU down and check the image file holds what was written. Used by
// tools/capture-qemu.mjs for the committed captures and by the real-QEMU tests. With a
// fault (faults.ts) the session opens with a marker naming it and the driver commits it;
// requests the fault spoils are given up and not checked.
import type { EventProps } from "../schema/proto.js";
import {
  type CaptureSessionOptions,
  DISK_SECTORS,
  DRIVER_MEMORY,
  expectedSectors,
  faultOpening,
  firstDifference,
  noteWritten,
  runCaptureSession,
  submitBatches,
} from "./capture-session.js";
import type { QtestRecorder } from "./qtest/recorder.js";
import { type QemuSetup, type VirtioBlkTransportName, virtioBlkSetup } from "./qtest/virtio-blk-setups.js";
import { writeData } from "./drivers/disk-image.js";
import type { FaultName } from "./drivers/faults.js";
import { GuestMemory } from "./drivers/guest-memory.js";
import { MsixRam } from "./drivers/msix-ram.js";
import { silencePit } from "./drivers/pit.js";
import {
  type BlkRequest,
  type BlkResult,
  describe,
  SECTOR_SIZE,
  VIRTIO_BLK_F_FLUSH,
  VIRTIO_BLK_S_OK,
  VirtioBlkDriver,
} from "./drivers/virtio-blk.js";
import type { VirtioDriver } from "./drivers/virtio-bring-up.js";
import { VirtioMmioTransport } from "./drivers/virtio-mmio.js";
import { bringUpVirtioPci, modernRegions, VirtioPciLegacyTransport, VirtioPciModernTransport } from "./drivers/virtio-pci.js";
import type { QueueAddresses, VirtioTransport } from "./drivers/virtio-transport.js";

export { DISK_SECTORS, DRIVER_MEMORY } from "./capture-session.js";
/**
 * The trace points a virtio-blk capture's trace log records (QEMU's -trace globs): the virtio
 * devices and queues, register accesses, PCI config accesses and BAR placement, IOAPIC inputs
 * and MSI-X.
 */
export const VIRTIO_TRACE_PATTERNS: readonly string[] = [
  "virtio_*",
  "virtqueue_*",
  "memory_region_ops_*",
  "pci_*",
  "ioapic_set_irq",
  "msix_*",
];

/** The default work: three batches, each made available with one notify. */
export function defaultPlan(): BlkRequest[][] {
  return [
    [
      { type: "read", sector: 0, count: 2 },
      { type: "write", sector: 8, data: writeData(8, 1) },
    ],
    [
      { type: "read", sector: 8, count: 1 },
      { type: "read", sector: DISK_SECTORS - 1, count: 1 },
    ],
    [{ type: "flush" }],
  ];
}

export interface VirtioBlkCaptureOptions extends CaptureSessionOptions {
  transport: VirtioBlkTransportName;
  plan?: BlkRequest[][];
  /** A driver bug to commit on purpose (faults.ts). */
  fault?: FaultName;
  /** Negotiate VIRTIO_RING_F_EVENT_IDX and drive the queue with used_event / avail_event (virtqueue.ts). */
  eventIdx?: boolean;
  /** Negotiate VIRTIO_RING_F_INDIRECT_DESC and put each request's buffers into an indirect table. */
  indirect?: boolean;
  /** PCI transports: enable MSI-X with its vectors writing to RAM, and wait for messages there (msix-ram.ts). */
  msix?: boolean;
  /**
   * After the first batch the host doubles the disk (QMP block_resize); the driver waits for the
   * configuration-change interrupt and reads the new capacity before the next batch.
   */
  resize?: boolean;
  /** Poll each batch's status bytes after its notify, before taking the interrupt (VirtioBlkOptions.pollStatus). */
  pollStatus?: boolean;
}

export interface VirtioBlkCapture {
  setup: QemuSetup;
  /** The QEMU command line, qtest arguments included. */
  argv: readonly string[];
  events: EventProps[];
  results: BlkResult[];
  driver: {
    probe: string;
    deviceFeatures: bigint;
    driverFeatures: bigint;
    capacity: number;
    queueSize: number;
    irq: number;
    /** Where queue 0's descriptors, avail and used rings are. */
    queue: QueueAddresses | undefined;
    /** With MSI-X into RAM: the word each vector writes its message to, by vector (else empty). */
    msixWords: readonly number[];
  };
  disk: string;
}

/** Opens the setup's transport: PCI bring-up first (with the PIT silenced) on pc and q35. */
export async function openTransport(rec: QtestRecorder, setup: QemuSetup, msixMemory?: GuestMemory): Promise<VirtioTransport> {
  const loc = setup.location;
  if (loc.kind === "mmio") {
    if (msixMemory !== undefined) throw new Error(`MSI-X: ${setup.device.id} is a virtio-mmio device, which has none`);
    return new VirtioMmioTransport(rec, loc.base, loc.version, loc.irq);
  }
  await silencePit(rec);
  rec.marker(`pci: enumerate bus 0, size and assign BARs, route INTx (${loc.chipset})`);
  const fn = await bringUpVirtioPci(rec, loc.chipset, loc.bdf);
  if (fn.irq !== loc.irq) throw new Error(`PCI INTx of ${setup.device.id} was routed to ${fn.irq}, the setup expects ${loc.irq}`);
  const msix = msixMemory !== undefined ? await MsixRam.enable(rec, fn, msixMemory) : undefined;
  if (!loc.modern) return new VirtioPciLegacyTransport(rec, fn, msix);
  return new VirtioPciModernTransport(rec, fn, await modernRegions(rec, fn), msix);
}

/** What a capture tells of a virtio reference driver after its run, whichever the device. */
export function virtioDriverSummary(driver: VirtioDriver): { probe: string; deviceFeatures: bigint; driverFeatures: bigint; irq: number } {
  return {
    probe: driver.probeText,
    deviceFeatures: driver.deviceFeatures,
    driverFeatures: driver.driverFeatures,
    irq: driver.transport.irq,
  };
}

/** Checks each result: status OK, used length, read data (requests given up are not checked). Throws an Error naming the request. */
export function checkResults(results: readonly BlkResult[], written: Map<number, Uint8Array>): void {
  for (const r of results) {
    if (r.gaveUp !== undefined) continue;
    const what = describe(r.request);
    if (r.status !== VIRTIO_BLK_S_OK) throw new Error(`${what}: the device returned status ${r.status}, not VIRTIO_BLK_S_OK`);
    const req = r.request;
    if (req.type === "read") {
      const want = expectedSectors(req.sector, req.count, written);
      if (r.usedLen !== want.length + 1)
        throw new Error(`${what}: the device used ${r.usedLen} bytes, expected ${want.length + 1} (data + status)`);
      const at = firstDifference(r.data ?? new Uint8Array(0), want);
      if (at >= 0) throw new Error(`${what}: the data differs from the disk image at byte ${at}`);
    } else if (r.usedLen !== 1) {
      throw new Error(`${what}: the device used ${r.usedLen} bytes, expected 1 (the status byte)`);
    }
    if (req.type === "write") noteWritten(written, req.sector, req.data);
  }
}

/** Runs one capture; see the file comment. Throws an Error saying what went wrong. */
export async function captureVirtioBlk(opts: VirtioBlkCaptureOptions): Promise<VirtioBlkCapture> {
  const opening = faultOpening(opts.fault, "virtio-blk", opts.transport);
  const {
    value: { driver, results },
    ...session
  } = await runCaptureSession(
    { ...opts, hostControl: opts.resize === true },
    opts.transport,
    (disk, firmware) => virtioBlkSetup(opts.transport, disk, firmware),
    async (rec, setup, written, host) => {
      if (opening !== undefined) rec.marker(opening);
      const mem = new GuestMemory(DRIVER_MEMORY.base, DRIVER_MEMORY.size);
      const transport = await openTransport(rec, setup, opts.msix === true ? mem : undefined);
      const driver = new VirtioBlkDriver(rec, transport, mem, {
        ...(opts.fault !== undefined ? { fault: opts.fault } : {}),
        ...(opts.eventIdx === true ? { eventIdx: true } : {}),
        ...(opts.indirect === true ? { indirect: true } : {}),
        ...(opts.pollStatus === true ? { pollStatus: true } : {}),
      });
      await driver.init();
      if (driver.capacity !== DISK_SECTORS) throw new Error(`the device reports ${driver.capacity} sectors, the image has ${DISK_SECTORS}`);
      const flush = (driver.driverFeatures & (1n << VIRTIO_BLK_F_FLUSH)) !== 0n;
      const batches = (opts.plan ?? defaultPlan()).map((b) => b.filter((r) => flush || r.type !== "flush")).filter((b) => b.length > 0);
      const submit = (b: BlkRequest[]) => driver.submit(b);
      const check = (got: BlkResult[]) => checkResults(got, written);
      const results = await submitBatches(batches.slice(0, 1), submit, check);
      if (opts.resize === true) {
        if (host === undefined) throw new Error("resize: the session has no QMP monitor");
        await host.resizeDisk(2 * DISK_SECTORS * SECTOR_SIZE);
        const capacity = await driver.awaitConfigChange();
        if (capacity !== 2 * DISK_SECTORS)
          throw new Error(`after the resize the device reports ${capacity} sectors, not ${2 * DISK_SECTORS}`);
      }
      results.push(...(await submitBatches(batches.slice(1), submit, check)));
      await driver.shutdown();
      return { driver, results };
    },
  );
  return {
    ...session,
    results,
    driver: {
      ...virtioDriverSummary(driver),
      capacity: driver.capacity,
      queueSize: driver.queueSize,
      queue: driver.queueAddresses,
      msixWords: driver.transport.msix?.words ?? [],
    },
  };
}
