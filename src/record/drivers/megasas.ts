// A reference MegaRAID SAS (MFI) driver for QEMU's megasas and megasas-gen2, run from the
// host through qtest so that every step is captured. It does what Linux's megaraid_sas
// does on these parts, in the smallest form that still exercises the interface:
//
// - PCI: find the function, size and assign its BARs, enable decoding and bus mastering,
//   route INTx (pci-config.ts, pci-intx.ts), walk the capability list and read where the
//   MSI-X table and PBA are (MSI-X and MSI stay disabled: interrupts arrive as INTx).
//   Registers are used through the memory BAR (gen1 BAR0, gen2 BAR1); the firmware state
//   is also read once through the I/O BAR.
// - firmware: read the state word (READY, max commands, max SGEs), move the firmware to
//   READY with the inbound doorbell (ABORT | READY | MFIMODE, as Linux does for a firmware
//   it finds running), check interrupts are masked, then INIT — the reply queue (one
//   entry per command), producer and consumer indexes in guest memory — posted with
//   interrupts masked and polled for its status, as megasas_issue_polled does;
//   OPERATIONAL follows. Interrupts are then enabled (doorbell clear, mask with the
//   generation's reply-message bit open).
// - requests: a frame per request from a small pool, its context = its index; frames are
//   posted through the inbound queue port (address | 1); completions arrive as an
//   interrupt: read the outbound interrupt status, acknowledge it in the doorbell clear
//   register, read the producer, take each context from the reply queue (marking the entry
//   invalid again), store the consumer. Every frame starts with cmd_status 0xff and read
//   buffers with 0xaa, so nothing the device did not write passes for an answer.
// - shutdown: CTRL_CACHE_FLUSH and CTRL_SHUTDOWN; the firmware is READY again.
//
// Faults (faults.ts), from the first interrupt on: irq-not-acked never writes the doorbell
// clear, so the line stays raised and the driver polls the producer instead of waiting;
// megasas-consumer-past-producer stores, once, a consumer one past the producer it read
// (and goes on from the right position).
import type { DriverBus } from "./driver-bus.js";
import type { FaultName } from "./faults.js";
import type { GuestMemory } from "./guest-memory.js";
import {
  CTRL_INFO,
  CTRL_INFO_SIZE,
  DCMD,
  dcmdFrame,
  FRAME_SIZE,
  FW_MAX_CMDS_MASK,
  FW_MAX_SGE_SHIFT,
  FW_STATE_MASK,
  FW_STATE_OPERATIONAL,
  FW_STATE_READY,
  FWINIT_ABORT,
  FWINIT_MFIMODE,
  FWINIT_READY,
  GEN1_REPLY_MESSAGE,
  GEN2_ENABLE_MASK,
  GEN2_REPLY_MESSAGE,
  initFrame,
  LD_LIST_SIZE,
  ldIoFrame,
  MFI_REG,
  MFI_STAT_INVALID_STATUS,
  MFI_STAT_OK,
  QINFO_SIZE,
  queueInfo,
  queuePortValue,
  scsiFrame,
  type Sge,
} from "./megasas-mfi.js";
import {
  BarAllocator,
  PCI_CAP_ID_MSIX,
  PCI_COMMAND,
  PCI_COMMAND_IO,
  PCI_COMMAND_MASTER,
  PCI_COMMAND_MEMORY,
  type PciBar,
  PciConfig,
} from "./pci-config.js";
import { type PciChipset, routeIntx } from "./pci-intx.js";
import { cdbHex } from "./scsi-cdb.js";

export const LSI_VENDOR = 0x1000;
export const BLOCK = 512;
const READ_FILL = 0xaa;
const INVALID_CONTEXT = 0xffff_ffff;
const FRAMES = 16;
const SENSE_LEN = 96;
/** Each frame keeps a data buffer of this size (allocated on first use) and a sense buffer, reused request after request. */
const SLOT_BUFFER = 4096;

export type MegasasRequest =
  | { type: "dcmd"; opcode: number; len: number; mbox?: number[] }
  | { type: "ld-read"; target: number; lba: number; count: number }
  | { type: "ld-write"; target: number; lba: number; data: Uint8Array }
  | { type: "scsi"; physical: boolean; target: number; lun: number; cdb: number[]; len: number };

export interface MegasasResult {
  request: MegasasRequest;
  context: number;
  /** cmd_status and scsi_status as the device left them. */
  status: number;
  scsiStatus: number;
  /** What a read (or a DCMD, or a SCSI command with data in) returned. */
  data?: Uint8Array;
}

