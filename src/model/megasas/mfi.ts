// The MegaRAID firmware interface (MFI) as QEMU 7.2's hw/scsi/megasas.c and mfi.h define
// it, for the device model: register offsets, firmware states, doorbell bits, frame
// commands and flags, frame layout offsets, DCMD opcodes and status codes, and what each
// generation of QEMU's HBA fixes (PCI ids, BAR layout, the reply-message bit of the
// outbound interrupt status). Names follow mfi.h so that a reader can grep QEMU.

/** Register names by offset in the register BAR (the I/O BAR reaches them at offset & 0xff). */
export const REG_OFFSETS = {
  0x10: "IMSG0",
  0x14: "IMSG1",
  0x18: "OMSG0",
  0x1c: "OMSG1",
  0x20: "IDB",
  0x24: "ISTS",
  0x28: "IMSK",
  0x2c: "ODB",
  0x30: "OSTS",
  0x34: "OMSK",
  0x40: "IQP",
  0x44: "OQP",
  0x9c: "ODR0",
  0xa0: "ODCR0",
  0xb0: "OSP0",
  0xb4: "OSP1",
  0xc0: "IQPL",
  0xc4: "IQPH",
  0xf8: "DIAG",
  0xfc: "SEQ",
} as const;
export type MfiReg = (typeof REG_OFFSETS)[keyof typeof REG_OFFSETS];

/** A sentence per register, for guest errors. */
export const REG_MEANING: Record<MfiReg, string> = {
  IMSG0: "inbound message 0",
  IMSG1: "inbound message 1",
  OMSG0: "outbound message 0 (the firmware state word)",
  OMSG1: "outbound message 1",
  IDB: "inbound doorbell",
  ISTS: "inbound interrupt status",
  IMSK: "inbound interrupt mask",
  ODB: "outbound doorbell",
  OSTS: "outbound interrupt status",
  OMSK: "outbound interrupt mask",
  IQP: "inbound queue port",
  OQP: "outbound queue port",
  ODR0: "outbound doorbell register 0",
  ODCR0: "outbound doorbell clear",
  OSP0: "outbound scratch pad 0 (the firmware state word)",
  OSP1: "outbound scratch pad 1",
  IQPL: "inbound queue port, low half",
  IQPH: "inbound queue port, high half",
  DIAG: "host diagnostic",
  SEQ: "reset sequencer",
};

/** Firmware states (bits 31..28 of the state word). */
export const FwState = {
  READY: 0xb,
  OPERATIONAL: 0xc,
  FAULT: 0xf,
} as const;

export function fwStateName(s: number): string {
  const names: Record<number, string> = {
    0x0: "UNDEFINED",
    0x1: "BB_INIT",
    0x4: "FW_INIT",
    0x6: "WAIT_HANDSHAKE",
    0x7: "FW_INIT_2",
    0x8: "DEVICE_SCAN",
    0x9: "BOOT_MSG_PENDING",
    0xa: "FLUSH_CACHE",
    0xb: "READY",
    0xc: "OPERATIONAL",
    0xf: "FAULT",
  };
  return names[s] ?? `0x${s.toString(16)}`;
}

/** Inbound doorbell bits (MFI_FWINIT_*). */
export const Fwinit = {
  ABORT: 0x01,
  READY: 0x02,
  MFIMODE: 0x04,
  CLEAR_HANDSHAKE: 0x08,
  HOTPLUG: 0x10,
  STOP_ADP: 0x20,
  ADP_RESET: 0x40,
} as const;

export const DIAG_WRITE_ENABLE = 0x80;
export const DIAG_RESET_ADP = 0x04;
/** The values MFI_SEQ must see, in order, before DIAG takes a reset. */
export const ADP_RESET_SEQ = [0x00, 0x04, 0x0b, 0x02, 0x07, 0x0d] as const;

/** Outbound interrupt mask value that masks everything (QEMU: anything else enables interrupts). */
export const INTR_DISABLED = 0xffff_ffff;
/** What OSTS reads while the doorbell is pending: gen1 (1078) MFI_1078_RM | 1, gen2 MFI_GEN2_RM. */
const OSTS_GEN1 = 0x8000_0001;
const OSTS_GEN2 = 0x0000_0001;

/** QEMU's firmware limits: frames in flight (MEGASAS_MAX_FRAMES) and SGEs it maps (MEGASAS_MAX_SGE). */
export const MAX_FRAMES = 2048;
export const MAX_SGE = 128;
/** QEMU maps this many bytes of a frame (MEGASAS_MAX_SGE × sizeof(union mfi_sgl)). */
export const FRAME_MAP_SIZE = 128 * 16;
/** MFI_MAX_LD: logical drives (targets) LD frames may name. */
export const MAX_LD = 64;

