// The virtio-pci transports, brought up the way firmware and Linux do it, through config
// cycles the capture records:
//
// - find the function, size its BARs and assign them addresses, enable I/O or memory
//   decoding and bus mastering (QEMU drops a device's DMA while bus mastering is off),
//   route its INTx (pci-intx.ts);
// - legacy (virtio 0.9.5, `disable-modern=on`, device id 0x1000 + n with the virtio
//   device id in the subsystem id): registers in the I/O BAR0; with MSI-X off the device
//   configuration starts at 0x14; queues are placed by page frame, their size fixed by
//   the device; reading the ISR clears it and lowers the line;
// - modern (virtio 1.x, `disable-legacy=on`, device id 0x1040 + n): vendor capabilities
//   (cfg_type 1 common, 2 notify, 3 isr, 4 device) point into a memory BAR; queue
//   addresses are 64-bit fields written as two 32-bit halves; a queue is notified at
//   notify base + queue_notify_off × notify_off_multiplier.
//
// MSI-X is present on both (BAR1). It is left disabled (interrupts arrive as INTx) unless
// the transport is given an MsixRam (msix-ram.ts): then vector 0 takes configuration changes
// and vector 1 the queues, each named through the transport's registers and read back, and
// the legacy device configuration starts at 0x18.
import type { DriverBus } from "./driver-bus.js";
import { MSIX_CONFIG_VECTOR, MSIX_QUEUE_VECTOR, type MsixRam } from "./msix-ram.js";
import {
  BarAllocator,
  PCI_CAP_ID_MSIX,
  PCI_CAP_ID_VNDR,
  PCI_COMMAND,
  PCI_COMMAND_IO,
  PCI_COMMAND_MASTER,
  PCI_COMMAND_MEMORY,
  PCI_SUBSYSTEM_ID,
  type PciBar,
  type PciCapability,
  PciConfig,
} from "./pci-config.js";
import { type PciChipset, routeIntx } from "./pci-intx.js";
import type { QueueAddresses, QueueLimits, VirtioTransport } from "./virtio-transport.js";

export const VIRTIO_PCI_VENDOR = 0x1af4;

const LEGACY = {
  HostFeatures: 0x00,
  GuestFeatures: 0x04,
  QueuePFN: 0x08,
  QueueNum: 0x0c,
  QueueSel: 0x0e,
  QueueNotify: 0x10,
  Status: 0x12,
  ISR: 0x13,
  /** With MSI-X enabled: the configuration's and the selected queue's vectors. */
  ConfigVector: 0x14,
  QueueVector: 0x16,
  /** Device configuration, when MSI-X is disabled (0x18 when enabled). */
  Config: 0x14,
  ConfigMsix: 0x18,
} as const;

/** What the device reads back for a vector it refuses. */
const VIRTIO_MSI_NO_VECTOR = 0xffff;

/** Writes a vector register and reads it back; throws when the device refused it. */
async function nameVector(what: string, write: () => Promise<void>, read: () => Promise<number>, vector: number): Promise<void> {
  await write();
  const got = await read();
  if (got !== vector)
    throw new Error(
      `${what}: vector ${vector} reads back as 0x${got.toString(16)}${got === VIRTIO_MSI_NO_VECTOR ? " (VIRTIO_MSI_NO_VECTOR)" : ""}`,
    );
}

const COMMON = {
  DeviceFeatureSelect: 0x00,
  DeviceFeature: 0x04,
  DriverFeatureSelect: 0x08,
  DriverFeature: 0x0c,
  MsixConfig: 0x10,
  NumQueues: 0x12,
  DeviceStatus: 0x14,
  ConfigGeneration: 0x15,
  QueueSelect: 0x16,
  QueueSize: 0x18,
  QueueMsixVector: 0x1a,
  QueueEnable: 0x1c,
  QueueNotifyOff: 0x1e,
  QueueDesc: 0x20,
  QueueDriver: 0x28,
  QueueDevice: 0x30,
} as const;

const CFG_TYPE = { common: 1, notify: 2, isr: 3, device: 4, pci: 5 } as const;
const PAGE = 4096;

/** What the PCI bring-up found and set. */
export interface VirtioPciFunction {
  bdf: number;
  deviceId: number;
  bars: PciBar[];
  caps: PciCapability[];
  irq: number;
  hasMsix: boolean;
}

/**
 * Brings up the PCI side of a virtio function at `bdf`: checks it is a virtio device,
 * assigns its BARs, enables decoding and bus mastering, routes INTx.
 */
