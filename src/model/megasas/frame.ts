// One MFI frame as QEMU's megasas_handle_frame reads it from guest memory when the driver
// posts it: the header (command, sense length, statuses, target/LUN, CDB length, SGE count,
// context, flags, timeout, data length), the scatter-gather list (32-bit, 64-bit or IEEE
// entries), and the command's own fields (INIT's queue information address, a DCMD's
// opcode and mailbox, an I/O's LBA, a pass-through CDB, ABORT's target). From those the
// model predicts what QEMU does with it: answer at once (INIT, most DCMDs, ABORT, unknown
// commands, frames QEMU refuses) with a status it can name, or later (SCSI I/O, the DCMDs
// that run an internal INQUIRY) with one of the statuses QEMU may write — and which guest
// memory the device will write (data-in buffers, sense) until it completes.
import type { GuestMemory } from "../guest-memory.js";
import {
  BIOS_DATA_SIZE,
  Body,
  CFG_READ_MAX,
  cmdName,
  CTRL_INFO_SIZE,
  CTRL_PROPS_SIZE,
  Dcmd,
  dcmdName,
  EVT_DETAIL_SIZE,
  EVT_LOG_STATE_SIZE,
  FRAME_MAP_SIZE,
  FrameFlag,
  Hdr,
  LD_LIST_SIZE,
  MAX_LD,
  MAX_SGE,
  MFC_DEFAULTS_SIZE,
  MfiCmd,
  PD_LIST_MIN,
  QEMU_SENSE_LEN,
  ScsiStatus,
  Stat,
} from "./mfi.js";

export interface Range {
  addr: number;
  len: number;
}

/** What QEMU does with a posted frame. */
export type Outcome =
  /** Completed inside the queue-port write: this status, and (SCSI frames QEMU refuses) this SCSI status and sense. */
  | { sync: true; status: number; scsiStatus?: number; senseBytes?: number }
  /** Completed later with one of `statuses` (never: a frame QEMU keeps until reset, CTRL_EVENT_WAIT). */
  | { sync: false; statuses: readonly number[]; never?: boolean };

/** Side effects on the firmware QEMU applies when it handles the frame. */
export type FrameEffect = "init" | "shutdown" | "abort" | undefined;

// How a summary is written when first asked for: TEXT, it is written already; the others
// from the values the decoder kept (the frame's bytes may have changed since).
const TEXT = 0;
const LD_WHAT = 1;
const LD_SGL_UNKNOWN = 2;
const LD_FULL = 3;
const SCSI_WHAT = 4;
const SCSI_CDB_LEN = 5;
const SCSI_SGL_UNKNOWN = 6;
const SCSI_FULL = 7;
const DCMD_FULL = 8;

/**
 * A frame as QEMU reads it. Its summary (a sentence for reports and the state) is written
 * only when something asks for it: most frames complete without anyone reading it, and
 * writing it for each of millions of frames was most of what decoding cost.
 */
export class DecodedFrame {
  /** The context as QEMU keeps it (cut to 32 bits unless the queue is 64-bit); undefined when unknown. */
  context: number | undefined;
  opcode: number | undefined = undefined;
  /** What the device writes (data and sense) and reads. */
  dataIn: Range[] = [];
  dataOut: Range[] = [];
  sense: Range | undefined = undefined;
  outcome: Outcome = LATER_NONE;
  effect: FrameEffect = undefined;
  /** For INIT: the queue information address; for ABORT: the frame and context to abort. */
  qinfo: number | undefined = undefined;
  abortFrame: number | undefined = undefined;
  abortContext: number | undefined = undefined;
  /** The DCMD fills a controller-info buffer (whose contents the model learns and holds). */
  ctrlInfo: Range | undefined = undefined;
  /** Why the driver is wrong, when it is (guest errors). */
  problems: string[] = [];

  private text = "";
  private form = TEXT;
  // What a summary not yet written is written from.
  private sCmd = 0;
  private sTarget = 0;
  private sLun = 0;
  private sLba: number | undefined = undefined;
  private sOp = 0;
  private sBlocks = 0;
  private sBytes = 0;
  private sWrite = false;
  private sSges: readonly Range[] = NO_RANGES;
  private sCdb: Uint8Array | undefined = undefined;
  private sCdbLen = 0;
  private sBuf: Range | undefined = undefined;

