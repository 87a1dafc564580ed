// One PCI function's configuration space (type-0 header), as a device model must hold it
// to answer the capture's reads:
//
// - device constants (ids, class, header type, capability list, capability contents) are
//   learned on their first read and then held — a later read that differs is a divergence,
//   and a write to them changes nothing (PCI: read-only);
// - the command register's decode, bus-master and INTx-disable bits are tracked exactly once
//   seen: a capture may start mid-life (after firmware and an earlier driver programmed the
//   function), so they are unknown from attach until a read shows them or a write sets them;
//   its other bits are device-defined and learned;
// - BARs: type bits learned, size learned from the first sizing read (all ones written, the
//   writable mask read back) and predicted after that; programming and the command
//   register decide where each BAR is decoded, which the machine's address map follows.
//   A capture that starts mid-life may never show a BAR's register or size: QEMU's own
//   report of where it placed the BAR (the pci_update_mappings_add/del trace points) then
//   places it, until the registers say more;
// - the MSI-X capability's enable and function-mask bits are tracked, likewise unknown until
//   a read, a write or a message shows them;
// - everything else (device-specific registers, capabilities the model does not know) is
//   opaque: learned, and forgotten when written, since only the device knows which bits
//   stick.
//
// Knowledge is kept per bit (`knownBits`), so a byte with tracked and device-defined bits
// (command) is checked where it is known and learned where it is not.
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import { hex, type Reporter } from "../machine/report.js";
import {
  COMMAND_TRACKED,
  Command,
  headerRegisterName,
  lowestBit,
  MSIX_CAP_SIZE,
  MSIX_CONTROL_BYTE,
  MSIX_ENABLE,
  MSIX_FLAGS,
  MSIX_MASKALL,
  MSIX_PBA,
  MSIX_TABLE,
  PCI_BAR0,
  PCI_CAP_ID_MSIX,
  PCI_CAP_ID_VNDR,
  PCI_CAPABILITY_LIST,
  PCI_COMMAND,
  PCI_CONFIG_HEADER_SIZE,
  PCI_CONFIG_SPACE_SIZE,
  PCI_INTERRUPT_LINE,
  PCI_ROM_ADDRESS,
  PCI_STATUS,
  PCIE_CONFIG_SPACE_SIZE,
  STATUS_INTERRUPT,
  STATUS_W1C,
} from "./config.js";

export type BarKind = "unknown" | "none" | "io" | "mem32" | "mem64" | "mem64hi" | "rom";
const BAR_KINDS: BarKind[] = ["unknown", "none", "io", "mem32", "mem64", "mem64hi", "rom"];

/** BARs 0..5, then the expansion ROM. */
export const ROM_SLOT = 6;
const SLOTS = 7;

export class Bar {
  kind: BarKind = "unknown";
  prefetchable = false;
  /** The bits of this 32-bit register the device lets software write, once a sizing read showed them. */
  mask: number | undefined;
  /** The register as the device holds it, when known. */
  reg: number | undefined;
  /** A value written while the mask was unknown: a sizing write lets the next read teach the mask. */
  lastWrite: number | undefined;
  /** Where QEMU reported the BAR decodes (pci_update_mappings_add), until it reported it gone (…_del). */
  placed: Placement | undefined;
  /** Derived (not encoded): where the BAR decodes now, and where it is programmed whatever the command register says. */
  mapped: number | undefined;
  programmed: number | undefined;
}

/** A BAR placement as QEMU reports it: the window and its address space. */
export interface Placement {
  base: number;
  size: number;
  io: boolean;
}

/** How a configuration byte behaves when written. */
export type ByteClass = "const" | "scratch" | "opaque" | "command" | "status" | "bar" | "msix-control";

export interface Capability {
  offset: number;
  id: number;
}

export interface MsixLayout {
  cap: number;
  /** Table size in entries, when the message control's size field is known. */
  entries: number | undefined;
  tableBar: number | undefined;
  tableOffset: number | undefined;
  pbaBar: number | undefined;
  pbaOffset: number | undefined;
}

/** What a configuration write changed, for the device that owns the function. */
export interface ConfigWriteEffects {
  /** The write covered the command register. */
  command: boolean;
  /** The MSI-X enable or mask bit was written. */
  msix: boolean;
}