export async function bringUpVirtioPci(bus: DriverBus, chipset: PciChipset, bdf: number): Promise<VirtioPciFunction> {
  const cfg = new PciConfig(bus);
  const functions = await cfg.enumerateBus0();
  const fn = functions.find((f) => f.bdf === bdf);
  if (!fn) {
    const seen = functions.map((f) => `${(f.bdf >> 3).toString(16)}.${f.bdf & 7}=${f.vendor.toString(16)}:${f.device.toString(16)}`);
    throw new Error(`no PCI function at slot ${(bdf >> 3).toString(16)}.${bdf & 7} (bus 0 has ${seen.join(", ")})`);
  }
  if (fn.vendor !== VIRTIO_PCI_VENDOR)
    throw new Error(`PCI ${bdf.toString(16)} is vendor 0x${fn.vendor.toString(16)}, not virtio (0x1af4)`);
  const bars = await cfg.sizeBars(bdf);
  const alloc = new BarAllocator();
  let command = PCI_COMMAND_MASTER;
  for (const bar of bars) {
    await cfg.programBar(bdf, bar, alloc.alloc(bar));
    command |= bar.kind === "io" ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
  }
  const before = await cfg.read16(bdf, PCI_COMMAND);
  await cfg.write16(bdf, PCI_COMMAND, before | command);
  const irq = await routeIntx(bus, cfg, chipset, bdf);
  const caps = await cfg.capabilities(bdf);
  return { bdf, deviceId: fn.device, bars, caps, irq, hasMsix: caps.some((c) => c.id === PCI_CAP_ID_MSIX) };
}

export function barAddress(fn: VirtioPciFunction, index: number): number {
  const bar = fn.bars.find((b) => b.index === index);
  if (bar?.address === undefined) throw new Error(`virtio-pci: BAR${index} of ${fn.bdf.toString(16)} is not assigned`);
  return bar.address;
}

export class VirtioPciLegacyTransport implements VirtioTransport {
  readonly modern = false;
  readonly description: string;
  readonly irq: number;
  private readonly io: number;

  constructor(
    private readonly bus: DriverBus,
    private readonly fn: VirtioPciFunction,
    readonly msix?: MsixRam,
  ) {
    const bar0 = fn.bars.find((b) => b.index === 0);
    if (bar0?.kind !== "io" || bar0.address === undefined)
      throw new Error("virtio-pci legacy: BAR0 is not an assigned I/O BAR (is the device modern-only?)");
    this.io = bar0.address;
    this.irq = fn.irq;
    this.description = `virtio-pci legacy at ${fn.bdf.toString(16)} (I/O 0x${this.io.toString(16)})`;
  }

  async probe(deviceId: number): Promise<string> {
    if (this.fn.deviceId < 0x1000 || this.fn.deviceId > 0x103f)
      throw new Error(`${this.description}: PCI device id 0x${this.fn.deviceId.toString(16)} is not a legacy virtio id`);
    const cfg = new PciConfig(this.bus);
    const sub = await cfg.read16(this.fn.bdf, PCI_SUBSYSTEM_ID);
    if (sub !== deviceId) throw new Error(`${this.description}: subsystem id ${sub} is not virtio device ${deviceId}`);
    return `virtio-pci legacy, PCI id 1af4:${this.fn.deviceId.toString(16)}, subsystem ${sub}, I/O BAR0 0x${this.io.toString(16)}, IRQ ${this.irq}`;
  }

