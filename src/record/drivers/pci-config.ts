// PCI configuration space through the legacy x86 mechanism: write the address to port
// 0xcf8 (enable bit 31 | bus << 16 | device << 11 | function << 8 | dword offset), then
// read or write the data at 0xcfc + (offset & 3). This is what firmware does before any
// ECAM window is set up, and the only mechanism that works without firmware on both pc
// and q35. The captures keep these as raw pio events (0xcf8/0xcfc), as the event
// vocabulary asks; the device model decodes them.
//
// On top of it: enumeration of bus 0, BAR sizing (write all ones, read the size mask,
// restore) and programming, the command register, and the capability list.
import type { DriverBus } from "./driver-bus.js";

export const PCI_VENDOR_ID = 0x00;
export const PCI_COMMAND = 0x04;
export const PCI_STATUS = 0x06;
export const PCI_HEADER_TYPE = 0x0e;
export const PCI_BAR0 = 0x10;
export const PCI_SUBSYSTEM_ID = 0x2e;
export const PCI_CAPABILITY_LIST = 0x34;
export const PCI_INTERRUPT_LINE = 0x3c;
export const PCI_INTERRUPT_PIN = 0x3d;

export const PCI_COMMAND_IO = 1 << 0;
export const PCI_COMMAND_MEMORY = 1 << 1;
export const PCI_COMMAND_MASTER = 1 << 2;
export const PCI_STATUS_CAP_LIST = 1 << 4;

export const PCI_CAP_ID_MSIX = 0x11;
export const PCI_CAP_ID_VNDR = 0x09;

const CONFIG_ADDRESS = 0xcf8;
const CONFIG_DATA = 0xcfc;

export interface PciFunction {
  /** bus << 8 | device << 3 | function */
  bdf: number;
  vendor: number;
  device: number;
}

export interface PciBar {
  index: number;
  kind: "io" | "mem32" | "mem64";
  prefetchable: boolean;
  size: number;
  /** Assigned address (after assignBars). */
  address?: number;
}

export interface PciCapability {
  id: number;
  offset: number;
}

export class PciConfig {
  constructor(private readonly bus: DriverBus) {}

  private async select(bdf: number, offset: number): Promise<void> {
    if (offset < 0 || offset > 0xff)
      throw new Error(`PciConfig: offset 0x${offset.toString(16)} is outside the 256-byte legacy config space`);
    await this.bus.outl(CONFIG_ADDRESS, (0x8000_0000 | (bdf << 8) | (offset & 0xfc)) >>> 0);
  }

  async read32(bdf: number, offset: number): Promise<number> {
    await this.select(bdf, offset);
    return this.bus.inl(CONFIG_DATA);
  }
  async read16(bdf: number, offset: number): Promise<number> {
    await this.select(bdf, offset);
    return this.bus.inw(CONFIG_DATA + (offset & 2));
  }
  async read8(bdf: number, offset: number): Promise<number> {
    await this.select(bdf, offset);
    return this.bus.inb(CONFIG_DATA + (offset & 3));
  }
  async write32(bdf: number, offset: number, value: number): Promise<void> {
    await this.select(bdf, offset);
    await this.bus.outl(CONFIG_DATA, value >>> 0);
  }
  async write16(bdf: number, offset: number, value: number): Promise<void> {
    await this.select(bdf, offset);
    await this.bus.outw(CONFIG_DATA + (offset & 2), value);
  }
  async write8(bdf: number, offset: number, value: number): Promise<void> {
    await this.select(bdf, offset);
    await this.bus.outb(CONFIG_DATA + (offset & 3), value);
  }

  /** Every function present on bus 0 (vendor id not 0xffff), in slot order. */
  async enumerateBus0(): Promise<PciFunction[]> {
    const found: PciFunction[] = [];
    for (let dev = 0; dev < 32; dev++) {
      const id0 = await this.read32(dev << 3, PCI_VENDOR_ID);
      if ((id0 & 0xffff) === 0xffff) continue;
      found.push({ bdf: dev << 3, vendor: id0 & 0xffff, device: id0 >>> 16 });
      const header = await this.read8(dev << 3, PCI_HEADER_TYPE);
      if ((header & 0x80) === 0) continue;
      for (let fn = 1; fn < 8; fn++) {
        const id = await this.read32((dev << 3) | fn, PCI_VENDOR_ID);
        if ((id & 0xffff) !== 0xffff) found.push({ bdf: (dev << 3) | fn, vendor: id & 0xffff, device: id >>> 16 });
      }
    }
    return found;
  }

