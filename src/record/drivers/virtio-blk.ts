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
//
// With a fault (faults.ts) the driver commits that one bug and survives what follows: in the
// batch the fault spoils, a wait that sees no completion ends after `faultWaitMs` (later
// batches wait the whole interrupt timeout) and the requests are given up (their results say so; their descriptors stay with the device, and
// a later completion of one is reported as late), a device that asks for a reset gets no
// more requests, and irq-not-acked polls the used ring while the line stays raised.
//
// With `eventIdx` the driver also negotiates VIRTIO_RING_F_EVENT_IDX and runs its queue the
// way Linux does then (virtqueue.ts): notifies only when avail_event asks for it and keeps
// used_event at its used position after taking completions. With `indirect` it negotiates
// VIRTIO_RING_F_INDIRECT_DESC and, as Linux does then, puts every request's buffers into an
// indirect table: one ring descriptor a request. On a PCI transport given MSI-X through RAM
// (msix-ram.ts) it waits for the queue's message in its word instead of the INTx line, and
// reads no ISR.
import type { DriverBus } from "./driver-bus.js";
import { type FaultName, isRingFault } from "./faults.js";
import type { GuestMemory } from "./guest-memory.js";
import type { ChainBuffer, SplitVirtqueue, UsedElement } from "./virtqueue.js";
import { type BringUpFault, driverOk, readConfigStable, setUpQueue, VirtioDriver } from "./virtio-bring-up.js";
import {
  type QueueAddresses,
  STATUS_DEVICE_NEEDS_RESET,
  VIRTIO_F_RING_EVENT_IDX,
  VIRTIO_F_RING_INDIRECT_DESC,
  VIRTIO_ID_BLOCK,
  type VirtioTransport,
} from "./virtio-transport.js";

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
  /** Why the driver gave the request up without a completion (after a fault); status and usedLen then mean nothing. */
  gaveUp?: string;
  /** The device completed the request in a later batch, after the driver had given it up. */
  late?: boolean;
}

interface Placed {
  req: BlkRequest;
  head: number;
  status: number;
  data?: { addr: number; len: number };
}

export interface VirtioBlkOptions {
  /** Queue entries to ask for (the device may fix or cap it). Default 8. */
  queueSize?: number;
  /** How long to wait for an interrupt. Default 5 s. */
  irqTimeoutMs?: number;
  /** A driver bug to commit on purpose (faults.ts). */
  fault?: FaultName;
  /** Once the fault is committed: how long to wait for a completion before giving requests up. Default 1 s. */
  faultWaitMs?: number;
  /** Negotiate VIRTIO_RING_F_EVENT_IDX (the device must offer it) and use used_event / avail_event. */
  eventIdx?: boolean;
  /** Negotiate VIRTIO_RING_F_INDIRECT_DESC (the device must offer it) and put each request's buffers into an indirect table. */
  indirect?: boolean;
  /**
   * After each notify, poll the batch's status bytes until the device has stored every one (as
   * QEMU's libqos does in qvirtio_wait_status_byte_no_isr), then take the interrupt as usual.
   */
  pollStatus?: boolean;
}

export class VirtioBlkDriver extends VirtioDriver<VirtioBlkOptions> {
  /** Disk size in 512-byte sectors (config offset 0). */
  capacity = 0;
  queueSize = 0;
  private vq: SplitVirtqueue | undefined;
  private readonly faultWaitMs: number;
  /** The fault has been committed: the device may no longer answer as it should. */
  private faultCommitted = false;
  /** The fault was committed during bring-up or the batch being submitted: its waits are short. */
  private faultFresh = false;
  /** irq-not-acked is in force. */
  private noAck = false;
  /** The device set DEVICE_NEEDS_RESET: it takes no more requests. */
  private needsReset = false;
  /** Requests given up, by head, until the device completes them. */
  private readonly abandoned = new Map<number, Placed>();

  constructor(bus: DriverBus, transport: VirtioTransport, mem: GuestMemory, opts: VirtioBlkOptions = {}) {
    super("virtio-blk", bus, transport, mem, opts);
    this.faultWaitMs = opts.faultWaitMs ?? 1000;
  }

  /** Marks the fault committed, with a marker saying where and how. */
  private commitFault(what: string, spoilsBatch = true): void {
    this.faultCommitted = true;
    this.faultFresh = spoilsBatch;
    this.bus.marker(`fault ${this.opts.fault}: ${what}`);
  }