  reset(): Promise<void> {
    return this.bus.outb(this.io + LEGACY.Status, 0);
  }
  getStatus(): Promise<number> {
    return this.bus.inb(this.io + LEGACY.Status);
  }
  setStatus(status: number): Promise<void> {
    return this.bus.outb(this.io + LEGACY.Status, status);
  }
  async deviceFeatures(): Promise<bigint> {
    return BigInt(await this.bus.inl(this.io + LEGACY.HostFeatures));
  }
  setDriverFeatures(features: bigint): Promise<void> {
    return this.bus.outl(this.io + LEGACY.GuestFeatures, Number(features & 0xffff_ffffn));
  }
  readConfig(offset: number, size: 1 | 2 | 4): Promise<number> {
    const port = this.io + (this.msix !== undefined ? LEGACY.ConfigMsix : LEGACY.Config) + offset;
    if (size === 1) return this.bus.inb(port);
    if (size === 2) return this.bus.inw(port);
    return this.bus.inl(port);
  }
  async configGeneration(): Promise<number | undefined> {
    return undefined;
  }
  async queueLimits(index: number): Promise<QueueLimits> {
    await this.bus.outw(this.io + LEGACY.QueueSel, index);
    const size = await this.bus.inw(this.io + LEGACY.QueueNum);
    const pfn = await this.bus.inl(this.io + LEGACY.QueuePFN);
    if (pfn !== 0) throw new Error(`${this.description}: queue ${index} is already in use (PFN 0x${pfn.toString(16)})`);
    return { max: size, fixedSize: true, legacyLayout: { align: PAGE } };
  }
  async activateQueue(index: number, q: QueueAddresses): Promise<void> {
    if (q.desc % PAGE !== 0) throw new Error(`${this.description}: a legacy queue must start on a page (0x${q.desc.toString(16)})`);
    await this.bus.outw(this.io + LEGACY.QueueSel, index);
    await this.bus.outl(this.io + LEGACY.QueuePFN, q.desc / PAGE);
    if (this.msix === undefined) return;
    // Linux's legacy setup_vq: the vector after the page frame.
    await nameVector(
      `${this.description}: queue ${index}`,
      () => this.bus.outw(this.io + LEGACY.QueueVector, MSIX_QUEUE_VECTOR),
      () => this.bus.inw(this.io + LEGACY.QueueVector),
      MSIX_QUEUE_VECTOR,
    );
  }
  async assignConfigVector(): Promise<void> {
    if (this.msix === undefined) return;
    await nameVector(
      `${this.description}: configuration`,
      () => this.bus.outw(this.io + LEGACY.ConfigVector, MSIX_CONFIG_VECTOR),
      () => this.bus.inw(this.io + LEGACY.ConfigVector),
      MSIX_CONFIG_VECTOR,
    );
  }
  notify(index: number): Promise<void> {
    return this.bus.outw(this.io + LEGACY.QueueNotify, index);
  }
  takeInterrupt(): Promise<number> {
    return this.bus.inb(this.io + LEGACY.ISR);
  }
  async peekInterrupt(): Promise<number | undefined> {
    return undefined;
  }
}

interface ModernRegions {
  common: number;
  notify: number;
  notifyMultiplier: number;
  isr: number;
  device: number;
}

/** Reads the virtio vendor capabilities of a modern function into addresses. */
export async function modernRegions(bus: DriverBus, fn: VirtioPciFunction): Promise<ModernRegions> {
  const cfg = new PciConfig(bus);
  const found: Partial<ModernRegions> = {};
  for (const cap of fn.caps) {
    if (cap.id !== PCI_CAP_ID_VNDR) continue;
    const type = await cfg.read8(fn.bdf, cap.offset + 3);
    const name = (Object.keys(CFG_TYPE) as (keyof typeof CFG_TYPE)[]).find((k) => CFG_TYPE[k] === type);
    if (name === undefined || name === "pci" || found[name] !== undefined) continue;
    const bar = await cfg.read8(fn.bdf, cap.offset + 4);
    const offset = await cfg.read32(fn.bdf, cap.offset + 8);
    await cfg.read32(fn.bdf, cap.offset + 12); // length: the driver stays inside QEMU's layout
    found[name] = barAddress(fn, bar) + offset;
    if (name === "notify") found.notifyMultiplier = await cfg.read32(fn.bdf, cap.offset + 16);
  }
  for (const k of ["common", "notify", "isr", "device"] as const) {
    if (found[k] === undefined) throw new Error(`virtio-pci modern at ${fn.bdf.toString(16)}: no ${k} configuration capability`);
  }
  return found as ModernRegions;
}

export class VirtioPciModernTransport implements VirtioTransport {
  readonly modern = true;
  readonly description: string;
  readonly irq: number;
  private readonly notifyOff = new Map<number, number>();

  constructor(
    private readonly bus: DriverBus,
    private readonly fn: VirtioPciFunction,
    private readonly regions: ModernRegions,
    readonly msix?: MsixRam,
  ) {
    this.irq = fn.irq;
    this.description = `virtio-pci modern at ${fn.bdf.toString(16)} (common cfg 0x${regions.common.toString(16)})`;
  }

  private c(off: number): number {
    return this.regions.common + off;
  }

  async probe(deviceId: number): Promise<string> {
    if (this.fn.deviceId !== 0x1040 + deviceId)
      throw new Error(
        `${this.description}: PCI device id 0x${this.fn.deviceId.toString(16)} is not virtio device ${deviceId} (0x${(0x1040 + deviceId).toString(16)})`,
      );
    const queues = await this.bus.readw(this.c(COMMON.NumQueues));
    return `virtio-pci modern, PCI id 1af4:${this.fn.deviceId.toString(16)}, ${queues} queue(s), notify multiplier ${this.regions.notifyMultiplier}, IRQ ${this.irq}`;
  }

