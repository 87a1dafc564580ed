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
  | { sync: false; statuses: number[]; never?: boolean };

/** Side effects on the firmware QEMU applies when it handles the frame. */
export type FrameEffect = "init" | "shutdown" | "abort" | undefined;

export interface DecodedFrame {
  cmd: number | undefined;
  /** The context as QEMU keeps it (cut to 32 bits unless the queue is 64-bit); undefined when unknown. */
  context: number | undefined;
  target: number;
  lun: number;
  opcode: number | undefined;
  sgeCount: number;
  flags: number;
  /** cmd_status as the driver left it before posting. */
  statusBefore: number | undefined;
  senseLen: number;
  summary: string;
  /** What the device writes (data and sense) and reads. */
  dataIn: Range[];
  dataOut: Range[];
  sense: Range | undefined;
  outcome: Outcome;
  effect: FrameEffect;
  /** For INIT: the queue information address; for ABORT: the frame and context to abort. */
  qinfo?: number;
  abortFrame?: number;
  abortContext?: number;
  /** The DCMD fills a controller-info buffer (whose contents the model learns and holds). */
  ctrlInfo?: Range;
  /** Why the driver is wrong, when it is (guest errors). */
  problems: string[];
}

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

/** A DCMD by opcode: what QEMU's handler answers and how many bytes of the buffer it fills. */
function dcmd(
  op: number,
  iov: number,
  mbox0: number,
  ctx: FrameContext,
): { outcome: Outcome; fills: number; effect?: FrameEffect; known: boolean } {
  const ok = (fills: number) => ({ outcome: { sync: true as const, status: Stat.OK }, fills, known: true });
  const invalid = { outcome: { sync: true as const, status: Stat.INVALID_PARAMETER }, fills: 0, known: true };
  const needAtLeast = (n: number) => (iov < n ? invalid : ok(n));
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
      return iov < CTRL_PROPS_SIZE ? invalid : ok(0);
    case Dcmd.CTRL_EVENT_GETINFO:
      return ok(Math.min(iov, EVT_LOG_STATE_SIZE));
    case Dcmd.CTRL_GET_TIME:
      return ok(Math.min(iov, 8));
    case Dcmd.CTRL_EVENT_WAIT:
      return iov < EVT_DETAIL_SIZE ? invalid : { outcome: { sync: false, statuses: [], never: true }, fills: 0, known: true };
    case Dcmd.CTRL_SHUTDOWN:
      return { ...ok(0), effect: "shutdown" };
    case Dcmd.PD_GET_LIST:
      return iov < PD_LIST_MIN ? invalid : ok(iov);
    case Dcmd.PD_LIST_QUERY:
      return mbox0 === 0 || ctx.jbod ? (iov < PD_LIST_MIN ? invalid : ok(iov)) : ok(0);
    case Dcmd.LD_GET_LIST:
      return iov > LD_LIST_SIZE ? invalid : ok(Math.min(iov, LD_LIST_SIZE));
    case Dcmd.LD_LIST_QUERY:
      return iov < 12 ? invalid : ok(iov);
    case Dcmd.CFG_READ:
      return iov > CFG_READ_MAX ? invalid : ok(iov);
    case Dcmd.PD_GET_INFO:
    case Dcmd.LD_GET_INFO:
      // An internal INQUIRY first: completes later (or at once when the device is missing or the buffer too small).
      return {
        outcome: { sync: false, statuses: [Stat.OK, Stat.INVALID_PARAMETER, Stat.DEVICE_NOT_FOUND, Stat.FLASH_ALLOC_FAIL] },
        fills: iov,
        known: true,
      };
    default:
      // The rest of QEMU's table are dummies answering OK; an opcode outside it gets the same dummy.
      return { ...ok(0), known: dcmdName(op) !== undefined };
  }
}

/**
 * Decodes the frame the driver posted at `addr` as QEMU reads it (undefined fields where
 * the capture never showed the bytes) and predicts QEMU's answer.
 */
