// A reference virtio-blk driver, run from the host through qtest so that every step it
// takes is captured: the device bring-up of the virtio specification (reset, ACKNOWLEDGE,
// DRIVER, feature negotiation, FEATURES_OK for virtio 1.x, queue 0, DRIVER_OK), then block
// requests on a split virtqueue, waiting for the interrupt as a guest would, and the
// teardown (reset). It is transport-agnostic (virtio-transport.ts) and checks what the
// device does: the status byte, the used length, the interrupt cause.
//
// A request is three descriptors: the 16-byte header {type, reserved, sector} (device
// reads it), the data (device writes it for a read, reads it for a write; none for a
// flush) and the status byte (device writes it). Read buffers are filled with 0xaa first
// and status bytes with 0xff, so data the device did not write cannot pass for data it did.
import type { DriverBus } from "./driver-bus.js";
import type { GuestMemory } from "./guest-memory.js";
import type { ChainBuffer, SplitVirtqueue } from "./virtqueue.js";
import { driverOk, negotiate, readConfigStable, setUpQueue } from "./virtio-bring-up.js";
import { VIRTIO_ID_BLOCK, type VirtioTransport } from "./virtio-transport.js";

export const SECTOR_SIZE = 512;
export const VIRTIO_BLK_T_IN = 0;
export const VIRTIO_BLK_T_OUT = 1;
export const VIRTIO_BLK_T_FLUSH = 4;
export const VIRTIO_BLK_S_OK = 0;
export const VIRTIO_BLK_F_FLUSH = 9n;

const READ_FILL = 0xaa;
const STATUS_FILL = 0xff;

export type BlkRequest =
  { type: "read"; sector: number; count: number } | { type: "write"; sector: number; data: Uint8Array } | { type: "flush" };

export interface BlkResult {
  request: BlkRequest;
  /** The status byte the device wrote (0 = VIRTIO_BLK_S_OK). */
  status: number;
  /** Bytes the device reported writing (used element len). */
  usedLen: number;
  /** What a read returned. */
  data?: Uint8Array;
}

export interface VirtioBlkOptions {
  /** Queue entries to ask for (the device may fix or cap it). Default 8. */
  queueSize?: number;
  /** How long to wait for an interrupt. Default 5 s. */
  irqTimeoutMs?: number;
}

export class VirtioBlkDriver {
  deviceFeatures = 0n;
  driverFeatures = 0n;
  /** Disk size in 512-byte sectors (config offset 0). */
  capacity = 0;
  queueSize = 0;
  probeText = "";
  private vq: SplitVirtqueue | undefined;
  private readonly irqTimeoutMs: number;

  constructor(
    private readonly bus: DriverBus,
    readonly transport: VirtioTransport,
    private readonly mem: GuestMemory,
    private readonly opts: VirtioBlkOptions = {},
  ) {
    this.irqTimeoutMs = opts.irqTimeoutMs ?? 5000;
  }

  /** Brings the device up to DRIVER_OK with queue 0 ready. */
  async init(): Promise<void> {
    const t = this.transport;
    const n = await negotiate(this.bus, t, "virtio-blk", VIRTIO_ID_BLOCK, 1n << VIRTIO_BLK_F_FLUSH);
    this.probeText = n.probe;
    this.deviceFeatures = n.deviceFeatures;
    this.driverFeatures = n.driverFeatures;
    this.capacity = await this.readCapacity();
    this.bus.marker("virtio-blk: queue 0 setup");
    this.vq = await setUpQueue(this.bus, t, this.mem, 0, this.opts.queueSize ?? 8);
    this.queueSize = this.vq.q.size;
    await driverOk(t, n.status);
    this.bus.marker(`virtio-blk: ready, ${this.capacity} sectors, queue of ${this.queueSize}`);
  }

  /** Capacity (u64 at config offset 0), read twice-free of a concurrent config change. */
  private readCapacity(): Promise<number> {
    return readConfigStable(this.transport, "capacity", async () => {
      const lo = await this.transport.readConfig(0, 4);
      const hi = await this.transport.readConfig(4, 4);
      return hi * 2 ** 32 + lo;
    });
  }

