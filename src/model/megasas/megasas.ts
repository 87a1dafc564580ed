// QEMU's LSI MegaRAID SAS HBA (hw/scsi/megasas.c, 7.2): `megasas` (SAS1078, 1000:0060,
// conventional PCI: register MMIO BAR0, I/O BAR2) and `megasas-gen2` (SAS2108, 1000:0079,
// PCI Express: I/O BAR0, register MMIO BAR1); both have a 256 KiB queue BAR3 that reads 0,
// MSI-X (15 vectors, table at 0x2000 and PBA at 0x3800 of the register BAR), MSI and INTx.
//
// What the model holds, and why:
//
// - registers, answered as megasas_mmio_read/write do (the I/O BAR reaches the same at
//   offset & 0xff): a register is chosen by its exact offset whatever the width, a read
//   gives its value cut to the width, an offset that is no register reads 0 and drops
//   writes, a 64-bit access is two 32-bit ones. Each register has one case per direction.
// - the firmware: READY after reset, OPERATIONAL after INIT, READY again after a reset
//   (IDB READY, OMSK all ones, the DIAG sequence) or CTRL_SHUTDOWN, FAULT after STOP_ADP.
//   The state word's other bits (MSI-X support, max SGEs, max commands) are device
//   constants: learned on the first read, then held.
// - frames: a queue-port write makes QEMU read the frame at once; the model decodes it the
//   same way (frame.ts) and keeps it as a request until the capture shows it completed.
//   Frames QEMU answers inside the write (INIT, most DCMDs, ABORT, refusals) complete
//   there: status, reply entry, producer, interrupt. The rest (SCSI I/O) complete
//   whenever the device gets to them, so reads are judged against what could have
//   happened: a cmd_status either as posted or one QEMU can write, a producer anywhere
//   from what certainly completed to what could have (reply-queue.ts).
// - guest memory the device writes (statuses, data-in, sense, reply entries, producer) is
//   unknown while it may change; the model forgets it when a completion is known, so the
//   driver's next read teaches it. Controller info is a device constant like the state
//   word: learned, then held (its clock field aside).
// - interrupts: the doorbell counts completions while interrupts are enabled and neither
//   MSI-X nor MSI is (QEMU's INTx path); OSTS and ODCR0 show it, ODCR0 writes clear it.
//
// - a trace log shows no guest memory: frames and the reply queue are then learned from
//   QEMU's own megasas_* trace points (trace-points.ts), which say what each frame was and
//   when QEMU completed it.
//
// Guest errors (the driver is wrong; QEMU survives): bad register offsets and widths,
// writes to read-only registers, frames before INIT, unknown commands and DCMD opcodes,
// SGE counts above what the firmware announces, a consumer index past the producer, a
// frame or buffer rewritten while the device owns it. Divergences: what no QEMU could
// have answered.
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import type { GuestMemory } from "../guest-memory.js";
import { hex, type Reporter } from "../machine/report.js";
import { allOnes, Command, misaligned, PCI_DEVICE_ID, PCI_VENDOR_ID } from "../pci/config.js";
import { msixBarAccess, splitEightByte } from "../pci/bar-access.js";
import { MsixTable } from "../pci/msix.js";
import type { ConfigTarget } from "../pci/pci-host.js";
import { DecodedFrame, decodeFrame, type FrameContext, type Outcome, type Range } from "./frame.js";
import { MegasasPciFunction } from "./megasas-pci-function.js";
import {
  ADP_RESET_SEQ,
  cmdName,
  CtrlInfo,
  DIAG_RESET_ADP,
  DIAG_WRITE_ENABLE,
  dcmdName,
  FwState,
  fwStateName,
  Fwinit,
  type Generation,
  Hdr,
  INTR_DISABLED,
  MAX_FRAMES,
  MfiCmd,
  type MfiReg,
  PCI_VENDOR_LSI,
  QUEUE_FLAG_CONTEXT64,
  Qinfo,
  REG_MEANING,
  REG_OFFSETS,
  ScsiStatus,
  Stat,
  statName,
} from "./mfi.js";
import { removeAt, ReplyQueue } from "./reply-queue.js";
import { observeTracePoint, type TraceArg } from "./trace-points.js";
import { RequestTable } from "./request-table.js";
import { WatchedPages } from "./watched-pages.js";

/** Frame records kept (in flight and completed), most recent last; older completed ones are forgotten first. */
const MAX_REQUESTS = 4096;

/** Where a request is in its life, as far as the capture shows. */
export type Phase = "in-flight" | "completed" | "never";
/** Whether its completion advances the producer: certainly, maybe, no, or already named by a reply entry. */
export type ReplyState = "certain" | "maybe" | "none" | "named";

export interface MfiRequest {
  frame: number;
  /** The event that posted it. */
  seq: number;
  d: DecodedFrame;
  phase: Phase;
  /** The completion status, once known (predicted for frames answered at once, else read). */
  status: number | undefined;
  /** scsi_status once known. */
  scsiStatus: number | undefined;
  reply: ReplyState;
  /** Interrupts were enabled at some point since the post (a completion may have advanced the producer). */
  enabledSincePost: boolean;
  /** An ABORT (frame or doorbell) asked QEMU to cancel it: it may also end SCSI_IO_FAILED. */
  aborted: boolean;
  /** Its data-in and sense buffers may still change (the completion is not known yet). */
  owned: boolean;
  /** A controller-info buffer whose bytes are held to the learned controller info. */
  ctrlHeld: boolean;
  /** The driver has since rewritten or reposted the frame: its header no longer shows this request. */
  stale: boolean;
  /** QEMU's command index for it (megasas_qf_new), when a trace showed it. */
  qemuIndex: number | undefined;
  /** Derived, not state: which of its ranges the device's watched-page index holds (WATCH_* bits). */
  watched: number;
  /** Derived, not state: its place in the request table (-1 when not in it). */
  slot: number;
}

/** Ranges of a request in the watched-page index: its frame header, the buffers it owns, the controller info it holds. */
const WATCH_FRAME = 1;
const WATCH_OWNED = 2;
const WATCH_CTRL = 4;

export type IrqMode = "msix" | "msi" | "intx";

const PHASES: Phase[] = ["in-flight", "completed", "never"];
const REPLIES: ReplyState[] = ["certain", "maybe", "none", "named"];

const SCSI_CMDS: readonly number[] = [MfiCmd.LD_READ, MfiCmd.LD_WRITE, MfiCmd.LD_SCSI_IO, MfiCmd.PD_SCSI_IO];

function overlaps(a: number, alen: number, b: number, blen: number): boolean {
  return a < b + blen && b < a + alen;
}

export class Megasas implements ConfigTarget {
  readonly pci: MegasasPciFunction;
  readonly msix = new MsixTable();
  fwState: number = FwState.READY;
  /** Bits 27..0 of the firmware state word, once read. */
  fwBits: number | undefined;
  /** OSP1, once read. */
  osp1: number | undefined;
  intrMask = INTR_DISABLED;
  /** The doorbell (QEMU's completion count for INTx) is certainly non-zero / may have become non-zero since its last clear. */
  doorbellSet = false;
  doorbellMaybe = false;
  frameHi = 0;
  adpReset = 0;
  diag = 0;
  queue64 = false;
  reply: ReplyQueue | undefined;
  /** Requests by the event that posted them, in post order. */
  readonly requests = new RequestTable();
  /** Targets/LUNs known to exist or not (key target << 8 | lun). */
  present = new Map<number, boolean>();
  /** Controller info bytes learned from CTRL_GET_INFO (offset → byte). */
  ctrlInfo = new Map<number, number>();
  posted = 0;
  completed = 0;
  interrupts = 0;
  /** Frames posted, by command (DCMDs by opcode name). */
  commands = new Map<string, number>();
  /** Accesses the model could not place (a BAR region it has not learned). */
  unplaced = 0;
  /** The capture hid a frame or the queue information: replies are accepted less strictly. */
  lost = false;
  /** The request QEMU is handling (its last megasas_qf_new), by the seq that posted it. */
  handling: number | undefined;
  /** Derived: the latest request bound to each QEMU command index. */
  private byIndex = new Map<number, MfiRequest>();
  private idsChecked = false;
  /** The capture showed an INIT of this HBA: every frame QEMU holds since then is in the table. */
  private initSeen = false;
  /**
   * Guest pages holding memory the device watches, kept as it changes: the requests' ranges
   * (each request's `watched` says which of its ranges are in) and the reply queue's.
   */
  private readonly requestPages = new WatchedPages();
  private readonly replyPages = new WatchedPages();
  /** What frames are decoded against (one object, refreshed before each decode). */
  private readonly ctx: FrameContext;