export const MfiCmd = {
  INIT: 0,
  LD_READ: 1,
  LD_WRITE: 2,
  LD_SCSI_IO: 3,
  PD_SCSI_IO: 4,
  DCMD: 5,
  ABORT: 6,
  SMP: 7,
  STP: 8,
} as const;

const CMD_NAMES = ["INIT", "LD READ", "LD WRITE", "LD SCSI", "PD SCSI", "DCMD", "ABORT", "SMP", "STP"] as const;
export const cmdName = (cmd: number) => CMD_NAMES[cmd] ?? `command 0x${cmd.toString(16)}`;

/** Frame header (struct mfi_frame_header) offsets. */
export const Hdr = {
  CMD: 0,
  SENSE_LEN: 1,
  CMD_STATUS: 2,
  SCSI_STATUS: 3,
  TARGET: 4,
  LUN: 5,
  CDB_LEN: 6,
  SGE_COUNT: 7,
  CONTEXT: 8,
  FLAGS: 16,
  TIMEOUT: 18,
  DATA_LEN: 20,
  SIZE: 24,
} as const;

/** Command bodies: INIT (queue info address), I/O (sense, LBA, SGL), pass-through (sense, CDB, SGL), DCMD (opcode, mbox, SGL), ABORT. */
export const Body = {
  INIT_QINFO: 0x18,
  SENSE_ADDR: 0x18,
  IO_LBA: 0x20,
  IO_SGL: 0x28,
  PASS_CDB: 0x20,
  PASS_SGL: 0x30,
  DCMD_OPCODE: 0x18,
  DCMD_MBOX: 0x1c,
  DCMD_SGL: 0x28,
  ABORT_CONTEXT: 0x18,
  ABORT_ADDR: 0x20,
} as const;

export const FrameFlag = {
  DONT_POST_IN_REPLY_QUEUE: 0x01,
  SGL64: 0x02,
  SENSE64: 0x04,
  DIR_WRITE: 0x08,
  DIR_READ: 0x10,
  IEEE_SGL: 0x20,
} as const;

/** struct mfi_init_qinfo. */
export const Qinfo = { FLAGS: 0, ENTRIES: 4, RQ_ADDR: 8, PI_ADDR: 16, CI_ADDR: 24, SIZE: 32 } as const;
export const QUEUE_FLAG_CONTEXT64 = 0x2;

export const Stat = {
  OK: 0x00,
  INVALID_CMD: 0x01,
  INVALID_DCMD: 0x02,
  INVALID_PARAMETER: 0x03,
  ABORT_NOT_POSSIBLE: 0x05,
  DEVICE_NOT_FOUND: 0x0c,
  FLASH_ALLOC_FAIL: 0x0e,
  MEMORY_NOT_AVAILABLE: 0x20,
  SCSI_DONE_WITH_ERROR: 0x2d,
  SCSI_IO_FAILED: 0x2e,
  INVALID_STATUS: 0xff,
} as const;

export function statName(s: number): string {
  for (const [k, v] of Object.entries(Stat)) if (v === s) return k;
  return `0x${s.toString(16)}`;
}

/** SCSI status bytes QEMU writes into scsi_status. */
export const ScsiStatus = { GOOD: 0x00, CHECK_CONDITION: 0x02, BUSY: 0x08 } as const;
/** megasas_write_sense builds 18 bytes of fixed-format sense. */
export const QEMU_SENSE_LEN = 18;