  /**
   * Sizes the six BARs of a type-0 function. Decoding must be off (it is after reset):
   * each BAR is written with all ones, its size mask read back, and its value restored.
   */
  async sizeBars(bdf: number): Promise<PciBar[]> {
    const bars: PciBar[] = [];
    for (let i = 0; i < 6; i++) {
      const off = PCI_BAR0 + 4 * i;
      const orig = await this.read32(bdf, off);
      await this.write32(bdf, off, 0xffff_ffff);
      const mask = await this.read32(bdf, off);
      await this.write32(bdf, off, orig);
      if (mask === 0) continue;
      if (orig & 1 || mask & 1) {
        const size = (~(mask & 0xffff_fffc) & 0xffff) + 1;
        bars.push({ index: i, kind: "io", prefetchable: false, size });
        continue;
      }
      const type = (mask >> 1) & 3;
      const prefetchable = (mask & 8) !== 0;
      if (type === 2) {
        const hiOff = off + 4;
        const hiOrig = await this.read32(bdf, hiOff);
        await this.write32(bdf, hiOff, 0xffff_ffff);
        const hiMask = await this.read32(bdf, hiOff);
        await this.write32(bdf, hiOff, hiOrig);
        const full = (BigInt(hiMask) << 32n) | BigInt(mask & 0xffff_fff0);
        const size = Number((~full & 0xffff_ffff_ffff_ffffn) + 1n);
        bars.push({ index: i, kind: "mem64", prefetchable, size });
        i++;
      } else {
        bars.push({ index: i, kind: "mem32", prefetchable, size: (~(mask & 0xffff_fff0) >>> 0) + 1 });
      }
    }
    return bars;
  }

  /** Programs a BAR with `address` (64-bit BARs get a zero upper half: below 4 GiB). */
  async programBar(bdf: number, bar: PciBar, address: number): Promise<void> {
    const off = PCI_BAR0 + 4 * bar.index;
    await this.write32(bdf, off, address >>> 0);
    if (bar.kind === "mem64") await this.write32(bdf, off + 4, Math.floor(address / 2 ** 32));
    bar.address = address;
  }

  /** The capability list (id and offset of each), following next pointers from 0x34. */
  async capabilities(bdf: number): Promise<PciCapability[]> {
    const status = await this.read16(bdf, PCI_STATUS);
    if ((status & PCI_STATUS_CAP_LIST) === 0) return [];
    const caps: PciCapability[] = [];
    let ptr = (await this.read8(bdf, PCI_CAPABILITY_LIST)) & 0xfc;
    const seen = new Set<number>();
    while (ptr !== 0) {
      if (seen.has(ptr) || ptr < 0x40)
        throw new Error(`PCI ${bdf.toString(16)}: capability list loops or points into the header (0x${ptr.toString(16)})`);
      seen.add(ptr);
      const head = await this.read16(bdf, ptr);
      caps.push({ id: head & 0xff, offset: ptr });
      ptr = (head >> 8) & 0xfc;
    }
    return caps;
  }
}

/** A simple address allocator for BARs: I/O from 0xc000, memory below the IOAPIC. */
export class BarAllocator {
  private io = 0xc000;
  private mem = 0xfe00_0000;

  alloc(bar: PciBar): number {
    const align = Math.max(bar.size, bar.kind === "io" ? 4 : 0x1000);
    if (bar.kind === "io") {
      this.io = Math.ceil(this.io / align) * align;
      const a = this.io;
      this.io += bar.size;
      if (this.io > 0x10000) throw new Error("BarAllocator: out of I/O space");
      return a;
    }
    this.mem = Math.ceil(this.mem / align) * align;
    const a = this.mem;
    this.mem += bar.size;
    if (this.mem > 0xfec0_0000) throw new Error("BarAllocator: out of the memory window below the IOAPIC");
    return a;
  }
}