  constructor(
    public cmd: number | undefined,
    context: number | undefined,
    public target: number,
    public lun: number,
    public sgeCount: number,
    public flags: number,
    /** cmd_status as the driver left it before posting. */
    public statusBefore: number | undefined,
    public senseLen: number,
  ) {
    this.context = context;
  }

  get summary(): string {
    if (this.form !== TEXT) {
      this.text = this.describe();
      this.form = TEXT;
      this.sSges = NO_RANGES;
      this.sCdb = undefined;
      this.sBuf = undefined;
    }
    return this.text;
  }

  set summary(text: string) {
    this.text = text;
    this.form = TEXT;
  }

  /** An LD READ/WRITE summary, in one of its forms. */
  ldSummary(
    form: typeof LD_WHAT | typeof LD_SGL_UNKNOWN | typeof LD_FULL,
    lba: number | undefined,
    blocks: number,
    bytes: number,
    write: boolean,
    sges: readonly Range[],
  ): void {
    this.setSource(form);
    this.sLba = lba;
    this.sBlocks = blocks;
    this.sBytes = bytes;
    this.sWrite = write;
    this.sSges = sges;
  }

  /** An LD/PD SCSI pass-through summary, in one of its forms. */
  scsiSummary(
    form: typeof SCSI_WHAT | typeof SCSI_CDB_LEN | typeof SCSI_SGL_UNKNOWN | typeof SCSI_FULL,
    cdb: Uint8Array,
    cdbLen: number,
    write: boolean,
    sges: readonly Range[],
  ): void {
    this.setSource(form);
    this.sCdb = cdb;
    this.sCdbLen = cdbLen;
    this.sWrite = write;
    this.sSges = sges;
  }

  /** A DCMD's summary: its opcode and buffer. */
  dcmdSummary(op: number, buf: Range | undefined): void {
    this.setSource(DCMD_FULL);
    this.sOp = op;
    this.sBuf = buf;
  }

  private setSource(form: number): void {
    this.form = form;
    this.sCmd = this.cmd ?? 0;
    this.sTarget = this.target;
    this.sLun = this.lun;
  }

  private describe(): string {
    const cmd = this.sCmd;
    switch (this.form) {
      case LD_WHAT:
      case LD_SGL_UNKNOWN:
      case LD_FULL: {
        const what = `${cmdName(cmd)} target ${this.sTarget} lba ${this.sLba ?? "?"}+${this.sBlocks}`;
        if (this.form === LD_WHAT) return what;
        if (this.form === LD_SGL_UNKNOWN) return `${what}, scatter-gather list unknown`;
        return `${what} (${this.sBytes} bytes) ${this.sWrite ? "from" : "into"} ${ranges(this.sSges) || "nothing"}`;
      }
      case SCSI_WHAT:
      case SCSI_CDB_LEN:
      case SCSI_SGL_UNKNOWN:
      case SCSI_FULL: {
        const cdb = this.sCdb as Uint8Array;
        const what = `${cmdName(cmd)} ${this.sTarget}:${this.sLun} ${cdb.length > 0 ? describeCdb(cdb) : "CDB ?"}`;
        if (this.form === SCSI_WHAT) return what;
        if (this.form === SCSI_CDB_LEN) return `${what} (CDB length ${this.sCdbLen})`;
        if (this.form === SCSI_SGL_UNKNOWN) return `${what}, scatter-gather list unknown`;
        return `${what}${this.sSges.length ? ` ${this.sWrite ? "from" : "into"} ${ranges(this.sSges)}` : ""}`;
      }
      case DCMD_FULL: {
        const op = this.sOp;
        const buf = this.sBuf;
        const known = dcmdName(op);
        return `DCMD ${known ?? `unknown opcode ${hex(op)}`}${known === undefined ? "" : ` (${hex(op)})`}${buf ? `, ${buf.len}-byte buffer at ${hex(buf.addr)}` : ""}`;
      }
      default:
        return this.text;
    }
  }
}

const NO_RANGES: readonly Range[] = Object.freeze([]);

