// One recorded megasas session on real QEMU: make the disk image and the firmware, start
// QEMU on the generation's configuration (megasas-setups.ts; its own -qtest-log when
// asked), intercept the IOAPIC's inputs, run the reference MFI driver through the recorder
// and check every answer: the firmware states, the controller info (ids, product, limits
// that match the state word), the logical drive list (one drive of the image's size), an
// LD read, a PD pass-through READ(10) and an LD pass-through INQUIRY posted together, an
// LD write read back, the flush and shutdown; after QEMU exits, the image holds what was
// written. Used by tools/capture-megasas.mjs, `devtape drive megasas…` and the tests.
// With a fault (faults.ts) the session opens with a marker naming it and the driver commits it.
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
import { writeData } from "./drivers/disk-image.js";
import type { FaultName } from "./drivers/faults.js";
import { GuestMemory } from "./drivers/guest-memory.js";
import {
  BLOCK,
  bringUpMegasas,
  CTRL_INFO_SIZE,
  DCMD,
  describeMegasas,
  LD_LIST_SIZE,
  MegasasDriver,
  type MegasasRequest,
  type MegasasResult,
  parseCtrlInfo,
  parseLdList,
} from "./drivers/megasas.js";
import { inquiry, MFI_STAT_OK, read10 } from "./drivers/megasas-mfi.js";
import { silencePit } from "./drivers/pit.js";
import { type MegasasKind, type MegasasSetup, megasasSetup } from "./qtest/megasas-setups.js";

export interface MegasasCaptureOptions extends CaptureSessionOptions {
  kind: MegasasKind;
  /** Extra LD reads and writes after the standard work (each write read back), in batches of up to four frames. */
  extraRequests?: number;
  /** A driver bug to commit on purpose (faults.ts). */
  fault?: FaultName;
}

export interface MegasasCapture {
  setup: MegasasSetup;
  argv: readonly string[];
  events: EventProps[];
  results: MegasasResult[];
  driver: { probe: string; stateWord: number; maxCmds: number; maxSge: number; product: string; irq: number; finalState: number };
  disk: string;
}

/** The standard I/O after the two DCMDs: three frames in flight at once, then a write and its read-back. */
export function standardBatches(): MegasasRequest[][] {
  return [
    [
      { type: "ld-read", target: 0, lba: 0, count: 2 },
      { type: "scsi", physical: true, target: 0, lun: 0, cdb: read10(DISK_SECTORS - 1, 1), len: BLOCK },
      { type: "scsi", physical: false, target: 0, lun: 0, cdb: inquiry(36), len: 36 },
    ],
    [{ type: "ld-write", target: 0, lba: 8, data: writeData(8, 1) }],
    [{ type: "ld-read", target: 0, lba: 8, count: 1 }],
  ];
}

