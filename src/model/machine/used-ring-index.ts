// Which queue's used ring (and which queue's avail ring) a guest-memory access touches,
// answered from a page-indexed table: every memory event asks, so the answer must not depend
// on how many queues exist. Queues report their layout changes (VirtioCore.onLayout); the
// index moves their entries. When rings overlap, the match is the first in (device order,
// queue index) order, whatever the order of a page's list, so a restored snapshot and a
// straight replay agree. One lookup answers both: `find` returns the used ring and leaves the
// avail ring in `avail` (the driver's stores into avail.flags and used_event matter to the
// model). Most memory accesses touch no ring: bounds around all the rings say so before the
// map is asked (kept loose as rings move, made tight again after as many moves as there
// are rings: amortized, a move costs O(1); and no array to allocate, which a snapshot
// restore would pay for).
import type { VirtioCore } from "../virtio/virtio-core.js";
import type { SplitVirtqueue } from "../virtio/split-virtqueue.js";

const PAGE = 4096;

export interface UsedRingEntry {
  start: number;
  end: number;
  core: VirtioCore;
  index: number;
  /** Position of the device in id order. */
  order: number;
  /** An avail ring (flags, idx, ring, used_event) rather than a used ring. */
  avail: boolean;
}

/** Where a queue's rings are in the index. */
interface Placement {
  used: UsedRingEntry | undefined;
  avail: UsedRingEntry | undefined;
}

export class UsedRingIndex {
  /** Page → the entries touching it, in no particular order (`find` decides among them by device and queue order). */
  private pages = new Map<number, UsedRingEntry[]>();
  /** Every ring is within [lo, hi) (empty: lo ≥ hi). */
  private lo = Infinity;
  private hi = -Infinity;
  /** Moves since the bounds were last made tight. */
  private moves = 0;
  private placed = new Map<SplitVirtqueue, Placement>();
  /** The avail ring the last `find` touched, if any. */
  avail: UsedRingEntry | undefined;

  clear(): void {
    this.pages.clear();
    this.lo = Infinity;
    this.hi = -Infinity;
    this.moves = 0;
    this.placed.clear();
  }

  /** Puts the queue where its used and avail rings now are (or takes them out when it is not set up). */
  update(core: VirtioCore, order: number, q: SplitVirtqueue): void {
    let p = this.placed.get(q);
    // A packed queue's areas are no split rings (VirtioCore.packedRings): out of the index.
    const configured = q.configured && !core.packedRings;
    if (p === undefined) {
      if (!configured) return;
      p = { used: undefined, avail: undefined };
      this.placed.set(q, p);
    }
    p.used = this.place(p.used, core, order, q, q.used, q.usedEnd, false, configured);
    p.avail = this.place(p.avail, core, order, q, q.avail, q.avail + 6 + 2 * q.size, true, configured);
  }

  /** One ring's entry after the move: `old` itself when nothing changed, moved (the same object), new, or none. */
  private place(
    old: UsedRingEntry | undefined,
    core: VirtioCore,
    order: number,
    q: SplitVirtqueue,
    start: number,
    end: number,
    avail: boolean,
    queueConfigured: boolean,
  ): UsedRingEntry | undefined {
    const configured = queueConfigured && (!avail || start !== 0);
    // Most register writes that may move a ring do not (a queue select, a size written
    // before the addresses): leave the table alone.
    if (old === undefined ? !configured : configured && old.start === start && old.end === end && old.order === order) return old;
    if (old !== undefined) {
      for (let p = Math.floor(old.start / PAGE); p <= Math.floor((old.end - 1) / PAGE); p++) {
        const list = this.pages.get(p);
        if (list === undefined) continue;
        const at = list.indexOf(old);
        if (at < 0) continue;
        list[at] = list[list.length - 1] as UsedRingEntry;
        list.pop();
        if (list.length === 0) this.pages.delete(p);
      }
    }
    if (++this.moves > 2 * this.placed.size + 16) this.tighten();
    if (!configured) return undefined;
    if (start < this.lo) this.lo = start;
    if (end > this.hi) this.hi = end;
    const entry = old ?? { start, end, core, index: q.index, order, avail };
    entry.start = start;
    entry.end = end;
    entry.order = order;
    for (let p = Math.floor(start / PAGE); p <= Math.floor((end - 1) / PAGE); p++) {
      let list = this.pages.get(p);
      if (list === undefined) {
        list = [];
        this.pages.set(p, list);
      }
      list.push(entry);
    }
    return entry;
  }

  /** Makes the bounds those of the rings placed now. */
  private tighten(): void {
    this.moves = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    for (const p of this.placed.values()) {
      for (const e of [p.used, p.avail]) {
        if (e === undefined) continue;
        if (e.start < this.lo) this.lo = e.start;
        if (e.end > this.hi) this.hi = e.end;
      }
    }
  }

  /** The first used ring [addr, addr + len) overlaps, if any; the first avail ring it overlaps goes to `avail`. */
  find(addr: number, len: number): UsedRingEntry | undefined {
    let best: UsedRingEntry | undefined;
    let avail: UsedRingEntry | undefined;
    const first = Math.floor(addr / PAGE);
    const last = Math.floor((addr + Math.max(len, 1) - 1) / PAGE);
    if (addr >= this.hi || addr + Math.max(len, 1) <= this.lo) {
      this.avail = undefined;
      return undefined;
    }
    for (let p = first; p <= last; p++) {
      const list = this.pages.get(p);
      if (list === undefined) continue;
      for (let k = 0; k < list.length; k++) {
        const e = list[k] as UsedRingEntry;
        if (addr >= e.end || addr + len <= e.start) continue;
        const cur = e.avail ? avail : best;
        if (cur === undefined || e.order < cur.order || (e.order === cur.order && e.index < cur.index)) {
          if (e.avail) avail = e;
          else best = e;
        }
      }
    }
    this.avail = avail;
    return best;
  }
}
