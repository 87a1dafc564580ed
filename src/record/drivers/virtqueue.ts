// A split virtqueue driven from the driver side, every access to its memory going through
// the recorded bus so the capture holds the ring traffic the device model must reproduce:
//
// - descriptors (16 bytes: addr, len, flags NEXT/WRITE, next) written whole per entry;
// - the avail ring: entries, then smp_wmb, then avail->idx (the device must not see the
//   index before the entries), then smp_mb before reading used->flags and notifying (the
//   index store must be visible before the device is told, and the flags load must not
//   pass it): Linux's virtqueue_add + virtqueue_kick_prepare without EVENT_IDX;
// - the used ring: used->idx, then smp_rmb, then the elements it covers.
//
// With VIRTIO_RING_F_EVENT_IDX negotiated (`eventIdx`), as Linux's split ring does it: the
// notify decision reads avail_event (after the used ring's elements) instead of used->flags
// and notifies when vring_need_event(avail_event, new avail->idx, old) says the device asked
// for it; taking completions (`collect`) is virtblk_done's loop — virtqueue_disable_cb stores
// 0 in used_event (Linux's "hack" for off), the used ring is read, then virtqueue_enable_cb
// stores the driver's used position in used_event (interrupt at the next completion), smp_mb,
// and reads used->idx again, collecting once more when completions arrived in between.
//
// Layouts: the legacy layout (virtio 0.9.5, virtio-mmio v1, legacy virtio-pci) is one
// contiguous block whose used ring starts at the next `align` boundary; modern transports
// take three separate addresses (descriptors 16-aligned, avail 2, used 4).
//
// A ring fault (faults.ts) armed with `arm` is committed once, at its place in the steps
// above, after a marker naming it: the entries or the descriptors stored late, the barrier
// or the notify left out, the notify sent early, a descriptor chained to itself, a used
// element read before used->idx.
import type { DriverBus } from "./driver-bus.js";
import type { RingFault } from "./faults.js";
import type { GuestMemory } from "./guest-memory.js";
import type { QueueAddresses } from "./virtio-transport.js";

export const VRING_DESC_F_NEXT = 1;
export const VRING_DESC_F_WRITE = 2;
export const VRING_DESC_F_INDIRECT = 4;
export const VRING_USED_F_NO_NOTIFY = 1;

/** vring_need_event: whether moving an index from `old` to `next` passes `event` (all u16). */
export function vringNeedEvent(event: number, next: number, old: number): boolean {
  return ((next - event - 1) & 0xffff) < ((next - old) & 0xffff);
}

export interface ChainBuffer {
  addr: number;
  len: number;
  /** The device writes this buffer (device-writable, VRING_DESC_F_WRITE). */
  writable: boolean;
}

export interface UsedElement {
  id: number;
  len: number;
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** One 16-byte descriptor: addr, len, flags, next. */
function descriptor(addr: number, len: number, flags: number, next: number): Uint8Array {
  const d = new Uint8Array(16);
  const v = new DataView(d.buffer);
  v.setBigUint64(0, BigInt(addr), true);
  v.setUint32(8, len, true);
  v.setUint16(12, flags, true);
  v.setUint16(14, next, true);
  return d;
}

/** Allocates a queue of `size` entries; `legacyAlign` selects the contiguous legacy layout. */
export function allocateQueue(mem: GuestMemory, size: number, legacyAlign?: number): QueueAddresses & { bytes: number } {
  const descBytes = 16 * size;
  const availBytes = 6 + 2 * size;
  const usedBytes = 6 + 8 * size;
  if (legacyAlign !== undefined) {
    const usedOff = alignUp(descBytes + availBytes, legacyAlign);
    const bytes = usedOff + alignUp(usedBytes, legacyAlign);
    const desc = mem.alloc(bytes, legacyAlign);
    return { size, desc, avail: desc + descBytes, used: desc + usedOff, bytes };
  }
  const desc = mem.alloc(descBytes, 16);
  const avail = mem.alloc(availBytes, 2);
  const used = mem.alloc(usedBytes, 4);
  return { size, desc, avail, used, bytes: used + usedBytes - desc };
}

export class SplitVirtqueue {
  private readonly free: number[] = [];
  /** Descriptor ids of each chain handed out, by head. */
  private readonly chains = new Map<number, number[]>();
  private availIdx = 0;
  private lastUsed = 0;
  /** The fault to commit next (see arm), and descriptor stores held back by desc-after-publish. */
  private fault: RingFault | undefined;
  private deferred: { addr: number; bytes: Uint8Array }[] | undefined;
  /** VIRTIO_RING_F_EVENT_IDX is negotiated: used_event and avail_event rule the notifications (see the file comment). */
  eventIdx = false;
  /**
   * VIRTIO_RING_F_INDIRECT_DESC is negotiated: a chain of more than one buffer goes into an
   * indirect table this allocates (see addChain).
   */
  indirectTables: ((bytes: number) => number) | undefined;
  /** Notifies left out because avail_event said the device would see the buffers anyway. */
  notifiesSuppressed = 0;

