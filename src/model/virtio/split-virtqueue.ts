// A split virtqueue (virtio 1.x §2.7, 0.9.5 §2.3) as the device side sees it.
//
// The guest owns the descriptor table and the avail ring; the device owns the used ring.
// On a notify the model does what the device will do (and, while the device's handler may
// still run, on the first sign that it took what the driver published without a notify: see
// catchUp): it reads avail.idx, pops every new head, walks its chain (NEXT, WRITE, INDIRECT; loops and out-of-range indexes are guest
// errors, and those QEMU's virtqueue_split_pop meets with virtio_error stop the device:
// see `Fatal`) and keeps it in flight. Completion is asynchronous in reality: between a notify
// and its interrupt a driver may legitimately read an old used.idx, so the model never
// guesses when the device completes. It accepts any used.idx between the last one seen and
// that plus the number in flight, and learns which heads completed when used elements are
// read (by the driver) or written (by the device, in captures that show DMA). Only a
// value no device could have produced is a divergence. Notification suppression (avail.flags,
// used_event, used.flags, avail_event: VIRTIO_RING_F_EVENT_IDX) is notification-suppression.ts's.
import type { GuestMemory } from "../guest-memory.js";
import type { Reporter } from "../machine/report.js";
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import { Desc } from "./constants.js";
import { type Handler, QueueNotifications, type SuppressionMode } from "./notification-suppression.js";

/** One buffer of a descriptor chain. */
export interface ChainBuffer {
  addr: number;
  len: number;
  write: boolean;
}

/** A popped request the device has not completed (as far as the capture shows). */
export interface InFlight {
  head: number;
  buffers: ChainBuffer[];
  /** Total bytes of device-writable buffers. */
  writable: number;
  /** The used length the device will report, when the device model knows it exactly. */
  expectedLen: number | undefined;
  /** A short description of the request (device-specific decoding), for state dumps. */
  summary: string;
  /** Its pop number since reset (1, 2, …): QEMU's trace points name pops in the same order. */
  ordinal: number;
}

/**
 * A chain error QEMU answers with virtio_error (the device is broken until reset): the
 * caller (VirtioCore.fail) records the guest error and stops the device.
 */
export type Fatal = (offset: number, value: number, why: string) => void;

/** What a device-specific decoder understands of a popped chain. */
export interface DecodedChain {
  /** The used length the device will report, when known exactly. */
  expectedLen: number | undefined;
  summary: string;
  /** The request's kind for per-kind counts ("IN", "READ(10)", "TMF ABORT_TASK"); "request" when left out. */
  kind?: string;
  /** The device refuses the chain and stops (QEMU's virtio_error): why. */
  error?: string;
}

/** Device-specific understanding of a popped chain (virtio-blk, virtio-scsi decoders). */
export type ChainDecoder = (buffers: ChainBuffer[], memory: GuestMemory) => DecodedChain;

/** QEMU's VIRTQUEUE_MAX_SIZE: the buffers one element can map. */
const MAX_BUFFERS = 1024;

const indirectWithNext =
  "an indirect descriptor with NEXT set (virtio 1.x §2.7.5.3.1: the driver must not set both; QEMU ignores NEXT and follows the table)";
const nestedIndirect =
  "an indirect descriptor inside an indirect table (virtio 1.x §2.7.5.3.1: only one table per descriptor; QEMU maps it as a plain buffer)";
const indirectInChain =
  "an indirect descriptor after the head of a chain (QEMU 7.2 follows a table only at the head, and maps this one as a plain buffer)";
const indirectNotNegotiated =
  "an indirect descriptor, but VIRTIO_RING_F_INDIRECT_DESC was not negotiated (virtio 1.x §2.7.5.3.1: the driver must not set VIRTQ_DESC_F_INDIRECT unless it was; QEMU follows the table anyway)";

/** Told when a queue's ring layout changes (VirtioCore keeps its set of set-up queues). */
export interface LayoutObserver {
  layoutChanged(q: SplitVirtqueue): void;
}