  constructor(
    readonly id: string,
    readonly kind: string,
    readonly bdf: number,
    readonly irq: number | undefined,
    readonly gen: Generation,
    /** QEMU's use_jbod (physical drives as system PDs): an attach property, or what megasas_init traced. */
    public jbod: boolean,
  ) {
    this.pci = new MegasasPciFunction(id);
    this.ctx = {
      queue64: false,
      maxSge: undefined,
      present: (t, l) => this.present.get((t << 8) | l),
      inFlightContext: (addr) => {
        const q = this.frameRequest(addr);
        if (q === undefined || q.phase !== "in-flight") return undefined;
        return q.d.context ?? "unknown";
      },
      blockSize: 512,
      jbod: false,
    };
  }

  /** Not a virtio device. */
  get core(): undefined {
    return undefined;
  }

  get intrEnabled(): boolean {
    return this.intrMask >>> 0 !== INTR_DISABLED;
  }

  get fwCmds(): number | undefined {
    return this.fwBits === undefined ? undefined : this.fwBits & 0xffff;
  }

  get fwSge(): number | undefined {
    return this.fwBits === undefined ? undefined : (this.fwBits >>> 16) & 0xff;
  }

  /** How a completion interrupts, or undefined while the capture has not shown whether MSI-X is enabled. */
  knownIrqMode(): IrqMode | undefined {
    return this.pci.msixEnabled === undefined && !this.pci.msiEnabled ? undefined : this.irqMode();
  }

  irqMode(): IrqMode {
    return this.pci.msixEnabled === true ? "msix" : this.pci.msiEnabled ? "msi" : "intx";
  }

  // ---- configuration space ----

  configRead(r: Reporter, _memory: GuestMemory, offset: number, size: number, observed: number): void {
    this.pci.read(r, offset, size, observed);
    this.pci.noteRead();
    if (!this.idsChecked) {
      const vendor = this.pci.value(PCI_VENDOR_ID, 2);
      const device = this.pci.value(PCI_DEVICE_ID, 2);
      if (vendor !== undefined && device !== undefined) {
        this.idsChecked = true;
        if (vendor !== PCI_VENDOR_LSI) r.diverge(this.id, "PCI vendor id", hex(vendor), hex(PCI_VENDOR_LSI));
        if (device !== this.gen.deviceId) r.diverge(this.id, "PCI device id", hex(device), `${hex(this.gen.deviceId)} (${this.kind})`);
      }
    }
  }

  configWrite(r: Reporter, _memory: GuestMemory, offset: number, size: number, value: number): void {
    const eff = this.pci.write(r, offset, size, value);
    this.pci.noteWrite(offset, size, value);
    if (eff.msix && this.pci.msixEnabled) this.msix.unmaskPending(this.pci.msixMasked);
    // Interrupts back on INTx: what is still in flight may ring the doorbell when it completes.
    if (this.mayRingDoorbell() && this.anyInFlight()) this.doorbellMaybe = true;
  }

  // ---- BARs ----

  /** A register access inside BAR `slot`; false when the model cannot place it. */
  barAccess(
    r: Reporter,
    memory: GuestMemory,
    slot: number,
    offset: number,
    size: number,
    write: boolean,
    value: number,
    valueHi: number,
  ): boolean {
    if (size === 8) {
      // The register regions accept at most 4 bytes (QEMU's default valid.max_access_size), so a
      // guest's 8-byte access is two 4-byte ones. (QEMU then calls the MMIO handler at 8 bytes,
      // its impl.min_access_size, which is the width memory_region_ops_* trace points report.)
      return splitEightByte(r, this.id, slot, offset, write, value, valueHi, (o, v) => this.barAccess(r, memory, slot, o, 4, write, v, 0));
    }
    if (slot === this.gen.mmioBar) {
      const mx = this.pci.msixLayout();
      // Only vector 0 is used; it may be pending while masked whenever a completion could have come.
      const msix = msixBarAccess(
        r,
        this,
        slot,
        offset,
        size,
        write,
        value,
        "4-byte",
        (v) => v === 0 && this.msix.isMasked(0, this.pci.msixMasked) !== false,
      );
      if (msix !== undefined) return msix;
      if ((mx === undefined || mx.entries === undefined) && offset >= this.gen.msixTable) {
        // Where QEMU puts the MSI-X table and PBA: the capture never showed the capability.
        this.unplaced++;
        return false;
      }
      this.register(r, memory, offset, size, write, value >>> 0, "MMIO");
      return true;
    }
    if (slot === this.gen.ioBar) {
      this.register(r, memory, offset & 0xff, size, write, value >>> 0, "I/O");
      return true;
    }
    if (slot === this.gen.queueBar) {
      // megasas_queue_ops: reads 0, writes vanish.
      if (write) r.guestError(this.id, offset, value, `write to the queue BAR${slot} at ${hex(offset)}, which QEMU ignores`);
      else if (value >>> 0 !== 0) r.diverge(this.id, `read of the queue BAR${slot} at ${hex(offset)}`, hex(value >>> 0), "0x0");
      return true;
    }
    this.unplaced++;
    return false;
  }

  // ---- registers ----

  private register(r: Reporter, memory: GuestMemory, offset: number, size: number, write: boolean, value: number, space: string): void {
    if (misaligned(offset, size)) {
      r.guestError(
        this.id,
        offset,
        write ? value : null,
        `${size}-byte ${space} ${write ? "write" : "read"} at ${hex(offset)} is not aligned; QEMU refuses it`,
      );
      if (!write && value !== 0) r.diverge(this.id, `refused read at ${hex(offset)}`, hex(value), "0x0");
      return;
    }
    const reg = (REG_OFFSETS as Record<number, MfiReg | undefined>)[offset];
    if (reg === undefined) {
      r.guestError(
        this.id,
        offset,
        write ? value : null,
        `${space} ${write ? "write" : "read"} at ${hex(offset)}, which is no register; ${write ? "dropped" : "reads 0"}`,
      );
      if (!write && value !== 0) r.diverge(this.id, `read at ${hex(offset)} (no register)`, hex(value), "0x0");
      return;
    }
    if (size !== 4)
      r.guestError(this.id, offset, write ? value : null, `${size}-byte ${write ? "write" : "read"} of the 32-bit register ${reg}`);
    if (write) this.writeRegister(r, memory, reg, offset, value);
    else this.readRegister(r, reg, offset, size, value);
  }

  /** The firmware state word (OMSG0 / OSP0) the model expects, or undefined before its constant bits are known. */
  stateWord(): number | undefined {
    return this.fwBits === undefined ? undefined : ((this.fwState << 28) | this.fwBits) >>> 0;
  }

  private expect(r: Reporter, reg: string, size: number, observed: number, want: number | readonly number[]): void {
    const allowed = (Array.isArray(want) ? want : [want]).map((v) => (v & allOnes(size)) >>> 0);
    if (!allowed.includes(observed >>> 0)) r.diverge(this.id, reg, hex(observed >>> 0), allowed.map(hex).join(" or "));
  }

  private readRegister(r: Reporter, reg: MfiReg, offset: number, size: number, v: number): void {
    const writeOnly = () => {
      r.guestError(this.id, offset, null, `read of the write-only ${reg} (${REG_MEANING[reg]}); QEMU answers 0`);
      this.expect(r, reg, size, v, 0);
    };
    const unimplemented = () => {
      r.guestError(this.id, offset, null, `read of ${reg} (${REG_MEANING[reg]}), which QEMU does not implement; it answers 0`);
      this.expect(r, reg, size, v, 0);
    };
    switch (reg) {
      case "OMSG0":
      case "OSP0": {
        if (size !== 4) {
          const word = this.stateWord();
          if (word !== undefined) this.expect(r, `${reg} (firmware state word)`, size, v, word);
          return;
        }
        const state = v >>> 28;
        if (state !== this.fwState)
          r.diverge(
            this.id,
            `${reg} firmware state`,
            `${hex(v)} (${fwStateName(state)})`,
            `state ${fwStateName(this.fwState)} (${hex(this.fwState)} in bits 31..28)`,
          );
        const bits = v & 0x0fff_ffff;
        if (this.fwBits !== undefined && bits !== this.fwBits)
          r.diverge(this.id, `${reg} firmware state word bits 27..0 (MSI-X support, max SGEs, max commands)`, hex(bits), hex(this.fwBits));
        if (this.fwBits === undefined) {
          this.fwBits = bits;
          if (this.reply !== undefined && this.reply.wrap === undefined && (bits & 0xffff) !== 0) {
            this.reply.wrap = bits & 0xffff;
            this.watchReply(); // the span QEMU may write grows with the wrap
          }
        }
        return;
      }
      case "OSP1":
        if (this.osp1 !== undefined) this.expect(r, reg, size, v, this.osp1);
        else if (size === 4) this.osp1 = v;
        return;
      case "OSTS": {
        if (!this.intrEnabled) return this.expect(r, `${reg} (interrupts masked)`, size, v, 0);
        const want = this.doorbellSet ? [this.gen.osts] : this.doorbellMaybe ? [0, this.gen.osts] : [0];
        this.expect(r, `${reg} (outbound interrupt status)`, size, v, want);
        if (size === 4 && v === this.gen.osts) this.doorbellSet = true;
        return;
      }
      case "OMSK":
        return this.expect(r, reg, size, v, this.intrMask);
      case "ODCR0": {
        const want = this.doorbellSet ? [1] : this.doorbellMaybe ? [0, 1] : [0];
        this.expect(r, `${reg} (doorbell pending)`, size, v, want);
        if (v === 1) this.doorbellSet = true;
        return;
      }
      case "DIAG":
        return this.expect(r, reg, size, v, this.diag);
      case "IDB":
        return this.expect(r, reg, size, v, 0);
      case "IQP":
      case "IQPL":
      case "IQPH":
      case "SEQ":
        return writeOnly();
      case "IMSG0":
      case "IMSG1":
      case "OMSG1":
      case "ISTS":
      case "IMSK":
      case "ODB":
      case "OQP":
      case "ODR0":
        return unimplemented();
      default:
        return reg satisfies never;
    }
  }