  /** Brings the device up to DRIVER_OK with queue 0 ready. */
  async init(): Promise<void> {
    const t = this.transport;
    const fault: BringUpFault = { name: this.opts.fault, commit: (what) => this.commitFault(what) };
    const eventIdx = this.opts.eventIdx === true ? 1n << VIRTIO_F_RING_EVENT_IDX : 0n;
    const indirect = this.opts.indirect === true ? 1n << VIRTIO_F_RING_INDIRECT_DESC : 0n;
    const n = await this.negotiate(VIRTIO_ID_BLOCK, (1n << VIRTIO_BLK_F_FLUSH) | eventIdx | indirect, fault);
    for (const [bit, name] of [
      [eventIdx, "VIRTIO_RING_F_EVENT_IDX"],
      [indirect, "VIRTIO_RING_F_INDIRECT_DESC"],
    ] as const) {
      if ((n.driverFeatures & bit) !== bit)
        throw new Error(`${t.description}: the device does not offer ${name} (features 0x${n.deviceFeatures.toString(16)})`);
    }
    if (t.msix !== undefined) await t.assignConfigVector?.();
    this.capacity = await this.readCapacity();
    this.bus.marker("virtio-blk: queue 0 setup");
    this.vq = await setUpQueue(this.bus, t, this.mem, 0, this.opts.queueSize ?? 8, fault);
    this.vq.eventIdx = eventIdx !== 0n;
    if (indirect !== 0n) this.vq.indirectTables = (bytes) => this.mem.alloc(bytes, 16);
    this.queueSize = this.vq.q.size;
    await driverOk(t, n.status);
    this.bus.marker(`virtio-blk: ready, ${this.capacity} sectors, queue of ${this.queueSize}`);
  }

  /** Where queue 0 lives in guest memory (after init). */
  get queueAddresses(): QueueAddresses | undefined {
    return this.vq?.q;
  }