export class SplitVirtqueue {
  /** Who to tell when the layout changes. */
  observer: LayoutObserver | undefined;
  /** Whether VirtioCore lists the queue as set up since the reset (derived, not encoded). */
  listedSetUp = false;
  private _size = 0;
  private _desc = 0;
  private _avail = 0;
  private _used = 0;

  /** vring.num: the queue size; 0 when the queue does not exist or is unset. */
  get size(): number {
    return this._size;
  }
  set size(v: number) {
    if (v === this._size) return;
    this._size = v;
    this.observer?.layoutChanged(this);
  }
  get desc(): number {
    return this._desc;
  }
  set desc(v: number) {
    if (v === this._desc) return;
    this._desc = v;
    this.observer?.layoutChanged(this);
  }
  get avail(): number {
    return this._avail;
  }
  set avail(v: number) {
    if (v === this._avail) return;
    this._avail = v;
    this.observer?.layoutChanged(this);
  }
  get used(): number {
    return this._used;
  }
  set used(v: number) {
    if (v === this._used) return;
    this._used = v;
    this.observer?.layoutChanged(this);
  }

  /** The size the queue returns to on reset, once learned (QEMU's num_default). */
  sizeDefault: number | undefined;
  /** Whether the device has this queue, once a register showed it (QueueNumMax 0: no). */
  exists: boolean | undefined;
  /** virtio-mmio v1 / legacy: alignment of the used ring. */
  align = 4096;
  /** virtio-mmio v2 / modern PCI: QueueReady / queue_enable. */
  ready = false;
  /** Device side: the next avail position to pop (last_avail_idx). */
  lastAvail = 0;
  /** Device side: used.idx as last seen (or predicted by the device's own writes). */
  usedIdx = 0;
  /** Completions seen in used.idx whose heads no used element has named yet. */
  unidentified = 0;
  inflight: InFlight[] = [];
  /** Heads popped since reset. */
  popped = 0;
  /** Completions seen since reset. */
  completed = 0;
  /** The model lost track (avail ring or descriptors unknown): accept what the device shows. */
  lost = false;
  /** Notification suppression both ways: the interrupts the device may send, the avail_event and used.flags it stores. */
  notifications = new QueueNotifications();
  /**
   * Pops what the driver made available without a notify (VirtioCore sets it). QEMU's request
   * queue handlers loop until the avail ring is empty (virtio_blk_handle_vq,
   * virtio_scsi_handle_cmd_vq), so while one may still run, entries the driver publishes — and,
   * told by avail_event or used.flags that the device will see them, does not notify — are
   * popped too. The model pops them once the device shows it has: a completion, a used element
   * or an avail_event beyond what the model popped.
   */
  catchUp: ((r: Reporter, memory: GuestMemory) => void) | undefined;

  constructor(readonly index: number) {}

  /** QEMU's virtio_queue_reset for one queue. */
  reset(): void {
    this.size = this.sizeDefault ?? 0;
    this.desc = this.avail = this.used = 0;
    this.align = 4096;
    this.ready = false;
    this.lastAvail = this.usedIdx = this.unidentified = 0;
    if (this.inflight.length !== 0) this.inflight = []; // (a reset of a queue never used makes nothing)
    this.popped = this.completed = 0;
    this.lost = false;
    this.notifications.reset();
  }

  /** Legacy layout from one base address (virtio 0.9.5 §2.3, QEMU virtio_queue_update_rings). */
  setLegacyRings(base: number): void {
    // The three addresses move together: one layout change, not three.
    const desc = this._desc;
    const avail = this._avail;
    const used = this._used;
    this._desc = base;
    if (base !== 0 && this._size !== 0) {
      this._avail = base + this._size * 16;
      const availEnd = this._avail + 4 + 2 * this._size;
      this._used = Math.ceil(availEnd / this.align) * this.align;
    }
    if (this._desc !== desc || this._avail !== avail || this._used !== used) this.observer?.layoutChanged(this);
  }

  get configured(): boolean {
    return this.desc !== 0 && this.size !== 0;
  }

  /** The avail.idx the driver has published, if the capture showed it. */
  availIdx(memory: GuestMemory): number | undefined {
    return this.configured ? memory.readUint(this.avail + 2, 2) : undefined;
  }