export function decodeFrame(memory: GuestMemory, addr: number, ctx: FrameContext): DecodedFrame {
  const b = (o: number) => memory.readUint(addr + o, 1);
  const cmd = b(Hdr.CMD);
  const rawContext = u64(memory, addr + Hdr.CONTEXT);
  const context = rawContext === undefined ? undefined : ctx.queue64 ? rawContext : rawContext % 2 ** 32;
  const target = b(Hdr.TARGET) ?? 0;
  const lun = b(Hdr.LUN) ?? 0;
  const sgeCount = b(Hdr.SGE_COUNT) ?? 0;
  const flags = memory.readUint(addr + Hdr.FLAGS, 2) ?? 0;
  const dataLen = memory.readUint(addr + Hdr.DATA_LEN, 4) ?? 0;
  const senseLen = b(Hdr.SENSE_LEN) ?? 0;
  const d: DecodedFrame = {
    cmd,
    context,
    target,
    lun,
    opcode: undefined,
    sgeCount,
    flags,
    statusBefore: b(Hdr.CMD_STATUS),
    senseLen,
    summary: "",
    dataIn: [],
    dataOut: [],
    sense: undefined,
    outcome: { sync: false, statuses: [] },
    effect: undefined,
    problems: [],
  };
  if (cmd === undefined) {
    d.summary = "a frame the capture never showed";
    return d;
  }
  const overMax = () => {
    if (ctx.maxSge !== undefined && sgeCount > ctx.maxSge)
      d.problems.push(`${cmdName(cmd)} frame with ${sgeCount} scatter-gather entries, more than the ${ctx.maxSge} the firmware announces`);
  };
  const senseRange = (): Range | undefined => {
    if (senseLen === 0) return undefined;
    const lo = memory.readUint(addr + Body.SENSE_ADDR, 4);
    const hi = flags & FrameFlag.SENSE64 ? memory.readUint(addr + Body.SENSE_ADDR + 4, 4) : 0;
    return lo === undefined || hi === undefined ? undefined : { addr: hi * 2 ** 32 + lo, len: senseLen };
  };
  switch (cmd) {
    case MfiCmd.INIT: {
      const qinfo = u64(memory, addr + Body.INIT_QINFO);
      d.qinfo = qinfo;
      d.effect = "init";
      d.summary = `INIT, queue information at ${qinfo === undefined ? "?" : hex(qinfo)}`;
      // The status depends on the queue information; the device decides it (see Megasas.init).
      d.outcome = { sync: true, status: Stat.OK };
      return d;
    }
    case MfiCmd.DCMD: {
      const op = memory.readUint(addr + Body.DCMD_OPCODE, 4);
      d.opcode = op;
      const name = op === undefined ? "?" : (dcmdName(op) ?? `unknown opcode ${hex(op)}`);
      if (op === undefined) {
        d.summary = "DCMD ?";
        return d;
      }
      if (sgeCount > 1) {
        d.summary = `DCMD ${name} with ${sgeCount} scatter-gather entries`;
        d.outcome = { sync: true, status: Stat.MEMORY_NOT_AVAILABLE };
        d.problems.push(`DCMD ${name} with ${sgeCount} scatter-gather entries; QEMU takes one and answers MEMORY_NOT_AVAILABLE`);
        return d;
      }
      let buf: Range | undefined;
      if (sgeCount === 1) {
        const sgl = readSgl(memory, addr, addr + Body.DCMD_SGL, 1, flags);
        if (sgl === undefined) {
          d.summary = `DCMD ${name}, buffer unknown`;
          return d;
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
      d.summary = `DCMD ${name}${op === undefined || dcmdName(op) === undefined ? "" : ` (${hex(op)})`}${buf ? `, ${buf.len}-byte buffer at ${hex(buf.addr)}` : ""}`;
      return d;
    }
    case MfiCmd.ABORT: {
      const actx = u64(memory, addr + Body.ABORT_CONTEXT);
      const aaddr = u64(memory, addr + Body.ABORT_ADDR);
      d.summary = `ABORT frame ${aaddr === undefined ? "?" : hex(aaddr)} (context ${actx === undefined ? "?" : hex(actx)})`;
      d.abortFrame = aaddr;
      d.abortContext = actx === undefined ? undefined : ctx.queue64 ? actx : actx % 2 ** 32;
      d.effect = "abort";
      if (aaddr === undefined || d.abortContext === undefined) {
        d.outcome = { sync: true, status: Stat.OK };
        return d;
      }
      const held = ctx.inFlightContext(aaddr);
      if (held === undefined) d.outcome = { sync: true, status: Stat.OK };
      else if (held !== "unknown" && held !== d.abortContext) d.outcome = { sync: true, status: Stat.ABORT_NOT_POSSIBLE };
      else d.outcome = { sync: true, status: Stat.OK };
      return d;
    }
    case MfiCmd.LD_READ:
    case MfiCmd.LD_WRITE: {
      const write = cmd === MfiCmd.LD_WRITE;
      const lba = u64(memory, addr + Body.IO_LBA);
      const what = `${cmdName(cmd)} target ${target} lba ${lba ?? "?"}+${dataLen}`;
      overMax();
      if (target >= MAX_LD || lun !== 0) {
        d.summary = what;
        d.outcome = { sync: true, status: Stat.DEVICE_NOT_FOUND };
        return d;
      }
      const sgl = readSgl(memory, addr, addr + Body.IO_SGL, Math.min(sgeCount, MAX_SGE + 1), flags);
      if (sgl === undefined) {
        d.summary = `${what}, scatter-gather list unknown`;
        d.outcome = { sync: false, statuses: [Stat.OK, Stat.SCSI_DONE_WITH_ERROR, Stat.DEVICE_NOT_FOUND] };
        return d;
      }
      const need = dataLen * ctx.blockSize;
      d.summary = `${what} (${need} bytes) ${write ? "from" : "into"} ${ranges(sgl.sges) || "nothing"}`;
      const present = ctx.present(target, 0);
      if (present === false) {
        d.outcome = { sync: true, status: Stat.DEVICE_NOT_FOUND };
        return d;
      }
      d.sense = senseRange();
      const problem = sglProblem(sgl, sgeCount, need);
      if (problem !== undefined) {
        if (problem.driverFault) d.problems.push(`${cmdName(cmd)} frame: ${problem.why}`);
        d.outcome =
          present === true ? refusedScsi(senseLen) : { sync: false, statuses: [Stat.SCSI_DONE_WITH_ERROR, Stat.DEVICE_NOT_FOUND] };
        return d;
      }
      (write ? d.dataOut : d.dataIn).push(...sgl.sges);
      d.outcome = {
        sync: false,
        statuses: present === true ? [Stat.OK, Stat.SCSI_DONE_WITH_ERROR] : [Stat.OK, Stat.SCSI_DONE_WITH_ERROR, Stat.DEVICE_NOT_FOUND],
      };
      return d;
    }
    case MfiCmd.LD_SCSI_IO:
    case MfiCmd.PD_SCSI_IO: {
      const cdbLen = b(Hdr.CDB_LEN) ?? 0;
      const cdb = memory.read(addr + Body.PASS_CDB, Math.min(cdbLen, 16)) ?? new Uint8Array(0);
      const what = `${cmdName(cmd)} ${target}:${lun} ${cdb.length > 0 ? describeCdb(cdb) : "CDB ?"}`;
      overMax();
      if (cmd === MfiCmd.LD_SCSI_IO && (target >= MAX_LD || lun !== 0)) {
        d.summary = what;
        d.outcome = { sync: true, status: Stat.DEVICE_NOT_FOUND };
        return d;
      }
      const present = ctx.present(target, lun);
      if (present === false) {
        d.summary = what;
        d.outcome = { sync: true, status: Stat.DEVICE_NOT_FOUND };
        return d;
      }
      d.sense = senseRange();
      if (cdbLen > 16) {
        d.summary = `${what} (CDB length ${cdbLen})`;
        d.problems.push(`${cmdName(cmd)} frame with a CDB of ${cdbLen} bytes; QEMU takes at most 16`);
        d.outcome =
          present === true ? refusedScsi(senseLen) : { sync: false, statuses: [Stat.SCSI_DONE_WITH_ERROR, Stat.DEVICE_NOT_FOUND] };
        return d;
      }
      const sgl = readSgl(memory, addr, addr + Body.PASS_SGL, Math.min(sgeCount, MAX_SGE + 1), flags);
      if (sgl === undefined) {
        d.summary = `${what}, scatter-gather list unknown`;
        d.outcome = { sync: false, statuses: [Stat.OK, Stat.SCSI_DONE_WITH_ERROR, Stat.DEVICE_NOT_FOUND] };
        return d;
      }
      const write = (flags & FrameFlag.DIR_WRITE) !== 0;
      d.summary = `${what}${sgl.sges.length ? ` ${write ? "from" : "into"} ${ranges(sgl.sges)}` : ""}`;
      const problem = sglProblem(sgl, sgeCount, dataLen);
      if (problem !== undefined) {
        if (problem.driverFault) d.problems.push(`${cmdName(cmd)} frame: ${problem.why}`);
        d.outcome =
          present === true ? refusedScsi(senseLen) : { sync: false, statuses: [Stat.SCSI_DONE_WITH_ERROR, Stat.DEVICE_NOT_FOUND] };
        return d;
      }
      (write ? d.dataOut : d.dataIn).push(...sgl.sges);
      d.outcome = {
        sync: false,
        statuses: present === true ? [Stat.OK, Stat.SCSI_DONE_WITH_ERROR] : [Stat.OK, Stat.SCSI_DONE_WITH_ERROR, Stat.DEVICE_NOT_FOUND],
      };
      return d;
    }
    default:
      d.summary = cmdName(cmd);
      d.problems.push(`frame command ${hex(cmd)} (${cmdName(cmd)}) is not one QEMU handles; it answers INVALID_CMD`);
      d.outcome = { sync: true, status: Stat.INVALID_CMD };
      return d;
  }
}
