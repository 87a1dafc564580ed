// The machine: devices composed by address and IRQ line from topology events, guest
// memory, and what replay reports. `apply` is the reducer: it folds one event into the
// state in place and is total — unknown or impossible input becomes a guest error or a
// divergence, never an exception — and deterministic: no clock, no randomness, no
// iteration over anything unordered. `encode` gives the canonical bytes of the state.
import { StateReader, StateWriter } from "../codec/state-codec.js";
import { GuestMemory, PAGE_SIZE } from "../guest-memory.js";
import type { DecodedEvent, EventProps } from "../../schema/proto.js";
import { deviceTypeOf } from "../virtio/constants.js";
import type { VirtioCore } from "../virtio/virtio-core.js";
import { MMIO_WINDOW, VirtioMmio } from "../virtio-mmio/virtio-mmio.js";
import { Megasas } from "../megasas/megasas.js";
import { generationOf } from "../megasas/mfi.js";
import { allOnes } from "../pci/config.js";
import { MODELLED, OPAQUE, PciHost } from "../pci/pci-host.js";
import { VirtioPci } from "../virtio-pci/virtio-pci.js";
import { isMachineType, type MachineType, ramClassifier } from "./memory-map.js";
import { type Divergence, type GuestError, hex, type Reporter, sentence, type Why } from "./report.js";
import { UsedRingIndex } from "./used-ring-index.js";

/** Bump when the state encoding or the reducer's behaviour changes: old checkpoints are then ignored. */
export const MODEL_VERSION = 19;

/**
 * Guest errors and divergences kept in the state, each; beyond it they are only counted,
 * so a fuzzer's session of millions of bad accesses keeps a small state.
 */
export const MAX_REPORTS = 10_000;

const ACCESS_WRITE = 2;
const IRQ_ASSERT = 1;
const IRQ_DEASSERT = 2;
const NO_BYTES = new Uint8Array(0);

/** "interrupt (line n)" for the lines interrupts came on (made once each: every interrupt names its line). */
const LINE_NAMES = new Map<number, string>();
function lineName(line: number): string {
  let name = LINE_NAMES.get(line);
  if (name === undefined) {
    name = `interrupt (line ${line})`;
    if (LINE_NAMES.size < 256) LINE_NAMES.set(line, name);
  }
  return name;
}

/** What an interrupt targets (Machine.applyInterrupt). */
export const IRQ_NONE = 0;
export const IRQ_LINE = 1;
export const IRQ_MSI = 2;

/** A device the model knows by name but does not model (yet): it is listed, its accesses counted. */
export class OpaqueDevice {
  accesses = 0;
  constructor(
    readonly id: string,
    readonly kind: string,
    readonly base: number | undefined,
    readonly size: number,
    readonly irq: number | undefined,
  ) {}
  get core(): VirtioCore | undefined {
    return undefined;
  }
  read(): void {
    this.accesses++;
  }
  write(): void {
    this.accesses++;
  }
  encode(w: StateWriter): void {
    w.str("opaque").str(this.id).str(this.kind).optNum(this.base).num(this.size).optNum(this.irq).num(this.accesses);
  }
  static decode(r: StateReader): OpaqueDevice {
    const d = new OpaqueDevice(r.str(), r.str(), r.optNum(), r.num(), r.optNum());
    d.accesses = r.num();
    return d;
  }
}

export type Device = VirtioMmio | VirtioPci | Megasas | OpaqueDevice;

/** A device on PCI: its configuration space and BARs are routed to it. */
type PciDevice = VirtioPci | Megasas;

interface Window {
  base: number;
  end: number;
  device: VirtioMmio | OpaqueDevice;
}

/** A BAR in the address map: decoded (`enabled`), or programmed with its decoding switched off. */
interface BarWindow {
  base: number;
  end: number;
  device: PciDevice;
  slot: number;
  enabled: boolean;
}

