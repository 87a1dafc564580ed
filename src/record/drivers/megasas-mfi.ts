// The MegaRAID firmware interface (MFI) as a driver speaks it, after Linux's megaraid_sas
// and QEMU's hw/scsi/mfi.h: the register offsets of the register BAR, the firmware state
// word, the 64-byte frames (a 24-byte header, then a command-specific body and the
// scatter-gather list), the queue information the INIT frame points to, and the encoders
// the reference driver (megasas.ts) builds frames with. Kept apart from the device model
// (src/model/megasas) on purpose: the driver is the model's independent witness.
import { CDB } from "./scsi-cdb.js";

/** Registers (offsets in the register BAR; the I/O BAR answers the same at offset & 0xff). */
export const MFI_REG = {
  /** Outbound message 0: the firmware state word on older parts. */
  OMSG0: 0x18,
  /** Inbound doorbell: firmware commands (abort, ready, clear handshake, …). */
  IDB: 0x20,
  /** Outbound interrupt status: the reply-message bit while the doorbell is pending. */
  OSTS: 0x30,
  /** Outbound interrupt mask: all ones masks every interrupt. */
  OMSK: 0x34,
  /** Inbound queue port: a frame address (32-byte aligned) | frame count << 1 | 1. */
  IQP: 0x40,
  /** Outbound doorbell clear: acknowledges the interrupt. */
  ODCR0: 0xa0,
  /** Outbound scratch pad 0: the firmware state word on 1078 and gen2 parts. */
  OSP0: 0xb0,
  OSP1: 0xb4,
  /** Inbound queue port, low and high halves of a 64-bit frame address (high first). */
  IQPL: 0xc0,
  IQPH: 0xc4,
} as const;

export const FW_STATE_MASK = 0xf000_0000;
export const FW_STATE_READY = 0xb000_0000;
export const FW_STATE_OPERATIONAL = 0xc000_0000;
export const FW_STATE_FAULT = 0xf000_0000;
export const FW_MAX_CMDS_MASK = 0xffff;
export const FW_MAX_SGE_SHIFT = 16;

/** Inbound doorbell bits. */
export const FWINIT_ABORT = 0x1;
export const FWINIT_READY = 0x2;
export const FWINIT_MFIMODE = 0x4;
export const FWINIT_CLEAR_HANDSHAKE = 0x8;

/** Outbound interrupt status: the reply-message bit of each generation (and Linux's enable masks). */
export const GEN1_REPLY_MESSAGE = 0x8000_0000;
export const GEN2_REPLY_MESSAGE = 0x1;
export const GEN2_ENABLE_MASK = 0x5;

export const MFI_CMD = { INIT: 0, LD_READ: 1, LD_WRITE: 2, LD_SCSI_IO: 3, PD_SCSI_IO: 4, DCMD: 5, ABORT: 6 } as const;

export const DCMD = {
  CTRL_GET_INFO: 0x0101_0000,
  CTRL_CACHE_FLUSH: 0x0110_1000,
  CTRL_SHUTDOWN: 0x0105_0000,
  PD_GET_LIST: 0x0201_0000,
  LD_GET_LIST: 0x0301_0000,
} as const;

export const FRAME_FLAG = { SGL64: 0x2, SENSE64: 0x4, DIR_WRITE: 0x8, DIR_READ: 0x10 } as const;

export const MFI_STAT_OK = 0;
/** What a driver stores in cmd_status before posting, to see the device's answer arrive. */
export const MFI_STAT_INVALID_STATUS = 0xff;

export const FRAME_SIZE = 64;
/** sizeof(struct mfi_ctrl_info), sizeof(struct mfi_ld_list), sizeof(struct mfi_init_qinfo). */
export const CTRL_INFO_SIZE = 0x800;
export const LD_LIST_SIZE = 8 + 64 * 16;
export const QINFO_SIZE = 32;
/** Offsets in struct mfi_ctrl_info. */
export const CTRL_INFO = { vendor: 0x00, device: 0x02, productName: 0x540, maxCmds: 0x5b8, maxSge: 0x5ba } as const;

export interface Sge {
  addr: number;
  len: number;
}

/** The 24-byte header every frame starts with. */
export interface FrameHeader {
  cmd: number;
  senseLen?: number;
  target?: number;
  lun?: number;
  cdbLen?: number;
  context: number;
  flags?: number;
  timeout?: number;
  dataLen?: number;
}

function header(f: FrameHeader, sges: number): Uint8Array {
  const b = new Uint8Array(FRAME_SIZE);
  const v = new DataView(b.buffer);
  v.setUint8(0, f.cmd);
  v.setUint8(1, f.senseLen ?? 0);
  v.setUint8(2, MFI_STAT_INVALID_STATUS);
  v.setUint8(3, 0);
  v.setUint8(4, f.target ?? 0);
  v.setUint8(5, f.lun ?? 0);
  v.setUint8(6, f.cdbLen ?? 0);
  v.setUint8(7, sges);
  v.setBigUint64(8, BigInt(f.context), true);
  v.setUint16(16, f.flags ?? 0, true);
  v.setUint16(18, f.timeout ?? 0, true);
  v.setUint32(20, f.dataLen ?? 0, true);
  return b;
}