  private writeRegister(r: Reporter, memory: GuestMemory, reg: MfiReg, offset: number, v: number): void {
    const readOnly = () => r.guestError(this.id, offset, v, `write of the read-only ${reg} (${REG_MEANING[reg]}); QEMU drops it`);
    const unimplemented = () =>
      r.guestError(this.id, offset, v, `write of ${reg} (${REG_MEANING[reg]}), which QEMU does not implement; dropped`);
    switch (reg) {
      case "IDB":
        if (v & Fwinit.ABORT) this.abortAll();
        if (v & Fwinit.READY) this.softReset(memory);
        if (v & Fwinit.STOP_ADP) this.fwState = FwState.FAULT;
        return;
      case "OMSK":
        this.intrMask = v >>> 0;
        if (this.intrEnabled) {
          for (const q of this.requests.values()) if (q.phase === "in-flight") q.enabledSincePost = true;
        } else {
          // QEMU: masking everything is a firmware reset.
          this.softReset(memory);
        }
        return;
      case "ODCR0":
        this.clearDoorbell();
        return;
      case "IQPH":
        this.frameHi = v >>> 0;
        return;
      case "IQPL":
      case "IQP": {
        const hi = reg === "IQPL" ? this.frameHi : 0;
        this.frameHi = 0;
        this.post(r, memory, offset, hi * 2 ** 32 + ((v & ~0x1f) >>> 0));
        return;
      }
      case "SEQ":
        if (ADP_RESET_SEQ[this.adpReset] === v) {
          this.adpReset++;
          if (this.adpReset === ADP_RESET_SEQ.length) {
            this.adpReset = 0;
            this.diag = DIAG_WRITE_ENABLE;
          }
        } else {
          this.adpReset = 0;
          this.diag = 0;
        }
        return;
      case "DIAG":
        if (this.diag & DIAG_WRITE_ENABLE && v & DIAG_RESET_ADP) {
          this.softReset(memory);
          this.adpReset = 0;
          this.diag = 0;
        }
        return;
      case "OMSG0":
      case "OSP0":
      case "OSP1":
      case "OSTS":
        return readOnly();
      case "IMSG0":
      case "IMSG1":
      case "OMSG1":
      case "ISTS":
      case "IMSK":
      case "ODB":
      case "OQP":
      case "ODR0":
        return unimplemented();
      default:
        return reg satisfies never;
    }
  }

  private clearDoorbell(): void {
    this.doorbellSet = false;
    this.doorbellMaybe = this.mayRingDoorbell() && this.anyInFlight();
  }

  private anyInFlight(): boolean {
    const slots = this.requests.slots;
    for (let i = 0; i < slots.length; i++) if (slots[i]?.phase === "in-flight") return true;
    return false;
  }

  /** Whether a completion may count in the doorbell: unless MSI-X or MSI is known to be on (QEMU then leaves it alone). */
  private mayRingDoorbell(): boolean {
    const mode = this.knownIrqMode();
    return mode === undefined || mode === "intx";
  }

  /** megasas_soft_reset: pending commands cancelled, frames and the reply queue forgotten, READY, interrupts masked. */
  softReset(memory: GuestMemory): void {
    // Cancelled commands may complete into the old queue before it is forgotten: whatever they wrote is unknown now.
    for (const q of this.requests.values()) {
      if (q.phase !== "in-flight") continue;
      memory.forget(q.frame + Hdr.SENSE_LEN, 3);
      forgetWritten(memory, q.d);
    }
    if (this.reply !== undefined) {
      if (this.reply.producerAddr !== undefined) memory.forget(this.reply.producerAddr, 4);
      memory.forget(this.reply.base, this.reply.span);
    }
    this.requests.clear();
    this.byIndex.clear();
    this.handling = undefined;
    this.reply = undefined;
    this.fwState = FwState.READY;
    this.doorbellSet = false;
    this.doorbellMaybe = false;
    this.intrMask = INTR_DISABLED;
    this.frameHi = 0;
    this.queue64 = false;
    this.requestPages.clear();
    this.replyPages.clear();
  }

  /** The doorbell's ABORT, or QEMU cancelling everything: SCSI commands may end SCSI_IO_FAILED. */
  private abortAll(): void {
    for (const q of this.requests.values()) if (q.phase === "in-flight" && SCSI_CMDS.includes(q.d.cmd ?? -1)) q.aborted = true;
  }

  // ---- frames ----

  private frameContext(): FrameContext {
    const c = this.ctx;
    c.queue64 = this.queue64;
    c.maxSge = this.fwSge;
    c.jbod = this.jbod;
    return c;
  }

  /** megasas_handle_frame for the frame at `addr`. */
  private post(r: Reporter, memory: GuestMemory, offset: number, addr: number): void {
    const d = decodeFrame(memory, addr, this.frameContext());
    this.posted++;
    this.count(commandKey(d), 1);
    if (d.cmd === undefined || d.context === undefined) this.lost = true;
    const old = this.frameRequest(addr);
    if (old !== undefined) {
      // A frame the model never saw (a trace log) may have completed unseen: only a known one is certainly still the device's.
      if (old.phase === "in-flight" && old.d.cmd !== undefined)
        r.guestError(
          this.id,
          addr,
          null,
          `frame at ${hex(addr)} posted again while the device still owns it (${old.d.summary}, posted at event ${old.seq})`,
        );
      this.retire(old);
    }
    if (this.fwState !== FwState.OPERATIONAL && d.cmd !== MfiCmd.INIT && d.cmd !== undefined) {
      const why =
        this.reply === undefined
          ? "before INIT; QEMU runs it anyway, with no reply queue to post to"
          : "(after a shutdown or a fault); QEMU runs it anyway";
      r.guestError(this.id, offset, null, `${d.summary} posted while the firmware is ${fwStateName(this.fwState)} ${why}`);
    }
    for (const p of d.problems) r.guestError(this.id, addr, null, p);
    this.admit(r, memory, offset, addr, d);
  }

  /** A posted frame becomes a request: the busy check, what the device now owns, and what QEMU does with it at once. */
  private admit(r: Reporter, memory: GuestMemory, offset: number, addr: number, d: DecodedFrame): void {
    const held = this.busy();
    if (held >= (this.fwCmds ?? MAX_FRAMES))
      r.guestError(
        this.id,
        offset,
        null,
        `frame posted while ${held} frames are outstanding, as many as the firmware's ${this.fwCmds ?? MAX_FRAMES} commands; QEMU may answer it BUSY`,
      );
    const q = this.newRequest(r.seq, addr, d);
    // The device owns the bytes it will write.
    memory.forget(addr + Hdr.SENSE_LEN, 3);
    forgetWritten(memory, d);

    let outcome: Outcome = d.outcome;
    if (d.effect === "init") outcome = this.init(r, memory, d);
    if (d.effect === "abort") this.abortTarget(d);
    d.outcome = outcome;
    if (!outcome.sync) {
      if (outcome.never) {
        q.phase = "never";
        q.reply = "none";
      } else {
        if (this.mayRingDoorbell()) this.doorbellMaybe = true;
        // Before INIT there is no reply queue; with interrupts on QEMU still stores its producer, at address 0.
        if (this.reply === undefined) {
          q.reply = "none";
          memory.forget(0, 4);
        }
      }
      return;
    }
    if (d.effect === "shutdown" && outcome.status === Stat.OK) this.fwState = FwState.READY;
    q.scsiStatus = outcome.scsiStatus;
    if (outcome.senseBytes !== undefined && outcome.senseBytes > 0) q.d.senseLen = outcome.senseBytes;
    this.completeFrame(memory, q);
    this.complete(q, outcome.status);
  }