/** The DCMD opcodes QEMU's dcmd_cmd_tbl knows, by name. */
export const Dcmd = {
  CTRL_MFI_HOST_MEM_ALLOC: 0x0100_e100,
  CTRL_GET_INFO: 0x0101_0000,
  CTRL_GET_PROPERTIES: 0x0102_0100,
  CTRL_SET_PROPERTIES: 0x0102_0200,
  CTRL_ALARM_GET: 0x0103_0100,
  CTRL_ALARM_ENABLE: 0x0103_0200,
  CTRL_ALARM_DISABLE: 0x0103_0300,
  CTRL_ALARM_SILENCE: 0x0103_0400,
  CTRL_ALARM_TEST: 0x0103_0500,
  CTRL_EVENT_GETINFO: 0x0104_0100,
  CTRL_EVENT_GET: 0x0104_0300,
  CTRL_EVENT_WAIT: 0x0104_0500,
  CTRL_SHUTDOWN: 0x0105_0000,
  HIBERNATE_STANDBY: 0x0106_0000,
  CTRL_GET_TIME: 0x0108_0101,
  CTRL_SET_TIME: 0x0108_0102,
  CTRL_BIOS_DATA_GET: 0x010c_0100,
  CTRL_FACTORY_DEFAULTS: 0x010d_0000,
  CTRL_MFC_DEFAULTS_GET: 0x010e_0201,
  CTRL_MFC_DEFAULTS_SET: 0x010e_0202,
  CTRL_CACHE_FLUSH: 0x0110_1000,
  PD_GET_LIST: 0x0201_0000,
  PD_LIST_QUERY: 0x0201_0100,
  PD_GET_INFO: 0x0202_0000,
  PD_STATE_SET: 0x0203_0100,
  PD_REBUILD: 0x0204_0100,
  PD_BLINK: 0x0207_0100,
  PD_UNBLINK: 0x0207_0200,
  LD_GET_LIST: 0x0301_0000,
  LD_LIST_QUERY: 0x0301_0100,
  LD_GET_INFO: 0x0302_0000,
  LD_GET_PROP: 0x0303_0000,
  LD_SET_PROP: 0x0304_0000,
  LD_DELETE: 0x0309_0000,
  CFG_READ: 0x0401_0000,
  CFG_ADD: 0x0402_0000,
  CFG_CLEAR: 0x0403_0000,
  CFG_FOREIGN_READ: 0x0406_0100,
  CFG_FOREIGN_IMPORT: 0x0406_0400,
  BBU_STATUS: 0x0501_0000,
  BBU_CAPACITY_INFO: 0x0502_0000,
  BBU_DESIGN_INFO: 0x0503_0000,
  BBU_PROP_GET: 0x0505_0100,
  CLUSTER: 0x0800_0000,
  CLUSTER_RESET_ALL: 0x0801_0100,
  CLUSTER_RESET_LD: 0x0801_0200,
} as const;

const DCMD_NAMES = new Map<number, string>(Object.entries(Dcmd).map(([k, v]) => [v, k]));
export const dcmdName = (op: number) => DCMD_NAMES.get(op >>> 0);

/** Sizes QEMU checks DCMD buffers against: mfi_ctrl_info, mfi_ld_list, mfi_ctrl_props, mfi_bios_data, mfi_defaults, mfi_evt_detail. */
export const CTRL_INFO_SIZE = 0x800;
export const LD_LIST_SIZE = 8 + MAX_LD * 16;
export const PD_LIST_MIN = 8 + 24;
export const CTRL_PROPS_SIZE = 64;
export const BIOS_DATA_SIZE = 64;
export const MFC_DEFAULTS_SIZE = 64;
export const EVT_DETAIL_SIZE = 256;
export const EVT_LOG_STATE_SIZE = 20;
export const CFG_READ_MAX = 4096;

/** Offsets in struct mfi_ctrl_info QEMU computes rather than fixes, or the model checks against what it knows. */
export const CtrlInfo = {
  VENDOR: 0x00,
  DEVICE: 0x02,
  /** current_fw_time: today's date, never held. */
  FW_TIME: 0x5b4,
  MAX_CMDS: 0x5b8,
  MAX_SGE: 0x5ba,
} as const;

/** What QEMU fixes per generation (hw/scsi/megasas.c megasas_devices[]). */
export interface Generation {
  gen: 1 | 2;
  deviceId: number;
  /** BAR slots: the register MMIO BAR (64-bit), the I/O BAR, the queue BAR (64-bit, 256 KiB, reads 0). */
  mmioBar: number;
  ioBar: number;
  queueBar: number;
  osts: number;
  /** The MSI-X table and PBA (15 vectors) in the register BAR. */
  msixTable: number;
  msixPba: number;
}

export const PCI_VENDOR_LSI = 0x1000;
export const GEN1: Generation = {
  gen: 1,
  deviceId: 0x0060,
  mmioBar: 0,
  ioBar: 2,
  queueBar: 3,
  osts: OSTS_GEN1,
  msixTable: 0x2000,
  msixPba: 0x3800,
};
export const GEN2: Generation = {
  gen: 2,
  deviceId: 0x0079,
  mmioBar: 1,
  ioBar: 0,
  queueBar: 3,
  osts: OSTS_GEN2,
  msixTable: 0x2000,
  msixPba: 0x3800,
};

export function generationOf(kind: string): Generation | undefined {
  return kind === "megasas" ? GEN1 : kind === "megasas-gen2" ? GEN2 : undefined;
}

export const PCI_CAP_ID_MSI = 0x05;