  /**
   * The device handles a notify: pop every new head and walk its chain. Returns why the
   * device stops when the decoder refuses a chain (the chain is popped, never completed, and
   * nothing after it is popped); the caller makes the device fail.
   */
  notify(
    memory: GuestMemory,
    r: Reporter,
    device: string,
    decode: ChainDecoder,
    fatal?: Fatal,
    indirectForbidden = false,
  ): string | undefined {
    if (!this.configured) return undefined;
    const idx = memory.readUint(this.avail + 2, 2);
    if (idx === undefined) {
      this.lost = true;
      return undefined;
    }
    const pending = (idx - this.lastAvail) & 0xffff;
    if (pending > this.size) {
      r.guestError(
        device,
        this.avail + 2,
        idx,
        `avail.idx ${idx} is ${pending} ahead of the device's position ${this.lastAvail}, more than the queue size ${this.size}`,
      );
      this.lost = true;
      return undefined;
    }
    for (let i = 0; i < pending; i++) {
      const slot = this.lastAvail % this.size;
      const head = memory.readUint(this.avail + 4 + 2 * slot, 2);
      if (head === undefined) {
        this.lost = true;
        return undefined;
      }
      this.lastAvail = (this.lastAvail + 1) & 0xffff;
      this.popped++;
      const buffers = this.walk(memory, r, device, head, fatal ?? ((at, v, why) => r.guestError(device, at, v, why)), indirectForbidden);
      if (buffers === undefined) return undefined;
      const writable = buffers.reduce((n, b) => n + (b.write ? b.len : 0), 0);
      // The device owns the writable buffers until it completes: their bytes are unknown.
      for (const b of buffers) if (b.write) memory.forget(b.addr, b.len);
      const { expectedLen, summary, error } = decode(buffers, memory);
      if (error !== undefined) return `queue ${this.index} head ${head} (${summary}): ${error}`;
      this.inflight.push({ head, buffers, writable, expectedLen, summary, ordinal: this.popped });
    }
    return undefined;
  }

  /** Heads published beyond the device's position that its handler, if still running, takes without a notify (0: none). */
  unnotified(memory: GuestMemory): number {
    if (this.catchUp === undefined || this.lost || !this.configured || !this.notifications.mayBeHandling(this)) return 0;
    const idx = memory.readUint(this.avail + 2, 2);
    if (idx === undefined) return 0;
    const n = (idx - this.lastAvail) & 0xffff;
    return n <= this.size ? n : 0;
  }