  async reset(): Promise<void> {
    await this.bus.writeb(this.c(COMMON.DeviceStatus), 0);
    for (let i = 0; i < 100; i++) if ((await this.bus.readb(this.c(COMMON.DeviceStatus))) === 0) return;
    throw new Error(`${this.description}: device status did not read 0 after reset`);
  }
  getStatus(): Promise<number> {
    return this.bus.readb(this.c(COMMON.DeviceStatus));
  }
  setStatus(status: number): Promise<void> {
    return this.bus.writeb(this.c(COMMON.DeviceStatus), status);
  }
  async deviceFeatures(): Promise<bigint> {
    await this.bus.writel(this.c(COMMON.DeviceFeatureSelect), 0);
    const lo = await this.bus.readl(this.c(COMMON.DeviceFeature));
    await this.bus.writel(this.c(COMMON.DeviceFeatureSelect), 1);
    const hi = await this.bus.readl(this.c(COMMON.DeviceFeature));
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  async setDriverFeatures(features: bigint): Promise<void> {
    await this.bus.writel(this.c(COMMON.DriverFeatureSelect), 0);
    await this.bus.writel(this.c(COMMON.DriverFeature), Number(features & 0xffff_ffffn));
    await this.bus.writel(this.c(COMMON.DriverFeatureSelect), 1);
    await this.bus.writel(this.c(COMMON.DriverFeature), Number(features >> 32n));
  }
  readConfig(offset: number, size: 1 | 2 | 4): Promise<number> {
    const addr = this.regions.device + offset;
    if (size === 1) return this.bus.readb(addr);
    if (size === 2) return this.bus.readw(addr);
    return this.bus.readl(addr);
  }
  async configGeneration(): Promise<number | undefined> {
    return this.bus.readb(this.c(COMMON.ConfigGeneration));
  }
  async queueLimits(index: number): Promise<QueueLimits> {
    await this.bus.writew(this.c(COMMON.QueueSelect), index);
    const max = await this.bus.readw(this.c(COMMON.QueueSize));
    const enabled = await this.bus.readw(this.c(COMMON.QueueEnable));
    if (enabled !== 0) throw new Error(`${this.description}: queue ${index} is already enabled`);
    return { max, fixedSize: false, legacyLayout: undefined };
  }
  async activateQueue(index: number, q: QueueAddresses): Promise<void> {
    const pair = async (off: number, addr: number) => {
      await this.bus.writel(this.c(off), addr % 2 ** 32);
      await this.bus.writel(this.c(off + 4), Math.floor(addr / 2 ** 32));
    };
    await this.bus.writew(this.c(COMMON.QueueSelect), index);
    await this.bus.writew(this.c(COMMON.QueueSize), q.size);
    await pair(COMMON.QueueDesc, q.desc);
    await pair(COMMON.QueueDriver, q.avail);
    await pair(COMMON.QueueDevice, q.used);
    this.notifyOff.set(index, await this.bus.readw(this.c(COMMON.QueueNotifyOff)));
    if (this.msix !== undefined) {
      await nameVector(
        `${this.description}: queue ${index}`,
        () => this.bus.writew(this.c(COMMON.QueueMsixVector), MSIX_QUEUE_VECTOR),
        () => this.bus.readw(this.c(COMMON.QueueMsixVector)),
        MSIX_QUEUE_VECTOR,
      );
    }
    await this.bus.writew(this.c(COMMON.QueueEnable), 1);
  }
  async assignConfigVector(): Promise<void> {
    if (this.msix === undefined) return;
    await nameVector(
      `${this.description}: configuration`,
      () => this.bus.writew(this.c(COMMON.MsixConfig), MSIX_CONFIG_VECTOR),
      () => this.bus.readw(this.c(COMMON.MsixConfig)),
      MSIX_CONFIG_VECTOR,
    );
  }
  notify(index: number): Promise<void> {
    const off = this.notifyOff.get(index);
    if (off === undefined) throw new Error(`${this.description}: queue ${index} was not activated`);
    return this.bus.writew(this.regions.notify + off * this.regions.notifyMultiplier, index);
  }
  takeInterrupt(): Promise<number> {
    return this.bus.readb(this.regions.isr);
  }
  async peekInterrupt(): Promise<number | undefined> {
    return undefined;
  }
}
