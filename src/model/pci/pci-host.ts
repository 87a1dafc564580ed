// The PCI host bridge of QEMU's x86 machines (pc: i440fx, q35: MCH), as the capture sees it:
//
// - configuration mechanism #1 (QEMU hw/pci/pci_host.c): a 4-byte write to 0xcf8 latches
//   the address (bit 31 enable, bus 23..16, device 15..11, function 10..8, register 7..2);
//   any other write there is dropped; a read returns the latched value cut to the access
//   size, whatever the port. Ports 0xcfc..0xcff reach register (address | port & 3) of the
//   selected function with a 1-, 2- or 4-byte access; with the enable bit clear a read
//   returns all ones and a write is dropped. Accesses not aligned to their size are refused
//   (read 0). 0xcf9 (1 byte) is the chipset's reset control register, not the host's.
// - q35's ECAM window (PCI Express enhanced configuration): disabled after reset; enabled by
//   the MCH's PCIEXBAR register (00:00.0 offset 0x60: bit 0 enable, bits 2..1 length 256,
//   128 or 64 MiB, base in bits 35..26); bus << 20 | device << 15 | function << 12 | register.
// - functions: the machine's attached devices answer for themselves; every other function
//   (the chipset's own — host bridge, ISA bridge, IDE, ACPI — or an empty slot) is learned:
//   a function whose vendor id reads 0xffff is absent and must read all ones from then on
//   (writes to it vanish); the bytes of a present one are learned and forgotten when
//   written. Accesses to present chipset functions are counted as unmodelled.
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import type { GuestMemory } from "../guest-memory.js";
import { hex, type Reporter } from "../machine/report.js";
import { allOnes, CONFIG_ADDRESS_PORT, CONFIG_DATA_PORT, CONFIG_ENABLE, formatBdf, misaligned, RESET_CONTROL_PORT } from "./config.js";

/** A PCI function that answers configuration accesses itself (an attached device). */
export interface ConfigTarget {
  configRead(r: Reporter, memory: GuestMemory, offset: number, size: number, observed: number): void;
  configWrite(r: Reporter, memory: GuestMemory, offset: number, size: number, value: number): void;
}

/** What the host made of an access. */
export const NOT_MINE = 0;
export const MODELLED = 1;
/** Reached a function the model only learns (a chipset function): counted as unmodelled. */
export const OPAQUE = 2;
export type HostResult = typeof NOT_MINE | typeof MODELLED | typeof OPAQUE;

const HOST = "pci-host";
const MCH_BDF = 0;
const PCIEXBAR = 0x60;

/** A function the model does not model: learned bytes, or absent. */
export class ChipsetFunction {
  bytes = new Map<number, number>();
  absent = false;
  /** Configuration accesses that reached it. */
  accesses = 0;

  constructor(readonly bdf: number) {}

  get name(): string {
    return `pci ${formatBdf(this.bdf)}`;
  }

  read(r: Reporter, offset: number, size: number, observed: number): void {
    this.accesses++;
    if (this.absent) {
      if (observed >>> 0 !== allOnes(size)) {
        r.diverge(this.name, `config read at ${hex(offset)} of an absent function`, hex(observed >>> 0), hex(allOnes(size)));
        this.absent = false;
      } else return;
    }
    if (this.bytes.size === 0 && offset === 0 && size >= 2 && (observed & 0xffff) === 0xffff) {
      this.absent = true;
      return;
    }
    let mismatch = false;
    let expected = 0;
    for (let i = 0; i < size; i++) {
      const b = (observed >>> (8 * i)) & 0xff;
      const held = this.bytes.get(offset + i);
      if (held !== undefined && held !== b) mismatch = true;
      expected += (held ?? b) * 2 ** (8 * i);
      if (held === undefined) this.bytes.set(offset + i, b);
    }
    if (mismatch) r.diverge(this.name, `config ${size}-byte read at ${hex(offset)}`, hex(observed >>> 0), hex(expected));
  }

  /** `keep`: the bytes hold what was written (registers the host tracks). */
  write(offset: number, size: number, value: number, keep: boolean): void {
    this.accesses++;
    if (this.absent) return;
    for (let i = 0; i < size; i++) {
      if (keep) this.bytes.set(offset + i, (value >>> (8 * i)) & 0xff);
      else this.bytes.delete(offset + i);
    }
  }

