// A virtio device on PCI (QEMU's VirtIOPCIProxy): one PCI function whose BARs carry the
// legacy interface (I/O BAR0, virtio 0.9.5), the modern one (vendor capabilities pointing
// into a memory BAR, virtio 1.x §4.1) or both (transitional), MSI-X (a table and PBA in a
// BAR; the config and queue vectors) and INTx. The register files are in
// ../virtio-pci-legacy and ../virtio-pci-modern; this is what they share: the virtio core,
// the configuration space, the vectors, interrupt delivery and BAR routing.
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import type { GuestMemory } from "../guest-memory.js";
import { hex, type Reporter } from "../machine/report.js";
import { allOnes, Command, misaligned, PCI_CAP_ID_VNDR, PCI_DEVICE_ID, PCI_SUBSYSTEM_ID, PCI_VENDOR_ID } from "../pci/config.js";
import { msixBarAccess, refuseAccess, splitEightByte } from "../pci/bar-access.js";
import { MsixTable } from "../pci/msix.js";
import type { ConfigTarget } from "../pci/pci-host.js";
import { type ByteClass, type Capability, PciFunction } from "../pci/pci-function.js";
import { Status } from "../virtio/constants.js";
import { VirtioCore } from "../virtio/virtio-core.js";
import { VirtioPciLegacy } from "../virtio-pci-legacy/virtio-pci-legacy.js";
import { VirtioPciModern } from "../virtio-pci-modern/virtio-pci-modern.js";

/** VIRTIO_MSI_NO_VECTOR. */
export const NO_VECTOR = 0xffff;
export const VIRTIO_PCI_VENDOR = 0x1af4;
/** PCI device ids of transitional devices (virtio 1.x §4.1.2.1), by virtio device type. */
const TRANSITIONAL_DEVICE_IDS: Record<number, number> = { 1: 0x1000, 2: 0x1001, 5: 0x1002, 3: 0x1003, 8: 0x1004, 4: 0x1005, 9: 0x1009 };
const MODERN_DEVICE_ID_BASE = 0x1040;

/** virtio_pci_cap.cfg_type. */
export const CfgType = { COMMON: 1, NOTIFY: 2, ISR: 3, DEVICE: 4, PCI: 5 } as const;

/** A virtio vendor capability as far as its bytes were read. */
export interface VirtioCap {
  cap: number;
  type: number;
  bar: number | undefined;
  offset: number | undefined;
  length: number | undefined;
  /** notify_off_multiplier (notify capability). */
  multiplier: number | undefined;
}

/** The configuration space of a virtio function: what the vendor capabilities mean. */
export class VirtioPciFunction extends PciFunction {
  private capsSeen: Capability[] | undefined;
  private virtioCapsCache: VirtioCap[] = [];

  constructor(
    name: string,
    private readonly owner: VirtioPci,
  ) {
    super(name);
  }

  override interruptStatusAllowed(): readonly number[] {
    return this.owner.intxLevels();
  }

  /**
   * struct virtio_pci_cap: cap_vndr, cap_next, cap_len, cfg_type, bar, id, padding[2],
   * offset, length (16 bytes), then notify_off_multiplier (notify) or pci_cfg_data (PCI
   * configuration access, whose bar, offset, length and data the driver writes).
   */
  override classifyVendorCap(cap: number, rel: number): ByteClass | undefined {
    const len = this.byte(cap + 2);
    const type = this.byte(cap + 3);
    const extent = len ?? (type === CfgType.NOTIFY || type === CfgType.PCI ? 20 : type !== undefined ? 16 : 4);
    if (rel >= extent) return undefined;
    if (type === CfgType.PCI && (rel === 4 || (rel >= 8 && rel < 20))) return "scratch";
    if (type === undefined && rel >= 4) return undefined;
    return "const";
  }

  /** The virtio vendor capabilities, in list order. */
  virtioCaps(): VirtioCap[] {
    const caps = this.caps();
    if (caps === this.capsSeen) return this.virtioCapsCache;
    this.capsSeen = caps;
    this.virtioCapsCache = caps.flatMap((c) => {
      if (c.id !== PCI_CAP_ID_VNDR) return [];
      const type = this.byte(c.offset + 3);
      if (type === undefined) return [];
      return [
        {
          cap: c.offset,
          type,
          bar: this.byte(c.offset + 4),
          offset: this.value(c.offset + 8, 4),
          length: this.value(c.offset + 12, 4),
          multiplier: type === CfgType.NOTIFY ? this.value(c.offset + 16, 4) : undefined,
        },
      ];
    });
    return this.virtioCapsCache;
  }

