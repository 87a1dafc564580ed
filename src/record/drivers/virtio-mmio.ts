// The virtio-mmio transport, versions 1 (legacy) and 2, as QEMU's hw/virtio/virtio-mmio.c
// implements them: 32-bit registers at fixed offsets of a 0x200-byte window, device
// configuration from 0x100. Version 1 places a queue by page frame (GuestPageSize,
// QueueAlign, QueuePFN) in the contiguous legacy layout; version 2 takes the three
// addresses as 64-bit Low/High pairs and QueueReady. Registers other than the
// configuration are accessed 32 bits wide only (QEMU ignores other widths).
import type { DriverBus } from "./driver-bus.js";
import type { QueueAddresses, QueueLimits, VirtioTransport } from "./virtio-transport.js";

export const MMIO = {
  MagicValue: 0x000,
  Version: 0x004,
  DeviceID: 0x008,
  VendorID: 0x00c,
  DeviceFeatures: 0x010,
  DeviceFeaturesSel: 0x014,
  DriverFeatures: 0x020,
  DriverFeaturesSel: 0x024,
  GuestPageSize: 0x028,
  QueueSel: 0x030,
  QueueNumMax: 0x034,
  QueueNum: 0x038,
  QueueAlign: 0x03c,
  QueuePFN: 0x040,
  QueueReady: 0x044,
  QueueNotify: 0x050,
  InterruptStatus: 0x060,
  InterruptACK: 0x064,
  Status: 0x070,
  QueueDescLow: 0x080,
  QueueDescHigh: 0x084,
  QueueDriverLow: 0x090,
  QueueDriverHigh: 0x094,
  QueueDeviceLow: 0x0a0,
  QueueDeviceHigh: 0x0a4,
  ConfigGeneration: 0x0fc,
  Config: 0x100,
} as const;

export const VIRTIO_MMIO_MAGIC = 0x7472_6976; // "virt"
const PAGE = 4096;

export class VirtioMmioTransport implements VirtioTransport {
  readonly modern: boolean;
  readonly description: string;

  constructor(
    private readonly bus: DriverBus,
    readonly base: number,
    readonly version: 1 | 2,
    readonly irq: number,
  ) {
    this.modern = version === 2;
    this.description = `virtio-mmio v${version} at 0x${base.toString(16)}`;
  }

  private r(off: number): Promise<number> {
    return this.bus.readl(this.base + off);
  }
  private w(off: number, v: number): Promise<void> {
    return this.bus.writel(this.base + off, v >>> 0);
  }

  async probe(deviceId: number): Promise<string> {
    const magic = await this.r(MMIO.MagicValue);
    if (magic !== VIRTIO_MMIO_MAGIC) throw new Error(`${this.description}: MagicValue is 0x${magic.toString(16)}, not "virt" (0x74726976)`);
    const version = await this.r(MMIO.Version);
    if (version !== this.version) throw new Error(`${this.description}: the device reports version ${version}`);
    const id = await this.r(MMIO.DeviceID);
    if (id !== deviceId)
      throw new Error(`${this.description}: DeviceID is ${id}, expected ${deviceId}${id === 0 ? " (no device on this transport)" : ""}`);
    const vendor = await this.r(MMIO.VendorID);
    return `virtio-mmio version ${version}, device ${id}, vendor 0x${vendor.toString(16)}`;
  }

  reset(): Promise<void> {
    return this.w(MMIO.Status, 0);
  }
  getStatus(): Promise<number> {
    return this.r(MMIO.Status);
  }
  setStatus(status: number): Promise<void> {
    return this.w(MMIO.Status, status);
  }

  async deviceFeatures(): Promise<bigint> {
    await this.w(MMIO.DeviceFeaturesSel, 0);
    const lo = await this.r(MMIO.DeviceFeatures);
    if (!this.modern) return BigInt(lo);
    await this.w(MMIO.DeviceFeaturesSel, 1);
    const hi = await this.r(MMIO.DeviceFeatures);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  async setDriverFeatures(features: bigint): Promise<void> {
    await this.w(MMIO.DriverFeaturesSel, 0);
    await this.w(MMIO.DriverFeatures, Number(features & 0xffff_ffffn));
    if (!this.modern) return;
    await this.w(MMIO.DriverFeaturesSel, 1);
    await this.w(MMIO.DriverFeatures, Number(features >> 32n));
  }

  async readConfig(offset: number, size: 1 | 2 | 4): Promise<number> {
    const addr = this.base + MMIO.Config + offset;
    if (size === 1) return this.bus.readb(addr);
    if (size === 2) return this.bus.readw(addr);
    return this.bus.readl(addr);
  }

  async configGeneration(): Promise<number | undefined> {
    return this.modern ? this.r(MMIO.ConfigGeneration) : undefined;
  }

  async queueLimits(index: number): Promise<QueueLimits> {
    if (!this.modern) await this.w(MMIO.GuestPageSize, PAGE);
    await this.w(MMIO.QueueSel, index);
    const inUse = await this.r(this.modern ? MMIO.QueueReady : MMIO.QueuePFN);
    if (inUse !== 0) throw new Error(`${this.description}: queue ${index} is already in use`);
    const max = await this.r(MMIO.QueueNumMax);
    return { max, fixedSize: false, legacyLayout: this.modern ? undefined : { align: PAGE } };
  }

  async activateQueue(index: number, q: QueueAddresses): Promise<void> {
    await this.w(MMIO.QueueSel, index);
    await this.w(MMIO.QueueNum, q.size);
    if (!this.modern) {
      if (q.desc % PAGE !== 0) throw new Error(`${this.description}: a version 1 queue must start on a page (0x${q.desc.toString(16)})`);
      await this.w(MMIO.QueueAlign, PAGE);
      await this.w(MMIO.QueuePFN, q.desc / PAGE);
      return;
    }
    const pair = async (lo: number, addr: number) => {
      await this.w(lo, addr % 2 ** 32);
      await this.w(lo + 4, Math.floor(addr / 2 ** 32));
    };
    await pair(MMIO.QueueDescLow, q.desc);
    await pair(MMIO.QueueDriverLow, q.avail);
    await pair(MMIO.QueueDeviceLow, q.used);
    await this.w(MMIO.QueueReady, 1);
  }

  notify(index: number): Promise<void> {
    return this.w(MMIO.QueueNotify, index);
  }

  async takeInterrupt(): Promise<number> {
    const status = await this.r(MMIO.InterruptStatus);
    if (status !== 0) await this.w(MMIO.InterruptACK, status);
    return status;
  }

  peekInterrupt(): Promise<number | undefined> {
    return this.r(MMIO.InterruptStatus);
  }
}