  private count(key: string, n: number): void {
    const v = (this.commands.get(key) ?? 0) + n;
    if (v > 0) this.commands.set(key, v);
    else this.commands.delete(key);
  }

  // ---- what QEMU's trace points tell (trace-points.ts) ----

  /** A megasas_* trace point of this device. */
  observe(r: Reporter, memory: GuestMemory, name: string, args: readonly TraceArg[]): void {
    observeTracePoint(this, r, memory, name, args);
  }

  /** The request QEMU holds as command `index`. */
  requestByIndex(index: number): MfiRequest | undefined {
    return this.byIndex.get(index);
  }

  /** The request QEMU is handling now (the frame of its last megasas_qf_new). */
  handlingRequest(): MfiRequest | undefined {
    return this.handling === undefined ? undefined : this.requests.get(this.handling);
  }

  /**
   * megasas_qf_new: QEMU took the frame at `frame` as command `index`. It is the request the
   * queue-port write just posted there; a frame whose write the capture did not show (before
   * the trace window opened) becomes a request here.
   */
  bindFrame(r: Reporter, memory: GuestMemory, index: number, frame: number): void {
    let q: MfiRequest | undefined;
    for (const x of this.requests.values())
      if (x.frame === frame && !x.stale && x.qemuIndex === undefined && x.phase !== "completed") q = x;
    if (q === undefined) {
      const old = this.frameRequest(frame);
      if (old !== undefined) this.retire(old);
      const d = decodeFrame(memory, frame, this.frameContext());
      this.posted++;
      this.count(commandKey(d), 1);
      this.lost = true;
      q = this.newRequest(r.seq, frame, d);
    }
    q.qemuIndex = index;
    this.byIndex.set(index, q);
    this.handling = q.seq;
  }

  /** megasas_frame_busy: QEMU answers the frame at once without taking a command slot. */
  handleUnbound(q: MfiRequest): void {
    this.handling = q.seq;
  }

  /** What a trace point says a frame was: its command key is counted again. */
  relabel(q: MfiRequest, change: (d: DecodedFrame) => void): void {
    const before = commandKey(q.d);
    change(q.d);
    const after = commandKey(q.d);
    if (after !== before) {
      this.count(before, -1);
      this.count(after, 1);
    }
  }

  /** megasas_qf_enqueue / megasas_qf_update: QEMU's reply-queue head and the consumer index it read. */
  noteQueuePosition(head: number | undefined, tail: number | undefined): void {
    const rq = this.reply;
    if (rq === undefined) return;
    if (head !== undefined) {
      if (rq.head !== head) rq.certainSinceRead = 0;
      rq.head = head;
    }
    if (tail !== undefined) rq.consumer = tail;
  }

  /** megasas_qf_update: the device advanced its head (the producer it stores) to `head`. */
  noteProducer(head: number, tail: number | undefined): void {
    const rq = this.reply;
    if (rq === undefined) return;
    rq.advances++;
    rq.head = head;
    rq.certainSinceRead = 0;
    if (tail !== undefined) rq.consumer = tail;
  }

  /** megasas_init_queue: INIT set the reply queue up (QEMU traces where it is, not where its indexes live). */
  tracedInit(r: Reporter, base: number, entries: number, head: number | undefined, tail: number | undefined, flags: number): void {
    const q64 = (flags & QUEUE_FLAG_CONTEXT64) !== 0;
    const len = entries & 0xffff;
    const old = this.reply;
    if (old !== undefined && (old.base !== base || old.entries !== len))
      r.diverge(this.id, "reply queue QEMU set up", `${len} entries at ${hex(base)}`, `${old.entries} entries at ${hex(old.base)}`);
    if (old === undefined || old.base !== base || old.entries !== len) {
      const rq = new ReplyQueue(base, undefined, undefined, len, q64 ? 8 : 4, this.fwCmds);
      rq.head = head;
      rq.consumer = tail;
      this.reply = rq;
    }
    this.queue64 = q64;
    this.fwState = FwState.OPERATIONAL;
    this.initSeen = true;
    this.watchReply();
  }

  /** megasas_ctrl_shutdown ran: the firmware is READY. */
  shutdownByTrace(): void {
    this.fwState = FwState.READY;
  }

  /** A frame QEMU keeps without completing it (the event-wait DCMD), until a reset. */
  keepForever(q: MfiRequest): void {
    q.phase = "never";
    q.reply = "none";
  }

  /**
   * megasas_qf_complete (the context went into the reply queue at `slot`) or
   * megasas_qf_complete_noirq (interrupts masked: no producer advance, no interrupt):
   * QEMU completed the frame with this context — the one it is handling, else the oldest in
   * flight. A noirq that follows the same completion's qf_complete only says the producer
   * stayed.
   */
  completeByTrace(r: Reporter, memory: GuestMemory, context: number, noirq: boolean, slot: number | undefined): void {
    let q: MfiRequest | undefined;
    const h = this.handlingRequest();
    if (h !== undefined && h.phase === "in-flight" && h.d.context === context) q = h;
    else for (const x of this.requests.values()) if (x.phase === "in-flight" && x.d.context === context) q = q ?? x;
    if (q === undefined) {
      // Since an INIT the capture showed, every frame QEMU could complete is in the table: a
      // context that none has (nor could have, being unread) is a completion no frame asked for.
      if (!this.initSeen) return;
      let contexts = "";
      for (const x of this.requests.values()) {
        if (x.d.context === undefined || x.d.context === context) return;
        if (x.phase === "in-flight") contexts += `${contexts === "" ? "" : ", "}${hex(x.d.context)}`;
      }
      r.diverge(this.id, "megasas_qf_complete (trace) context", hex(context), `the context of a frame in flight (${contexts || "none"})`);
      return;
    }
    this.complete(q, q.status);
    const rq = this.reply;
    if (!noirq && rq !== undefined && slot !== undefined) {
      memory.forget(rq.base + slot * rq.entrySize, rq.entrySize);
      rq.named.set(slot, context);
    }
    if (noirq || !this.intrEnabled) {
      q.reply = "none";
      return;
    }
    q.reply = "named";
    this.ringDoorbell();
  }

  /**
   * megasas_msix_raise, megasas_msi_raise, megasas_irq_raise: which way QEMU interrupted
   * (MSI-X, MSI, or INTx with the doorbell going from 0 to 1). Where the model did not know
   * the MSI-X enable bit it learns it; a path it knows to be off is a divergence.
   */
  interruptPath(r: Reporter, path: IrqMode): void {
    const known = this.knownIrqMode();
    if (known !== undefined && known !== path) {
      r.diverge(
        this.id,
        "interrupt QEMU raised",
        path === "msix" ? "MSI-X" : path === "msi" ? "MSI" : "INTx",
        `${known === "msix" ? "MSI-X" : known === "msi" ? "MSI" : "INTx"} (as the configuration space says)`,
      );
      return;
    }
    if (path === "msix") this.pci.learnMsix(true, undefined);
    else {
      this.pci.learnMsix(false, undefined);
      if (path === "msi") this.pci.msiEnabled = true;
      else {
        this.doorbellSet = true;
        this.doorbellMaybe = false;
      }
    }
  }

  private newRequest(seq: number, addr: number, d: DecodedFrame): MfiRequest {
    const q: MfiRequest = {
      frame: addr,
      seq,
      d,
      phase: "in-flight",
      status: undefined,
      scsiStatus: undefined,
      reply: "maybe",
      enabledSincePost: this.intrEnabled,
      aborted: false,
      owned: true,
      ctrlHeld: false,
      stale: false,
      qemuIndex: undefined,
      watched: 0,
      slot: -1,
    };
    const replaced = this.requests.add(q);
    if (replaced !== undefined) this.unwatch(replaced);
    this.watch(q);
    this.trim();
    return q;
  }

  /** How many frames QEMU holds (busy). */
  private busy(): number {
    let n = 0;
    const slots = this.requests.slots;
    for (let i = 0; i < slots.length; i++) {
      const q = slots[i];
      if (q !== undefined && q.phase !== "completed") n++;
    }
    return n;
  }