const NO_EFFECTS: ConfigWriteEffects = { command: false, msix: false };

const triState = (v: boolean | undefined) => (v === undefined ? 2 : v ? 1 : 0);
const fromTriState = (v: number) => (v === 2 ? undefined : v === 1);

const barOffset = (slot: number) => (slot === ROM_SLOT ? PCI_ROM_ADDRESS : PCI_BAR0 + 4 * slot);
/** Read-only type bits of a BAR register. */
const typeMaskOf = (kind: BarKind) => (kind === "io" ? 0x3 : kind === "mem32" || kind === "mem64" ? 0xf : 0);

export class PciFunction {
  readonly cfg = new Uint8Array(PCIE_CONFIG_SPACE_SIZE);
  /** Per byte, the bits the model knows. */
  readonly knownBits = new Uint8Array(PCIE_CONFIG_SPACE_SIZE);
  readonly bars: Bar[] = Array.from({ length: SLOTS }, () => new Bar());
  /**
   * MSI-X enable and function mask, mirrored into the capability once it is found; undefined
   * until the capture shows them (the model does not assume it saw the function's reset).
   */
  msixEnabled: boolean | undefined;
  msixMasked: boolean | undefined;
  /** Called when a BAR's decoded or programmed address changes (the machine rebuilds its map). */
  onMapChange: () => void = () => {};
  private capsCache: Capability[] = [];
  private capsDirty = true;
  private msixCapCache: number | undefined;
  private layoutFor: Capability[] | undefined;
  private layoutCache: MsixLayout | undefined;

  constructor(readonly name: string) {}

  /** The command register as held; bits not known read as 0 here (see commandBit). */
  get command(): number {
    return (this.cfg[PCI_COMMAND] as number) | ((this.cfg[PCI_COMMAND + 1] as number) << 8);
  }

  /** A command register bit: set, clear, or undefined when the capture has not shown it. */
  commandBit(bit: number): boolean | undefined {
    const known = (this.knownBits[PCI_COMMAND] as number) | ((this.knownBits[PCI_COMMAND + 1] as number) << 8);
    return known & bit ? (this.command & bit) !== 0 : undefined;
  }

  /** Sets tracked command bits as the device itself does (QEMU quirks), leaving the others as they are. */
  setCommandBits(bits: number): void {
    for (let i = 0; i < 2; i++) {
      const b = (bits >> (8 * i)) & 0xff;
      this.cfg[PCI_COMMAND + i] = (this.cfg[PCI_COMMAND + i] as number) | b;
      this.knownBits[PCI_COMMAND + i] = (this.knownBits[PCI_COMMAND + i] as number) | b;
    }
    this.updateMappings();
  }

  /**
   * What the device's behaviour showed about MSI-X (a message means enabled and not
   * function-masked): taken where the model did not know, mirrored into the capability.
   */
  learnMsix(enabled: boolean, masked: boolean | undefined): void {
    if (this.msixEnabled === undefined) this.msixEnabled = enabled;
    if (this.msixMasked === undefined && masked !== undefined) this.msixMasked = masked;
    this.mirrorMsix();
  }

  /** Copies the known MSI-X bits into the capability's control byte, when the capability is known. */
  private mirrorMsix(): void {
    if (this.msixCapCache === undefined) return;
    const o = this.msixCapCache + MSIX_CONTROL_BYTE;
    let cfg = this.cfg[o] as number;
    let kb = this.knownBits[o] as number;
    if (this.msixEnabled !== undefined) {
      cfg = (cfg & ~MSIX_ENABLE) | (this.msixEnabled ? MSIX_ENABLE : 0);
      kb |= MSIX_ENABLE;
    }
    if (this.msixMasked !== undefined) {
      cfg = (cfg & ~MSIX_MASKALL) | (this.msixMasked ? MSIX_MASKALL : 0);
      kb |= MSIX_MASKALL;
    }
    this.cfg[o] = cfg;
    this.knownBits[o] = kb;
  }