// Outcomes many frames share (never changed: a request's outcome is replaced, not edited).
const sync = (status: number): Outcome => Object.freeze({ sync: true as const, status });
const later = (...statuses: number[]): Outcome => Object.freeze({ sync: false as const, statuses: Object.freeze(statuses) });
const LATER_NONE = later();
const OK = sync(Stat.OK);
const INVALID_PARAMETER = sync(Stat.INVALID_PARAMETER);
const DEVICE_NOT_FOUND = sync(Stat.DEVICE_NOT_FOUND);
const MEMORY_NOT_AVAILABLE = sync(Stat.MEMORY_NOT_AVAILABLE);
const ABORT_NOT_POSSIBLE = sync(Stat.ABORT_NOT_POSSIBLE);
const INVALID_CMD = sync(Stat.INVALID_CMD);
const KEPT: Outcome = Object.freeze({ sync: false as const, statuses: Object.freeze([]) as readonly number[], never: true });
const LATER_INQUIRY = later(Stat.OK, Stat.INVALID_PARAMETER, Stat.DEVICE_NOT_FOUND, Stat.FLASH_ALLOC_FAIL);
const LATER_IO_UNKNOWN = later(Stat.OK, Stat.SCSI_DONE_WITH_ERROR, Stat.DEVICE_NOT_FOUND);
const LATER_IO_PRESENT = later(Stat.OK, Stat.SCSI_DONE_WITH_ERROR);
const LATER_REFUSED_UNKNOWN = later(Stat.SCSI_DONE_WITH_ERROR, Stat.DEVICE_NOT_FOUND);

/** What the device knows that a frame's outcome depends on. */
export interface FrameContext {
  queue64: boolean;
  /** The SGE maximum the firmware state word announces, once read. */
  maxSge: number | undefined;
  /** Whether a target/LUN exists, as far as the model has learned (undefined: not yet). */
  present(target: number, lun: number): boolean | undefined;
  /** The context of the in-flight frame at `addr`, or undefined when none is in flight there. */
  inFlightContext(addr: number): number | "unknown" | undefined;
  /** scsi-hd's logical block size (512 unless the device says otherwise). */
  blockSize: number;
  jbod: boolean;
}

const hex = (n: number) => `0x${n.toString(16)}`;

function u64(memory: GuestMemory, addr: number): number | undefined {
  return memory.readU64(addr);
}

/** Reads the SGL at `at` the way megasas_map_sgl / megasas_map_dcmd do; undefined when memory is unknown. */
function readSgl(
  memory: GuestMemory,
  frame: number,
  at: number,
  count: number,
  flags: number,
): { sges: Range[]; beyondFrame: boolean } | undefined {
  const ieee = (flags & FrameFlag.IEEE_SGL) !== 0;
  const sgl64 = (flags & FrameFlag.SGL64) !== 0;
  const stride = ieee ? 16 : sgl64 ? 12 : 8;
  const sges: Range[] = [];
  for (let i = 0; i < count; i++) {
    const o = at + i * stride;
    if (o >= frame + FRAME_MAP_SIZE) return { sges, beyondFrame: true };
    const addr = ieee || sgl64 ? u64(memory, o) : memory.readUint(o, 4);
    const len = memory.readUint(o + (ieee || sgl64 ? 8 : 4), 4);
    if (addr === undefined || len === undefined) return undefined;
    sges.push({ addr, len });
  }
  return { sges, beyondFrame: false };
}

const CDB_NAMES: Record<number, string> = {
  0x00: "TEST UNIT READY",
  0x03: "REQUEST SENSE",
  0x08: "READ(6)",
  0x0a: "WRITE(6)",
  0x12: "INQUIRY",
  0x1a: "MODE SENSE(6)",
  0x25: "READ CAPACITY(10)",
  0x28: "READ(10)",
  0x2a: "WRITE(10)",
  0x35: "SYNCHRONIZE CACHE(10)",
  0x5a: "MODE SENSE(10)",
  0x88: "READ(16)",
  0x8a: "WRITE(16)",
  0x9e: "SERVICE ACTION IN(16)",
  0xa0: "REPORT LUNS",
};

/** A CDB as text: its name and, for READ/WRITE(10/16), the LBA range. */
export function describeCdb(cdb: Uint8Array): string {
  const op = cdb[0] ?? 0;
  const name = CDB_NAMES[op] ?? `opcode ${hex(op)}`;
  const be = (from: number, n: number) => {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + (cdb[from + i] ?? 0);
    return v;
  };
  if ((op === 0x28 || op === 0x2a) && cdb.length >= 10) return `${name} lba ${be(2, 4)}+${be(7, 2)}`;
  if ((op === 0x88 || op === 0x8a) && cdb.length >= 16) return `${name} lba ${be(2, 8)}+${be(10, 4)}`;
  if (op === 0x12 && cdb.length >= 5) return `${name} ${(cdb[1] ?? 0) & 1 ? `page ${hex(cdb[2] ?? 0)} ` : ""}${be(3, 2)} bytes`;
  return name;
}