  /** The PCI configuration access capability (the first one), if known. */
  pciCfgCap(): number | undefined {
    return this.virtioCaps().find((c) => c.type === CfgType.PCI)?.cap;
  }
}

export class VirtioPci implements ConfigTarget {
  readonly core: VirtioCore;
  readonly pci: VirtioPciFunction;
  readonly msix = new MsixTable();
  readonly legacy: VirtioPciLegacy | undefined;
  readonly modern: VirtioPciModern | undefined;
  /**
   * MSI-X vector of configuration changes and of each queue (VIRTIO_MSI_NO_VECTOR when absent);
   * undefined: not known. A capture may start after a driver programmed them, so they are
   * unknown until read or written, or until the capture shows a device reset.
   */
  configVector: number | undefined = undefined;
  queueVectors = new Map<number, number | undefined>();
  /** The capture showed a device reset: queues not in queueVectors have VIRTIO_MSI_NO_VECTOR. */
  vectorsReset = false;
  /** MSI-X messages the model accepted without knowing which vector sent them. */
  unattributedMsi = 0;
  /** Accesses inside the device's BARs that the model could not place (a region it has not learned). */
  unplaced = 0;
  /** Which interface the driver has used. */
  usedLegacy = false;
  usedModern = false;
  private idsChecked = 0;

  constructor(
    readonly id: string,
    readonly kind: string,
    readonly bdf: number,
    readonly irq: number | undefined,
    deviceType: number | undefined,
    hasLegacy: boolean,
    hasModern: boolean,
  ) {
    this.core = new VirtioCore(id, deviceType);
    this.pci = new VirtioPciFunction(id, this);
    this.legacy = hasLegacy ? new VirtioPciLegacy(this) : undefined;
    this.modern = hasModern ? new VirtioPciModern(this) : undefined;
  }

  /** "virtio-pci legacy", "virtio-pci modern", or transitional with the interface the driver chose. */
  get transport(): string {
    if (this.legacy && !this.modern) return "virtio-pci legacy";
    if (this.modern && !this.legacy) return "virtio-pci modern";
    const used = this.usedModern ? " (modern driver)" : this.usedLegacy ? " (legacy driver)" : "";
    return `virtio-pci transitional${used}`;
  }

  // ---- configuration space ----

  configRead(r: Reporter, memory: GuestMemory, offset: number, size: number, observed: number): void {
    this.cfgWindowRead(r, memory, offset, size, observed);
    this.pci.read(r, offset, size, observed);
    this.checkIds(r);
  }

  configWrite(r: Reporter, memory: GuestMemory, offset: number, size: number, value: number): void {
    const eff = this.pci.write(r, offset, size, value);
    // QEMU virtio_write_config: without bus mastering the device cannot run; it drops DRIVER_OK.
    if (eff.command && this.pci.commandBit(Command.MASTER) === false) this.core.status &= ~Status.DRIVER_OK;
    if (eff.msix && this.pci.msixEnabled) this.msix.unmaskPending(this.pci.msixMasked);
    this.cfgWindowWrite(r, memory, offset, size);
  }

  /** The identity registers against the virtio specification, once the capture showed them. */
  private checkIds(r: Reporter): void {
    const type = this.core.deviceType;
    if (type === undefined) return;
    if (!(this.idsChecked & 1)) {
      const vendor = this.pci.value(PCI_VENDOR_ID, 2);
      const device = this.pci.value(PCI_DEVICE_ID, 2);
      if (vendor !== undefined && device !== undefined) {
        this.idsChecked |= 1;
        if (vendor !== VIRTIO_PCI_VENDOR) r.diverge(this.id, "PCI vendor id", hex(vendor), hex(VIRTIO_PCI_VENDOR));
        const transitional = TRANSITIONAL_DEVICE_IDS[type];
        const want = this.legacy && transitional !== undefined ? transitional : MODERN_DEVICE_ID_BASE + type;
        if (device !== want) r.diverge(this.id, "PCI device id", hex(device), `${hex(want)} (virtio device type ${type})`);
      }
    }
    if (!(this.idsChecked & 2) && this.legacy) {
      const sub = this.pci.value(PCI_SUBSYSTEM_ID, 2);
      if (sub !== undefined) {
        this.idsChecked |= 2;
        if (sub !== type) r.diverge(this.id, "PCI subsystem id", hex(sub), `${hex(type)} (legacy: the virtio device type)`);
      }
    }
  }