  /**
   * Waits for the configuration-change interrupt that follows something the host did (a
   * resize over QMP) — ISR bit 1 on INTx, the configuration's vector with MSI-X — and reads
   * the capacity again, as virtblk_config_changed does. Returns the new capacity.
   */
  async awaitConfigChange(): Promise<number> {
    const t = this.transport;
    for (;;) {
      let causes: number;
      if (t.msix !== undefined) causes = await t.msix.wait(this.irqTimeoutMs);
      else {
        await this.bus.waitForIrq(t.irq, true, this.irqTimeoutMs);
        causes = await t.takeInterrupt();
      }
      // (QEMU's virtio_notify_config sets ISR bits 0 and 1 both: bit 0 alone would be a stray completion.)
      if (causes & 2) break;
      throw new Error(
        `${t.description}: an interrupt without a configuration change (causes 0x${causes.toString(16)}) while no request was outstanding`,
      );
    }
    this.capacity = await this.readCapacity();
    this.bus.marker(`virtio-blk: configuration changed, ${this.capacity} sectors`);
    return this.capacity;
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
   * device has used every one. Returns one result per request, in request order, then the
   * late completions of requests given up earlier (see the file comment).
   */
  async submit(requests: readonly BlkRequest[]): Promise<BlkResult[]> {
    const vq = this.vq;
    if (!vq) throw new Error("virtio-blk: submit before init");
    if (requests.some((r) => r.type === "flush") && (this.driverFeatures & (1n << VIRTIO_BLK_F_FLUSH)) === 0n) {
      throw new Error("virtio-blk: flush requested but VIRTIO_BLK_F_FLUSH was not negotiated");
    }
    if (this.needsReset) {
      this.bus.marker(`virtio-blk: the device needs a reset; ${requests.length} request(s) not submitted`);
      return requests.map((request) => ({ request, status: STATUS_FILL, usedLen: 0, gaveUp: "the device needs a reset" }));
    }
    const fault = this.opts.fault;
    if (isRingFault(fault) && !this.faultCommitted) {
      vq.arm(fault);
      this.faultCommitted = true;
      this.faultFresh = true;
    }
    // Only the batch the fault spoils may see no completion: a later batch, notified
    // correctly, gets the whole interrupt timeout however slow the host (it is given up,
    // not failed, when the device has stopped answering).
    const short = this.faultFresh;
    this.faultFresh = false;
    const placed: Placed[] = [];
    const skipped = new Map<BlkRequest, string>();
    for (const req of requests) {
      const need = req.type === "flush" ? 2 : 3;
      if (vq.freeDescriptors < need && this.abandoned.size > 0) {
        const why = `the queue is full (${this.abandoned.size} request(s) given up earlier hold descriptors)`;
        this.bus.marker(`virtio-blk: request ${describe(req)} not submitted; ${why}`);
        skipped.set(req, why);
        continue;
      }
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
    if (placed.length > 0) await vq.publish(placed.map((p) => p.head));
    if (this.opts.pollStatus === true) await this.pollStatus(placed);
    const usedLen = new Map<number, number>();
    const late: { p: Placed; len: number }[] = [];
    const take = (els: readonly UsedElement[]) => {
      for (const el of els) {
        const old = this.abandoned.get(el.id);
        if (old === undefined) {
          usedLen.set(el.id, el.len);
          continue;
        }
        this.abandoned.delete(el.id);
        this.bus.marker(`virtio-blk: ${describe(old.req)}, given up earlier, completed now`);
        late.push({ p: old, len: el.len });
      }
      return els.length;
    };
    const pending = () => placed.filter((p) => !usedLen.has(p.head));
    let gaveUp: string | undefined;
    let since = Date.now();
    // Requests given up in an earlier batch go to the device with this batch's notify too, and
    // QEMU completes requests in any order: once this batch is done, wait a little longer for
    // them, so that their completion is seen however the host schedules QEMU's I/O.
    let lateUntil: number | undefined;
    const outstanding = (): boolean => {
      if (pending().length > 0) return true;
      if (short || this.abandoned.size === 0) return false;
      lateUntil ??= Date.now() + this.faultWaitMs;
      return Date.now() < lateUntil;
    };
    while (outstanding()) {
      const onlyLate = pending().length === 0;
      const limit = onlyLate ? Math.max(1, (lateUntil as number) - Date.now()) : short ? this.faultWaitMs : this.irqTimeoutMs;
      if (this.noAck) {
        // The line stays raised since nothing acknowledges it: poll the used ring.
        await this.transport.peekInterrupt();
        if (take(await vq.collectUsed()) > 0) since = Date.now();
        else if (Date.now() - since > limit) {
          if (!onlyLate) gaveUp = `no completion within ${limit} ms`;
          break;
        } else await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      // With MSI-X the message's word says the cause (the ISR is not read, as Linux does not); with INTx the ISR does.
      let msixCauses: number | undefined;
      try {
        if (this.transport.msix !== undefined) msixCauses = await this.transport.msix.wait(limit);
        else await this.bus.waitForIrq(this.transport.irq, true, limit);
      } catch (e) {
        if (onlyLate) break;
        if (!this.faultCommitted) {
          throw new Error(`${this.transport.description}: ${(e as Error).message}; ${pending().length} request(s) still outstanding`);
        }
        gaveUp = `no interrupt within ${limit} ms`;
        break;
      }
      if (fault === "irq-not-acked") {
        this.commitFault("the interrupt is taken and never acknowledged; completions are polled from now on", false);
        this.noAck = true;
        since = Date.now();
        continue;
      }
      const isr = msixCauses ?? (await this.transport.takeInterrupt());
      if (isr & 1) take(await vq.collect());
      if (isr & 2) {
        const st = await this.transport.getStatus();
        if (st & STATUS_DEVICE_NEEDS_RESET) {
          this.needsReset = true;
          gaveUp = `the device needs a reset (status 0x${st.toString(16)})`;
          break;
        }
      }
    }
    const left = pending();
    if (gaveUp !== undefined) {
      this.bus.marker(
        `virtio-blk: ${gaveUp} after fault ${fault}; ${left.length} request(s) given up, their descriptors stay with the device`,
      );
      for (const p of left) this.abandoned.set(p.head, p);
    }
    const results: BlkResult[] = [];
    for (const req of requests) {
      const p = placed.find((x) => x.req === req);
      const len = p === undefined ? undefined : usedLen.get(p.head);
      if (p === undefined || len === undefined) {
        results.push({ request: req, status: STATUS_FILL, usedLen: 0, gaveUp: skipped.get(req) ?? (gaveUp as string) });
        continue;
      }
      results.push(await this.result(p, len));
    }
    for (const { p, len } of late) results.push({ ...(await this.result(p, len)), late: true });
    return results;
  }

  /** Reads the status bytes of `placed` until none holds the 0xff the driver left (see VirtioBlkOptions.pollStatus). */
  private async pollStatus(placed: readonly Placed[]): Promise<void> {
    const deadline = Date.now() + this.irqTimeoutMs;
    let waiting = [...placed];
    while (waiting.length > 0) {
      const still: Placed[] = [];
      for (const p of waiting) if ((await this.bus.readb(p.status)) === STATUS_FILL) still.push(p);
      waiting = still;
      if (waiting.length === 0) break;
      if (Date.now() > deadline) throw new Error(`virtio-blk: ${waiting.length} status byte(s) still 0xff after ${this.irqTimeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /** What the device left for a completed request: its status byte and, for a read, the data. */
  private async result(p: Placed, usedLen: number): Promise<BlkResult> {
    const r: BlkResult = { request: p.req, status: await this.bus.readb(p.status), usedLen };
    if (p.req.type === "read" && p.data) r.data = await this.bus.memread(p.data.addr, p.data.len);
    return r;
  }
}

export function describe(req: BlkRequest): string {
  if (req.type === "read") return `read ${req.count} sector(s) at ${req.sector}`;
  if (req.type === "write") return `write ${req.data.length / SECTOR_SIZE} sector(s) at ${req.sector}`;
  return "flush";
}