  /** megasas_init_firmware: the reply queue, or the status QEMU refuses INIT with. */
  private init(r: Reporter, memory: GuestMemory, d: DecodedFrame): Outcome {
    // Already initialised: QEMU answers OK and changes nothing (not even the firmware state).
    if (this.reply !== undefined) return { sync: true, status: Stat.OK };
    const qi = d.qinfo;
    const info = qi === undefined ? undefined : memory.read(qi, Qinfo.SIZE);
    if (qi === undefined || info === undefined) {
      // The capture never showed the queue information: the queue is somewhere the model cannot follow.
      this.lost = true;
      this.fwState = FwState.OPERATIONAL;
      return { sync: true, status: Stat.OK };
    }
    const v = new DataView(info.buffer, info.byteOffset, info.byteLength);
    const entries = v.getUint32(Qinfo.ENTRIES, true) & 0xffff;
    const fwCmds = this.fwCmds;
    if (fwCmds !== undefined && entries > fwCmds) {
      r.guestError(
        this.id,
        qi + Qinfo.ENTRIES,
        entries,
        `INIT asks for a reply queue of ${entries} entries, more than the ${fwCmds} commands the firmware announces; QEMU answers INVALID_PARAMETER`,
      );
      return { sync: true, status: Stat.INVALID_PARAMETER };
    }
    const q64 = (v.getUint32(Qinfo.FLAGS, true) & QUEUE_FLAG_CONTEXT64) !== 0;
    const at = (o: number) => Number(v.getBigUint64(o, true));
    const pi = at(Qinfo.PI_ADDR);
    const ci = at(Qinfo.CI_ADDR);
    const rq = new ReplyQueue(at(Qinfo.RQ_ADDR), pi, ci, entries, q64 ? 8 : 4, fwCmds);
    const producer = memory.readUint(pi, 4);
    const consumer = memory.readUint(ci, 4);
    rq.head = producer === undefined ? undefined : producer % MAX_FRAMES;
    rq.consumer = consumer === undefined ? undefined : consumer % MAX_FRAMES;
    if (entries === 0) r.guestError(this.id, qi + Qinfo.ENTRIES, 0, "INIT with a reply queue of 0 entries");
    this.reply = rq;
    this.queue64 = q64;
    // megasas_reset_frames: QEMU forgets the frames it holds (their completions still post).
    this.fwState = FwState.OPERATIONAL;
    this.initSeen = true;
    this.watchReply();
    return { sync: true, status: Stat.OK };
  }

  /** An ABORT frame that names an in-flight SCSI command: QEMU cancels it. */
  private abortTarget(d: DecodedFrame): void {
    if (d.abortFrame === undefined) return;
    const t = this.frameRequest(d.abortFrame);
    if (t === undefined || t.phase !== "in-flight" || !SCSI_CMDS.includes(t.d.cmd ?? -1)) return;
    if (t.d.context === undefined || d.abortContext === undefined || t.d.context === d.abortContext) t.aborted = true;
  }

  /** megasas_complete_frame at a known moment (a frame answered inside the queue-port write). */
  private completeFrame(memory: GuestMemory, q: MfiRequest): void {
    if (!this.intrEnabled) {
      q.reply = "none";
      return;
    }
    if (this.reply === undefined) {
      q.reply = "none";
      memory.forget(0, 4); // QEMU stores head at producer address 0
    } else {
      q.reply = "certain";
      this.reply.certainSinceRead++;
    }
    this.ringDoorbell();
  }

  /** A completion with interrupts enabled: QEMU counts it in the doorbell when it interrupts with INTx. */
  private ringDoorbell(): void {
    const mode = this.knownIrqMode();
    if (mode === "intx") this.doorbellSet = true;
    else if (mode === undefined) this.doorbellMaybe = true;
  }

  /** The capture shows (or the model knows) that a request completed. */
  private complete(q: MfiRequest, status: number | undefined): void {
    if (q.phase === "completed") {
      if (q.status === undefined) q.status = status;
      return;
    }
    q.phase = "completed";
    q.status = status;
    this.completed++;
    q.owned = false;
    q.ctrlHeld = q.d.ctrlInfo !== undefined && (status === undefined || status === Stat.OK);
    this.watch(q);
    this.learnPresence(q);
  }

  private learnPresence(q: MfiRequest): void {
    if (q.status === undefined || !SCSI_CMDS.includes(q.d.cmd ?? -1)) return;
    if (q.d.cmd !== MfiCmd.PD_SCSI_IO && (q.d.target >= 64 || q.d.lun !== 0)) return;
    const key = (q.d.target << 8) | q.d.lun;
    if (!this.present.has(key)) this.present.set(key, q.status !== Stat.DEVICE_NOT_FOUND);
  }

  /** The latest request whose frame is at `addr` and still shows it. */
  frameRequest(addr: number): MfiRequest | undefined {
    const slots = this.requests.slots;
    for (let i = slots.length - 1; i >= 0; i--) {
      const q = slots[i];
      if (q !== undefined && q.frame === addr && !q.stale) return q;
    }
    return undefined;
  }

  /** The frame no longer shows this request; it is forgotten unless it may still name a reply. */
  private retire(q: MfiRequest): void {
    q.stale = true;
    q.ctrlHeld = false;
    if (q.phase === "completed" && (q.reply === "none" || q.reply === "named")) {
      this.unwatch(q);
      this.requests.remove(q);
    } else this.watch(q);
  }

  /** Keeps the request table bounded: the oldest completed records go first. */
  private trim(): void {
    if (this.requests.size <= MAX_REQUESTS) return;
    for (const q of this.requests.values()) {
      if (this.requests.size <= MAX_REQUESTS) break;
      if (q.phase === "completed") {
        this.unwatch(q);
        this.requests.remove(q);
      }
    }
  }

  // ---- guest memory the device watches ----

  /**
   * Puts the request's ranges of guest memory whose accesses the device judges or whose
   * writes it must see into the watched-page index: its frame header until the frame is
   * rewritten, the data-in and sense buffers it owns, the controller info it holds. A
   * request no longer in the table watches nothing.
   */
  private watch(q: MfiRequest): void {
    const d = q.d;
    const want = !this.requests.holds(q)
      ? 0
      : (q.stale ? 0 : WATCH_FRAME) | (q.owned ? WATCH_OWNED : 0) | (q.ctrlHeld && d.ctrlInfo !== undefined ? WATCH_CTRL : 0);
    const had = q.watched;
    if (want === had) return;
    const pages = this.requestPages;
    const on = want & ~had;
    const off = had & ~want;
    if (off & WATCH_FRAME) pages.remove(q.frame, Hdr.SIZE);
    if (off & WATCH_OWNED) {
      for (let i = 0; i < d.dataIn.length; i++) pages.remove((d.dataIn[i] as Range).addr, (d.dataIn[i] as Range).len);
      if (d.sense !== undefined) pages.remove(d.sense.addr, d.sense.len);
    }
    if (off & WATCH_CTRL && d.ctrlInfo !== undefined) pages.remove(d.ctrlInfo.addr, d.ctrlInfo.len);
    if (on & WATCH_FRAME) pages.add(q.frame, Hdr.SIZE);
    if (on & WATCH_OWNED) {
      for (let i = 0; i < d.dataIn.length; i++) pages.add((d.dataIn[i] as Range).addr, (d.dataIn[i] as Range).len);
      if (d.sense !== undefined) pages.add(d.sense.addr, d.sense.len);
    }
    if (on & WATCH_CTRL && d.ctrlInfo !== undefined) pages.add(d.ctrlInfo.addr, d.ctrlInfo.len);
    q.watched = want;
  }

  /** Takes the request's ranges out of the index (before it leaves the table). */
  private unwatch(q: MfiRequest): void {
    const d = q.d;
    const pages = this.requestPages;
    if (q.watched & WATCH_FRAME) pages.remove(q.frame, Hdr.SIZE);
    if (q.watched & WATCH_OWNED) {
      for (let i = 0; i < d.dataIn.length; i++) pages.remove((d.dataIn[i] as Range).addr, (d.dataIn[i] as Range).len);
      if (d.sense !== undefined) pages.remove(d.sense.addr, d.sense.len);
    }
    if (q.watched & WATCH_CTRL && d.ctrlInfo !== undefined) pages.remove(d.ctrlInfo.addr, d.ctrlInfo.len);
    q.watched = 0;
  }

  /** The reply queue's ranges in the index: the producer and consumer indexes and the entries QEMU may write. */
  private watchReply(): void {
    const pages = this.replyPages;
    pages.clear();
    const rq = this.reply;
    if (rq === undefined) return;
    if (rq.producerAddr !== undefined) pages.add(rq.producerAddr, 4);
    if (rq.consumerAddr !== undefined) pages.add(rq.consumerAddr, 4);
    pages.add(rq.base, rq.span);
  }