/** Whether a virtio-pci device has the legacy and the modern interface (QEMU's disable-legacy / disable-modern). */
function virtioPciInterfaces(kind: string, a: NonNullable<EventProps["attach"]>): { legacy: boolean; modern: boolean } {
  const on = (v: string | undefined) => v === "on" || v === "true" || v === "yes";
  if (kind.endsWith("-non-transitional")) return { legacy: false, modern: true };
  const legacy = !on(prop(a, "disable-legacy"));
  const modern = !on(prop(a, "disable-modern"));
  return legacy || modern ? { legacy, modern } : { legacy: true, modern: true };
}

function prop(ev: NonNullable<EventProps["attach"]>, name: string): string | undefined {
  return ev.props?.find((p) => p.name === name)?.value ?? undefined;
}

export class Machine {
  type: MachineType | undefined;
  ramSize = 0;
  readonly memory = new GuestMemory();
  devices = new Map<string, Device>();
  private windows: Window[] = [];
  /** The virtio cores of the devices, in id order (rebuilt with the windows). */
  private cores: VirtioCore[] = [];
  private isRam: (addr: number, size: number) => boolean = () => true;
  guestErrors: GuestError[] = [];
  divergences: Divergence[] = [];
  /** Guest errors and divergences beyond MAX_REPORTS, counted only. */
  droppedGuestErrors = 0;
  droppedDivergences = 0;
  /** Events applied. */
  events = 0;
  /** Register accesses no modelled device answers (other machine devices, unassigned space). */
  unmodelled = 0;
  /** The unmodelled port accesses by port (the chipset's own devices: PIT, ELCR, reset control, …). */
  unmodelledPorts = new Map<number, number>();
  /** The PCI host of pc and q35 (configuration mechanism #1, ECAM); undefined on microvm. */
  pci: PciHost | undefined = new PciHost(undefined);
  /** The address map of the PCI devices' BARs, rebuilt when a BAR moves or decoding changes. */
  private ioBars: BarWindow[] = [];
  private memBars: BarWindow[] = [];
  private barsDirty = true;
  private pciDevices: PciDevice[] = [];
  /** The megasas HBAs: they watch guest memory they write (statuses, reply queue, data). */
  private hbas: Megasas[] = [];
  barriers = 0;
  observations = 0;
  private seq = 0;

  private readonly reporter: Reporter = {
    seq: 0,
    guestError: (
      device: string,
      offset: number | null,
      value: number | null,
      why: Why,
      a?: unknown,
      b?: unknown,
      c?: unknown,
      d?: unknown,
    ) => {
      if (this.guestErrors.length >= MAX_REPORTS) {
        this.droppedGuestErrors++;
        return;
      }
      this.guestErrors.push({ seq: this.seq, device, offset, value, why: sentence(why, a, b, c, d) });
    },
    diverge: (device, what, observed, allowed) => {
      if (this.divergences.length < MAX_REPORTS) this.divergences.push({ seq: this.seq, device, what, observed, allowed });
      else this.droppedDivergences++;
    },
    retract: (device, seq, what) => {
      for (let i = this.divergences.length - 1; i >= 0; i--) {
        const d = this.divergences[i] as Divergence;
        if (d.seq < seq) break;
        if (d.seq === seq && d.device === device && d.what === what) {
          this.divergences.splice(i, 1);
          return;
        }
      }
      if (this.droppedDivergences > 0) this.droppedDivergences--;
    },
  };

  /** What warm read (kept, so that its loads are not optimized away). */
  private warmed = 0;

  /**
   * Warms guest memory for a store at `addr` about to be applied (GuestMemory.warm): replay
   * calls it for a decoded chunk's stores before applying the chunk.
   */
  warm(addr: number): void {
    this.warmed = (this.warmed + this.memory.warm(addr)) | 0;
  }

  /** Starts event `seq`: what guest errors and divergences are reported against. */
  private begin(seq: number): void {
    this.seq = seq;
    (this.reporter as { seq: number }).seq = seq;
    this.events++;
  }