  /**
   * Makes all requests available with one notify, then waits for interrupts until the
   * device has used every one. Returns one result per request, in request order.
   */
  async submit(requests: readonly BlkRequest[]): Promise<BlkResult[]> {
    const vq = this.vq;
    if (!vq) throw new Error("virtio-blk: submit before init");
    if (requests.some((r) => r.type === "flush") && (this.driverFeatures & (1n << VIRTIO_BLK_F_FLUSH)) === 0n) {
      throw new Error("virtio-blk: flush requested but VIRTIO_BLK_F_FLUSH was not negotiated");
    }
    const placed: { req: BlkRequest; head: number; status: number; data?: { addr: number; len: number } }[] = [];
    for (const req of requests) {
      this.bus.marker(`virtio-blk: request ${describe(req)}`);
      const hdr = this.mem.alloc(16, 16);
      const h = new Uint8Array(16);
      const v = new DataView(h.buffer);
      v.setUint32(0, req.type === "read" ? VIRTIO_BLK_T_IN : req.type === "write" ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH, true);
      v.setBigUint64(8, BigInt(req.type === "flush" ? 0 : req.sector), true);
      await this.bus.memwrite(hdr, h);
      const chain: ChainBuffer[] = [{ addr: hdr, len: 16, writable: false }];
      let data: { addr: number; len: number } | undefined;
      if (req.type === "read") {
        const len = req.count * SECTOR_SIZE;
        data = { addr: this.mem.alloc(len, 16), len };
        await this.bus.memset(data.addr, len, READ_FILL);
        chain.push({ ...data, writable: true });
      } else if (req.type === "write") {
        if (req.data.length === 0 || req.data.length % SECTOR_SIZE !== 0)
          throw new Error(`virtio-blk: write of ${req.data.length} bytes is not whole sectors`);
        data = { addr: this.mem.alloc(req.data.length, 16), len: req.data.length };
        await this.bus.memwrite(data.addr, req.data);
        chain.push({ ...data, writable: false });
      }
      const status = this.mem.alloc(1, 1);
      await this.bus.writeb(status, STATUS_FILL);
      chain.push({ addr: status, len: 1, writable: true });
      const head = await vq.addChain(chain);
      placed.push(data ? { req, head, status, data } : { req, head, status });
    }
    await vq.publish(placed.map((p) => p.head));
    const usedLen = new Map<number, number>();
    while (placed.some((p) => !usedLen.has(p.head))) {
      try {
        await this.bus.waitForIrq(this.transport.irq, true, this.irqTimeoutMs);
      } catch (e) {
        const pending = placed.filter((p) => !usedLen.has(p.head)).length;
        throw new Error(`${this.transport.description}: ${(e as Error).message}; ${pending} request(s) still outstanding`);
      }
      const isr = await this.transport.takeInterrupt();
      if ((isr & 1) === 0) continue;
      for (const el of await vq.collectUsed()) usedLen.set(el.id, el.len);
    }
    const results: BlkResult[] = [];
    for (const p of placed) {
      const r: BlkResult = { request: p.req, status: await this.bus.readb(p.status), usedLen: usedLen.get(p.head) ?? 0 };
      if (p.req.type === "read" && p.data) r.data = await this.bus.memread(p.data.addr, p.data.len);
      results.push(r);
    }
    return results;
  }

  /** Resets the device (the driver's remove path): it stops using the queue. */
  async shutdown(): Promise<void> {
    this.bus.marker("virtio-blk: reset on remove");
    await this.transport.reset();
  }
}

export function describe(req: BlkRequest): string {
  if (req.type === "read") return `read ${req.count} sector(s) at ${req.sector}`;
  if (req.type === "write") return `write ${req.data.length / SECTOR_SIZE} sector(s) at ${req.sector}`;
  return "flush";
}
