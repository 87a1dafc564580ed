// The devices of a traced machine, inferred from what the trace shows, since a trace log
// does not list them: a PCI function is known by the pci_cfg_* and pci_update_mappings_*
// lines that name it (QEMU's type name, e.g. "virtio-blk-pci", and its bus:slot.fn), its
// memory and I/O windows by pci_update_mappings_add/del (BAR placement), a virtio-mmio
// transport by its register window ('virtio-mmio' accesses: 0x200-byte windows, 0x200
// aligned, as every QEMU machine places them). Each device gets a stable id from its kind
// and location (virtio-blk@00:04.0, virtio-mmio@0xfeb00e00, as the qtest importer names
// them) and an attach event the first time it is used, so the attach always comes first.
import type { DeviceAttachProps, EventProps } from "../../schema/proto.js";
import { defaultDeviceId } from "../qtest/topology.js";

/** The size of a virtio-mmio register window on every QEMU machine. */
export const VIRTIO_MMIO_WINDOW = 0x200;
/** PCI vendor id of virtio devices. */
const VIRTIO_VENDOR = 0x1af4;
/** First virtio 1.0 (modern-only, "non-transitional") PCI device id. */
const VIRTIO_MODERN_DEVICE_ID = 0x1040;

export interface TracedDevice {
  id: string;
  kind: string;
  pciBdf?: number;
  mmioBase?: number;
  mmioSize?: number;
  props: { name: string; value: string }[];
  /** Set once its attach event has been emitted. */
  attached: boolean;
}

export interface BarMapping {
  device: TracedDevice;
  bar: number;
  base: number;
  size: number;
  /** An I/O-space BAR (from the BAR register's bit 0, or its placement below 64 KiB). */
  io: boolean;
}

export class TraceTopology {
  private readonly byId = new Map<string, TracedDevice>();
  private readonly pci = new Map<number, TracedDevice>();
  /** Current BAR placements, by device and BAR number. */
  private readonly bars = new Map<string, BarMapping>();
  private barList: BarMapping[] = [];
  /** The space of each BAR register read back ("bdf:bar" → true for I/O, false for memory). */
  private readonly barSpace = new Map<string, boolean>();

  /** Devices in the order they were attached. */
  readonly attachedOrder: TracedDevice[] = [];

  /**
   * The PCI function at `bdf`, created on first sight with its QEMU type name as kind. The
   * device id (from a config read of offset 0 or 2) marks a virtio device that has only the
   * modern interface, which the device model must know before the first access.
   */
  pciDevice(bdf: number, kind: string, deviceId?: number, vendorId?: number): TracedDevice {
    let d = this.pci.get(bdf);
    if (d === undefined) {
      d = { id: this.uniqueId(defaultDeviceId(kind, { pciBdf: bdf })), kind, pciBdf: bdf, props: [], attached: false };
      this.pci.set(bdf, d);
      this.byId.set(d.id, d);
    }
    if (!d.attached && deviceId !== undefined && vendorId === VIRTIO_VENDOR && deviceId >= VIRTIO_MODERN_DEVICE_ID) {
      if (!d.props.some((p) => p.name === "disable-legacy")) d.props.push({ name: "disable-legacy", value: "on" });
    }
    return d;
  }

  /** The virtio-mmio transport whose window holds `addr` (absolute). */
  virtioMmio(addr: number): TracedDevice {
    const base = addr - (addr % VIRTIO_MMIO_WINDOW);
    const id = defaultDeviceId("virtio-mmio", { mmioBase: base });
    let d = this.byId.get(id);
    if (d === undefined) {
      d = { id, kind: "virtio-mmio", mmioBase: base, mmioSize: VIRTIO_MMIO_WINDOW, props: [], attached: false };
      this.byId.set(id, d);
    }
    return d;
  }

  /** A BAR register value read back: bit 0 says the BAR is in I/O space. */
  noteBarRegister(bdf: number, offset: number, value: number): void {
    if (offset < 0x10 || offset > 0x24 || offset % 4 !== 0) return;
    this.barSpace.set(`${bdf}:${(offset - 0x10) / 4}`, (value & 1) === 1);
  }

  /**
   * pci_update_mappings_add: the BAR now decodes [base, base + size). Its space is what its
   * register said when read back; unread, a BAR wholly below 64 KiB is taken for I/O (x86
   * has RAM there, never device memory). BAR 6 is the expansion ROM, always memory.
   */
  mapBar(device: TracedDevice, bar: number, base: number, size: number): void {
    const io = bar !== 6 && (this.barSpace.get(`${device.pciBdf ?? 0}:${bar}`) ?? base + size <= 0x10000);
    this.bars.set(`${device.id}:${bar}`, { device, bar, base, size, io });
    this.barList = [...this.bars.values()];
  }

  /** pci_update_mappings_del: the BAR no longer decodes. */
  unmapBar(device: TracedDevice, bar: number): void {
    this.bars.delete(`${device.id}:${bar}`);
    this.barList = [...this.bars.values()];
  }

  /** The BAR that decodes `addr` in I/O (`io`) or memory space. */
  barAt(io: boolean, addr: number): BarMapping | undefined {
    for (const b of this.barList) if (b.io === io && addr >= b.base && addr < b.base + b.size) return b;
    return undefined;
  }

  /** Whether any device's BAR is placed (the log shows BAR placement at all). */
  get hasBars(): boolean {
    return this.barList.length > 0;
  }

  /** The attach event of a device not yet attached (marking it attached), or undefined. */
  attach(d: TracedDevice): EventProps | undefined {
    if (d.attached) return undefined;
    d.attached = true;
    this.attachedOrder.push(d);
    const attach: DeviceAttachProps = { id: d.id, kind: d.kind, props: d.props.map((p) => ({ ...p })) };
    if (d.pciBdf !== undefined) attach.pciBdf = d.pciBdf;
    if (d.mmioBase !== undefined) {
      attach.mmioBase = d.mmioBase;
      attach.mmioSize = d.mmioSize ?? 0;
    }
    return { agent: { host: true }, attach };
  }

  get(id: string): TracedDevice | undefined {
    return this.byId.get(id);
  }

  private uniqueId(id: string): string {
    if (!this.byId.has(id)) return id;
    let n = 2;
    while (this.byId.has(`${id}#${n}`)) n++;
    return `${id}#${n}`;
  }
}