  /** Folds one event into the state. */
  apply(ev: DecodedEvent | EventProps): void {
    this.begin(ev.seq ?? this.events);
    const mm = ev.mmio;
    if (mm != null) return this.mmio(ev.agent?.device ?? undefined, mm.op ?? 0, mm.addr ?? 0, mm.size ?? 4, mm.value ?? 0, mm.valueHi ?? 0);
    const me = ev.memory;
    if (me != null)
      return this.memoryAccess(
        ev.agent?.device ?? undefined,
        me.op ?? 0,
        me.addr ?? 0,
        me.data ?? NO_BYTES,
        me.fillLength ?? 0,
        me.fillByte ?? 0,
      );
    const irq = ev.interrupt;
    if (irq != null) {
      const msi = irq.msi;
      if (msi != null) return this.interrupt(ev.agent?.device ?? undefined, irq.action ?? 0, IRQ_MSI, msi.address ?? 0, msi.data ?? 0);
      return this.interrupt(ev.agent?.device ?? undefined, irq.action ?? 0, irq.line != null ? IRQ_LINE : IRQ_NONE, irq.line ?? 0, 0);
    }
    if (ev.barrier != null) {
      this.barriers++;
      return;
    }
    const p = ev.pio;
    if (p != null) return this.pio(p.op ?? 0, p.port ?? 0, p.size ?? 1, p.value ?? 0);
    const c = ev.pciConfig;
    if (c != null) return this.pciConfig(c.op ?? 0, c.bdf ?? 0, c.offset ?? 0, c.size ?? 4, c.value ?? 0);
    if (ev.observation != null) {
      this.observations++;
      return this.observation(ev);
    }
    if (ev.attach != null) return this.attach(ev.attach);
    if (ev.detach != null) return this.detach(ev.detach.id ?? "");
    if (ev.machine != null) return this.setMachine(ev.machine.type ?? "", ev.machine.ramSize ?? 0);
  }

  // The commonest events with their fields as arguments (absent fields 0, as a decoded
  // event's defaults), for replay from a chunk's columns without an object per event:
  // `apply` of the same event does exactly the same.

  /** An MMIO access by `device` (undefined: not a device). */
  applyMmio(seq: number, device: string | undefined, op: number, addr: number, size: number, value: number, valueHi: number): void {
    this.begin(seq);
    this.mmio(device, op, addr, size, value, valueHi);
  }

  /** A guest-memory access: `data`, or `fillLength` copies of `fillByte` when fillLength > 0. */
  applyMemory(
    seq: number,
    device: string | undefined,
    op: number,
    addr: number,
    data: Uint8Array,
    fillLength: number,
    fillByte: number,
  ): void {
    this.begin(seq);
    this.memoryAccess(device, op, addr, data, fillLength, fillByte);
  }

  /** An interrupt: on a line (IRQ_LINE, a = line), a message (IRQ_MSI, a = address, b = data), or neither (IRQ_NONE). */
  applyInterrupt(seq: number, device: string | undefined, action: number, target: number, a: number, b: number): void {
    this.begin(seq);
    this.interrupt(device, action, target, a, b);
  }

  /** A port I/O access. */
  applyPio(seq: number, op: number, port: number, size: number, value: number): void {
    this.begin(seq);
    this.pio(op, port, size, value);
  }

  /** A PCI configuration access (the capture's own record of one, not the 0xcf8/0xcfc accesses). */
  applyPciConfig(seq: number, op: number, bdf: number, offset: number, size: number, value: number): void {
    this.begin(seq);
    this.pciConfig(op, bdf, offset, size, value);
  }

  applyBarrier(seq: number): void {
    this.begin(seq);
    this.barriers++;
  }

  private setMachine(type: string, ram: number): void {
    this.type = isMachineType(type) ? type : undefined;
    this.ramSize = ram;
    this.isRam = this.type !== undefined && ram > 0 ? ramClassifier(this.type, ram) : () => true;
    const chipset = this.type === "pc" || this.type === "q35" ? this.type : undefined;
    if (this.type === "microvm" ? this.pci !== undefined : this.pci?.chipsetType !== chipset) {
      this.pci = this.type === "microvm" ? undefined : new PciHost(chipset);
      this.rebuildPci();
    }
  }

