// Which interrupt line a PCI function's INTx reaches, per chipset, and the routing a
// firmware would program for it. Without firmware nothing routes PCI interrupts, so the
// driver does what SeaBIOS does, and the capture records it:
//
// - pc (i440fx + PIIX3 at 00:01.0): device slot S, pin P (1 = INTA) drives PIRQ
//   (P - 1 + S - 1) & 3 (QEMU's pci_slot_get_pirq). PIIX3 config 0x60..0x63 route PIRQA..D
//   to ISA IRQs; SeaBIOS uses 10, 10, 11, 11 and marks them level-triggered in the ELCR
//   (ports 0x4d0/0x4d1). The IOAPIC sees the ISA IRQ number on its pin of that number.
// - q35 (ICH9, LPC at 00:1f.0): QEMU's default D<slot>IR routing sends INTA..D of slot S
//   to PIRQ E..H as (P - 1 + S) % 4 + 4, and the IOAPIC sees PIRQ A..H on pins 16..23
//   whatever the PIRQ routing registers say (those only steer the 8259 path). Nothing to
//   program: the line is 16 + PIRQ.
// Either way the driver writes the line to the function's Interrupt Line register, as
// firmware does for the OS to find it.
import type { DriverBus } from "./driver-bus.js";
import { PCI_INTERRUPT_LINE, PCI_INTERRUPT_PIN, type PciConfig } from "./pci-config.js";

export type PciChipset = "pc" | "q35";

const PIIX3_BDF = 1 << 3;
const PIIX_PIRQRC = 0x60;
const SEABIOS_PIIX_IRQS = [10, 10, 11, 11];
const ELCR1 = 0x4d0;
const ELCR2 = 0x4d1;

/** Routes the function's INTx to an IOAPIC line (programming the chipset on pc); returns the line. */
export async function routeIntx(bus: DriverBus, cfg: PciConfig, chipset: PciChipset, bdf: number): Promise<number> {
  const pin = await cfg.read8(bdf, PCI_INTERRUPT_PIN);
  if (pin < 1 || pin > 4) throw new Error(`PCI function ${bdf.toString(16)} has no INTx pin (Interrupt Pin = ${pin})`);
  const slot = (bdf >> 3) & 0x1f;
  let line: number;
  if (chipset === "pc") {
    for (let i = 0; i < 4; i++) await cfg.write8(PIIX3_BDF, PIIX_PIRQRC + i, SEABIOS_PIIX_IRQS[i] as number);
    let elcr = 0;
    for (const irq of new Set(SEABIOS_PIIX_IRQS)) elcr |= 1 << irq;
    await bus.outb(ELCR1, elcr & 0xff);
    await bus.outb(ELCR2, elcr >> 8);
    line = SEABIOS_PIIX_IRQS[(pin - 1 + slot - 1) & 3] as number;
  } else {
    line = 16 + ((pin - 1 + slot) % 4) + 4;
  }
  await cfg.write8(bdf, PCI_INTERRUPT_LINE, line);
  return line;
}
