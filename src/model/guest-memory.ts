// Guest-physical memory as the capture showed it: sparse 4 KiB pages of bytes, each byte
// either known (some event wrote or read it) or unknown. A capture that never showed a
// range — a QEMU trace log does not see RAM stores at all — must not read as zeros, so
// every read answers "unknown" unless all its bytes are known, and everything derived
// from such a read (a descriptor, a ring index) says so too.

import type { StateReader, StateWriter } from "./codec/state-codec.js";

export const PAGE_SIZE = 4096;
const PAGE_SHIFT = 12;
const PAGE_MASK = PAGE_SIZE - 1;

/** Bytes of a page's known-bitmap: one bit per byte. */
const BITMAP_SIZE = PAGE_SIZE / 8;

interface Page {
  data: Uint8Array;
  /** Bit i (byte i >> 3, bit i & 7) is set where byte i is known. */
  known: Uint8Array;
  /** Known bytes in the page (PAGE_SIZE: the whole page is known). */
  knownCount: number;
}

/** Set bits per byte value. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v !== 0; v &= v - 1) n++;
  return n;
});

/** Whether bytes [off, off + len) of the page are all known. */
function allKnown(p: Page, off: number, len: number): boolean {
  if (p.knownCount === PAGE_SIZE) return true;
  const k = p.known;
  const end = off + len;
  let i = off;
  for (; i < end && (i & 7) !== 0; i++) if (((k[i >> 3] as number) & (1 << (i & 7))) === 0) return false;
  for (; i + 8 <= end; i += 8) if (k[i >> 3] !== 0xff) return false;
  for (; i < end; i++) if (((k[i >> 3] as number) & (1 << (i & 7))) === 0) return false;
  return true;
}

/** Sets the known bits of bytes [off, off + len); returns how many were not set. */
function markKnown(k: Uint8Array, off: number, len: number): number {
  const end = off + len;
  let added = 0;
  let i = off;
  for (; i < end && (i & 7) !== 0; i++) {
    const bit = 1 << (i & 7);
    const b = k[i >> 3] as number;
    if ((b & bit) === 0) {
      k[i >> 3] = b | bit;
      added++;
    }
  }
  for (; i + 8 <= end; i += 8) {
    const b = k[i >> 3] as number;
    if (b !== 0xff) {
      added += 8 - (POPCOUNT[b] as number);
      k[i >> 3] = 0xff;
    }
  }
  for (; i < end; i++) {
    const bit = 1 << (i & 7);
    const b = k[i >> 3] as number;
    if ((b & bit) === 0) {
      k[i >> 3] = b | bit;
      added++;
    }
  }
  return added;
}

/** Clears the known bits of bytes [off, off + len); returns how many were set. */
function clearKnown(k: Uint8Array, off: number, len: number): number {
  let removed = 0;
  for (let i = off; i < off + len; i++) {
    const bit = 1 << (i & 7);
    const b = k[i >> 3] as number;
    if ((b & bit) !== 0) {
      k[i >> 3] = b & ~bit;
      removed++;
    }
  }
  return removed;
}

/**
 * Pages are carved out of slabs: one buffer for many pages instead of two per page (a
 * session that touches all of RAM allocates tens of thousands of pages). A slab of n pages
 * holds their data, then their bitmaps, so the bitmaps of a busy session share few memory
 * pages (its random accesses miss the TLB less). The first slab is small, so a state of a
 * few pages stays small; each next slab doubles, up to MAX_SLAB_PAGES, so a session that
 * touches all of RAM makes few large allocations (every buffer allocated counts towards
 * V8's external-memory pressure, and each step of it costs a full GC).
 */
const SLAB_PAGES = 16;
const MAX_SLAB_PAGES = 2048;

export class GuestMemory {
  private pages = new Map<number, Page>();
  private slab = new Uint8Array(0);
  private slabUsed = SLAB_PAGES;
  private slabPages = SLAB_PAGES;
  private nextSlabPages = SLAB_PAGES;

  /** Makes the next slab exactly `n` pages (a snapshot being restored knows how many it holds). */
  reservePages(n: number): void {
    if (n <= 0) return;
    this.slab = new Uint8Array(n * (PAGE_SIZE + BITMAP_SIZE));
    this.slabPages = n;
    this.slabUsed = 0;
  }

  private allocPage(): Page {
    if (this.slabUsed === this.slabPages) {
      this.slabPages = Math.min(MAX_SLAB_PAGES, Math.max(SLAB_PAGES, this.nextSlabPages));
      this.nextSlabPages = this.slabPages * 2;
      this.slab = new Uint8Array(this.slabPages * (PAGE_SIZE + BITMAP_SIZE));
      this.slabUsed = 0;
    }
    const i = this.slabUsed++;
    const data = i * PAGE_SIZE;
    const known = this.slabPages * PAGE_SIZE + i * BITMAP_SIZE;
    return {
      data: this.slab.subarray(data, data + PAGE_SIZE),
      known: this.slab.subarray(known, known + BITMAP_SIZE),
      knownCount: 0,
    };
  }

  private page(n: number): Page {
    let p = this.pages.get(n);
    if (p === undefined) {
      p = this.allocPage();
      this.pages.set(n, p);
    }
    return p;
  }

  private mark(p: Page, off: number, len: number): void {
    if (p.knownCount !== PAGE_SIZE) p.knownCount += markKnown(p.known, off, len);
  }