  private attach(a: NonNullable<EventProps["attach"]>): void {
    const id = a.id ?? "";
    const kind = a.kind ?? "";
    if (this.devices.has(id)) {
      this.reporter.guestError(id, null, null, `device ${id} attached twice; the second attach replaces the first`);
      this.detach(id);
    }
    const irq = a.irq ?? undefined;
    const hba = generationOf(kind);
    let device: Device;
    if (a.mmioBase != null && (kind === "virtio-mmio" || /^virtio-.*-device$/.test(kind))) {
      const backend = kind === "virtio-mmio" ? (prop(a, "backend") ?? "") : kind;
      const forceLegacy = prop(a, "force-legacy");
      const versionProp = prop(a, "version");
      const version =
        versionProp === "1" || forceLegacy === "true" || forceLegacy === "on"
          ? 1
          : versionProp === "2" || forceLegacy === "false" || forceLegacy === "off"
            ? 2
            : undefined;
      device = new VirtioMmio(id, a.mmioBase, irq, deviceTypeOf(backend), version);
    } else if (a.pciBdf != null && /^virtio-[a-z0-9-]+-pci(-transitional|-non-transitional)?$/.test(kind)) {
      const { legacy, modern } = virtioPciInterfaces(kind, a);
      device = new VirtioPci(id, kind, a.pciBdf, irq, deviceTypeOf(kind), legacy, modern);
    } else if (a.pciBdf != null && hba !== undefined) {
      const jbod = prop(a, "use_jbod");
      device = new Megasas(id, kind, a.pciBdf, irq, hba, jbod === "on" || jbod === "true");
    } else {
      device = new OpaqueDevice(id, kind, a.mmioBase ?? undefined, a.mmioSize ?? 0, irq);
    }
    this.devices.set(id, device);
    this.rebuildWindows();
  }

  private detach(id: string): void {
    if (!this.devices.delete(id)) this.reporter.guestError(id, null, null, `detach of ${id}, which is not attached`);
    this.rebuildWindows();
  }