  encode(w: StateWriter): void {
    w.u32(this.bdf).bool(this.absent).num(this.accesses);
    const bytes = [...this.bytes.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(bytes.length);
    for (const [k, v] of bytes) w.u32(k).u8(v);
  }

  static decode(r: StateReader): ChipsetFunction {
    const f = new ChipsetFunction(r.u32());
    f.absent = r.bool();
    f.accesses = r.num();
    const n = r.u32();
    for (let i = 0; i < n; i++) f.bytes.set(r.u32(), r.u8());
    return f;
  }
}

export class PciHost {
  /** The latched configuration address (QEMU's config_reg), once written or read. */
  configAddress: number | undefined;
  readonly chipset = new Map<number, ChipsetFunction>();
  /** Attached devices by BDF; the machine keeps it (not part of the state). */
  readonly attached = new Map<number, ConfigTarget>();
  /** The ECAM window PCIEXBAR enables (q35), derived from the MCH's bytes. */
  ecamBase: number | undefined;
  ecamSize = 0;

  constructor(readonly chipsetType: "pc" | "q35" | undefined) {}

  /** A port access: the host's own ports, or NOT_MINE. */
  pio(r: Reporter, memory: GuestMemory, write: boolean, port: number, size: number, value: number): HostResult {
    if (port < CONFIG_ADDRESS_PORT || port > CONFIG_DATA_PORT + 3 || port === RESET_CONTROL_PORT) return NOT_MINE;
    if (size !== 1 && size !== 2 && size !== 4) {
      r.guestError(HOST, port, value, `${size}-byte access to port ${hex(port)}; port accesses are 1, 2 or 4 bytes`);
      return MODELLED;
    }
    if (port < CONFIG_DATA_PORT) return this.addressPort(r, write, port, size, value);
    return this.dataPort(r, memory, write, port, size, value);
  }

  private addressPort(r: Reporter, write: boolean, port: number, size: number, value: number): HostResult {
    const off = port - CONFIG_ADDRESS_PORT;
    if (misaligned(off, size)) {
      r.guestError(HOST, port, write ? value : null, `${size}-byte access to port ${hex(port)} is not aligned; QEMU refuses it`);
      if (!write && value !== 0) r.diverge(HOST, `refused ${size}-byte read of port ${hex(port)}`, hex(value >>> 0), "0x0");
      return MODELLED;
    }
    if (write) {
      // Only a 4-byte write to 0xcf8 sets the address. Narrower writes are ordinary I/O the
      // bridge does not claim (PCI 3.0 §3.2.2.3.2), and QEMU drops them without a word: no
      // guest error (Linux's probe for mechanism #1 writes a byte to 0xcfb on every boot).
      if (off === 0 && size === 4) this.configAddress = value >>> 0;
      return MODELLED;
    }
    if (this.configAddress === undefined) {
      if (size === 4) this.configAddress = value >>> 0;
      return MODELLED;
    }
    const want = size === 4 ? this.configAddress : this.configAddress & allOnes(size);
    if (value >>> 0 !== want) r.diverge(HOST, `configuration address read at ${hex(port)}`, hex(value >>> 0), hex(want));
    return MODELLED;
  }

  private dataPort(r: Reporter, memory: GuestMemory, write: boolean, port: number, size: number, value: number): HostResult {
    const off = port - CONFIG_DATA_PORT;
    if (misaligned(off, size)) {
      r.guestError(HOST, port, write ? value : null, `${size}-byte access to port ${hex(port)} is not aligned; QEMU refuses it`);
      if (!write && value !== 0) r.diverge(HOST, `refused ${size}-byte read of port ${hex(port)}`, hex(value >>> 0), "0x0");
      return MODELLED;
    }
    const a = this.configAddress;
    if (a === undefined) return OPAQUE; // which function: the capture never showed the address
    if (!(a & CONFIG_ENABLE)) {
      r.guestError(HOST, port, write ? value : null, `configuration data access with the enable bit (31) of 0xcf8 clear (${hex(a)})`);
      if (!write && value >>> 0 !== allOnes(size)) {
        r.diverge(HOST, `configuration data read with the enable bit clear`, hex(value >>> 0), hex(allOnes(size)));
      }
      return MODELLED;
    }
    const reg = (a | off) & 0xff;
    const bdf = (a >>> 8) & 0xffff;
    // QEMU reads and writes no further than the end of the 256-byte space; the rest of the access is 0.
    const len = Math.min(size, 0x100 - reg);
    if (len < size && !write && value >>> (8 * len) !== 0) {
      r.diverge(HOST, `configuration read past byte 0xff`, hex(value >>> 0), `${hex(value & allOnes(len))} (nothing beyond 0xff)`);
    }
    return this.configAccess(r, memory, bdf, reg, len, write, len < 4 ? value & allOnes(len) : value);
  }