export function describeMegasas(req: MegasasRequest): string {
  switch (req.type) {
    case "dcmd":
      return `DCMD 0x${req.opcode.toString(16).padStart(8, "0")} (${req.len}-byte buffer)`;
    case "ld-read":
      return `LD READ target ${req.target} lba ${req.lba}+${req.count}`;
    case "ld-write":
      return `LD WRITE target ${req.target} lba ${req.lba}+${req.data.length / BLOCK}`;
    case "scsi":
      return `${req.physical ? "PD" : "LD"} SCSI ${req.target}:${req.lun} CDB ${cdbHex(req.cdb)}`;
  }
}

/** What the PCI bring-up found and set. */
export interface MegasasFunction {
  bdf: number;
  deviceId: number;
  bars: PciBar[];
  /** The register BAR (memory) and the I/O BAR. */
  mmio: number;
  io: number;
  irq: number;
  /** Capability ids in list order, and where MSI-X keeps its table and PBA (BAR index, offset). */
  caps: number[];
  msix: { vectors: number; table: [number, number]; pba: [number, number] } | undefined;
}

/** Brings up the PCI side of the HBA at `bdf` (see the file comment). */
export async function bringUpMegasas(bus: DriverBus, chipset: PciChipset, bdf: number, deviceId: number): Promise<MegasasFunction> {
  const cfg = new PciConfig(bus);
  const functions = await cfg.enumerateBus0();
  const fn = functions.find((f) => f.bdf === bdf);
  if (!fn) throw new Error(`no PCI function at slot ${(bdf >> 3).toString(16)}.${bdf & 7}`);
  if (fn.vendor !== LSI_VENDOR || fn.device !== deviceId)
    throw new Error(
      `PCI ${bdf.toString(16)} is ${fn.vendor.toString(16)}:${fn.device.toString(16)}, not LSI 1000:${deviceId.toString(16)}`,
    );
  const bars = await cfg.sizeBars(bdf);
  const alloc = new BarAllocator();
  let command = PCI_COMMAND_MASTER;
  for (const bar of bars) {
    await cfg.programBar(bdf, bar, alloc.alloc(bar));
    command |= bar.kind === "io" ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
  }
  const before = await cfg.read16(bdf, PCI_COMMAND);
  await cfg.write16(bdf, PCI_COMMAND, before | command);
  const irq = await routeIntx(bus, cfg, chipset, bdf);
  const caps = await cfg.capabilities(bdf);
  let msix: MegasasFunction["msix"];
  const mx = caps.find((c) => c.id === PCI_CAP_ID_MSIX);
  if (mx !== undefined) {
    const control = (await cfg.read32(bdf, mx.offset)) >>> 16;
    const table = await cfg.read32(bdf, mx.offset + 4);
    const pba = await cfg.read32(bdf, mx.offset + 8);
    msix = { vectors: (control & 0x7ff) + 1, table: [table & 7, (table & ~7) >>> 0], pba: [pba & 7, (pba & ~7) >>> 0] };
  }
  // The register BAR is the 16 KiB memory BAR (the other memory BAR is the 256 KiB queue region).
  const mmio = bars.find((b) => b.kind !== "io" && b.size === 0x4000)?.address;
  const io = bars.find((b) => b.kind === "io")?.address;
  if (mmio === undefined || io === undefined)
    throw new Error(`PCI ${bdf.toString(16)}: no 16 KiB register BAR and I/O BAR (${JSON.stringify(bars)})`);
  return { bdf, deviceId, bars, mmio, io, irq, caps: caps.map((c) => c.id), msix };
}

interface Slot {
  index: number;
  addr: number;
  buffer?: number;
  sense?: number;
}

export interface MegasasDriverOptions {
  generation: 1 | 2;
  /** Use 64-bit scatter-gather entries. */
  sgl64: boolean;
  irqTimeoutMs?: number;
  /** A driver bug to commit on purpose (faults.ts): irq-not-acked or megasas-consumer-past-producer. */
  fault?: FaultName;
}

export class MegasasDriver {
  /** The firmware state word as first read. */
  stateWord = 0;
  maxCmds = 0;
  maxSge = 0;
  private readonly free: Slot[] = [];
  private replyQueue = 0;
  private producer = 0;
  private consumerAddr = 0;
  private consumer = 0;
  private readonly irqTimeoutMs: number;
  /** The fault waits for its first interrupt. */
  private faultPending: boolean;
  /** irq-not-acked is in force. */
  private noAck = false;