  /**
   * True when a guest memory access may concern the device: the driver's access to
   * [addr, addr + len) touches a page it watches. (What the device itself reads and writes
   * it does not judge.)
   */
  claims(addr: number, len: number, byDevice = false): boolean {
    if (byDevice) return false;
    return this.replyPages.touches(addr, len) || this.requestPages.touches(addr, len);
  }

  /**
   * A guest memory access inside the pages the device watches, before the machine stores
   * (or compares) it: device-owned bytes are judged here and then forgotten, so the
   * machine learns them rather than holding them to an older value.
   */
  observeMemory(r: Reporter, memory: GuestMemory, write: boolean, addr: number, data: Uint8Array, byDevice: boolean): void {
    if (byDevice) return;
    if (write) this.driverWrite(r, memory, addr, data);
    else this.driverRead(r, memory, addr, data);
  }

  private driverWrite(r: Reporter, memory: GuestMemory, addr: number, data: Uint8Array): void {
    const len = data.length;
    const rq = this.reply;
    if (rq !== undefined) {
      const ci = rq.consumerAddr;
      if (ci !== undefined && overlaps(addr, len, ci, 4)) {
        const v = addr === ci && len >= 4 ? (data[0]! | (data[1]! << 8) | (data[2]! << 16) | (data[3]! << 24)) >>> 0 : undefined;
        if (v !== undefined) this.consumerWrite(r, rq, ci, v);
      }
      const pi = rq.producerAddr;
      if (pi !== undefined && overlaps(addr, len, pi, 4) && this.fwState === FwState.OPERATIONAL) {
        r.guestError(this.id, pi, null, "the driver wrote the reply queue's producer index, which the device owns after INIT");
        rq.head = undefined;
      }
      if (overlaps(addr, len, rq.base, rq.span)) {
        const first = Math.max(0, Math.floor((addr - rq.base) / rq.entrySize));
        const last = Math.min(rq.span / rq.entrySize - 1, Math.floor((addr + len - 1 - rq.base) / rq.entrySize));
        for (let s = first; s <= last; s++) {
          rq.named.delete(s);
          const i = rq.unnamed.indexOf(s);
          if (i >= 0) removeAt(rq.unnamed, i);
        }
      }
    }
    if (!this.requestPages.touches(addr, len)) return;
    // (retire may remove the request being visited, which leaves the loop intact.)
    const slots = this.requests.slots;
    for (let i = 0; i < slots.length; i++) {
      const q = slots[i];
      if (q === undefined) continue;
      if (!q.stale && overlaps(addr, len, q.frame, Hdr.SIZE)) {
        if (q.phase === "in-flight")
          r.guestError(
            this.id,
            addr,
            null,
            `the driver wrote frame ${hex(q.frame)} while the device still owns it (${q.d.summary}, posted at event ${q.seq})`,
          );
        else if (q.phase === "completed") this.retire(q);
        continue;
      }
      if (q.owned && q.phase === "in-flight") {
        for (const b of q.d.dataIn)
          if (overlaps(addr, len, b.addr, b.len))
            r.guestError(
              this.id,
              addr,
              null,
              `the driver wrote into a buffer the device is filling (${q.d.summary}, posted at event ${q.seq})`,
            );
      }
      if (q.ctrlHeld && q.d.ctrlInfo && overlaps(addr, len, q.d.ctrlInfo.addr, q.d.ctrlInfo.len)) {
        q.ctrlHeld = false;
        this.watch(q);
      }
    }
  }

  private consumerWrite(r: Reporter, rq: ReplyQueue, at: number, v: number): void {
    if (rq.wrap !== undefined && v >= rq.wrap) {
      r.guestError(this.id, at, v, `consumer index ${v} is beyond the reply queue (QEMU wraps at ${rq.wrap})`);
    } else {
      const from = rq.consumer;
      const limit = rq.producerSeen ?? rq.head;
      if (from !== undefined && limit !== undefined && rq.distance(from, v) > rq.distance(from, limit))
        r.guestError(
          this.id,
          at,
          v,
          `consumer index ${v} is past the producer index ${limit}: the driver consumed replies the device has not posted`,
        );
    }
    rq.consumer = v;
  }