const ranges = (rs: readonly Range[]) => rs.map((r) => `${r.len} bytes at ${hex(r.addr)}`).join(", ");

/**
 * Failure of megasas_map_sgl: the reason, or undefined when QEMU maps the list. A command that
 * moves no data with no entries (Linux's TEST UNIT READY) is a correct frame that QEMU 7.2 fails
 * anyway (it maps the list whatever the transfer): not the driver's fault.
 */
function sglProblem(
  sgl: { sges: Range[]; beyondFrame: boolean },
  count: number,
  need: number,
): { why: string; driverFault: boolean } | undefined {
  const fault = (why: string) => ({ why, driverFault: true });
  if (count === 0 && need === 0)
    return { why: "it moves no data and has no scatter-gather entries (QEMU maps none and fails the frame)", driverFault: false };
  if (count === 0) return fault("it has no scatter-gather entries (QEMU maps none and fails the frame)");
  if (count > MAX_SGE) return fault(`its ${count} scatter-gather entries exceed the ${MAX_SGE} QEMU maps`);
  if (sgl.beyondFrame) return fault(`its scatter-gather list runs past the ${FRAME_MAP_SIZE} bytes QEMU maps of a frame`);
  const bad = sgl.sges.findIndex((s) => s.addr === 0 || s.len === 0);
  if (bad >= 0) return fault(`scatter-gather entry ${bad} has address or length 0`);
  const total = sgl.sges.reduce((n, s) => n + s.len, 0);
  if (total < need) return fault(`its scatter-gather list holds ${total} bytes, less than the ${need} the command transfers`);
  return undefined;
}

/** What QEMU writes when megasas_map_sgl or the CDB check fails: CHECK CONDITION with 18 bytes of sense. */
function refusedScsi(senseLen: number): Outcome {
  return {
    sync: true,
    status: Stat.SCSI_DONE_WITH_ERROR,
    scsiStatus: ScsiStatus.CHECK_CONDITION,
    senseBytes: Math.min(senseLen, QEMU_SENSE_LEN),
  };
}

/** What QEMU answers a DCMD by opcode, and how many bytes of the buffer it fills. */
interface DcmdAnswer {
  outcome: Outcome;
  fills: number;
  effect?: FrameEffect;
  known: boolean;
}

const DCMD_INVALID: DcmdAnswer = Object.freeze({ outcome: INVALID_PARAMETER, fills: 0, known: true });
const DCMD_OK: DcmdAnswer = Object.freeze({ outcome: OK, fills: 0, known: true });
const DCMD_KEPT: DcmdAnswer = Object.freeze({ outcome: KEPT, fills: 0, known: true });
const DCMD_SHUTDOWN: DcmdAnswer = Object.freeze({ outcome: OK, fills: 0, effect: "shutdown" as const, known: true });
const DCMD_DUMMY: DcmdAnswer = Object.freeze({ outcome: OK, fills: 0, known: false });