  /** A configuration access to function `bdf` (bus << 8 | devfn): from the ports, ECAM or a decoded pciConfig event. */
  configAccess(r: Reporter, memory: GuestMemory, bdf: number, offset: number, size: number, write: boolean, value: number): HostResult {
    const target = this.attached.get(bdf);
    if (target !== undefined) {
      if (write) target.configWrite(r, memory, offset, size, value);
      else target.configRead(r, memory, offset, size, value);
      return MODELLED;
    }
    let f = this.chipset.get(bdf);
    if (f === undefined) {
      f = new ChipsetFunction(bdf);
      // Functions 1..7 exist only beside a function 0 (PCI 3.0 §6.2.1).
      if ((bdf & 7) !== 0 && !this.attached.has(bdf & ~7) && this.chipset.get(bdf & ~7)?.absent) f.absent = true;
      this.chipset.set(bdf, f);
    }
    const pciexbar = this.chipsetType === "q35" && bdf === MCH_BDF && offset < PCIEXBAR + 8 && offset + size > PCIEXBAR;
    if (write) f.write(offset, size, value, pciexbar);
    else f.read(r, offset, size, value);
    if (pciexbar) this.updateEcam();
    return f.absent ? MODELLED : OPAQUE;
  }

  private updateEcam(): void {
    const f = this.chipset.get(MCH_BDF);
    const b = (i: number) => f?.bytes.get(PCIEXBAR + i);
    const lo0 = b(0);
    let base: number | undefined;
    let size = 0;
    if (lo0 !== undefined && lo0 & 1 && b(3) !== undefined) {
      const lo = (lo0 | ((b(1) ?? 0) << 8) | ((b(2) ?? 0) << 16) | ((b(3) as number) << 24)) >>> 0;
      const hi = (b(4) ?? 0) & 0xf;
      const length = (lo >> 1) & 3;
      if (length !== 3) {
        size = length === 0 ? 256 * 2 ** 20 : length === 1 ? 128 * 2 ** 20 : 64 * 2 ** 20;
        const mask = length === 0 ? 0xf000_0000 : length === 1 ? 0xf800_0000 : 0xfc00_0000;
        base = hi * 2 ** 32 + ((lo & mask) >>> 0);
      }
    }
    this.ecamBase = base;
    this.ecamSize = base === undefined ? 0 : size;
  }

  /** An MMIO access inside the ECAM window (8-byte accesses are two 4-byte ones, as QEMU splits them). */
  ecam(r: Reporter, memory: GuestMemory, addr: number, size: number, write: boolean, value: number, valueHi: number): HostResult {
    const off = addr - (this.ecamBase as number);
    if (misaligned(off, size) || (size !== 1 && size !== 2 && size !== 4 && size !== 8)) {
      r.guestError(HOST, addr, write ? value : null, `${size}-byte ECAM access at ${hex(addr)} is not aligned; refused`);
      if (!write && (value !== 0 || valueHi !== 0)) r.diverge(HOST, `refused ECAM read at ${hex(addr)}`, hex(value >>> 0), "0x0");
      return MODELLED;
    }
    if (size === 8) {
      const a = this.ecam(r, memory, addr, 4, write, value, 0);
      const b = this.ecam(r, memory, addr + 4, 4, write, valueHi, 0);
      return a === OPAQUE || b === OPAQUE ? OPAQUE : MODELLED;
    }
    // Bus, device and function are bits 27..12 of the offset (a smaller window reaches fewer buses).
    const bdf = (off >>> 12) & 0xffff;
    return this.configAccess(r, memory, bdf, off & 0xfff, size, write, value);
  }

  encode(w: StateWriter): void {
    w.optNum(this.configAddress);
    const fs = [...this.chipset.values()].sort((a, b) => a.bdf - b.bdf);
    w.u32(fs.length);
    for (const f of fs) f.encode(w);
  }

  decodeInto(r: StateReader): void {
    this.configAddress = r.optNum();
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const f = ChipsetFunction.decode(r);
      this.chipset.set(f.bdf, f);
    }
    this.updateEcam();
  }
}