  /** Stores bytes (a write seen by the capture, or a read that revealed them). */
  write(addr: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, data.length - done);
      const p = this.page(Math.floor(a / PAGE_SIZE));
      p.data.set(data.subarray(done, done + len), off);
      this.mark(p, off, len);
      done += len;
    }
  }

  /** Stores `length` copies of `byte`. */
  fill(addr: number, length: number, byte: number): void {
    let done = 0;
    while (done < length) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, length - done);
      const p = this.page(Math.floor(a / PAGE_SIZE));
      p.data.fill(byte, off, off + len);
      this.mark(p, off, len);
      done += len;
    }
  }

  /** Forgets bytes: a device may have written them in a way the capture did not show. */
  forget(addr: number, length: number): void {
    let done = 0;
    while (done < length) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, length - done);
      const p = this.pages.get(Math.floor(a / PAGE_SIZE));
      if (p !== undefined) p.knownCount -= clearKnown(p.known, off, len);
      done += len;
    }
  }

  /**
   * Compares the bytes held for [addr, addr + data.length) with `data` without copying:
   * "unknown" when any byte is unknown, else "equal" or "differs".
   */
  compare(addr: number, data: Uint8Array): "unknown" | "equal" | "differs" {
    const off = addr & PAGE_MASK;
    const len = data.length;
    if (off + len <= PAGE_SIZE) {
      const p = this.pages.get(Math.floor(addr / PAGE_SIZE));
      if (p === undefined) return "unknown";
      if (!allKnown(p, off, len)) return "unknown";
      const d = p.data;
      for (let i = 0; i < len; i++) if (d[off + i] !== data[i]) return "differs";
      return "equal";
    }
    const held = this.read(addr, len);
    if (held === undefined) return "unknown";
    for (let i = 0; i < len; i++) if (held[i] !== data[i]) return "differs";
    return "equal";
  }

  /** True when every byte of [addr, addr + length) is known. */
  isKnown(addr: number, length: number): boolean {
    let done = 0;
    while (done < length) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, length - done);
      const p = this.pages.get(Math.floor(a / PAGE_SIZE));
      if (p === undefined) return false;
      if (!allKnown(p, off, len)) return false;
      done += len;
    }
    return true;
  }

  /** The bytes, or undefined when any of them is unknown. */
  read(addr: number, length: number): Uint8Array | undefined {
    if (!this.isKnown(addr, length)) return undefined;
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, length - done);
      out.set((this.pages.get(Math.floor(a / PAGE_SIZE)) as Page).data.subarray(off, off + len), done);
      done += len;
    }
    return out;
  }

  /** A little-endian unsigned value of 1, 2 or 4 bytes, or undefined when unknown. */
  readUint(addr: number, size: 1 | 2 | 4): number | undefined {
    const off = addr & PAGE_MASK;
    const p = this.pages.get(Math.floor(addr / PAGE_SIZE));
    if (p !== undefined && off + size <= PAGE_SIZE) {
      const d = p.data;
      if (!allKnown(p, off, size)) return undefined;
      if (size === 1) return d[off] as number;
      if (size === 2) return (d[off] as number) | ((d[off + 1] as number) << 8);
      return ((d[off] as number) | ((d[off + 1] as number) << 8) | ((d[off + 2] as number) << 16) | ((d[off + 3] as number) << 24)) >>> 0;
    }
    const bytes = this.read(addr, size);
    if (bytes === undefined) return undefined;
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + (bytes[i] as number);
    return v;
  }

  /** A little-endian 64-bit value as a number (exact below 2^53), or undefined when unknown. */
  readU64(addr: number): number | undefined {
    const lo = this.readUint(addr, 4);
    const hi = this.readUint(addr + 4, 4);
    if (lo === undefined || hi === undefined) return undefined;
    return hi * 2 ** 32 + lo;
  }

  writeUint(addr: number, size: 1 | 2 | 4, value: number): void {
    const b = new Uint8Array(size);
    for (let i = 0; i < size; i++) b[i] = (value >>> (8 * i)) & 0xff;
    this.write(addr, b);
  }

  /** Pages in ascending order with what is known of each, for state dumps. */
  sortedPages(): [number, { knownCount: number }][] {
    return [...this.pages.entries()].filter(([, p]) => p.knownCount > 0).sort((a, b) => a[0] - b[0]);
  }

  /** The canonical encoding: pages in ascending order, each with its bytes and, when partly known, its bitmap. */
  encode(w: StateWriter): void {
    const pages = [...this.pages.entries()].filter(([, p]) => p.knownCount > 0).sort((a, b) => a[0] - b[0]);
    w.u32(pages.length);
    for (const [n, p] of pages) {
      w.num(n).num(p.knownCount).raw(p.data);
      if (p.knownCount !== PAGE_SIZE) w.raw(p.known);
    }
  }

  /** Restores what encode wrote (into an empty memory). */
  decodeInto(r: StateReader): void {
    const np = r.u32();
    this.reservePages(np);
    for (let i = 0; i < np; i++) {
      const n = r.num();
      const count = r.num();
      const p = this.allocPage();
      p.data.set(r.raw(PAGE_SIZE));
      if (count === PAGE_SIZE) p.known.fill(0xff);
      else p.known.set(r.raw(BITMAP_SIZE));
      p.knownCount = count;
      this.pages.set(n, p);
    }
  }

  /** Bytes the pages take, data and bitmaps (for encode's buffer estimate). */
  get footprint(): number {
    return this.pages.size * (PAGE_SIZE + BITMAP_SIZE);
  }

  get pageCount(): number {
    return this.pages.size;
  }
}