/** `n` more LD requests spread over the disk, every write read back in a later batch. */
export function extraBatches(n: number): MegasasRequest[][] {
  const out: MegasasRequest[][] = [];
  let batch: MegasasRequest[] = [];
  for (let i = 0; i < n; i++) {
    const lba = 16 + ((i * 37) % (DISK_SECTORS - 32));
    const req: MegasasRequest =
      i % 3 === 1
        ? { type: "ld-write", target: 0, lba, data: writeData(lba, 1 + (i % 2), 2) }
        : { type: "ld-read", target: 0, lba, count: 1 + (i % 4) };
    batch.push(req);
    if (batch.length === 4 || req.type === "ld-write") {
      out.push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/** Checks one batch's results against the image; records writes. Throws an Error naming the request. */
export function checkMegasasResults(results: readonly MegasasResult[], written: Map<number, Uint8Array>): void {
  for (const r of results) {
    const what = describeMegasas(r.request);
    if (r.status !== MFI_STAT_OK) throw new Error(`${what}: cmd_status 0x${r.status.toString(16)}, not MFI_STAT_OK`);
    const req = r.request;
    if (req.type !== "dcmd" && r.scsiStatus !== 0) throw new Error(`${what}: scsi_status 0x${r.scsiStatus.toString(16)}, not GOOD`);
    if (req.type === "ld-read" || (req.type === "scsi" && req.cdb[0] === 0x28)) {
      const lba =
        req.type === "ld-read"
          ? req.lba
          : ((req.cdb[2] ?? 0) << 24) | ((req.cdb[3] ?? 0) << 16) | ((req.cdb[4] ?? 0) << 8) | (req.cdb[5] ?? 0);
      const count = req.type === "ld-read" ? req.count : ((req.cdb[7] ?? 0) << 8) | (req.cdb[8] ?? 0);
      const at = firstDifference(r.data ?? new Uint8Array(0), expectedSectors(lba, count, written));
      if (at >= 0) throw new Error(`${what}: the data differs from the disk image at byte ${at}`);
    }
    if (req.type === "scsi" && req.cdb[0] === 0x12) {
      const d = r.data ?? new Uint8Array(0);
      const vendor = new TextDecoder().decode(d.subarray(8, 16));
      if ((d[0] ?? 0xff) !== 0 || vendor !== "QEMU    ")
        throw new Error(`${what}: not a QEMU disk (peripheral 0x${(d[0] ?? 0).toString(16)}, vendor '${vendor}')`);
    }
    if (req.type === "ld-write") noteWritten(written, req.lba, req.data);
  }
}

/** Runs one capture; see the file comment. Throws an Error saying what went wrong. */
export async function captureMegasas(opts: MegasasCaptureOptions): Promise<MegasasCapture> {
  const results: MegasasResult[] = [];
  let product = "";
  const opening = faultOpening(opts.fault, opts.kind, undefined);
  const {
    value: { driver, finalState },
    ...session
  } = await runCaptureSession(
    opts,
    opts.kind,
    (disk, firmware) => megasasSetup(opts.kind, disk, firmware),
    async (rec, setup, written) => {
      if (opening !== undefined) rec.marker(opening);
      await silencePit(rec);
      rec.marker(`pci: enumerate bus 0, size and assign BARs, route INTx (${setup.chipset})`);
      const fn = await bringUpMegasas(rec, setup.chipset, setup.bdf, setup.deviceId);
      if (fn.irq !== setup.irq) throw new Error(`PCI INTx of ${setup.device.id} was routed to ${fn.irq}, the setup expects ${setup.irq}`);
      const registerBar = setup.generation === 1 ? 0 : 1;
      if (fn.msix?.table[0] !== registerBar || fn.msix.table[1] !== 0x2000 || fn.msix.pba[1] !== 0x3800 || fn.msix.vectors !== 15)
        throw new Error(
          `MSI-X of ${setup.device.id}: ${JSON.stringify(fn.msix)}, expected 15 vectors, table at BAR${registerBar} + 0x2000, PBA at 0x3800`,
        );
      const driver = new MegasasDriver(rec, fn, new GuestMemory(DRIVER_MEMORY.base, DRIVER_MEMORY.size), {
        generation: setup.generation,
        sgl64: setup.generation === 2,
        ...(opts.fault !== undefined ? { fault: opts.fault } : {}),
      });
      await driver.init();

      const [info] = await driver.submit([{ type: "dcmd", opcode: DCMD.CTRL_GET_INFO, len: CTRL_INFO_SIZE }]);
      if (info === undefined || info.status !== MFI_STAT_OK) throw new Error(`CTRL_GET_INFO answered 0x${info?.status.toString(16)}`);
      const ci = parseCtrlInfo(info.data ?? new Uint8Array(CTRL_INFO_SIZE));
      if (ci.vendor !== 0x1000 || ci.device !== setup.deviceId)
        throw new Error(`controller info names ${ci.vendor.toString(16)}:${ci.device.toString(16)}`);
      if (ci.maxCmds !== driver.maxCmds || ci.maxSge !== driver.maxSge)
        throw new Error(
          `controller info has ${ci.maxCmds} commands and ${ci.maxSge} SGEs, the state word ${driver.maxCmds} and ${driver.maxSge}`,
        );
      if (!ci.product.startsWith("LSI MegaRAID SAS")) throw new Error(`controller info product '${ci.product}'`);
      product = ci.product;
      results.push(info);

      const [lds] = await driver.submit([{ type: "dcmd", opcode: DCMD.LD_GET_LIST, len: LD_LIST_SIZE }]);
      if (lds === undefined || lds.status !== MFI_STAT_OK) throw new Error(`LD_GET_LIST answered 0x${lds?.status.toString(16)}`);
      const list = parseLdList(lds.data ?? new Uint8Array(0));
      if (list.length !== 1 || list[0]?.target !== 0 || list[0]?.size !== DISK_SECTORS)
        throw new Error(`LD_GET_LIST shows ${JSON.stringify(list)}, expected target 0 of ${DISK_SECTORS} blocks`);
      results.push(lds);

      const io = await submitBatches(
        [...standardBatches(), ...extraBatches(opts.extraRequests ?? 0)],
        (b) => driver.submit(b),
        (got) => checkMegasasResults(got, written),
      );
      results.push(...io);
      return { driver, finalState: await driver.shutdown() };
    },
  );
  const setup = session.setup;
  const hex = (n: number) => `0x${n.toString(16)}`;
  return {
    ...session,
    results,
    driver: {
      probe: `${setup.kind}, PCI id 1000:${setup.deviceId.toString(16).padStart(4, "0")}, registers at ${hex(driver.fn.mmio)} and I/O ${hex(driver.fn.io)}, IRQ ${driver.fn.irq}`,
      stateWord: driver.stateWord,
      maxCmds: driver.maxCmds,
      maxSge: driver.maxSge,
      product,
      irq: driver.fn.irq,
      finalState,
    },
  };
}
