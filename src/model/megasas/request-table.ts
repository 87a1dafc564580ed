// The HBA's requests in the order they were posted, by the seq of the event that posted
// them: a Map's behaviour (insertion order, a repost under the same seq keeps its place,
// removing the entry being visited leaves a loop intact) without a Map.
//
// Why not a Map: every post adds a request and nearly every post retires one, so a Map
// rebuilds its hash table every few posts (V8 never compacts one in place). Once the table
// lives in the old generation each new one is allocated there too, and each abandoned one
// keeps pointing at the requests it held until the next full collection; minor
// collections take those pointers as live, so every request (and its decoded frame) was
// promoted and replay spent a fifth of its time in the collector. Here the requests sit
// in one array; a removed one leaves a hole that the next post compacts away in place
// (never during a loop: loops do not post).
import type { MfiRequest } from "./megasas.js";

export class RequestTable {
  /** Requests in post order; undefined where one was removed since the last compaction. */
  private readonly list: (MfiRequest | undefined)[] = [];
  private holes = 0;
  /** The highest seq ever added: a new request above it replaces none. */
  private maxSeq = -Infinity;

  get size(): number {
    return this.list.length - this.holes;
  }

  /** Slots in post order, holes included: loops read `slots[i]` for i below `slots.length` and skip holes. */
  get slots(): readonly (MfiRequest | undefined)[] {
    return this.list;
  }

  /** The request posted at `seq`. */
  get(seq: number): MfiRequest | undefined {
    if (seq > this.maxSeq) return undefined;
    for (let i = 0; i < this.list.length; i++) {
      const q = this.list[i];
      if (q !== undefined && q.seq === seq) return q;
    }
    return undefined;
  }

  /** Whether `q` is in the table. */
  holds(q: MfiRequest): boolean {
    return q.slot >= 0 && this.list[q.slot] === q;
  }

  /** Adds a request, or puts it in the place of the one with the same seq (and returns that one). */
  add(q: MfiRequest): MfiRequest | undefined {
    const old = this.get(q.seq);
    if (old !== undefined) {
      q.slot = old.slot;
      old.slot = -1;
      this.list[q.slot] = q;
      return old;
    }
    if (this.holes > 4 && this.holes * 4 > this.list.length) this.compact();
    q.slot = this.list.length;
    this.list.push(q);
    if (q.seq > this.maxSeq) this.maxSeq = q.seq;
    return undefined;
  }

  /** Takes `q` out (a hole until the next add). */
  remove(q: MfiRequest): void {
    if (!this.holds(q)) return;
    this.list[q.slot] = undefined;
    q.slot = -1;
    this.holes++;
  }

  clear(): void {
    for (const q of this.list) if (q !== undefined) q.slot = -1;
    this.list.length = 0;
    this.holes = 0;
  }

  /** The requests in post order. */
  *values(): IterableIterator<MfiRequest> {
    for (let i = 0; i < this.list.length; i++) {
      const q = this.list[i];
      if (q !== undefined) yield q;
    }
  }

  /** Closes the holes, keeping the order (in place: no new array). */
  private compact(): void {
    let n = 0;
    for (let i = 0; i < this.list.length; i++) {
      const q = this.list[i];
      if (q === undefined) continue;
      q.slot = n;
      this.list[n++] = q;
    }
    while (this.list.length > n) this.list.pop(); // (pop is V8's fast path; setting length is not)
    this.holes = 0;
  }
}
