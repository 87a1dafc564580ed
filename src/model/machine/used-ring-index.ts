// Which queue's used ring a guest-memory access touches, answered from a page-indexed
// table: every memory event asks, so the answer must not depend on how many queues exist.
// Queues report their layout changes (VirtioCore.onLayout); the index moves their entry.
// When rings overlap, the match is the first in (device order, queue index) order, whatever
// the order of the lists, so a restored snapshot and a straight replay agree.
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
}

export class UsedRingIndex {
  private pages = new Map<number, UsedRingEntry[]>();
  private placed = new Map<SplitVirtqueue, UsedRingEntry>();

  clear(): void {
    this.pages.clear();
    this.placed.clear();
  }

  /** Puts the queue where its used ring now is (or takes it out when it is not set up). */
  update(core: VirtioCore, order: number, q: SplitVirtqueue): void {
    const old = this.placed.get(q);
    const configured = q.configured;
    const start = q.used;
    const end = q.usedEnd;
    // Most register writes that may move a ring do not (a queue select, a size written
    // before the addresses): leave the table alone.
    if (old === undefined ? !configured : configured && old.start === start && old.end === end && old.order === order) return;
    if (old !== undefined) {
      for (let p = Math.floor(old.start / PAGE); p <= Math.floor((old.end - 1) / PAGE); p++) {
        const list = this.pages.get(p);
        if (list === undefined) continue;
        const i = list.indexOf(old);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.pages.delete(p);
      }
      this.placed.delete(q);
    }
    if (!configured) return;
    const entry: UsedRingEntry = { start, end, core, index: q.index, order };
    this.placed.set(q, entry);
    for (let p = Math.floor(start / PAGE); p <= Math.floor((end - 1) / PAGE); p++) {
      const list = this.pages.get(p);
      if (list === undefined) {
        this.pages.set(p, [entry]);
        continue;
      }
      list.push(entry);
    }
  }

  /** The first used ring [addr, addr + len) overlaps, if any. */
  find(addr: number, len: number): UsedRingEntry | undefined {
    let best: UsedRingEntry | undefined;
    const last = Math.floor((addr + Math.max(len, 1) - 1) / PAGE);
    for (let p = Math.floor(addr / PAGE); p <= last; p++) {
      const list = this.pages.get(p);
      if (list === undefined) continue;
      for (const e of list) {
        if (
          addr < e.end &&
          addr + len > e.start &&
          (best === undefined || e.order < best.order || (e.order === best.order && e.index < best.index))
        ) {
          best = e;
        }
      }
    }
    return best;
  }
}