  /**
   * The pci_cfg_data window a config access of `size` bytes at `offset` overlaps: where the data
   * sits, the capability's length (1, 2 or 4) and offset (undefined when not known). Undefined
   * when the device is not modern, has no such capability, the access misses the data or the
   * length is not one QEMU takes.
   */
  private cfgWindow(
    offset: number,
    size: number,
  ): { modern: VirtioPciModern; data: number; len: 1 | 2 | 4; off: number | undefined } | undefined {
    const cap = this.pci.pciCfgCap();
    if (cap === undefined || !this.modern) return undefined;
    const data = cap + 16;
    if (offset >= data + 4 || offset + size <= data) return undefined;
    const len = this.pci.value(cap + 12, 4);
    const off = this.pci.value(cap + 8, 4);
    if (len !== 1 && len !== 2 && len !== 4) return undefined;
    return { modern: this.modern, data, len, off };
  }

  /**
   * The PCI configuration access capability: a read that overlaps pci_cfg_data first reads
   * `length` bytes of the modern register at `offset` into it (QEMU virtio_read_config).
   */
  private cfgWindowRead(r: Reporter, memory: GuestMemory, offset: number, size: number, observed: number): void {
    const w = this.cfgWindow(offset, size);
    if (w === undefined) return;
    const { modern, data, len, off } = w;
    if (off === undefined) {
      this.unplaced++;
      this.pci.forget(data, 4);
      return;
    }
    const at = off - (off % len);
    const covered = offset <= data && offset + size >= data + len;
    const inner = covered ? (observed >>> (8 * (data - offset))) & allOnes(len) : undefined;
    if (modern.windowAccess(r, memory, at, len, false, inner)) this.pci.forget(data, len);
  }

  /** A write that overlaps pci_cfg_data writes `length` bytes of it to the modern register at `offset` (virtio_write_config). */
  private cfgWindowWrite(r: Reporter, memory: GuestMemory, offset: number, size: number): void {
    const w = this.cfgWindow(offset, size);
    if (w === undefined) return;
    const { modern, data, len, off } = w;
    const value = this.pci.value(data, len);
    if (off === undefined || value === undefined) {
      this.unplaced++;
      return;
    }
    modern.windowAccess(r, memory, off - (off % len), len, true, value);
  }

  // ---- BARs ----

  /**
   * A register access inside BAR `slot` at `offset`. Returns false when the model cannot
   * place it (the capture never showed what lives there).
   */
  barAccess(
    r: Reporter,
    memory: GuestMemory,
    slot: number,
    offset: number,
    size: number,
    write: boolean,
    value: number,
    valueHi: number,
  ): boolean {
    if (size === 8) {
      // QEMU's regions here take at most 4 bytes: an aligned 8-byte access is two 4-byte ones.
      return splitEightByte(r, this.id, slot, offset, write, value, valueHi, (o, v) => this.barAccess(r, memory, slot, o, 4, write, v, 0));
    }
    const msix = msixBarAccess(r, this, slot, offset, size, write, value, "4- or 8-byte", (v) => this.mayBePending(v));
    if (msix !== undefined) return msix;
    if (slot === 0 && this.legacy && this.pci.barSpace(0) === "io") {
      this.usedLegacy = true;
      if (write) this.legacy.write(r, memory, offset, size, value);
      else this.legacy.read(r, memory, offset, size, value);
      return true;
    }
    if (this.modern) {
      const region = this.modern.regionAt(slot, offset);
      if (region !== undefined) {
        this.usedModern = true;
        return this.modern.access(r, memory, region, offset - (region.offset as number), size, write, value);
      }
    }
    const mx = this.pci.msixLayout();
    if (mx !== undefined && (slot === mx.tableBar || slot === mx.pbaBar) && !this.modern?.hasRegionIn(slot)) {
      // QEMU's MSI-X BAR holds only the table and the PBA: the rest is unassigned.
      return this.refuse(r, slot, offset, size, write, value, "is outside the MSI-X table and PBA");
    }
    this.unplaced++;
    return false;
  }

  /** An access QEMU refuses: a guest error, and a read returns 0. */
  refuse(r: Reporter, slot: number, offset: number, size: number, write: boolean, value: number, why: string): true {
    return refuseAccess(r, this.id, slot, offset, size, write, value, why);
  }

  // ---- vectors and interrupts ----

