// PCI names (PCI Local Bus 3.0 §6, PCI Express 4.0 §7, MSI-X ECN): configuration header
// offsets, command and status bits, capability ids, and the configuration mechanisms of
// the x86 PCI hosts (mechanism #1 through ports 0xcf8/0xcfc, ECAM).

export const PCI_VENDOR_ID = 0x00;
export const PCI_DEVICE_ID = 0x02;
export const PCI_COMMAND = 0x04;
export const PCI_STATUS = 0x06;
export const PCI_REVISION_ID = 0x08;
export const PCI_CACHE_LINE_SIZE = 0x0c;
export const PCI_LATENCY_TIMER = 0x0d;
export const PCI_HEADER_TYPE = 0x0e;
export const PCI_BIST = 0x0f;
export const PCI_BAR0 = 0x10;
export const PCI_SUBSYSTEM_VENDOR_ID = 0x2c;
export const PCI_SUBSYSTEM_ID = 0x2e;
export const PCI_ROM_ADDRESS = 0x30;
export const PCI_CAPABILITY_LIST = 0x34;
export const PCI_INTERRUPT_LINE = 0x3c;
export const PCI_INTERRUPT_PIN = 0x3d;
/** First byte after the type-0 header: capabilities and device-specific registers. */
export const PCI_CONFIG_HEADER_SIZE = 0x40;
/** Conventional configuration space; PCI Express extends it to 4 KiB. */
export const PCI_CONFIG_SPACE_SIZE = 0x100;
export const PCIE_CONFIG_SPACE_SIZE = 0x1000;

export const Command = {
  IO: 1 << 0,
  MEMORY: 1 << 1,
  MASTER: 1 << 2,
  INTX_DISABLE: 1 << 10,
} as const;
/** The command bits the model tracks exactly; the others are device-defined and learned. */
export const COMMAND_TRACKED = Command.IO | Command.MEMORY | Command.MASTER | Command.INTX_DISABLE;

export const STATUS_INTERRUPT = 1 << 3;
export const STATUS_CAP_LIST = 1 << 4;
/** Status bits that are write-one-to-clear (error reporting). */
export const STATUS_W1C = 0xf900;

export const PCI_CAP_ID_MSIX = 0x11;
export const PCI_CAP_ID_VNDR = 0x09;

/** MSI-X capability: message control (table size − 1 in bits 10..0, bit 14 mask all, bit 15 enable), table and PBA BIR/offset. */
export const MSIX_FLAGS = 2;
export const MSIX_TABLE = 4;
export const MSIX_PBA = 8;
export const MSIX_CAP_SIZE = 12;
/** The byte of message control that holds enable (bit 7) and function mask (bit 6). */
export const MSIX_CONTROL_BYTE = 3;
export const MSIX_ENABLE = 0x80;
export const MSIX_MASKALL = 0x40;
export const MSIX_ENTRY_SIZE = 16;
/** Vector control bit 0: the vector is masked. */
export const MSIX_VECTOR_MASKED = 1;

/** Configuration mechanism #1 (x86 pc and q35). */
export const CONFIG_ADDRESS_PORT = 0xcf8;
export const CONFIG_DATA_PORT = 0xcfc;
/** The chipset's reset control register sits at 0xcf9 (PIIX3 RCR, ICH9 RST_CNT), inside the address register's ports. */
export const RESET_CONTROL_PORT = 0xcf9;
export const CONFIG_ENABLE = 0x8000_0000;

/** The PCI function at segment << 16 | bus << 8 | device << 3 | function, as "bb:dd.f". */
export function formatBdf(bdf: number): string {
  const h = (n: number, w: number) => n.toString(16).padStart(w, "0");
  const s = `${h((bdf >> 8) & 0xff, 2)}:${h((bdf >> 3) & 0x1f, 2)}.${bdf & 7}`;
  return bdf >>> 16 ? `${h(bdf >>> 16, 4)}:${s}` : s;
}

/** The all-ones value of an access of `size` bytes (1, 2 or 4). */
export const allOnes = (size: number) => (size >= 4 ? 0xffff_ffff : (1 << (8 * size)) - 1);

/** QEMU's MemoryRegionOps without `valid.unaligned`: an access not aligned to its size is refused (reads 0, writes dropped). */
export const misaligned = (offset: number, size: number) => (offset & (size - 1)) !== 0;

/** Lowest set bit of a 32-bit value (0 for 0). */
export const lowestBit = (v: number) => (v & -v) >>> 0;

const HEADER_NAMES: [number, number, string][] = [
  [0x00, 2, "vendor id"],
  [0x02, 2, "device id"],
  [0x04, 2, "command"],
  [0x06, 2, "status"],
  [0x08, 1, "revision"],
  [0x09, 3, "class code"],
  [0x0c, 1, "cache line size"],
  [0x0d, 1, "latency timer"],
  [0x0e, 1, "header type"],
  [0x0f, 1, "BIST"],
  [0x10, 4, "BAR0"],
  [0x14, 4, "BAR1"],
  [0x18, 4, "BAR2"],
  [0x1c, 4, "BAR3"],
  [0x20, 4, "BAR4"],
  [0x24, 4, "BAR5"],
  [0x28, 4, "CardBus CIS"],
  [0x2c, 2, "subsystem vendor id"],
  [0x2e, 2, "subsystem id"],
  [0x30, 4, "expansion ROM"],
  [0x34, 1, "capabilities pointer"],
  [0x35, 7, "reserved"],
  [0x3c, 1, "interrupt line"],
  [0x3d, 1, "interrupt pin"],
  [0x3e, 1, "min grant"],
  [0x3f, 1, "max latency"],
];

/** A name for the register at a type-0 header offset (or "config 0x…" beyond the header). */
export function headerRegisterName(offset: number): string {
  for (const [o, n, name] of HEADER_NAMES) if (offset >= o && offset < o + n) return offset === o ? name : `${name} (+${offset - o})`;
  return `config 0x${offset.toString(16)}`;
}