  /**
   * Walks one chain; undefined (and a guest error, or `lost`) when it cannot be followed.
   * `indirectForbidden`: the driver wrote its features without VIRTIO_RING_F_INDIRECT_DESC, so
   * an indirect descriptor breaks the spec's rule (QEMU follows the table all the same).
   */
  private walk(
    memory: GuestMemory,
    r: Reporter,
    device: string,
    head: number,
    fatal: Fatal,
    indirectForbidden: boolean,
  ): ChainBuffer[] | undefined {
    if (head >= this.size) {
      fatal(this.avail, head, `avail ring names descriptor ${head}, beyond the queue size ${this.size}`);
      return undefined;
    }
    const out: ChainBuffer[] = [];
    let table = this.desc;
    let tableSize = this.size;
    let i = head;
    let steps = 0;
    let indirect = false;
    for (;;) {
      const at = table + 16 * i;
      const addr = memory.readU64(at);
      const len = memory.readUint(at + 8, 4);
      const flags = memory.readUint(at + 12, 2);
      const next = memory.readUint(at + 14, 2);
      if (addr === undefined || len === undefined || flags === undefined || next === undefined) {
        this.lost = true;
        return undefined;
      }
      if (flags & Desc.INDIRECT && !indirect && out.length === 0) {
        // QEMU's virtqueue_split_pop looks for a table at the head only, and ignores NEXT there.
        if (flags & Desc.NEXT) r.guestError(device, at, flags, indirectWithNext);
        if (len % 16 !== 0 || len === 0) {
          fatal(at, len, `indirect table length ${len} is not a whole number of descriptors`);
          return undefined;
        }
        if (indirectForbidden) r.guestError(device, at, flags, indirectNotNegotiated);
        indirect = true;
        table = addr;
        tableSize = len / 16;
        i = 0;
        steps = 0;
        continue;
      }
      // Anywhere else QEMU maps an indirect descriptor as a plain buffer.
      if (flags & Desc.INDIRECT) r.guestError(device, at, flags, indirect ? nestedIndirect : indirectInChain);
      // virtqueue_map_desc's checks, then the loop count, then the next index, in QEMU's order.
      if (len === 0) {
        fatal(at, len, `descriptor ${i} of the chain from head ${head} has length 0`);
        return undefined;
      }
      if (!(flags & Desc.WRITE) && out.some((b) => b.write)) {
        fatal(at, flags, `device-readable descriptor ${i} follows a device-writable one in the chain from head ${head}`);
        return undefined;
      }
      if (out.length === MAX_BUFFERS) {
        fatal(at, len, `the chain from head ${head} has more than the ${MAX_BUFFERS} buffers QEMU maps for one request`);
        return undefined;
      }
      out.push({ addr, len, write: (flags & Desc.WRITE) !== 0 });
      if (!(flags & Desc.NEXT)) return out;
      if (++steps >= tableSize) {
        fatal(at, next, `descriptor chain from head ${head} loops (longer than its table of ${tableSize})`);
        return undefined;
      }
      if (next >= tableSize) {
        fatal(at, next, `descriptor ${i} chains to ${next}, beyond its table of ${tableSize}`);
        return undefined;
      }
      i = next;
    }
  }

  /** End of the used ring (flags, idx, ring of 8-byte elements, avail_event) that starts at `used`. */
  get usedEnd(): number {
    return this.used + 6 + 8 * this.size;
  }

  /**
   * The device's used ring as read (by the driver) or written (by the device): checks the
   * values against what the device could have done, learns completions, and stores them.
   * `handler` and `mode` say what the device stores into used.flags and avail_event.
   * Returns how many completions used.idx newly announced.
   */
  observeUsed(
    memory: GuestMemory,
    r: Reporter,
    device: string,
    addr: number,
    data: Uint8Array,
    byDevice: boolean,
    handler: Handler,
    mode: SuppressionMode,
  ): number {
    let announced = 0;
    for (let off = 0; off < data.length;) {
      const a = addr + off;
      const rel = a - this.used;
      const u16 = off + 2 <= data.length ? (data[off] as number) | ((data[off + 1] as number) << 8) : -1;
      if (rel === 2 && u16 >= 0) {
        announced += this.observeUsedIdx(r, device, u16, memory);
        off += 2;
      } else if (rel === 0 && u16 >= 0) {
        this.notifications.observeUsedFlags(r, device, this, memory, handler, mode, u16, byDevice);
        off += 2;
      } else if (rel === 4 + 8 * this.size && u16 >= 0) {
        // The device stored a position beyond the model's pops: its handler took what was published since.
        const ahead = (u16 - this.lastAvail) & 0xffff;
        if (ahead !== 0 && ahead <= this.unnotified(memory)) this.catchUp?.(r, memory);
        this.notifications.observeAvailEvent(r, device, this, memory, handler, u16, byDevice);
        off += 2;
      } else if (rel >= 4 && (rel - 4) % 8 === 0 && rel < 4 + 8 * this.size && off + 8 <= data.length) {
        const u32 = (o: number) =>
          ((data[o] as number) | ((data[o + 1] as number) << 8) | ((data[o + 2] as number) << 16) | ((data[o + 3] as number) << 24)) >>> 0;
        this.observeUsedElem(r, device, (rel - 4) / 8, u32(off), u32(off + 4), memory);
        off += 8;
      } else {
        off += 1; // a partial field: nothing the model predicts
      }
    }
    memory.write(addr, data);
    return announced;
  }