  /** QEMU: a vector below the table size is taken, anything else reads back as VIRTIO_MSI_NO_VECTOR. */
  acceptVector(v: number): number | undefined {
    if (v === NO_VECTOR) return NO_VECTOR;
    const entries = this.pci.msixLayout()?.entries;
    // Without the table size the model cannot tell: the next read of the register says.
    return entries === undefined ? undefined : v < entries ? v : NO_VECTOR;
  }

  queueVector(n: number): number | undefined {
    return this.queueVectors.has(n) ? this.queueVectors.get(n) : this.vectorsReset ? NO_VECTOR : undefined;
  }

  /** A vector register read: checked when the model knows the vector, learned when not. */
  readVector(r: Reporter, what: string, held: number | undefined, observed: number): number {
    const v = observed & 0xffff;
    if (held !== undefined && held !== v) r.diverge(this.id, what, hex(v), hex(held));
    return held ?? v;
  }

  /** Vectors the device is known to signal through (configuration changes and queues). */
  private vectorsInUse(): number[] {
    const out: number[] = [];
    if (this.configVector !== undefined && this.configVector !== NO_VECTOR) out.push(this.configVector);
    for (const v of this.queueVectors.values()) if (v !== undefined && v !== NO_VECTOR && !out.includes(v)) out.push(v);
    return out;
  }

  /** Whether the device may signal through vectors the model does not know (a vector register not seen). */
  private vectorsUnknown(): boolean {
    if (this.configVector === undefined || !this.vectorsReset) return true;
    for (const v of this.queueVectors.values()) if (v === undefined) return true;
    return false;
  }

  private mayBePending(v: number): boolean {
    if (!this.vectorsInUse().includes(v) && !this.vectorsUnknown()) return false;
    if (this.msix.isMasked(v, this.pci.msixMasked) === false) return false;
    return this.core.mayComplete || this.core.completedUnacknowledged || (this.core.isr & 2) !== 0 || !this.core.isrKnown;
  }

  /** The values the INTx status bit (and the line) may have: ISR bit 0, unless MSI-X is on. */
  intxLevels(): readonly number[] {
    if (this.pci.msixEnabled) return [0];
    const levels = this.core.isrAllowed().map((v) => v & 1);
    // MSI-X not shown: enabled (the line stays low) or disabled (it follows ISR bit 0).
    if (this.pci.msixEnabled === undefined) levels.push(0);
    return levels.includes(0) && levels.includes(1) ? [0, 1] : [levels[0] ?? 0];
  }

  /** The device raised its INTx line (`judge`: the line is the device's alone, so the interrupt must be one of its notifications). */
  observeIntx(r: Reporter, memory: GuestMemory, line: number | undefined, judge = true): void {
    const what = line === undefined ? "INTx" : `INTx (line ${line})`;
    let refused = true;
    if (this.pci.msixEnabled) r.diverge(this.id, what, "asserted", "no INTx: MSI-X is enabled, the device sends messages");
    else if (this.pci.commandBit(Command.INTX_DISABLE) === true)
      r.diverge(this.id, what, "asserted", "no INTx: the command register disables it");
    else refused = false;
    // A device that sends INTx has MSI-X off (QEMU: msix_enabled decides between the two).
    this.pci.learnMsix(false, undefined);
    // An interrupt the transport rules out is not judged again as a notification.
    this.core.observeInterrupt(refused || !judge ? undefined : r, memory, what);
  }