  constructor(
    private readonly bus: DriverBus,
    readonly fn: MegasasFunction,
    private readonly mem: GuestMemory,
    readonly opts: MegasasDriverOptions,
  ) {
    this.irqTimeoutMs = opts.irqTimeoutMs ?? 5000;
    this.faultPending = opts.fault !== undefined;
    for (let i = 0; i < FRAMES; i++) this.free.push({ index: i, addr: mem.alloc(FRAME_SIZE, 64) });
  }

  private reg(offset: number): number {
    return this.fn.mmio + offset;
  }

  private readReg(offset: number): Promise<number> {
    return this.bus.readl(this.reg(offset));
  }

  private writeReg(offset: number, value: number): Promise<void> {
    return this.bus.writel(this.reg(offset), value >>> 0);
  }

  /** The state, max commands and max SGEs of the firmware. */
  async firmwareState(): Promise<number> {
    return (await this.readReg(MFI_REG.OSP0)) >>> 0;
  }

  private get replyBit(): number {
    return this.opts.generation === 1 ? GEN1_REPLY_MESSAGE : GEN2_REPLY_MESSAGE;
  }

  /** Firmware to READY, the reply queue set up by INIT, interrupts enabled. */
  async init(): Promise<void> {
    const b = this.bus;
    b.marker("megasas: read the firmware state");
    this.stateWord = await this.firmwareState();
    const viaIo = (await b.inl(this.fn.io + MFI_REG.OSP0)) >>> 0;
    if (viaIo !== this.stateWord)
      throw new Error(`megasas: the I/O BAR shows firmware state 0x${viaIo.toString(16)}, the memory BAR 0x${this.stateWord.toString(16)}`);
    if ((this.stateWord & FW_STATE_MASK) >>> 0 !== FW_STATE_READY)
      throw new Error(`megasas: firmware state 0x${this.stateWord.toString(16)} after reset, expected READY (0xb…)`);
    this.maxCmds = this.stateWord & FW_MAX_CMDS_MASK;
    this.maxSge = (this.stateWord >>> FW_MAX_SGE_SHIFT) & 0xff;
    b.marker("megasas: doorbell ABORT | READY | MFIMODE (firmware to READY, interrupts masked)");
    await this.writeReg(MFI_REG.IDB, FWINIT_ABORT | FWINIT_READY | FWINIT_MFIMODE);
    const again = await this.firmwareState();
    if ((again & FW_STATE_MASK) >>> 0 !== FW_STATE_READY)
      throw new Error(`megasas: firmware state 0x${again.toString(16)} after the READY doorbell`);
    const mask = await this.readReg(MFI_REG.OMSK);
    if (mask >>> 0 !== 0xffff_ffff)
      throw new Error(`megasas: outbound interrupt mask 0x${mask.toString(16)} after reset, expected all ones`);

    b.marker(`megasas: INIT, reply queue of ${this.maxCmds} entries (polled, interrupts masked)`);
    this.replyQueue = this.mem.alloc(4 * this.maxCmds, 4096);
    this.producer = this.mem.alloc(4, 64);
    this.consumerAddr = this.mem.alloc(4, 64);
    const qinfo = this.mem.alloc(QINFO_SIZE, 64);
    await b.memset(this.replyQueue, 4 * this.maxCmds, 0xff);
    await b.writel(this.producer, 0);
    await b.writel(this.consumerAddr, 0);
    this.consumer = 0;
    await b.memwrite(qinfo, queueInfo(this.maxCmds, this.replyQueue, this.producer, this.consumerAddr));
    const slot = this.take();
    await b.memwrite(slot.addr, initFrame(slot.index, qinfo));
    b.barrier("write", "mandatory");
    await this.writeReg(MFI_REG.IQP, queuePortValue(slot.addr));
    const status = await this.poll(slot);
    this.free.push(slot);
    if (status !== MFI_STAT_OK) throw new Error(`megasas: INIT answered status 0x${status.toString(16)}`);
    const op = await this.firmwareState();
    if ((op & FW_STATE_MASK) >>> 0 !== FW_STATE_OPERATIONAL)
      throw new Error(`megasas: firmware state 0x${op.toString(16)} after INIT, expected OPERATIONAL`);

    b.marker("megasas: enable interrupts");
    await this.writeReg(MFI_REG.ODCR0, 0xffff_ffff);
    await this.writeReg(MFI_REG.OMSK, this.opts.generation === 1 ? ~GEN1_REPLY_MESSAGE : ~GEN2_ENABLE_MASK);
    await this.readReg(MFI_REG.OMSK);
  }