  /** The capability's control byte bits, where known, into msixEnabled and msixMasked. */
  private readMsixControl(): void {
    if (this.msixCapCache === undefined) return;
    const o = this.msixCapCache + MSIX_CONTROL_BYTE;
    const kb = this.knownBits[o] as number;
    if (kb & MSIX_ENABLE) this.msixEnabled = ((this.cfg[o] as number) & MSIX_ENABLE) !== 0;
    if (kb & MSIX_MASKALL) this.msixMasked = ((this.cfg[o] as number) & MSIX_MASKALL) !== 0;
  }

  /** Byte `o`'s value when all its bits are known. */
  byte(o: number): number | undefined {
    return this.knownBits[o] === 0xff ? this.cfg[o] : undefined;
  }

  /** The little-endian value of [o, o + size) when all its bits are known. */
  value(o: number, size: number): number | undefined {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) {
      const b = this.byte(o + i);
      if (b === undefined) return undefined;
      v = v * 256 + b;
    }
    return v;
  }

  /** Forgets [o, o + size): the next read learns it again. */
  forget(o: number, size: number): void {
    for (let i = 0; i < size; i++) this.knownBits[o + i] = 0;
    if (o + size > PCI_CAPABILITY_LIST) this.capsChanged();
  }

  /**
   * The capability list's bytes changed: find it again now, not when someone next asks, so
   * that what discovery records (the MSI-X bits) does not depend on who asked when.
   */
  private capsChanged(): void {
    this.capsDirty = true;
    this.caps();
  }

  // ---- device hooks (overridden by devices that know more) ----

  /** Which values the status register's interrupt bit may have now. */
  interruptStatusAllowed(): readonly number[] {
    return [0, 1];
  }

  /** How a byte inside a vendor-specific capability at `cap` behaves, or undefined when outside it. */
  classifyVendorCap(_cap: number, rel: number): ByteClass | undefined {
    return rel < 2 ? "const" : undefined;
  }

  // ---- capabilities ----

  /** The capability list as far as the capture showed it. */
  caps(): Capability[] {
    if (!this.capsDirty) return this.capsCache;
    this.capsDirty = false;
    const out: Capability[] = [];
    const seen = new Set<number>();
    let p = this.byte(PCI_CAPABILITY_LIST);
    if (p !== undefined) p &= 0xfc;
    while (p !== undefined && p >= PCI_CONFIG_HEADER_SIZE && p < PCI_CONFIG_SPACE_SIZE && !seen.has(p)) {
      const id = this.byte(p);
      if (id === undefined) break;
      seen.add(p);
      out.push({ offset: p, id });
      const next = this.byte(p + 1);
      p = next === undefined ? undefined : next & 0xfc;
    }
    this.capsCache = out;
    const msix = out.find((c) => c.id === PCI_CAP_ID_MSIX)?.offset;
    const found = msix !== undefined && msix !== this.msixCapCache;
    this.msixCapCache = msix;
    if (found) {
      // What the capability's bytes show wins; what the model knew fills the rest.
      this.readMsixControl();
      this.mirrorMsix();
    }
    return out;
  }

  /** Where the MSI-X table and PBA are, as far as the capability was read. */
  msixLayout(): MsixLayout | undefined {
    // Every byte it depends on is in the capability list: a new list means new knowledge.
    const caps = this.caps();
    if (caps !== this.layoutFor) {
      this.layoutFor = caps;
      this.layoutCache = this.computeMsixLayout();
    }
    return this.layoutCache;
  }

  private computeMsixLayout(): MsixLayout | undefined {
    const cap = this.msixCapCache;
    if (cap === undefined) return undefined;
    const flags = this.byte(cap + MSIX_FLAGS);
    const flagsHi = this.knownBits[cap + MSIX_FLAGS + 1] as number;
    const entries =
      flags !== undefined && (flagsHi & 0x07) === 0x07 ? ((flags | (((this.cfg[cap + 3] as number) & 7) << 8)) & 0x7ff) + 1 : undefined;
    const table = this.value(cap + MSIX_TABLE, 4);
    const pba = this.value(cap + MSIX_PBA, 4);
    return {
      cap,
      entries,
      tableBar: table === undefined ? undefined : table & 7,
      tableOffset: table === undefined ? undefined : table - (table & 7),
      pbaBar: pba === undefined ? undefined : pba & 7,
      pbaOffset: pba === undefined ? undefined : pba - (pba & 7),
    };
  }

  classify(o: number): ByteClass {
    if (o < PCI_CONFIG_HEADER_SIZE) {
      if (o < 4) return "const";
      if (o < 6) return "command";
      if (o < 8) return "status";
      if (o < 0x0c) return "const";
      if (o === 0x0e) return "const";
      if (o < 0x10) return "opaque"; // cache line size, latency timer, BIST: device-defined
      if (o < 0x28) return "bar";
      if (o < 0x30) return "const";
      if (o < 0x34) return "bar";
      if (o === PCI_INTERRUPT_LINE) return "scratch";
      return "const";
    }
    if (o < PCI_CONFIG_SPACE_SIZE) {
      for (const c of this.caps()) {
        if (o === c.offset || o === c.offset + 1) return "const"; // the list itself is read-only
        if (c.id === PCI_CAP_ID_MSIX && o >= c.offset && o < c.offset + MSIX_CAP_SIZE) {
          return o === c.offset + MSIX_CONTROL_BYTE ? "msix-control" : "const";
        }
        if (c.id === PCI_CAP_ID_VNDR && o > c.offset) {
          const cls = this.classifyVendorCap(c.offset, o - c.offset);
          if (cls !== undefined) return cls;
        }
      }
    }
    return "opaque";
  }

  // ---- reads ----

  /**
   * A configuration read of `size` bytes at `offset` that returned `observed`: checked
   * where the model knows the bits, learned where it does not.
   */
  read(r: Reporter, offset: number, size: number, observed: number): void {
    let mismatch = false;
    let expected = 0;
    let capsTouched = false;
    for (let i = 0; i < size; i++) {
      const o = offset + i;
      const b = (observed >>> (8 * i)) & 0xff;
      let kb = this.knownBits[o] as number;
      if (o === PCI_STATUS) kb &= ~STATUS_INTERRUPT;
      const held = this.cfg[o] as number;
      if (((held ^ b) & kb) !== 0) mismatch = true;
      const v = (held & kb) | (b & ~kb & 0xff);
      expected += v * 2 ** (8 * i);
      if (kb !== 0xff) {
        this.cfg[o] = v;
        this.knownBits[o] = o === PCI_STATUS ? 0xff & ~STATUS_INTERRUPT : 0xff;
        if (o === PCI_CAPABILITY_LIST || o >= PCI_CONFIG_HEADER_SIZE) capsTouched = true;
      }
    }
    if (capsTouched) this.capsChanged();
    const mx = this.msixCapCache;
    if (mx !== undefined && offset <= mx + MSIX_CONTROL_BYTE && offset + size > mx + MSIX_CONTROL_BYTE) this.readMsixControl();
    if (offset <= PCI_STATUS && offset + size > PCI_STATUS) {
      const shift = 8 * (PCI_STATUS - offset);
      const bit = (observed >>> shift) & STATUS_INTERRUPT ? 1 : 0;
      const allowed = this.interruptStatusAllowed();
      if (!allowed.includes(bit)) {
        mismatch = true;
        expected += (bit ? -STATUS_INTERRUPT : STATUS_INTERRUPT) * 2 ** shift;
      }
    }
    for (let slot = 0; slot < SLOTS; slot++) {
      const at = barOffset(slot);
      if (at < offset + size && at + 4 > offset) this.learnBar(r, slot);
    }
    if (mismatch) {
      r.diverge(this.name, `config ${headerRegisterName(offset)} (${size}-byte read at ${hex(offset)})`, hex(observed), hex(expected));
    }
  }

  /** A BAR register whose four bytes are now known teaches its kind and mask. */
  private learnBar(r: Reporter, slot: number): void {
    const bar = this.bars[slot] as Bar;
    if (bar.reg !== undefined) return;
    const at = barOffset(slot);
    const value = this.value(at, 4);
    if (value === undefined) return;
    const written = bar.lastWrite;
    bar.lastWrite = undefined;
    bar.reg = value;
    if (bar.mask !== undefined) {
      this.updateMappings();
      return;
    }
    if (slot === ROM_SLOT) {
      if (written !== undefined && (written & 0xfffff800) >>> 0 === 0xfffff800) {
        bar.kind = value === 0 ? "none" : "rom";
        bar.mask = value === 0 ? 0 : ((value & 0xfffff800) | 1) >>> 0;
      }
      this.updateMappings();
      return;
    }
    const sizing = written === 0xffff_ffff;
    if (bar.kind === "mem64hi") {
      if (sizing) bar.mask = value;
      this.updateMappings();
      return;
    }
    if (bar.kind !== "unknown") {
      const typeMask = typeMaskOf(bar.kind);
      const want = this.typeBits(bar);
      if ((value & typeMask) !== want) r.diverge(this.name, `BAR${slot} type bits`, hex(value & typeMask), hex(want));
    }
    if (sizing) {
      if (value === 0) {
        bar.kind = "none";
        bar.mask = 0;
      } else if (value === 0xffff_ffff) {
        // Nothing a BAR answers to a sizing write: the upper half of a 64-bit BAR whose lower half is not known yet.
      } else if (value & 1) {
        bar.kind = "io";
        bar.mask = (value & ~0x3) >>> 0;
      } else {
        bar.kind = (value & 0x6) === 0x4 ? "mem64" : "mem32";
        bar.prefetchable = (value & 0x8) !== 0;
        bar.mask = (value & ~0xf) >>> 0;
      }
    } else if (bar.kind === "unknown") {
      if (value & 1) bar.kind = "io";
      else if ((value & 0x6) === 0x4) bar.kind = "mem64";
      else if ((value & 0xf) !== 0) bar.kind = "mem32";
      if (bar.kind === "mem32" || bar.kind === "mem64") bar.prefetchable = (value & 0x8) !== 0;
    }
    if (bar.kind === "mem64" && slot < 5) {
      const hi = this.bars[slot + 1] as Bar;
      if (hi.kind !== "mem64hi") {
        hi.kind = "mem64hi";
        hi.prefetchable = false;
      }
    }
    this.updateMappings();
  }

  private typeBits(bar: Bar): number {
    switch (bar.kind) {
      case "io":
        return 1;
      case "mem32":
        return bar.prefetchable ? 8 : 0;
      case "mem64":
        return bar.prefetchable ? 0xc : 0x4;
      case "unknown":
      case "none":
      case "mem64hi":
      case "rom":
        return 0;
    }
  }

  /** The writable bits of a BAR register, when known. */
  private writeMask(slot: number): number | undefined {
    const bar = this.bars[slot] as Bar;
    if (bar.kind === "none") return 0;
    if (bar.mask !== undefined) return bar.mask;
    if (bar.kind === "mem64hi") {
      // The upper half of a BAR below 4 GiB is fully writable.
      const lo = this.bars[slot - 1] as Bar;
      if (lo.mask !== undefined && lo.mask !== 0) return 0xffff_ffff;
    }
    return undefined;
  }

  /** A BAR's size in bytes, when known (from its mask, else from QEMU's placement report). */
  barSize(slot: number): number | undefined {
    return this.maskedSize(slot) ?? (this.bars[slot] as Bar).placed?.size;
  }

  private maskedSize(slot: number): number | undefined {
    const bar = this.bars[slot] as Bar;
    switch (bar.kind) {
      case "io":
      case "mem32":
        return bar.mask === undefined ? undefined : lowestBit(bar.mask) || undefined;
      case "rom":
        return bar.mask === undefined ? undefined : lowestBit((bar.mask & 0xfffff800) >>> 0) || undefined;
      case "mem64": {
        if (bar.mask === undefined) return undefined;
        const lo = lowestBit(bar.mask);
        if (lo !== 0) return lo;
        const hiMask = this.writeMask(slot + 1);
        return hiMask === undefined || hiMask === 0 ? undefined : lowestBit(hiMask) * 2 ** 32;
      }
      case "unknown":
      case "none":
      case "mem64hi":
        return undefined;
    }
  }

  /** The space a BAR decodes in. */
  barSpace(slot: number): "io" | "mem" | undefined {
    const bar = this.bars[slot] as Bar;
    const k = bar.kind;
    if (k === "unknown" && bar.placed !== undefined) return bar.placed.io ? "io" : "mem";
    return k === "io" ? "io" : k === "mem32" || k === "mem64" || k === "rom" ? "mem" : undefined;
  }

  /**
   * QEMU reported that BAR `slot` decodes [base, base + size) (pci_update_mappings_add), or
   * no longer decodes (placement undefined: pci_update_mappings_del). Where the capture never
   * showed the BAR's register and size, this is where it decodes.
   */
  place(slot: number, placement: Placement | undefined): void {
    const bar = this.bars[slot];
    if (bar === undefined) return;
    bar.placed = placement;
    this.updateMappings();
  }

  /** QEMU's pci_bar_address: the address a BAR decodes at, ignoring the command register; undefined when invalid. */
  private programmedAddress(slot: number): number | undefined {
    const bar = this.bars[slot] as Bar;
    const size = this.barSize(slot);
    if (size === undefined || bar.reg === undefined) return undefined;
    let addr: number;
    let limit: number;
    switch (bar.kind) {
      case "io":
      case "mem32":
        addr = (bar.reg & ~(size - 1) & ~typeMaskOf(bar.kind)) >>> 0;
        limit = 0xffff_ffff;
        break;
      case "rom":
        if (!(bar.reg & 1)) return undefined;
        addr = (bar.reg & ~(size - 1) & ~0x7ff) >>> 0;
        limit = 0xffff_ffff;
        break;
      case "mem64": {
        const hi = (this.bars[slot + 1] as Bar).reg;
        if (hi === undefined) return undefined;
        const full = hi * 2 ** 32 + ((bar.reg & ~0xf) >>> 0);
        addr = full - (full % size);
        limit = 2 ** 52;
        break;
      }
      case "unknown":
      case "none":
      case "mem64hi":
        return undefined;
    }
    const last = addr + size - 1;
    if (addr === 0 || last <= addr || last >= limit) return undefined;
    return addr;
  }

  /** Recomputes where each BAR decodes; tells the machine when anything moved. */
  updateMappings(): void {
    const io = this.commandBit(Command.IO);
    const memory = this.commandBit(Command.MEMORY);
    let changed = false;
    for (let slot = 0; slot < SLOTS; slot++) {
      const bar = this.bars[slot] as Bar;
      const fromRegister = this.programmedAddress(slot);
      // A BAR the registers do not place decodes where QEMU said it does.
      const programmed = fromRegister ?? bar.placed?.base;
      const space = this.barSpace(slot);
      // A decode bit the capture has not shown: the BAR decodes where programmed (accesses there tell).
      const enabled =
        fromRegister === undefined && bar.placed !== undefined
          ? true
          : space === "io"
            ? io !== false
            : space === "mem"
              ? memory !== false
              : false;
      const mapped = enabled ? programmed : undefined;
      if (programmed !== bar.programmed || mapped !== bar.mapped) changed = true;
      bar.programmed = programmed;
      bar.mapped = mapped;
    }
    if (changed) this.onMapChange();
  }

  // ---- writes ----

  /**
   * A configuration write (the function's own semantics); returns what it changed for the
   * owning device. A write that changes nothing (only read-only bytes) is a guest error.
   */
  write(r: Reporter, offset: number, size: number, value: number): ConfigWriteEffects {
    let effect = false;
    let command = false;
    let msix = false;
    let barSlots = 0;
    for (let i = 0; i < size; i++) {
      const o = offset + i;
      const b = (value >>> (8 * i)) & 0xff;
      const cls = this.classify(o);
      switch (cls) {
        case "const":
          break;
        case "scratch":
          this.cfg[o] = b;
          this.knownBits[o] = 0xff;
          if (o >= PCI_CONFIG_HEADER_SIZE) this.capsDirty = true;
          effect = true;
          break;
        case "opaque":
          this.knownBits[o] = 0;
          if (o === PCI_CAPABILITY_LIST || o >= PCI_CONFIG_HEADER_SIZE) this.capsDirty = true;
          effect = true;
          break;
        case "command": {
          const tracked = o === PCI_COMMAND ? COMMAND_TRACKED & 0xff : COMMAND_TRACKED >> 8;
          this.cfg[o] = ((this.cfg[o] as number) & ~tracked) | (b & tracked);
          this.knownBits[o] = tracked;
          command = true;
          effect = true;
          break;
        }
        case "status": {
          const w1c = (o === PCI_STATUS ? STATUS_W1C & 0xff : STATUS_W1C >> 8) & b;
          this.cfg[o] = (this.cfg[o] as number) & ~w1c;
          this.knownBits[o] = (this.knownBits[o] as number) | w1c;
          effect = true;
          break;
        }
        case "bar":
          barSlots |= 1 << (o >= PCI_ROM_ADDRESS ? ROM_SLOT : (o - PCI_BAR0) >> 2);
          effect = true;
          break;
        case "msix-control":
          this.cfg[o] = ((this.cfg[o] as number) & 0x3f) | (b & 0xc0);
          this.knownBits[o] = (this.knownBits[o] as number) | 0xc0;
          this.msixEnabled = (b & MSIX_ENABLE) !== 0;
          this.msixMasked = (b & MSIX_MASKALL) !== 0;
          msix = true;
          effect = true;
          break;
        default:
          return cls satisfies never;
      }
    }
    if (this.capsDirty) this.capsChanged();
    for (let slot = 0; slot < SLOTS; slot++) if (barSlots & (1 << slot)) this.writeBar(slot, offset, size, value);
    if (barSlots !== 0 || command) this.updateMappings();
    if (!effect) {
      r.guestError(this.name, offset, value, `write of read-only ${headerRegisterName(offset)} in configuration space; ignored`);
      return NO_EFFECTS;
    }
    return command || msix ? { command, msix } : NO_EFFECTS;
  }

  private writeBar(slot: number, offset: number, size: number, value: number): void {
    const bar = this.bars[slot] as Bar;
    const at = barOffset(slot);
    let raw = 0;
    let complete = true;
    for (let k = 0; k < 4; k++) {
      const o = at + k;
      let b: number | undefined;
      if (o >= offset && o < offset + size) b = (value >>> (8 * (o - offset))) & 0xff;
      else b = this.byte(o);
      if (b === undefined) complete = false;
      else raw += b * 2 ** (8 * k);
    }
    const mask = this.writeMask(slot);
    if (mask !== undefined) {
      if (complete) {
        const ro = bar.reg !== undefined ? bar.reg & ~mask : this.typeBits(bar);
        bar.reg = ((ro & ~mask) | (raw & mask)) >>> 0;
      } else {
        bar.reg = undefined;
      }
      bar.lastWrite = undefined;
    } else {
      bar.reg = undefined;
      bar.lastWrite = complete ? raw : undefined;
    }
    for (let k = 0; k < 4; k++) {
      if (bar.reg === undefined) this.knownBits[at + k] = 0;
      else {
        this.cfg[at + k] = (bar.reg >>> (8 * k)) & 0xff;
        this.knownBits[at + k] = 0xff;
      }
    }
  }

  // ---- state ----

  encode(w: StateWriter): void {
    let n = 0;
    for (let o = 0; o < PCIE_CONFIG_SPACE_SIZE; o++) if (this.knownBits[o] !== 0) n++;
    w.u32(n);
    for (let o = 0; o < PCIE_CONFIG_SPACE_SIZE; o++) {
      const kb = this.knownBits[o] as number;
      if (kb !== 0)
        w.u32(o)
          .u8(this.cfg[o] as number)
          .u8(kb);
    }
    for (const b of this.bars) {
      w.u8(BAR_KINDS.indexOf(b.kind)).bool(b.prefetchable).optNum(b.mask).optNum(b.reg).optNum(b.lastWrite);
      w.bool(b.placed !== undefined);
      if (b.placed !== undefined) w.num(b.placed.base).num(b.placed.size).bool(b.placed.io);
    }
    w.u8(triState(this.msixEnabled)).u8(triState(this.msixMasked));
  }

  decodeInto(r: StateReader): void {
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const o = r.u32();
      this.cfg[o] = r.u8();
      this.knownBits[o] = r.u8();
    }
    for (const b of this.bars) {
      b.kind = BAR_KINDS[r.u8()] ?? "unknown";
      b.prefetchable = r.bool();
      b.mask = r.optNum();
      b.reg = r.optNum();
      b.lastWrite = r.optNum();
      b.placed = r.bool() ? { base: r.num(), size: r.num(), io: r.bool() } : undefined;
    }
    this.msixEnabled = fromTriState(r.u8());
    this.msixMasked = fromTriState(r.u8());
    this.msixCapCache = undefined;
    this.capsChanged();
    this.updateMappings();
  }
}