  private rebuildWindows(): void {
    this.windows = [];
    for (const d of [...this.devices.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (d instanceof VirtioMmio) this.windows.push({ base: d.base, end: d.base + MMIO_WINDOW, device: d });
      else if (d instanceof OpaqueDevice && d.base !== undefined && d.size > 0)
        this.windows.push({ base: d.base, end: d.base + d.size, device: d });
    }
    this.windows.sort((a, b) => a.base - b.base);
    this.cores = [...this.devices.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .flatMap((d) => (d.core === undefined ? [] : [d.core]));
    this.usedRings.clear();
    this.cores.forEach((core, order) => {
      core.onLayout = (q) => this.usedRings.update(core, order, q);
      for (const q of core.queueList) this.usedRings.update(core, order, q);
    });
    this.rebuildPci();
  }

  /** The PCI side of the topology: which functions the host routes to devices; the BAR map is rebuilt on next use. */
  private rebuildPci(): void {
    this.pciDevices = [];
    this.hbas = [];
    this.pci?.attached.clear();
    for (const d of [...this.devices.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (!(d instanceof VirtioPci || d instanceof Megasas)) continue;
      this.pciDevices.push(d);
      if (d instanceof Megasas) this.hbas.push(d);
      d.pci.onMapChange = this.invalidateBars;
      if (this.pci !== undefined && !this.pci.attached.has(d.bdf)) this.pci.attached.set(d.bdf, d);
    }
    this.barsDirty = true;
  }

  private readonly invalidateBars = () => {
    this.barsDirty = true;
  };

  /** The BAR address map, from every PCI device's decoded and programmed BARs. */
  private rebuildBars(): void {
    this.barsDirty = false;
    this.ioBars = [];
    this.memBars = [];
    for (const d of this.pciDevices) {
      for (let slot = 0; slot < d.pci.bars.length; slot++) {
        const bar = d.pci.bars[slot] as (typeof d.pci.bars)[number];
        const size = d.pci.barSize(slot);
        if (bar.programmed === undefined || size === undefined) continue;
        const w = { base: bar.programmed, end: bar.programmed + size, device: d, slot, enabled: bar.mapped !== undefined };
        (d.pci.barSpace(slot) === "io" ? this.ioBars : this.memBars).push(w);
      }
    }
    // Decoded BARs first: a programmed but disabled range never hides a decoded one.
    const order = (a: BarWindow, b: BarWindow) => Number(b.enabled) - Number(a.enabled) || a.base - b.base;
    this.ioBars.sort(order);
    this.memBars.sort(order);
  }

  private barAt(io: boolean, addr: number): BarWindow | undefined {
    if (this.barsDirty) this.rebuildBars();
    const bars = io ? this.ioBars : this.memBars;
    for (let i = 0; i < bars.length; i++) {
      const b = bars[i] as BarWindow;
      if (addr >= b.base && addr < b.end) return b;
    }
    return undefined;
  }

  private deviceAt(addr: number): Window | undefined {
    for (const w of this.windows) if (addr >= w.base && addr < w.end) return w;
    return undefined;
  }

  /**
   * A device's own report. pci_update_mappings_add/del (QEMU placing or removing a BAR) place
   * the BAR for a function whose registers the capture never showed; a megasas HBA takes its
   * own points (see Megasas.observe).
   */
  private observation(ev: EventProps): void {
    const o = ev.observation as NonNullable<EventProps["observation"]>;
    const d = ev.agent?.device != null ? this.devices.get(ev.agent.device) : undefined;
    const name = o.name ?? "";
    // virtio trace points are checked against the virtio core (virtio/trace-points.ts).
    if (d instanceof VirtioMmio || (d instanceof VirtioPci && !name.startsWith("pci_"))) {
      d.core.observe(this.reporter, this.memory, name, o.args);
      return;
    }
    if (!(d instanceof VirtioPci || d instanceof Megasas)) return;
    const arg = (n: string) => o.args?.find((a) => a.name === n);
    if (name === "pci_update_mappings_add" || name === "pci_update_mappings_del") {
      const bar = arg("bar")?.int;
      const base = arg("addr")?.uint;
      const size = arg("size")?.uint;
      if (bar == null || base == null || size == null || !(size > 0)) return;
      // The space is the BAR's when known; else, as on every x86 machine, a window below 64 KiB is I/O.
      const io = d.pci.barSpace(bar) === undefined ? base + size <= 0x1_0000 : d.pci.barSpace(bar) === "io";
      d.pci.place(bar, name.endsWith("add") ? { base, size, io } : undefined);
      return;
    }
    if (d instanceof Megasas && name.startsWith("megasas_")) d.observe(this.reporter, this.memory, name, o.args ?? []);
  }

  private pio(op: number, port: number, size: number, value: number): void {
    const write = op === ACCESS_WRITE;
    const host = this.pci;
    if (host !== undefined) {
      const res = host.pio(this.reporter, this.memory, write, port, size, value);
      if (res === MODELLED) return;
      if (res === OPAQUE) {
        this.unmodelled++;
        return;
      }
    }
    const b = this.barAt(true, port);
    if (b !== undefined) {
      if (!b.enabled) return this.disabledBar(b, port, size, write, value, 0xffff_ffff);
      if (!b.device.barAccess(this.reporter, this.memory, b.slot, port - b.base, size, write, value, 0)) this.unmodelled++;
      return;
    }
    this.unmodelled++;
    this.unmodelledPorts.set(port, (this.unmodelledPorts.get(port) ?? 0) + 1);
  }

  /** An access to where a BAR is programmed while its decoding is off: nothing answers (ports read all ones, memory 0). */
  private disabledBar(b: BarWindow, addr: number, size: number, write: boolean, value: number, unassigned: number): void {
    const space = b.device.pci.barSpace(b.slot) === "io" ? "I/O" : "memory";
    const why = `${space} access to BAR${b.slot} at ${hex(addr)} while the command register has ${space} decoding off; nothing answers`;
    this.reporter.guestError(b.device.id, addr, write ? value : null, why);
    const want = (unassigned & allOnes(Math.min(size, 4))) >>> 0;
    if (!write && value >>> 0 !== want)
      this.reporter.diverge(b.device.id, `read of disabled BAR${b.slot} at ${hex(addr)}`, hex(value >>> 0), hex(want));
  }

  private pciConfig(op: number, bdf: number, offset: number, size: number, value: number): void {
    const host = this.pci;
    if (host === undefined || bdf >>> 16 !== 0) {
      this.unmodelled++;
      return;
    }
    const res = host.configAccess(this.reporter, this.memory, bdf & 0xffff, offset, size, op === ACCESS_WRITE, value);
    if (res !== MODELLED) this.unmodelled++;
  }

  private mmio(device: string | undefined, op: number, addr: number, size: number, value: number, valueHi: number): void {
    const w = this.deviceAt(addr);
    if (w === undefined) {
      // A register-sized access to guest RAM (a source that could not tell RAM from MMIO).
      if (this.type !== undefined && this.isRam(addr, size)) {
        const data = new Uint8Array(size);
        for (let i = 0; i < size; i++) data[i] = i < 4 ? (value >>> (8 * i)) & 0xff : (valueHi >>> (8 * (i - 4))) & 0xff;
        this.memoryAccess(device, op, addr, data, 0, 0);
        return;
      }
      const write = op === ACCESS_WRITE;
      const b = this.barAt(false, addr);
      if (b !== undefined) {
        if (!b.enabled) return this.disabledBar(b, addr, size, write, value, 0);
        if (!b.device.barAccess(this.reporter, this.memory, b.slot, addr - b.base, size, write, value, valueHi)) this.unmodelled++;
        return;
      }
      const host = this.pci;
      if (host?.ecamBase !== undefined && addr >= host.ecamBase && addr < host.ecamBase + host.ecamSize) {
        if (host.ecam(this.reporter, this.memory, addr, size, write, value, valueHi) !== MODELLED) this.unmodelled++;
        return;
      }
      this.unmodelled++;
      return;
    }
    if (op === ACCESS_WRITE) w.device.write(this.reporter, this.memory, addr - w.base, size, value);
    else w.device.read(this.reporter, this.memory, addr - w.base, size, value);
  }

  private readonly usedRings = new UsedRingIndex();

  /** The queue whose used ring [addr, addr + len) touches, if any. */
  private usedRingAt(addr: number, len: number): { core: VirtioCore; index: number } | undefined {
    return this.usedRings.find(addr, len);
  }

  private memoryAccess(device: string | undefined, op: number, addr: number, bytes: Uint8Array, fill: number, fillByte: number): void {
    const byDevice = device !== undefined;
    for (let i = 0; i < this.hbas.length; i++) {
      const h = this.hbas[i] as Megasas;
      const len = fill > 0 ? fill : bytes.length;
      if (!h.claims(addr, len, byDevice)) continue;
      h.observeMemory(
        this.reporter,
        this.memory,
        op === ACCESS_WRITE,
        addr,
        fill > 0 ? new Uint8Array(fill).fill(fillByte) : bytes,
        byDevice,
      );
    }
    const write = op === ACCESS_WRITE;
    if (fill > 0 && write) {
      const ring = this.usedRingAt(addr, fill);
      const avail = this.usedRings.avail;
      if (ring === undefined) {
        if (avail !== undefined && !byDevice)
          avail.core.driverWroteAvail(this.reporter, this.memory, avail.index, addr, fill, null, fillByte);
        this.memory.fill(addr, fill, fillByte);
        return;
      }
    }
    const data = fill > 0 ? new Uint8Array(fill).fill(fillByte) : bytes;
    const ring = this.usedRingAt(addr, data.length);
    if (write) {
      const avail = this.usedRings.avail;
      if (avail !== undefined && !byDevice)
        avail.core.driverWroteAvail(this.reporter, this.memory, avail.index, addr, data.length, data, 0);
      if (ring !== undefined) {
        if (byDevice) {
          ring.core.observeUsed(this.reporter, this.memory, ring.index, addr, data, true);
          return;
        }
        // Before DRIVER_OK the driver may prepare the ring (Linux zeroes it); afterwards it is the device's.
        ring.core.driverWroteUsed(this.reporter, ring.index, addr, data);
      }
      this.memory.write(addr, data);
      return;
    }
    if (ring !== undefined) {
      ring.core.observeUsed(this.reporter, this.memory, ring.index, addr, data, byDevice);
      return;
    }
    if (this.memory.compare(addr, data) === "differs" && !this.deviceMayHaveStored(byDevice, addr, data)) {
      const held = this.memory.read(addr, data.length) as Uint8Array;
      this.reporter.diverge(
        device ?? "memory",
        `memory read at ${hex(addr)}`,
        preview(data),
        `${preview(held)} (last written, and no device writes there)`,
      );
    }
    this.memory.write(addr, data);
  }

  /**
   * Whether a device explains what a read shows where it differs from what was last written
   * or read there: a store into a buffer of a request it holds (VirtioCore.ownsWritable), or
   * an MSI that landed in RAM (msiInRam, which judges it).
   */
  private deviceMayHaveStored(byDevice: boolean, addr: number, data: Uint8Array): boolean {
    if (byDevice) return false;
    for (const d of this.devices.values()) if (d.core?.ownsWritable(addr, data.length)) return true;
    return this.msiInRam(addr, data);
  }

  /**
   * A CPU read of RAM that shows, where the driver left something else, the message of a
   * device's MSI-X vector at that vector's own address: the device sent the message. An MSI
   * whose address is not the interrupt controller's lands in RAM as a 4-byte store (QEMU's
   * msi_send_message), which a capture of the CPU's side never shows; QEMU's own qtest
   * drivers (libqos) take MSI-X interrupts so, pointing each vector at a word of RAM that they
   * poll and clear. The message is then judged as any MSI is. False when it is no such message.
   */
  private msiInRam(addr: number, data: Uint8Array): boolean {
    if (data.length !== 4) return false;
    const value = ((data[0] as number) | ((data[1] as number) << 8) | ((data[2] as number) << 16) | ((data[3] as number) << 24)) >>> 0;
    for (let k = 0; k < this.pciDevices.length; k++) {
      const d = this.pciDevices[k] as PciDevice;
      if (!d.sendsMessage(addr, value)) continue;
      this.interrupt(d.id, IRQ_ASSERT, IRQ_MSI, addr, value);
      return true;
    }
    return false;
  }

  private interrupt(device: string | undefined, action: number, target: number, a: number, b: number): void {
    if (action === IRQ_DEASSERT) return;
    if (target === IRQ_MSI) {
      let d = device !== undefined ? this.devices.get(device) : undefined;
      for (let k = 0; d === undefined && k < this.pciDevices.length; k++) {
        const x = this.pciDevices[k] as PciDevice;
        if (x.sendsMessage(a, b)) d = x;
      }
      if (d instanceof VirtioPci) d.observeMsi(this.reporter, this.memory, a, b);
      else if (d instanceof Megasas) d.observeMsi(this.reporter, a, b);
      else d?.core?.observeInterrupt(this.reporter, this.memory, "MSI");
      return;
    }
    const line = target === IRQ_LINE ? a : undefined;
    const own = device !== undefined ? this.devices.get(device) : undefined;
    if (own !== undefined) return this.lineInterrupt(own, line, true);
    if (line === undefined) return;
    // A line several devices share: which one raised it is unknown, so none is held to a notification.
    let sharing = 0;
    for (const d of this.devices.values()) if (d.irq === line) sharing++;
    for (const d of this.devices.values()) if (d.irq === line) this.lineInterrupt(d, line, sharing === 1);
  }

  private lineInterrupt(d: Device, line: number | null | undefined, judge: boolean): void {
    if (d instanceof VirtioPci) d.observeIntx(this.reporter, this.memory, line ?? undefined, judge);
    else if (d instanceof Megasas) d.observeIntx(this.reporter, line ?? undefined);
    else d.core?.observeInterrupt(judge ? this.reporter : undefined, this.memory, line != null ? lineName(line) : "interrupt");
  }

  /** Canonical bytes of the whole state. */
  encode(): Uint8Array {
    const w = new StateWriter(4096 + this.memory.footprint + 256 * (this.guestErrors.length + this.divergences.length));
    w.u32(MODEL_VERSION)
      .str(this.type ?? "")
      .num(this.ramSize)
      .num(this.events)
      .num(this.unmodelled)
      .num(this.barriers)
      .num(this.observations);
    w.num(this.droppedGuestErrors).num(this.droppedDivergences);
    const ports = [...this.unmodelledPorts.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(ports.length);
    for (const [port, n] of ports) w.u32(port).num(n);
    w.bool(this.pci !== undefined);
    this.pci?.encode(w);
    const devs = [...this.devices.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    w.u32(devs.length);
    for (const d of devs) d.encode(w);
    this.memory.encode(w);
    w.u32(this.guestErrors.length);
    for (const g of this.guestErrors)
      w.num(g.seq)
        .str(g.device)
        .optNum(g.offset ?? undefined)
        .optNum(g.value ?? undefined)
        .str(g.why);
    w.u32(this.divergences.length);
    for (const d of this.divergences) w.num(d.seq).str(d.device).str(d.what).str(d.observed).str(d.allowed);
    return w.finish();
  }

  static decode(bytes: Uint8Array): Machine {
    const r = new StateReader(bytes);
    const version = r.u32();
    if (version !== MODEL_VERSION)
      throw new Error(`snapshot of model version ${version}; this devtape's model is version ${MODEL_VERSION}`);
    const m = new Machine();
    const type = r.str();
    m.setMachine(type, r.num());
    m.events = r.num();
    m.unmodelled = r.num();
    m.barriers = r.num();
    m.observations = r.num();
    m.droppedGuestErrors = r.num();
    m.droppedDivergences = r.num();
    const nports = r.u32();
    for (let i = 0; i < nports; i++) m.unmodelledPorts.set(r.u32(), r.num());
    if (r.bool()) m.pci?.decodeInto(r);
    else m.pci = undefined;
    const nd = r.u32();
    for (let i = 0; i < nd; i++) {
      const tag = r.str();
      const d =
        tag === "virtio-mmio"
          ? VirtioMmio.decode(r)
          : tag === "virtio-pci"
            ? VirtioPci.decode(r)
            : tag === "megasas"
              ? Megasas.decode(r, generationOf)
              : OpaqueDevice.decode(r);
      m.devices.set(d.id, d);
    }
    m.rebuildWindows();
    m.memory.decodeInto(r);
    const ng = r.u32();
    for (let i = 0; i < ng; i++)
      m.guestErrors.push({ seq: r.num(), device: r.str(), offset: r.optNum() ?? null, value: r.optNum() ?? null, why: r.str() });
    const nv = r.u32();
    for (let i = 0; i < nv; i++) m.divergences.push({ seq: r.num(), device: r.str(), what: r.str(), observed: r.str(), allowed: r.str() });
    if (!r.done) throw new Error("snapshot has bytes after its end");
    return m;
  }
}

function preview(b: Uint8Array): string {
  const shown = Array.from(b.subarray(0, 16), (x) => x.toString(16).padStart(2, "0")).join(" ");
  return b.length > 16 ? `${shown} …` : shown;
}