  /**
   * The device sent an MSI (address, data): it must be an unmasked vector in use. Where the
   * model does not know the MSI-X state (the capture started after the driver set it up), the
   * message is accepted and teaches it: MSI-X enabled, the function and the sending vector
   * unmasked (the vector whose entry holds this message, when the table showed one).
   */
  observeMsi(r: Reporter, memory: GuestMemory, address: number, data: number): void {
    const what = "MSI-X message";
    const sent = `${hex(data)} to ${hex(address)}`;
    if (this.pci.msixEnabled === false) {
      r.diverge(this.id, what, sent, "none: MSI-X is disabled");
      this.core.observeInterrupt(undefined, memory, what);
    } else if (this.pci.msixMasked === true) {
      r.diverge(this.id, what, sent, "none: the MSI-X function mask is set");
      this.core.observeInterrupt(undefined, memory, what);
    } else {
      this.pci.learnMsix(true, false);
      let matched: number | undefined;
      let unknown = this.vectorsUnknown();
      const known: string[] = [];
      for (const v of this.vectorsInUse()) {
        const masked = this.msix.isMasked(v, this.pci.msixMasked);
        if (masked === true) continue;
        const m = this.msix.message(v);
        if (m === undefined) unknown = true;
        else if (m.address === address && m.data === data) matched ??= v;
        else known.push(`vector ${v}: ${hex(m.data)} to ${hex(m.address)}`);
      }
      if (matched === undefined && unknown) {
        // The sender is a vector the model cannot name from what it knows: one whose entry holds this message, if any.
        const candidates = this.msix.vectorsSending(address, data).filter((v) => this.msix.isMasked(v, this.pci.msixMasked) !== true);
        if (candidates.length === 1) matched = candidates[0];
        else this.unattributedMsi++;
      }
      if (matched !== undefined) this.msix.learnUnmasked(matched);
      else if (!unknown) {
        r.diverge(this.id, what, sent, known.length ? known.join("; ") : "none: no unmasked vector is in use");
        this.core.observeInterrupt(undefined, memory, what);
        return;
      }
      if (matched !== undefined) {
        // The vector's own notifications: its queues' and, when it is the configuration vector, a configuration change.
        const v = matched;
        const source = {
          queue: (n: number) => {
            const qv = this.queueVector(n);
            return qv === undefined || qv === v;
          },
          config: this.configVector === undefined || this.configVector === v,
        };
        this.core.observeInterrupt(r, memory, what, source);
        return;
      }
      this.core.observeInterrupt(r, memory, what);
    }
  }

  /** Whether `address`/`data` is the message of one of the device's vectors (to find the sender of an MSI). */
  sendsMessage(address: number, data: number): boolean {
    for (const v of this.vectorsInUse()) {
      const m = this.msix.message(v);
      if (m !== undefined && m.address === address && m.data === data) return true;
    }
    return false;
  }

  // ---- shared virtio behaviour ----

  /** A queue notify from either interface; the device needs bus mastering to reach the rings. */
  notify(r: Reporter, memory: GuestMemory, offset: number, n: number): void {
    // Bus mastering not yet shown by the capture: the device may run (what it does next tells).
    if (this.pci.commandBit(Command.MASTER) === false) {
      r.guestError(this.id, offset, n, `notify of queue ${n} while bus mastering is off: the device cannot reach the rings`);
      const q = this.core.queues.get(n);
      if (q !== undefined && q.configured) q.lost = true;
      return;
    }
    this.core.notify(r, memory, offset, n);
  }

  /** QEMU's legacy quirk: status ACKNOWLEDGE | DRIVER turns bus mastering on (for Linux before 2.6.34). */
  forceBusMaster(r: Reporter): void {
    this.pci.setCommandBits(Command.MASTER);
  }

  /** virtio_pci_reset: the device, its vectors and the modern queue registers (not the PCI function). */
  reset(): void {
    this.core.reset();
    this.configVector = NO_VECTOR;
    this.queueVectors.clear();
    this.vectorsReset = true;
    this.modern?.reset();
  }

  // ---- state ----

  encode(w: StateWriter): void {
    w.str("virtio-pci")
      .str(this.id)
      .str(this.kind)
      .u32(this.bdf)
      .optNum(this.irq)
      .bool(this.legacy !== undefined)
      .bool(this.modern !== undefined);
    this.pci.encode(w);
    this.msix.encode(w);
    w.optNum(this.configVector);
    const qv = [...this.queueVectors.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(qv.length);
    for (const [n, v] of qv) w.u32(n).optNum(v);
    w.bool(this.vectorsReset).num(this.unattributedMsi);
    w.num(this.unplaced).bool(this.usedLegacy).bool(this.usedModern).u8(this.idsChecked);
    this.modern?.encode(w);
    this.core.encode(w);
  }

  static decode(r: StateReader): VirtioPci {
    const d = new VirtioPci(r.str(), r.str(), r.u32(), r.optNum(), undefined, r.bool(), r.bool());
    d.pci.decodeInto(r);
    d.msix.decodeInto(r);
    d.configVector = r.optNum();
    const nq = r.u32();
    for (let i = 0; i < nq; i++) d.queueVectors.set(r.u32(), r.optNum());
    d.vectorsReset = r.bool();
    d.unattributedMsi = r.num();
    d.unplaced = r.num();
    d.usedLegacy = r.bool();
    d.usedModern = r.bool();
    d.idsChecked = r.u8();
    d.modern?.decodeInto(r);
    (d as { core: VirtioCore }).core = VirtioCore.decode(r);
    return d;
  }
}
