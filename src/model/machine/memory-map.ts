// Where guest RAM is, per QEMU x86 machine type: everything else in the physical address
// space is MMIO (device registers, ROM, the PCI hole, the IOAPIC/LAPIC, ECAM). Importers
// need this to tell a qtest `writel` to RAM (a ring or descriptor store) from one to a
// device register; the machine model uses it for the same reason.
//
// QEMU's rules (hw/i386/pc_piix.c, pc_q35.c, microvm.c): RAM below 4 GiB is cut at the
// machine's low-memory limit and the rest is mapped from 4 GiB up. pc keeps the legacy
// VGA window and the BIOS/option-ROM area (0xa0000–0xfffff) out of RAM.

export type MachineType = "pc" | "q35" | "microvm";

export interface RamRange {
  /** First byte. */
  base: number;
  /** Bytes. */
  size: number;
}

const GiB = 2 ** 30;
const LEGACY_HOLE = { base: 0xa0000, end: 0x100000 };

/** The low-memory limit QEMU picks for a machine with `ram` bytes. */
function lowMemLimit(type: MachineType, ram: number): number {
  switch (type) {
    case "pc":
      return ram >= 0xe0000000 ? 0xc0000000 : 0xe0000000;
    case "q35":
      return ram >= 0xb0000000 ? 0x80000000 : 0xb0000000;
    case "microvm":
      return 0xc0000000;
  }
}

/** The RAM ranges of a machine, ascending. */
export function ramRanges(type: MachineType, ram: number): RamRange[] {
  const low = Math.min(ram, lowMemLimit(type, ram));
  const ranges: RamRange[] = [];
  if (type === "microvm") {
    ranges.push({ base: 0, size: low });
  } else {
    ranges.push({ base: 0, size: Math.min(low, LEGACY_HOLE.base) });
    if (low > LEGACY_HOLE.end) ranges.push({ base: LEGACY_HOLE.end, size: low - LEGACY_HOLE.end });
  }
  if (ram > low) ranges.push({ base: 4 * GiB, size: ram - low });
  return ranges;
}

/** A predicate: is [addr, addr + size) entirely guest RAM on this machine? */
export function ramClassifier(type: MachineType, ram: number): (addr: number, size: number) => boolean {
  const ranges = ramRanges(type, ram);
  return (addr, size) => ranges.some((r) => addr >= r.base && addr + size <= r.base + r.size);
}

export function isMachineType(s: string): s is MachineType {
  return s === "pc" || s === "q35" || s === "microvm";
}