/** Writes a scatter-gather list at `at`: 8-byte mfi_sg32 entries, or 12-byte mfi_sg64 ones with SGL64. */
function putSgl(b: Uint8Array, at: number, sges: readonly Sge[], sgl64: boolean): void {
  const v = new DataView(b.buffer);
  let o = at;
  for (const s of sges) {
    if (sgl64) {
      v.setBigUint64(o, BigInt(s.addr), true);
      v.setUint32(o + 8, s.len, true);
      o += 12;
    } else {
      v.setUint32(o, s.addr, true);
      v.setUint32(o + 4, s.len, true);
      o += 8;
    }
  }
  if (o > b.length) throw new Error(`megasas: ${sges.length} scatter-gather entries do not fit one 64-byte frame`);
}

/** MFI_CMD_INIT: points the firmware at the queue information. */
export function initFrame(context: number, qinfo: number): Uint8Array {
  const b = header({ cmd: MFI_CMD.INIT, context, dataLen: QINFO_SIZE }, 0);
  const v = new DataView(b.buffer);
  v.setUint32(0x18, qinfo % 2 ** 32, true);
  v.setUint32(0x1c, Math.floor(qinfo / 2 ** 32), true);
  return b;
}

/** struct mfi_init_qinfo: reply queue entries and the guest addresses of the reply queue, producer and consumer. */
export function queueInfo(entries: number, replyQueue: number, producer: number, consumer: number): Uint8Array {
  const b = new Uint8Array(QINFO_SIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0, true);
  v.setUint32(4, entries, true);
  v.setBigUint64(8, BigInt(replyQueue), true);
  v.setBigUint64(16, BigInt(producer), true);
  v.setBigUint64(24, BigInt(consumer), true);
  return b;
}

/** MFI_CMD_DCMD with one data buffer the firmware fills (or none). */
export function dcmdFrame(
  context: number,
  opcode: number,
  data: Sge | undefined,
  sgl64: boolean,
  mbox: readonly number[] = [],
): Uint8Array {
  const flags = (sgl64 ? FRAME_FLAG.SGL64 : 0) | (data ? FRAME_FLAG.DIR_READ : 0);
  const b = header({ cmd: MFI_CMD.DCMD, context, flags, dataLen: data?.len ?? 0 }, data ? 1 : 0);
  const v = new DataView(b.buffer);
  v.setUint32(0x18, opcode, true);
  mbox.forEach((m, i) => v.setUint8(0x1c + i, m));
  if (data) putSgl(b, 0x28, [data], sgl64);
  return b;
}

/** MFI_CMD_LD_READ / LD_WRITE: `count` blocks at `lba` of logical drive `target`. */
export function ldIoFrame(
  context: number,
  write: boolean,
  target: number,
  lba: number,
  count: number,
  data: readonly Sge[],
  sgl64: boolean,
  sense?: Sge,
): Uint8Array {
  const flags = (sgl64 ? FRAME_FLAG.SGL64 : 0) | (write ? FRAME_FLAG.DIR_WRITE : FRAME_FLAG.DIR_READ);
  const b = header(
    { cmd: write ? MFI_CMD.LD_WRITE : MFI_CMD.LD_READ, context, target, flags, dataLen: count, senseLen: sense?.len ?? 0 },
    data.length,
  );
  const v = new DataView(b.buffer);
  v.setUint32(0x18, sense?.addr ?? 0, true);
  v.setUint32(0x1c, 0, true);
  v.setUint32(0x20, lba % 2 ** 32, true);
  v.setUint32(0x24, Math.floor(lba / 2 ** 32), true);
  putSgl(b, 0x28, data, sgl64);
  return b;
}

/** MFI_CMD_LD_SCSI_IO / PD_SCSI_IO: a CDB for target/LUN with its data buffers and sense buffer. */
export function scsiFrame(
  context: number,
  physical: boolean,
  target: number,
  lun: number,
  cdb: readonly number[],
  data: readonly Sge[],
  write: boolean,
  sgl64: boolean,
  sense: Sge,
): Uint8Array {
  const total = data.reduce((n, s) => n + s.len, 0);
  const flags = (sgl64 ? FRAME_FLAG.SGL64 : 0) | (total === 0 ? 0 : write ? FRAME_FLAG.DIR_WRITE : FRAME_FLAG.DIR_READ);
  const cmd = physical ? MFI_CMD.PD_SCSI_IO : MFI_CMD.LD_SCSI_IO;
  const b = header({ cmd, context, target, lun, cdbLen: cdb.length, flags, dataLen: total, senseLen: sense.len }, data.length);
  const v = new DataView(b.buffer);
  v.setUint32(0x18, sense.addr, true);
  v.setUint32(0x1c, 0, true);
  b.set(cdb, 0x20);
  putSgl(b, 0x30, data, sgl64);
  return b;
}

/** READ(10) of `count` blocks at `lba`, and INQUIRY (standard data) of `len` bytes (scsi-cdb.ts). */
export const { read10, inquiry } = CDB;

/** The inbound queue port value that posts a frame (Linux: address | count << 1 | 1). */
export function queuePortValue(frame: number, extraFrames = 0): number {
  return ((frame % 2 ** 32) | (extraFrames << 1) | 1) >>> 0;
}
