// The configuration space of QEMU's megasas functions: the learned PCI function
// (../pci/pci-function.ts) plus the MSI capability QEMU gives them (msi_init at 0x50: one
// vector, 64-bit addresses, no per-vector mask), whose message address and data the
// driver programs and whose enable bit decides, with MSI-X, how a completion interrupts:
// QEMU's megasas_complete_frame sends MSI-X vector 0 when MSI-X is enabled, else an MSI
// when MSI is, else it raises INTx.
import { type ByteClass, PciFunction } from "../pci/pci-function.js";
import { PCI_CAP_ID_MSI } from "./mfi.js";

/** MSI capability: message control at +2 (bit 0 enable, bit 7 64-bit), address at +4 (and +8), data at +8 or +12. */
const MSI_CONTROL = 2;
const MSI_ENABLE = 0x01;
const MSI_64BIT = 0x80;

export class MegasasPciFunction extends PciFunction {
  /** MSI enable as the driver last set it (or a read showed it); 0 after reset. */
  msiEnabled = false;

  /** Offset of the MSI capability, once the capability list showed it. */
  msiCap(): number | undefined {
    return this.caps().find((c) => c.id === PCI_CAP_ID_MSI)?.offset;
  }

  private msi64(cap: number): boolean {
    const ctl = this.byte(cap + MSI_CONTROL);
    return ctl === undefined ? true : (ctl & MSI_64BIT) !== 0;
  }

  /** The message address and data bytes are written by the driver and hold what it wrote. */
  override classify(o: number): ByteClass {
    const cap = this.msiCap();
    if (cap !== undefined && o >= cap + 4 && o < cap + (this.msi64(cap) ? 14 : 10)) return "scratch";
    return super.classify(o);
  }

  /** The MSI message, when the capture showed its address and data. */
  msiMessage(): { address: number; data: number } | undefined {
    const cap = this.msiCap();
    if (cap === undefined) return undefined;
    const lo = this.value(cap + 4, 4);
    const hi = this.msi64(cap) ? this.value(cap + 8, 4) : 0;
    const data = this.value(cap + (this.msi64(cap) ? 12 : 8), 2);
    if (lo === undefined || hi === undefined || data === undefined) return undefined;
    return { address: hi * 2 ** 32 + lo, data };
  }

  /** Follows the enable bit through a configuration write (QEMU keeps the bit as written). */
  noteWrite(offset: number, size: number, value: number): void {
    const cap = this.msiCap();
    if (cap === undefined) return;
    const at = cap + MSI_CONTROL;
    if (at >= offset && at < offset + size) this.msiEnabled = ((value >>> (8 * (at - offset))) & MSI_ENABLE) !== 0;
  }

  /** A read that showed the control byte tells the enable bit. */
  noteRead(): void {
    const cap = this.msiCap();
    if (cap === undefined) return;
    const ctl = this.byte(cap + MSI_CONTROL);
    if (ctl !== undefined) this.msiEnabled = (ctl & MSI_ENABLE) !== 0;
  }
}