/** A DCMD by opcode: what QEMU's handler answers and how many bytes of the buffer it fills. */
function dcmd(op: number, iov: number, mbox0: number, ctx: FrameContext): DcmdAnswer {
  const ok = (fills: number): DcmdAnswer => (fills === 0 ? DCMD_OK : { outcome: OK, fills, known: true });
  const needAtLeast = (n: number) => (iov < n ? DCMD_INVALID : ok(n));
  switch (op) {
    case Dcmd.CTRL_GET_INFO:
      return needAtLeast(CTRL_INFO_SIZE);
    case Dcmd.CTRL_GET_PROPERTIES:
    case Dcmd.CTRL_BIOS_DATA_GET:
    case Dcmd.CTRL_MFC_DEFAULTS_GET:
      return needAtLeast(
        op === Dcmd.CTRL_GET_PROPERTIES ? CTRL_PROPS_SIZE : op === Dcmd.CTRL_BIOS_DATA_GET ? BIOS_DATA_SIZE : MFC_DEFAULTS_SIZE,
      );
    case Dcmd.CTRL_SET_PROPERTIES:
      return iov < CTRL_PROPS_SIZE ? DCMD_INVALID : DCMD_OK;
    case Dcmd.CTRL_EVENT_GETINFO:
      return ok(Math.min(iov, EVT_LOG_STATE_SIZE));
    case Dcmd.CTRL_GET_TIME:
      return ok(Math.min(iov, 8));
    case Dcmd.CTRL_EVENT_WAIT:
      return iov < EVT_DETAIL_SIZE ? DCMD_INVALID : DCMD_KEPT;
    case Dcmd.CTRL_SHUTDOWN:
      return DCMD_SHUTDOWN;
    case Dcmd.PD_GET_LIST:
      return iov < PD_LIST_MIN ? DCMD_INVALID : ok(iov);
    case Dcmd.PD_LIST_QUERY:
      return mbox0 === 0 || ctx.jbod ? (iov < PD_LIST_MIN ? DCMD_INVALID : ok(iov)) : DCMD_OK;
    case Dcmd.LD_GET_LIST:
      return iov > LD_LIST_SIZE ? DCMD_INVALID : ok(Math.min(iov, LD_LIST_SIZE));
    case Dcmd.LD_LIST_QUERY:
      return iov < 12 ? DCMD_INVALID : ok(iov);
    case Dcmd.CFG_READ:
      return iov > CFG_READ_MAX ? DCMD_INVALID : ok(iov);
    case Dcmd.PD_GET_INFO:
    case Dcmd.LD_GET_INFO:
      // An internal INQUIRY first: completes later (or at once when the device is missing or the buffer too small).
      return { outcome: LATER_INQUIRY, fills: iov, known: true };
    default:
      // The rest of QEMU's table are dummies answering OK; an opcode outside it gets the same dummy.
      return dcmdName(op) !== undefined ? DCMD_OK : DCMD_DUMMY;
  }
}

/** The SGE-count problem of an I/O frame, when it names more entries than the firmware announces. */
function overMax(d: DecodedFrame, cmd: number, ctx: FrameContext): void {
  if (ctx.maxSge !== undefined && d.sgeCount > ctx.maxSge)
    d.problems.push(`${cmdName(cmd)} frame with ${d.sgeCount} scatter-gather entries, more than the ${ctx.maxSge} the firmware announces`);
}

/** The sense buffer of an I/O or pass-through frame (none when sense_len is 0; undefined when unknown). */
function senseRange(memory: GuestMemory, addr: number, d: DecodedFrame): Range | undefined {
  if (d.senseLen === 0) return undefined;
  const lo = memory.readUint(addr + Body.SENSE_ADDR, 4);
  const hi = d.flags & FrameFlag.SENSE64 ? memory.readUint(addr + Body.SENSE_ADDR + 4, 4) : 0;
  return lo === undefined || hi === undefined ? undefined : { addr: hi * 2 ** 32 + lo, len: d.senseLen };
}

/**
 * Decodes the frame the driver posted at `addr` as QEMU reads it (undefined fields where
 * the capture never showed the bytes) and predicts QEMU's answer.
 */