  private observeUsedIdx(r: Reporter, device: string, v: number, memory: GuestMemory): number {
    const advance = (v - this.usedIdx) & 0xffff;
    if (advance === 0) return 0;
    let possible = this.inflight.length - this.unidentified;
    if (!this.lost && advance > possible && this.unnotified(memory) > 0) {
      this.catchUp?.(r, memory);
      possible = this.inflight.length - this.unidentified;
    }
    if (!this.lost && advance > possible) {
      r.diverge(
        device,
        `queue ${this.index} used.idx`,
        String(v),
        `${this.usedIdx}…${(this.usedIdx + possible) & 0xffff} (${possible} in flight)`,
      );
    }
    this.unidentified = Math.min(this.inflight.length, this.unidentified + advance);
    this.completed += advance;
    this.usedIdx = v;
    return advance;
  }

  private observeUsedElem(r: Reporter, device: string, slot: number, id: number, len: number, memory: GuestMemory): void {
    // Only elements of completions announced by used.idx and not yet named are predicted.
    if (this.unidentified === 0) return;
    const firstUnnamed = (this.usedIdx - this.unidentified) & 0xffff;
    let known = false;
    for (let k = 0; k < this.unidentified; k++) if ((firstUnnamed + k) % this.size === slot) known = true;
    if (!known) return;
    let at = this.inflight.findIndex((f) => f.head === id);
    if (at < 0 && this.unnotified(memory) > 0) {
      this.catchUp?.(r, memory);
      at = this.inflight.findIndex((f) => f.head === id);
    }
    if (at < 0) {
      if (!this.lost) {
        r.diverge(
          device,
          `queue ${this.index} used.ring[${slot}].id`,
          String(id),
          `a head in flight (${this.inflight.map((f) => f.head).join(", ") || "none"})`,
        );
      }
      return;
    }
    const f = this.inflight[at] as InFlight;
    const lenOk = f.expectedLen !== undefined ? len === f.expectedLen : len <= f.writable;
    if (!lenOk) {
      r.diverge(
        device,
        `queue ${this.index} used.ring[${slot}].len for head ${id}`,
        String(len),
        f.expectedLen !== undefined ? String(f.expectedLen) : `at most ${f.writable}`,
      );
    }
    this.inflight.splice(at, 1);
    this.unidentified--;
  }

  encode(w: StateWriter): void {
    w.u32(this.index)
      .num(this.size)
      .optNum(this.sizeDefault)
      .u8(this.exists === undefined ? 2 : this.exists ? 1 : 0)
      .num(this.desc)
      .num(this.avail)
      .num(this.used)
      .num(this.align)
      .bool(this.ready);
    w.num(this.lastAvail).num(this.usedIdx).num(this.unidentified).num(this.popped).num(this.completed).bool(this.lost);
    w.u32(this.inflight.length);
    for (const f of this.inflight) {
      w.num(f.head).num(f.writable).optNum(f.expectedLen).str(f.summary).num(f.ordinal).u32(f.buffers.length);
      for (const b of f.buffers) w.num(b.addr).num(b.len).bool(b.write);
    }
    this.notifications.encode(w);
  }

  static decode(r: StateReader): SplitVirtqueue {
    const q = new SplitVirtqueue(r.u32());
    q.size = r.num();
    q.sizeDefault = r.optNum();
    const exists = r.u8();
    q.exists = exists === 2 ? undefined : exists === 1;
    q.desc = r.num();
    q.avail = r.num();
    q.used = r.num();
    q.align = r.num();
    q.ready = r.bool();
    q.lastAvail = r.num();
    q.usedIdx = r.num();
    q.unidentified = r.num();
    q.popped = r.num();
    q.completed = r.num();
    q.lost = r.bool();
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const head = r.num();
      const writable = r.num();
      const expectedLen = r.optNum();
      const summary = r.str();
      const ordinal = r.num();
      const buffers: ChainBuffer[] = [];
      const nb = r.u32();
      for (let j = 0; j < nb; j++) buffers.push({ addr: r.num(), len: r.num(), write: r.bool() });
      q.inflight.push({ head, buffers, writable, expectedLen, summary, ordinal });
    }
    q.notifications = QueueNotifications.decode(r);
    return q;
  }
}