  private take(): Slot {
    const s = this.free.shift();
    if (s === undefined) throw new Error(`megasas: all ${FRAMES} frames are in use`);
    return s;
  }

  /** Polls a frame's cmd_status until the firmware answers (megasas_issue_polled). */
  private async poll(slot: Slot): Promise<number> {
    for (let i = 0; i < 100; i++) {
      const s = await this.bus.readb(slot.addr + 2);
      if (s !== MFI_STAT_INVALID_STATUS) return s;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`megasas: frame ${slot.index} still has cmd_status 0xff after 100 polls`);
  }

  /** The slot's data buffer when `len` fits it, else a new one. */
  private buffer(slot: Slot, len: number): number {
    if (len > SLOT_BUFFER) return this.mem.alloc(len, 64);
    slot.buffer ??= this.mem.alloc(SLOT_BUFFER, 64);
    return slot.buffer;
  }

  /** A buffer of `len` bytes, filled with 0xaa so that data the device did not write shows. */
  private async readBuffer(slot: Slot, len: number): Promise<Sge> {
    const addr = this.buffer(slot, len);
    await this.bus.memset(addr, len, READ_FILL);
    return { addr, len };
  }

  /**
   * Posts every request (one frame each, back to back), then takes interrupts until all
   * have completed. Results in request order.
   */
  async submit(requests: readonly MegasasRequest[]): Promise<MegasasResult[]> {
    const b = this.bus;
    const placed: { req: MegasasRequest; slot: Slot; data?: Sge }[] = [];
    for (const req of requests) {
      b.marker(`megasas: request ${describeMegasas(req)}`);
      const slot = this.take();
      let frame: Uint8Array;
      let data: Sge | undefined;
      const sgl64 = this.opts.sgl64;
      switch (req.type) {
        case "dcmd":
          data = req.len > 0 ? await this.readBuffer(slot, req.len) : undefined;
          frame = dcmdFrame(slot.index, req.opcode, data, sgl64, req.mbox);
          break;
        case "ld-read": {
          data = await this.readBuffer(slot, req.count * BLOCK);
          frame = ldIoFrame(slot.index, false, req.target, req.lba, req.count, [data], sgl64, this.sense(slot));
          break;
        }
        case "ld-write": {
          const out = { addr: this.buffer(slot, req.data.length), len: req.data.length };
          await b.memwrite(out.addr, req.data);
          frame = ldIoFrame(slot.index, true, req.target, req.lba, req.data.length / BLOCK, [out], sgl64, this.sense(slot));
          break;
        }
        case "scsi":
          data = req.len > 0 ? await this.readBuffer(slot, req.len) : undefined;
          frame = scsiFrame(slot.index, req.physical, req.target, req.lun, req.cdb, data ? [data] : [], false, sgl64, this.sense(slot));
          break;
      }
      await b.memwrite(slot.addr, frame);
      placed.push(data ? { req, slot, data } : { req, slot });
    }
    for (const p of placed) {
      b.barrier("write", "mandatory");
      await this.writeReg(MFI_REG.IQP, queuePortValue(p.slot.addr));
    }
    const done = new Set<number>();
    let spurious = 0;
    const since = Date.now();
    while (placed.some((p) => !done.has(p.slot.index))) {
      try {
        await b.waitForIrq(this.fn.irq, true, this.irqTimeoutMs);
      } catch (e) {
        const pending = placed.filter((p) => !done.has(p.slot.index)).length;
        throw new Error(`megasas: ${(e as Error).message}; ${pending} frame(s) still outstanding`);
      }
      const got = await this.takeInterrupt();
      if (got === undefined && ++spurious > 100)
        throw new Error(`megasas: IRQ ${this.fn.irq} stays raised but the outbound interrupt status shows no reply`);
      for (const c of got ?? []) done.add(c);
      if (this.noAck && got?.length === 0) {
        // Nothing acknowledged the interrupt, so the line stays raised: poll, within the same time limit.
        if (Date.now() - since > this.irqTimeoutMs)
          throw new Error(`megasas: no reply within ${this.irqTimeoutMs} ms while polling (irq-not-acked)`);
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    const results: MegasasResult[] = [];
    for (const p of placed) {
      const status = await b.readb(p.slot.addr + 2);
      const scsiStatus = await b.readb(p.slot.addr + 3);
      const r: MegasasResult = { request: p.req, context: p.slot.index, status, scsiStatus };
      if (p.data) r.data = await b.memread(p.data.addr, p.data.len);
      results.push(r);
      this.free.push(p.slot);
    }
    return results;
  }

  private sense(slot: Slot): Sge {
    slot.sense ??= this.mem.alloc(SENSE_LEN, 64);
    return { addr: slot.sense, len: SENSE_LEN };
  }

  /**
   * The interrupt handler: status, acknowledge, the reply queue from the consumer up to the
   * producer, the new consumer. Returns the contexts completed (undefined: not this device's interrupt).
   */
  private async takeInterrupt(): Promise<number[] | undefined> {
    const b = this.bus;
    const status = (await this.readReg(MFI_REG.OSTS)) >>> 0;
    if ((status & this.replyBit) === 0) return undefined;
    const fault = this.faultPending ? this.opts.fault : undefined;
    if (fault === "irq-not-acked") {
      this.faultPending = false;
      this.noAck = true;
      b.marker(
        "fault irq-not-acked: the interrupt is taken and never acknowledged (no outbound doorbell clear); replies are polled from now on",
      );
    }
    if (!this.noAck) {
      await this.writeReg(MFI_REG.ODCR0, status);
      // Linux reads back to flush the posted write: gen1 the clear register, gen2 the status.
      await this.readReg(this.opts.generation === 1 ? MFI_REG.ODCR0 : MFI_REG.OSTS);
    }
    const producer = await b.readl(this.producer);
    b.barrier("read", "dma");
    const out: number[] = [];
    while (this.consumer !== producer) {
      const entry = this.replyQueue + 4 * this.consumer;
      const context = (await b.readl(entry)) >>> 0;
      if (context === INVALID_CONTEXT) throw new Error(`megasas: reply queue entry ${this.consumer} holds no context`);
      out.push(context);
      await b.writel(entry, INVALID_CONTEXT);
      this.consumer = (this.consumer + 1) % this.maxCmds;
    }
    b.barrier("write", "dma");
    if (fault === "megasas-consumer-past-producer" && out.length > 0) {
      this.faultPending = false;
      const past = (producer + 1) % this.maxCmds;
      b.marker(`fault megasas-consumer-past-producer: consumer ${past} stored, one past the producer ${producer}`);
      await b.writel(this.consumerAddr, past);
      return out;
    }
    await b.writel(this.consumerAddr, this.consumer);
    return out;
  }

  /** CTRL_CACHE_FLUSH, CTRL_SHUTDOWN, and the firmware READY again. */
  async shutdown(): Promise<number> {
    this.bus.marker("megasas: flush and shut down");
    const r = await this.submit([
      { type: "dcmd", opcode: DCMD.CTRL_CACHE_FLUSH, len: 0 },
      { type: "dcmd", opcode: DCMD.CTRL_SHUTDOWN, len: 0 },
    ]);
    for (const x of r)
      if (x.status !== MFI_STAT_OK) throw new Error(`megasas: ${describeMegasas(x.request)} answered 0x${x.status.toString(16)}`);
    const state = await this.firmwareState();
    if ((state & FW_STATE_MASK) >>> 0 !== FW_STATE_READY)
      throw new Error(`megasas: firmware state 0x${state.toString(16)} after CTRL_SHUTDOWN, expected READY`);
    return state;
  }
}

/** The controller info fields the driver checks. */
export function parseCtrlInfo(info: Uint8Array): { vendor: number; device: number; product: string; maxCmds: number; maxSge: number } {
  const v = new DataView(info.buffer, info.byteOffset, info.byteLength);
  const product = new TextDecoder().decode(info.subarray(CTRL_INFO.productName, CTRL_INFO.productName + 80)).replace(/\0.*$/s, "");
  return {
    vendor: v.getUint16(CTRL_INFO.vendor, true),
    device: v.getUint16(CTRL_INFO.device, true),
    product,
    maxCmds: v.getUint16(CTRL_INFO.maxCmds, true),
    maxSge: v.getUint16(CTRL_INFO.maxSge, true),
  };
}

/** struct mfi_ld_list: the count and each drive's target, state and size in blocks. */
export function parseLdList(list: Uint8Array): { target: number; state: number; size: number }[] {
  const v = new DataView(list.buffer, list.byteOffset, list.byteLength);
  const n = v.getUint32(0, true);
  const out: { target: number; state: number; size: number }[] = [];
  for (let i = 0; i < n && 8 + 16 * (i + 1) <= list.length; i++) {
    const at = 8 + 16 * i;
    out.push({ target: v.getUint8(at), state: v.getUint8(at + 4), size: Number(v.getBigUint64(at + 8, true)) });
  }
  return out;
}

export { CTRL_INFO_SIZE, DCMD, LD_LIST_SIZE };