  private driverRead(r: Reporter, memory: GuestMemory, addr: number, data: Uint8Array): void {
    const len = data.length;
    const rq = this.reply;
    if (rq !== undefined) {
      const p = rq.producerAddr;
      if (p !== undefined && addr <= p && addr + len >= p + 4) {
        const o = p - addr;
        this.producerRead(r, memory, rq, p, (data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16) | (data[o + 3]! << 24)) >>> 0);
      }
      if (p !== undefined && overlaps(addr, len, p, 4)) memory.forget(p, 4);
      if (overlaps(addr, len, rq.base, rq.span)) {
        for (let s = Math.max(0, Math.ceil((addr - rq.base) / rq.entrySize)); ; s++) {
          const e = rq.base + s * rq.entrySize;
          if (e + rq.entrySize > addr + len || s >= rq.span / rq.entrySize) break;
          let v = 0;
          for (let i = rq.entrySize - 1; i >= 0; i--) v = v * 256 + data[e + i - addr]!;
          this.slotRead(r, rq, s, v);
        }
        const from = Math.max(addr, rq.base);
        memory.forget(from, Math.min(addr + len, rq.base + rq.span) - from);
      }
    }
    if (!this.requestPages.touches(addr, len)) return;
    const slots = this.requests.slots;
    for (let i = 0; i < slots.length; i++) {
      const q = slots[i];
      if (q === undefined) continue;
      if (!q.stale && overlaps(addr, len, q.frame + Hdr.SENSE_LEN, 3)) this.headerRead(r, memory, q, addr, data);
      if (q.owned) {
        const d = q.d;
        for (let i = 0; i < d.dataIn.length; i++) {
          const b = d.dataIn[i] as Range;
          if (overlaps(addr, len, b.addr, b.len)) memory.forget(b.addr, b.len);
        }
        if (d.sense !== undefined && overlaps(addr, len, d.sense.addr, d.sense.len)) memory.forget(d.sense.addr, d.sense.len);
      }
      if (q.ctrlHeld && q.d.ctrlInfo && overlaps(addr, len, q.d.ctrlInfo.addr, q.d.ctrlInfo.len))
        this.ctrlInfoRead(r, memory, q.d.ctrlInfo, addr, data);
    }
  }

  private producerRead(r: Reporter, memory: GuestMemory, rq: ReplyQueue, at: number, v: number): void {
    let pending = 0;
    const slots = this.requests.slots;
    for (let i = 0; i < slots.length; i++) {
      const q = slots[i];
      if (q !== undefined && (q.reply === "certain" || q.reply === "maybe")) pending++;
    }
    const before = rq.head;
    const res = rq.observeProducer(v, pending);
    if (res.impossible !== undefined && !this.lost)
      r.diverge(this.id, `reply queue producer index (read at ${hex(at)}, was ${before})`, String(v), res.impossible);
    // The device wrote the announced entries: the next read of each learns it.
    for (const s of res.slots) memory.forget(rq.base + s * rq.entrySize, rq.entrySize);
  }

  private slotRead(r: Reporter, rq: ReplyQueue, slot: number, v: number): void {
    const named = rq.named.get(slot);
    if (named !== undefined) {
      if (named !== v) r.diverge(this.id, `reply_queue[${slot}]`, hex(v), `${hex(named)} (read before)`);
      return;
    }
    const i = rq.unnamed.indexOf(slot);
    if (i < 0) return; // not announced: whatever is there (stale, or a completion with interrupts masked)
    removeAt(rq.unnamed, i);
    rq.named.set(slot, v);
    let match: MfiRequest | undefined;
    let unknown: MfiRequest | undefined;
    const slots = this.requests.slots;
    for (let i = 0; i < slots.length; i++) {
      const q = slots[i];
      if (q === undefined || (q.reply !== "certain" && q.reply !== "maybe")) continue;
      if (q.d.context === v && (match === undefined || q.seq < match.seq)) match = q;
      if (q.d.context === undefined && (unknown === undefined || q.seq < unknown.seq)) unknown = q;
    }
    const q = match ?? unknown;
    if (q === undefined) {
      if (!this.lost) {
        const candidates = [...this.requests.values()]
          .filter((x) => x.reply === "certain" || x.reply === "maybe")
          .map((x) => hex(x.d.context ?? 0));
        r.diverge(
          this.id,
          `reply_queue[${slot}] context`,
          hex(v),
          candidates.length ? `the context of a frame that completed (${candidates.join(", ")})` : "none: no frame could have completed",
        );
      }
      return;
    }
    q.reply = "named";
    this.complete(q, q.status);
  }

  /** cmd_status, scsi_status and sense_len of a frame: what QEMU may have written. */
  private headerRead(r: Reporter, memory: GuestMemory, q: MfiRequest, addr: number, data: Uint8Array): void {
    const status = byteAt(data, addr, q.frame + Hdr.CMD_STATUS);
    if (status !== undefined) {
      if (q.phase === "never") {
        if (q.d.statusBefore !== undefined && status !== q.d.statusBefore)
          r.diverge(this.id, `cmd_status of ${frameWhere(q)}`, hex(status), `${hex(q.d.statusBefore)} (QEMU never completes it)`);
      } else if (q.phase === "completed" && q.status !== undefined) {
        if (status !== q.status)
          r.diverge(
            this.id,
            `cmd_status of ${frameWhere(q)}`,
            `${hex(status)} (${statName(status)})`,
            `${hex(q.status)} (${statName(q.status)})`,
          );
      } else if (q.phase === "completed" || q.d.statusBefore !== undefined) {
        const unchanged = q.phase === "in-flight" && status === q.d.statusBefore;
        if (!unchanged) {
          if (!allowsStatus(q, status)) {
            const allowed = allowedStatuses(q);
            const was = q.phase === "in-flight" && q.d.statusBefore !== undefined ? `${hex(q.d.statusBefore)} (not yet completed) or ` : "";
            r.diverge(
              this.id,
              `cmd_status of ${frameWhere(q)}`,
              `${hex(status)} (${statName(status)})`,
              `${was}${allowed.map((s) => `${hex(s)} (${statName(s)})`).join(", ")}`,
            );
          }
          if (q.phase === "in-flight") {
            if (!q.enabledSincePost && q.reply === "maybe") q.reply = "none";
            this.complete(q, status);
          } else q.status = status;
          this.learnPresence(q);
        }
      }
      memory.forget(q.frame + Hdr.CMD_STATUS, 1);
    }
    if (!SCSI_CMDS.includes(q.d.cmd ?? -1)) return;
    const scsi = byteAt(data, addr, q.frame + Hdr.SCSI_STATUS);
    if (scsi !== undefined && q.phase === "completed") {
      const want = q.scsiStatus ?? (q.status === Stat.OK ? ScsiStatus.GOOD : undefined);
      if (want !== undefined && scsi !== want) r.diverge(this.id, `scsi_status of ${frameWhere(q)}`, hex(scsi), hex(want));
      if (q.scsiStatus === undefined) q.scsiStatus = scsi;
      memory.forget(q.frame + Hdr.SCSI_STATUS, 1);
    } else if (scsi !== undefined) memory.forget(q.frame + Hdr.SCSI_STATUS, 1);
    const sense = byteAt(data, addr, q.frame + Hdr.SENSE_LEN);
    if (sense !== undefined) {
      // QEMU rewrites sense_len to what it wrote (at most what the driver gave) when there is sense data.
      if (q.phase === "completed" && sense > Math.max(q.d.senseLen, q.d.sense?.len ?? 0))
        r.diverge(this.id, `sense_len of ${frameWhere(q)}`, String(sense), `at most ${Math.max(q.d.senseLen, q.d.sense?.len ?? 0)}`);
      memory.forget(q.frame + Hdr.SENSE_LEN, 1);
    }
  }

  /** Controller info: QEMU fixes it per device and version (its clock field aside); learned, then held. */
  private ctrlInfoRead(r: Reporter, memory: GuestMemory, info: Range, addr: number, data: Uint8Array): void {
    const from = Math.max(addr, info.addr);
    const to = Math.min(addr + data.length, info.addr + info.len);
    const exact = new Map<number, number>();
    const put16 = (o: number, v: number | undefined) => {
      if (v === undefined) return;
      exact.set(o, v & 0xff);
      exact.set(o + 1, (v >>> 8) & 0xff);
    };
    put16(CtrlInfo.VENDOR, PCI_VENDOR_LSI);
    put16(CtrlInfo.DEVICE, this.gen.deviceId);
    put16(CtrlInfo.MAX_CMDS, this.fwCmds);
    put16(CtrlInfo.MAX_SGE, this.fwSge);
    for (let a = from; a < to; a++) {
      const o = a - info.addr;
      const v = data[a - addr] as number;
      if (o >= CtrlInfo.FW_TIME && o < CtrlInfo.FW_TIME + 4) continue;
      const want = exact.get(o) ?? this.ctrlInfo.get(o);
      if (want !== undefined && want !== v) r.diverge(this.id, `controller info byte ${hex(o)}${ctrlInfoField(o)}`, hex(v), hex(want));
      if (!this.ctrlInfo.has(o)) this.ctrlInfo.set(o, v);
    }
    memory.forget(from, to - from);
  }

  // ---- interrupts ----

  /** The device raised INTx. */
  observeIntx(r: Reporter, line: number | undefined): void {
    const what = line === undefined ? "INTx" : `INTx (line ${line})`;
    // A device that sends INTx has MSI-X off, when the capture did not show it.
    if (!this.pci.msiEnabled) this.pci.learnMsix(false, undefined);
    const mode = this.irqMode();
    if (mode !== "intx")
      r.diverge(this.id, what, "asserted", `no INTx: ${mode === "msix" ? "MSI-X" : "MSI"} is enabled, the device sends messages`);
    else if (this.pci.commandBit(Command.INTX_DISABLE) === true)
      r.diverge(this.id, what, "asserted", "no INTx: the command register disables it");
    else if (!this.doorbellSet && !this.doorbellMaybe)
      r.diverge(this.id, what, "asserted", "no INTx: no completion could have rung the doorbell since it was cleared");
    this.doorbellSet = true;
    this.interrupts++;
  }

  /** The device sent an MSI-X or MSI message. */
  observeMsi(r: Reporter, address: number, data: number): void {
    const sent = `${hex(data)} to ${hex(address)}`;
    // A message while MSI is off and MSI-X not shown: MSI-X is on, and vector 0 (its only vector) unmasked.
    if (!this.pci.msiEnabled && this.pci.msixEnabled === undefined) {
      this.pci.learnMsix(true, false);
      this.msix.learnUnmasked(0);
    }
    const mode = this.irqMode();
    if (mode === "intx") r.diverge(this.id, "MSI message", sent, "none: neither MSI-X nor MSI is enabled");
    else if (mode === "msix") {
      const m = this.msix.message(0);
      if (this.msix.isMasked(0, this.pci.msixMasked) === true) r.diverge(this.id, "MSI-X message", sent, "none: vector 0 is masked");
      else if (m !== undefined && (m.address !== address || m.data !== data))
        r.diverge(this.id, "MSI-X message", sent, `vector 0: ${hex(m.data)} to ${hex(m.address)}`);
    } else {
      const m = this.pci.msiMessage();
      if (m !== undefined && (m.address !== address || m.data !== data))
        r.diverge(this.id, "MSI message", sent, `${hex(m.data)} to ${hex(m.address)}`);
    }
    this.interrupts++;
  }

  /** Whether `address`/`data` is a message this device sends (to find the sender of an MSI). */
  sendsMessage(address: number, data: number): boolean {
    const m = this.irqMode() === "msi" ? this.pci.msiMessage() : this.msix.message(0);
    return m !== undefined && m.address === address && m.data === data;
  }

  // ---- summary ----

  /** Requests the capture has not shown completed. */
  get outstanding(): MfiRequest[] {
    return [...this.requests.values()].filter((q) => q.phase !== "completed").sort((a, b) => a.seq - b.seq);
  }

  // ---- state ----

  encode(w: StateWriter): void {
    w.str("megasas").str(this.id).str(this.kind).u32(this.bdf).optNum(this.irq).bool(this.jbod);
    this.pci.encode(w);
    w.bool(this.pci.msiEnabled);
    this.msix.encode(w);
    w.u8(this.fwState).optNum(this.fwBits).optNum(this.osp1).u32(this.intrMask).bool(this.doorbellSet).bool(this.doorbellMaybe);
    w.u32(this.frameHi).u8(this.adpReset).u32(this.diag).bool(this.queue64).bool(this.lost).bool(this.idsChecked).bool(this.initSeen);
    w.bool(this.reply !== undefined);
    this.reply?.encode(w);
    w.optNum(this.handling);
    w.u32(this.requests.size);
    for (const q of this.requests.values()) encodeRequest(w, q);
    const present = [...this.present.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(present.length);
    for (const [k, v] of present) w.u32(k).bool(v);
    const info = [...this.ctrlInfo.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(info.length);
    for (const [k, v] of info) w.u32(k).u8(v);
    w.num(this.posted).num(this.completed).num(this.interrupts).num(this.unplaced);
    const cmds = [...this.commands.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    w.u32(cmds.length);
    for (const [k, v] of cmds) w.str(k).num(v);
  }

  static decode(r: StateReader, generationOf: (kind: string) => Generation | undefined): Megasas {
    const id = r.str();
    const kind = r.str();
    const gen = generationOf(kind);
    if (gen === undefined) throw new Error(`snapshot names megasas kind '${kind}'`);
    const d = new Megasas(id, kind, r.u32(), r.optNum(), gen, r.bool());
    d.pci.decodeInto(r);
    d.pci.msiEnabled = r.bool();
    d.msix.decodeInto(r);
    d.fwState = r.u8();
    d.fwBits = r.optNum();
    d.osp1 = r.optNum();
    d.intrMask = r.u32();
    d.doorbellSet = r.bool();
    d.doorbellMaybe = r.bool();
    d.frameHi = r.u32();
    d.adpReset = r.u8();
    d.diag = r.u32();
    d.queue64 = r.bool();
    d.lost = r.bool();
    d.idsChecked = r.bool();
    d.initSeen = r.bool();
    if (r.bool()) d.reply = ReplyQueue.decode(r);
    d.handling = r.optNum();
    const nq = r.u32();
    for (let i = 0; i < nq; i++) {
      const q = decodeRequest(r);
      d.requests.add(q);
      if (q.qemuIndex !== undefined) d.byIndex.set(q.qemuIndex, q);
    }
    for (const q of d.requests.values()) d.watch(q);
    d.watchReply();
    const np = r.u32();
    for (let i = 0; i < np; i++) d.present.set(r.u32(), r.bool());
    const ni = r.u32();
    for (let i = 0; i < ni; i++) d.ctrlInfo.set(r.u32(), r.u8());
    d.posted = r.num();
    d.completed = r.num();
    d.interrupts = r.num();
    d.unplaced = r.num();
    const nc = r.u32();
    for (let i = 0; i < nc; i++) d.commands.set(r.str(), r.num());
    return d;
  }
}

/** Statuses QEMU may write into the frame of a request in flight. */
function allowedStatuses(q: MfiRequest): number[] {
  const o = q.d.outcome;
  const out = o.sync ? [o.status] : [...o.statuses];
  if (q.aborted && !out.includes(Stat.SCSI_IO_FAILED)) out.push(Stat.SCSI_IO_FAILED);
  return out;
}

/** Whether `status` is one of allowedStatuses(q), without building the list. */
function allowsStatus(q: MfiRequest, status: number): boolean {
  const o = q.d.outcome;
  if (o.sync ? o.status === status : o.statuses.includes(status)) return true;
  return q.aborted && status === Stat.SCSI_IO_FAILED;
}

/** How guest errors and divergences name a request's frame. */
function frameWhere(q: MfiRequest): string {
  return `frame ${hex(q.frame)} (${q.d.summary})`;
}

/** The byte of an access at guest address `a`, or undefined when the access [addr, addr + data.length) does not hold it. */
function byteAt(data: Uint8Array, addr: number, a: number): number | undefined {
  return a >= addr && a < addr + data.length ? (data[a - addr] as number) : undefined;
}

/** Forgets the guest memory a frame's command may write: its data-in buffers and its sense buffer. */
function forgetWritten(memory: GuestMemory, d: DecodedFrame): void {
  for (let i = 0; i < d.dataIn.length; i++) {
    const b = d.dataIn[i] as Range;
    memory.forget(b.addr, b.len);
  }
  if (d.sense !== undefined) memory.forget(d.sense.addr, d.sense.len);
}

/** The key a frame is counted under in `commands`: its command, DCMDs by opcode name, "?" when unknown. */
function commandKey(d: DecodedFrame): string {
  if (d.cmd === MfiCmd.DCMD) return `DCMD ${d.opcode === undefined ? "?" : (dcmdName(d.opcode) ?? hex(d.opcode))}`;
  return d.cmd === undefined ? "?" : cmdName(d.cmd);
}

const CTRL_FIELDS: [number, number, string][] = [
  [0x00, 2, "pci.vendor"],
  [0x02, 2, "pci.device"],
  [0x04, 2, "pci.subvendor"],
  [0x06, 2, "pci.subdevice"],
  [0x540, 80, "product_name"],
  [0x590, 32, "serial_number"],
  [0x5b8, 2, "max_cmds"],
  [0x5ba, 2, "max_sg_elements"],
  [0x5bc, 4, "max_request_size"],
];

function ctrlInfoField(o: number): string {
  for (const [at, n, name] of CTRL_FIELDS) if (o >= at && o < at + n) return ` (${name})`;
  return "";
}

function encodeRange(w: StateWriter, b: Range): void {
  w.num(b.addr).num(b.len);
}

function decodeRange(r: StateReader): Range {
  return { addr: r.num(), len: r.num() };
}

function encodeRequest(w: StateWriter, q: MfiRequest): void {
  const d = q.d;
  w.num(q.frame).num(q.seq).u8(PHASES.indexOf(q.phase)).optNum(q.status).optNum(q.scsiStatus).u8(REPLIES.indexOf(q.reply));
  w.bool(q.enabledSincePost).bool(q.aborted).bool(q.owned).bool(q.ctrlHeld).bool(q.stale).optNum(q.qemuIndex);
  w.optNum(d.cmd)
    .optNum(d.context)
    .u32(d.target)
    .u32(d.lun)
    .optNum(d.opcode)
    .u32(d.sgeCount)
    .u32(d.flags)
    .optNum(d.statusBefore)
    .u32(d.senseLen);
  w.str(d.summary).str(d.effect ?? "");
  w.u32(d.dataIn.length);
  for (const b of d.dataIn) encodeRange(w, b);
  w.u32(d.dataOut.length);
  for (const b of d.dataOut) encodeRange(w, b);
  w.bool(d.sense !== undefined);
  if (d.sense) encodeRange(w, d.sense);
  w.bool(d.ctrlInfo !== undefined);
  if (d.ctrlInfo) encodeRange(w, d.ctrlInfo);
  const o = d.outcome;
  w.bool(o.sync);
  if (o.sync) w.u8(o.status).optNum(o.scsiStatus).optNum(o.senseBytes);
  else {
    w.bool(o.never === true).u32(o.statuses.length);
    for (const s of o.statuses) w.u8(s);
  }
}

function decodeRequest(r: StateReader): MfiRequest {
  const frame = r.num();
  const seq = r.num();
  const phase = PHASES[r.u8()] ?? "completed";
  const status = r.optNum();
  const scsiStatus = r.optNum();
  const reply = REPLIES[r.u8()] ?? "none";
  const enabledSincePost = r.bool();
  const aborted = r.bool();
  const owned = r.bool();
  const ctrlHeld = r.bool();
  const stale = r.bool();
  const qemuIndex = r.optNum();
  const d = new DecodedFrame(r.optNum(), r.optNum(), r.u32(), r.u32(), 0, 0, undefined, 0);
  d.opcode = r.optNum();
  d.sgeCount = r.u32();
  d.flags = r.u32();
  d.statusBefore = r.optNum();
  d.senseLen = r.u32();
  d.summary = r.str();
  const effect = r.str();
  d.effect = effect === "init" || effect === "shutdown" || effect === "abort" ? effect : undefined;
  const ni = r.u32();
  for (let i = 0; i < ni; i++) d.dataIn.push(decodeRange(r));
  const no = r.u32();
  for (let i = 0; i < no; i++) d.dataOut.push(decodeRange(r));
  if (r.bool()) d.sense = decodeRange(r);
  if (r.bool()) d.ctrlInfo = decodeRange(r);
  if (r.bool()) {
    const st = r.u8();
    d.outcome = { sync: true, status: st };
    const scsi = r.optNum();
    const sense = r.optNum();
    if (scsi !== undefined) d.outcome.scsiStatus = scsi;
    if (sense !== undefined) d.outcome.senseBytes = sense;
  } else {
    const never = r.bool();
    const n = r.u32();
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push(r.u8());
    d.outcome = never ? { sync: false, statuses, never: true } : { sync: false, statuses };
  }
  return {
    frame,
    seq,
    d,
    phase,
    status,
    scsiStatus,
    reply,
    enabledSincePost,
    aborted,
    owned,
    ctrlHeld,
    stale,
    qemuIndex,
    watched: 0,
    slot: -1,
  };
}