  constructor(
    private readonly bus: DriverBus,
    readonly index: number,
    readonly q: QueueAddresses & { bytes: number },
    private readonly notifyDevice: () => Promise<void>,
  ) {
    for (let i = 0; i < q.size; i++) this.free.push(i);
  }

  /** Zeroes the queue's memory (before the device is given its address). */
  async clear(): Promise<void> {
    await this.bus.memset(this.q.desc, this.q.bytes, 0);
  }

  get freeDescriptors(): number {
    return this.free.length;
  }

  /** Commits `fault` once, in the next chain, publish or used-ring read it concerns. */
  arm(fault: RingFault): void {
    this.fault = fault;
  }

  /** The armed fault when it is `f` (it is then used up, unless `keep`). */
  private commit(f: RingFault, keep = false): boolean {
    if (this.fault !== f) return false;
    if (!keep) this.fault = undefined;
    return true;
  }

  /**
   * Writes a descriptor chain for `bufs` and returns its head (not yet made available). With
   * indirect tables (indirectTables), as Linux's virtqueue_add_split does when there is more
   * than one buffer: the buffers go into a table of their own, chained 0, 1, … (every entry's
   * next is its index + 1, the last one's too, as alloc_indirect_split leaves them), and one
   * ring descriptor with VRING_DESC_F_INDIRECT names the table; its next is the free list's.
   */
  async addChain(bufs: readonly ChainBuffer[]): Promise<number> {
    if (bufs.length === 0) throw new Error("virtqueue: an empty chain");
    const table = this.indirectTables !== undefined && bufs.length > 1 ? this.indirectTables(16 * bufs.length) : undefined;
    const ringDescriptors = table !== undefined ? 1 : bufs.length;
    if (ringDescriptors > this.free.length)
      throw new Error(`virtqueue ${this.index}: ${ringDescriptors} descriptors wanted, ${this.free.length} free`);
    const ids = this.free.splice(0, ringDescriptors);
    const loop = this.commit("descriptor-loop");
    const defer = this.deferred === undefined && this.commit("desc-after-publish", true);
    if (defer) this.deferred = [];
    const store = async (addr: number, d: Uint8Array) => {
      if (defer) this.deferred?.push({ addr, bytes: d });
      else await this.bus.memwrite(addr, d);
    };
    // Where entry i of the chain goes, and the index its `next` names.
    const slot = (i: number) => (table !== undefined ? table + 16 * i : this.q.desc + 16 * (ids[i] as number));
    const index = (i: number) => (table !== undefined ? i : (ids[i] as number));
    const entries = new Uint8Array(16 * bufs.length);
    for (let i = 0; i < bufs.length; i++) {
      const b = bufs[i] as ChainBuffer;
      const last = i === bufs.length - 1;
      let next = last ? undefined : index(i + 1);
      if (loop && last) {
        next = index(i);
        this.bus.marker(
          `fault descriptor-loop: descriptor ${next}, the last of the chain from ${ids[0]}${table !== undefined ? "'s indirect table" : ""}, chains to itself`,
        );
      }
      const flags = (next !== undefined ? VRING_DESC_F_NEXT : 0) | (b.writable ? VRING_DESC_F_WRITE : 0);
      const d = descriptor(b.addr, b.len, flags, next ?? (table !== undefined ? i + 1 : 0));
      if (table !== undefined) entries.set(d, 16 * i);
      else await store(slot(i), d);
    }
    if (table !== undefined) {
      // The table first (the device may read it once the head is published), then the head.
      await this.bus.memwrite(table, entries);
      await store(this.q.desc + 16 * (ids[0] as number), descriptor(table, entries.length, VRING_DESC_F_INDIRECT, this.free[0] ?? 0));
    }
    this.chains.set(ids[0] as number, ids);
    return ids[0] as number;
  }