export function decodeFrame(memory: GuestMemory, addr: number, ctx: FrameContext): DecodedFrame {
  const cmd = memory.readUint(addr + Hdr.CMD, 1);
  const rawContext = u64(memory, addr + Hdr.CONTEXT);
  const d = new DecodedFrame(
    cmd,
    rawContext === undefined ? undefined : ctx.queue64 ? rawContext : rawContext % 2 ** 32,
    memory.readUint(addr + Hdr.TARGET, 1) ?? 0,
    memory.readUint(addr + Hdr.LUN, 1) ?? 0,
    memory.readUint(addr + Hdr.SGE_COUNT, 1) ?? 0,
    memory.readUint(addr + Hdr.FLAGS, 2) ?? 0,
    memory.readUint(addr + Hdr.CMD_STATUS, 1),
    memory.readUint(addr + Hdr.SENSE_LEN, 1) ?? 0,
  );
  if (cmd === undefined) {
    d.summary = "a frame the capture never showed";
    return d;
  }
  switch (cmd) {
    case MfiCmd.INIT: {
      const qinfo = u64(memory, addr + Body.INIT_QINFO);
      d.qinfo = qinfo;
      d.effect = "init";
      d.summary = `INIT, queue information at ${qinfo === undefined ? "?" : hex(qinfo)}`;
      // The status depends on the queue information; the device decides it (see Megasas.init).
      d.outcome = OK;
      return d;
    }
    case MfiCmd.DCMD:
      decodeDcmd(memory, addr, ctx, d);
      return d;
    case MfiCmd.ABORT: {
      const actx = u64(memory, addr + Body.ABORT_CONTEXT);
      const aaddr = u64(memory, addr + Body.ABORT_ADDR);
      d.summary = `ABORT frame ${aaddr === undefined ? "?" : hex(aaddr)} (context ${actx === undefined ? "?" : hex(actx)})`;
      d.abortFrame = aaddr;
      d.abortContext = actx === undefined ? undefined : ctx.queue64 ? actx : actx % 2 ** 32;
      d.effect = "abort";
      if (aaddr === undefined || d.abortContext === undefined) {
        d.outcome = OK;
        return d;
      }
      const held = ctx.inFlightContext(aaddr);
      if (held === undefined) d.outcome = OK;
      else if (held !== "unknown" && held !== d.abortContext) d.outcome = ABORT_NOT_POSSIBLE;
      else d.outcome = OK;
      return d;
    }
    case MfiCmd.LD_READ:
    case MfiCmd.LD_WRITE:
      decodeLdIo(memory, addr, ctx, d, cmd);
      return d;
    case MfiCmd.LD_SCSI_IO:
    case MfiCmd.PD_SCSI_IO:
      decodePassThrough(memory, addr, ctx, d, cmd);
      return d;
    default:
      d.summary = cmdName(cmd);
      d.problems.push(`frame command ${hex(cmd)} (${cmdName(cmd)}) is not one QEMU handles; it answers INVALID_CMD`);
      d.outcome = INVALID_CMD;
      return d;
  }
}

function decodeDcmd(memory: GuestMemory, addr: number, ctx: FrameContext, d: DecodedFrame): void {
  const op = memory.readUint(addr + Body.DCMD_OPCODE, 4);
  d.opcode = op;
  if (op === undefined) {
    d.summary = "DCMD ?";
    return;
  }
  const sgeCount = d.sgeCount;
  if (sgeCount > 1) {
    const name = dcmdName(op) ?? `unknown opcode ${hex(op)}`;
    d.summary = `DCMD ${name} with ${sgeCount} scatter-gather entries`;
    d.outcome = MEMORY_NOT_AVAILABLE;
    d.problems.push(`DCMD ${name} with ${sgeCount} scatter-gather entries; QEMU takes one and answers MEMORY_NOT_AVAILABLE`);
    return;
  }
  let buf: Range | undefined;
  if (sgeCount === 1) {
    const sgl = readSgl(memory, addr, addr + Body.DCMD_SGL, 1, d.flags);
    if (sgl === undefined) {
      d.summary = `DCMD ${dcmdName(op) ?? `unknown opcode ${hex(op)}`}, buffer unknown`;
      return;
    }
    buf = sgl.sges[0];
  }
  // QEMU reads le16_to_cpu(mbox[0]): the first mailbox byte.
  const mbox0 = memory.readUint(addr + Body.DCMD_MBOX, 1) ?? 0;
  const r = dcmd(op, buf?.len ?? 0, mbox0, ctx);
  d.outcome = r.outcome;
  d.effect = r.effect;
  if (!r.known) d.problems.push(`DCMD opcode ${hex(op)} is not one QEMU implements; it answers OK and does nothing`);
  if (buf !== undefined && r.fills > 0) {
    const filled = { addr: buf.addr, len: Math.min(buf.len, r.fills) };
    d.dataIn.push(filled);
    if (op === Dcmd.CTRL_GET_INFO) d.ctrlInfo = filled;
  } else if (buf !== undefined && (op === Dcmd.CTRL_SET_PROPERTIES || op === Dcmd.CTRL_EVENT_WAIT)) {
    if (op === Dcmd.CTRL_EVENT_WAIT) d.dataIn.push(buf);
    else d.dataOut.push(buf);
  }
  d.dcmdSummary(op, buf);
}