  /** Makes chains available and notifies the device unless it asked not to be. */
  async publish(heads: readonly number[]): Promise<{ notified: boolean }> {
    const from = this.availIdx;
    const entries = async () => {
      for (const [k, head] of heads.entries()) await this.bus.writew(this.q.avail + 4 + 2 * ((from + k) % this.q.size), head);
    };
    this.availIdx = (from + heads.length) & 0xffff;
    const storeIdx = () => this.bus.writew(this.q.avail + 2, this.availIdx);
    if (this.commit("idx-before-entry")) {
      this.bus.marker(`fault idx-before-entry: avail->idx ${this.availIdx} stored before the ring entries it covers`);
      await storeIdx();
      this.bus.barrier("write", "smp");
      await entries();
    } else {
      await entries();
      if (this.commit("missing-barrier"))
        this.bus.marker("fault missing-barrier: no write barrier between the ring entries and avail->idx");
      else this.bus.barrier("write", "smp");
      if (this.commit("notify-before-publish")) {
        this.bus.marker(`fault notify-before-publish: the device is notified before avail->idx ${this.availIdx} is stored`);
        this.bus.barrier("full", "smp");
        await this.bus.readw(this.q.used);
        await this.notifyDevice();
        await storeIdx();
        return { notified: true };
      }
      await storeIdx();
    }
    if (this.commit("desc-after-publish") && this.deferred !== undefined) {
      this.bus.marker(`fault desc-after-publish: ${this.deferred.length} descriptor(s) stored after avail->idx ${this.availIdx}`);
      for (const d of this.deferred) await this.bus.memwrite(d.addr, d.bytes);
      this.deferred = undefined;
    }
    this.bus.barrier("full", "smp");
    // Linux's virtqueue_kick_prepare: avail_event with EVENT_IDX, used->flags without.
    const needed = this.eventIdx
      ? vringNeedEvent(await this.bus.readw(this.availEventAddr), this.availIdx, from)
      : ((await this.bus.readw(this.q.used)) & VRING_USED_F_NO_NOTIFY) === 0;
    if (this.commit("missing-notify")) {
      this.bus.marker(`fault missing-notify: avail->idx ${this.availIdx} published, the device is not notified`);
      return { notified: false };
    }
    if (!needed) {
      this.notifiesSuppressed++;
      return { notified: false };
    }
    await this.notifyDevice();
    return { notified: true };
  }

  /** avail_event: the u16 after the used ring's elements (EVENT_IDX). */
  get availEventAddr(): number {
    return this.q.used + 4 + 8 * this.q.size;
  }

  /** used_event: the u16 after the avail ring's entries (EVENT_IDX). */
  get usedEventAddr(): number {
    return this.q.avail + 4 + 2 * this.q.size;
  }

  /**
   * Takes the completions an interrupt announced: collectUsed, or with EVENT_IDX Linux's
   * disable_cb / get_buf / enable_cb loop (see the file comment), which leaves used_event
   * asking for an interrupt at the next completion.
   */
  async collect(): Promise<UsedElement[]> {
    if (!this.eventIdx) return this.collectUsed();
    const out: UsedElement[] = [];
    for (;;) {
      await this.bus.writew(this.usedEventAddr, 0);
      out.push(...(await this.collectUsed()));
      await this.bus.writew(this.usedEventAddr, this.lastUsed);
      this.bus.barrier("full", "smp");
      if ((await this.bus.readw(this.q.used + 2)) === this.lastUsed) return out;
    }
  }

  /** The used elements the device added since the last call; their descriptors are freed. */
  async collectUsed(): Promise<UsedElement[]> {
    const slot = () => this.q.used + 4 + 8 * (this.lastUsed % this.q.size);
    let early: Uint8Array | undefined;
    if (this.commit("used-before-idx")) {
      this.bus.marker(`fault used-before-idx: used ring element ${this.lastUsed % this.q.size} read before used->idx`);
      early = await this.bus.memread(slot(), 8);
    }
    const usedIdx = await this.bus.readw(this.q.used + 2);
    if (usedIdx === this.lastUsed) return [];
    this.bus.barrier("read", "smp");
    const out: UsedElement[] = [];
    while (this.lastUsed !== usedIdx) {
      let raw = early ?? (await this.bus.memread(slot(), 8));
      // What was read early may be older than the index (the bug): read it again, as the correct driver would have.
      if (early !== undefined && !this.chains.has(new DataView(raw.buffer, raw.byteOffset, 8).getUint32(0, true))) {
        this.bus.marker("fault used-before-idx: the element read early names no outstanding chain; read again");
        raw = await this.bus.memread(slot(), 8);
      }
      early = undefined;
      const v = new DataView(raw.buffer, raw.byteOffset, 8);
      const el = { id: v.getUint32(0, true), len: v.getUint32(4, true) };
      const chain = this.chains.get(el.id);
      if (!chain) throw new Error(`virtqueue ${this.index}: the device used descriptor ${el.id}, which heads no outstanding chain`);
      this.chains.delete(el.id);
      this.free.push(...chain);
      out.push(el);
      this.lastUsed = (this.lastUsed + 1) & 0xffff;
    }
    return out;
  }

  /** Chains made available and not yet used. */
  get outstanding(): number {
    return this.chains.size;
  }
}