function decodeLdIo(memory: GuestMemory, addr: number, ctx: FrameContext, d: DecodedFrame, cmd: number): void {
  const write = cmd === MfiCmd.LD_WRITE;
  const lba = u64(memory, addr + Body.IO_LBA);
  const dataLen = memory.readUint(addr + Hdr.DATA_LEN, 4) ?? 0;
  overMax(d, cmd, ctx);
  if (d.target >= MAX_LD || d.lun !== 0) {
    d.ldSummary(LD_WHAT, lba, dataLen, 0, write, NO_RANGES);
    d.outcome = DEVICE_NOT_FOUND;
    return;
  }
  const sgl = readSgl(memory, addr, addr + Body.IO_SGL, Math.min(d.sgeCount, MAX_SGE + 1), d.flags);
  if (sgl === undefined) {
    d.ldSummary(LD_SGL_UNKNOWN, lba, dataLen, 0, write, NO_RANGES);
    d.outcome = LATER_IO_UNKNOWN;
    return;
  }
  const need = dataLen * ctx.blockSize;
  d.ldSummary(LD_FULL, lba, dataLen, need, write, sgl.sges);
  const present = ctx.present(d.target, 0);
  if (present === false) {
    d.outcome = DEVICE_NOT_FOUND;
    return;
  }
  d.sense = senseRange(memory, addr, d);
  const problem = sglProblem(sgl, d.sgeCount, need);
  if (problem !== undefined) {
    if (problem.driverFault) d.problems.push(`${cmdName(cmd)} frame: ${problem.why}`);
    d.outcome = present === true ? refusedScsi(d.senseLen) : LATER_REFUSED_UNKNOWN;
    return;
  }
  pushAll(write ? d.dataOut : d.dataIn, sgl.sges);
  d.outcome = present === true ? LATER_IO_PRESENT : LATER_IO_UNKNOWN;
}

function decodePassThrough(memory: GuestMemory, addr: number, ctx: FrameContext, d: DecodedFrame, cmd: number): void {
  const cdbLen = memory.readUint(addr + Hdr.CDB_LEN, 1) ?? 0;
  const cdb = memory.read(addr + Body.PASS_CDB, Math.min(cdbLen, 16)) ?? NO_BYTES;
  const write = (d.flags & FrameFlag.DIR_WRITE) !== 0;
  overMax(d, cmd, ctx);
  if (cmd === MfiCmd.LD_SCSI_IO && (d.target >= MAX_LD || d.lun !== 0)) {
    d.scsiSummary(SCSI_WHAT, cdb, cdbLen, write, NO_RANGES);
    d.outcome = DEVICE_NOT_FOUND;
    return;
  }
  const present = ctx.present(d.target, d.lun);
  if (present === false) {
    d.scsiSummary(SCSI_WHAT, cdb, cdbLen, write, NO_RANGES);
    d.outcome = DEVICE_NOT_FOUND;
    return;
  }
  d.sense = senseRange(memory, addr, d);
  if (cdbLen > 16) {
    d.scsiSummary(SCSI_CDB_LEN, cdb, cdbLen, write, NO_RANGES);
    d.problems.push(`${cmdName(cmd)} frame with a CDB of ${cdbLen} bytes; QEMU takes at most 16`);
    d.outcome = present === true ? refusedScsi(d.senseLen) : LATER_REFUSED_UNKNOWN;
    return;
  }
  const sgl = readSgl(memory, addr, addr + Body.PASS_SGL, Math.min(d.sgeCount, MAX_SGE + 1), d.flags);
  if (sgl === undefined) {
    d.scsiSummary(SCSI_SGL_UNKNOWN, cdb, cdbLen, write, NO_RANGES);
    d.outcome = LATER_IO_UNKNOWN;
    return;
  }
  d.scsiSummary(SCSI_FULL, cdb, cdbLen, write, sgl.sges);
  const problem = sglProblem(sgl, d.sgeCount, memory.readUint(addr + Hdr.DATA_LEN, 4) ?? 0);
  if (problem !== undefined) {
    if (problem.driverFault) d.problems.push(`${cmdName(cmd)} frame: ${problem.why}`);
    d.outcome = present === true ? refusedScsi(d.senseLen) : LATER_REFUSED_UNKNOWN;
    return;
  }
  pushAll(write ? d.dataOut : d.dataIn, sgl.sges);
  d.outcome = present === true ? LATER_IO_PRESENT : LATER_IO_UNKNOWN;
}

const NO_BYTES = new Uint8Array(0);

function pushAll(to: Range[], from: readonly Range[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i] as Range);
}
