// Guest-physical memory as the capture showed it: sparse 4 KiB pages of bytes, each byte
// either known (some event wrote or read it) or unknown. A capture that never showed a
// range — a QEMU trace log does not see RAM stores at all — must not read as zeros, so
// every read answers "unknown" unless all its bytes are known, and everything derived
// from such a read (a descriptor, a ring index) says so too.

import type { StateReader, StateWriter } from "./codec/state-codec.js";

export const PAGE_SIZE = 4096;
const PAGE_MASK = PAGE_SIZE - 1;

/** Bytes of a page's known-bitmap: one bit per byte. */
const BITMAP_SIZE = PAGE_SIZE / 8;

/** Set bits per byte value. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v !== 0; v &= v - 1) n++;
  return n;
});

/** Whether the bitmap at `k[base…]` has the bits of bytes [off, off + len) all set. */
function allSet(k: Uint8Array, base: number, off: number, len: number): boolean {
  const end = off + len;
  let i = off;
  for (; i < end && (i & 7) !== 0; i++) if (((k[base + (i >> 3)] as number) & (1 << (i & 7))) === 0) return false;
  for (; i + 8 <= end; i += 8) if (k[base + (i >> 3)] !== 0xff) return false;
  for (; i < end; i++) if (((k[base + (i >> 3)] as number) & (1 << (i & 7))) === 0) return false;
  return true;
}

/** Sets one bit; 1 when it was clear. */
function setBit(k: Uint8Array, at: number, bit: number): number {
  const b = k[at] as number;
  if ((b & bit) !== 0) return 0;
  k[at] = b | bit;
  return 1;
}

/** Sets the bits of bytes [off, off + len) in the bitmap at `k[base…]`; returns how many were not set. */
function setBits(k: Uint8Array, base: number, off: number, len: number): number {
  const end = off + len;
  let added = 0;
  let i = off;
  for (; i < end && (i & 7) !== 0; i++) added += setBit(k, base + (i >> 3), 1 << (i & 7));
  for (; i + 8 <= end; i += 8) {
    const b = k[base + (i >> 3)] as number;
    if (b !== 0xff) {
      added += 8 - (POPCOUNT[b] as number);
      k[base + (i >> 3)] = 0xff;
    }
  }
  for (; i < end; i++) added += setBit(k, base + (i >> 3), 1 << (i & 7));
  return added;
}

/** Clears one bit; 1 when it was set. */
function clearBit(k: Uint8Array, at: number, bit: number): number {
  const b = k[at] as number;
  if ((b & bit) === 0) return 0;
  k[at] = b & ~bit;
  return 1;
}

/** Clears the bits of bytes [off, off + len) in the bitmap at `k[base…]`; returns how many were set. */
function clearBits(k: Uint8Array, base: number, off: number, len: number): number {
  const end = off + len;
  let removed = 0;
  let i = off;
  for (; i < end && (i & 7) !== 0; i++) removed += clearBit(k, base + (i >> 3), 1 << (i & 7));
  for (; i + 8 <= end; i += 8) {
    const b = k[base + (i >> 3)] as number;
    if (b !== 0) {
      removed += POPCOUNT[b] as number;
      k[base + (i >> 3)] = 0;
    }
  }
  for (; i < end; i++) removed += clearBit(k, base + (i >> 3), 1 << (i & 7));
  return removed;
}

/**
 * Pages live in slots, carved out of slabs: one buffer for many pages, and no JavaScript
 * object per page (a session that touches all of RAM has tens of thousands of pages; as
 * objects they made every minor GC walk them). A slot is an index into plain number arrays:
 * its slab, the offsets of its bytes and its bitmap there, its count of known bytes. A slab
 * of n pages holds their data, then their bitmaps, so the bitmaps of a busy session share
 * few memory pages. The first slab is small, so a state of a few pages stays small; each
 * next slab doubles, up to MAX_SLAB_PAGES, so a session that touches all of RAM makes few
 * large allocations (each counts towards V8's external-memory pressure, which costs full GCs).
 */
const SLAB_PAGES = 16;
const MAX_SLAB_PAGES = 2048;

/** Pages below 4 GiB are found through a two-level table: 4096 leaves of 256 pages (1 MiB each; a leaf is 1 KiB). */
const LEAF_SHIFT = 8;
const LEAF_PAGES = 1 << LEAF_SHIFT;
const LOW_PAGES = 1 << 20;

export class GuestMemory {
  /** Page number → slot. */
  private slots = new Map<number, number>();
  /** The same for pages below 4 GiB, without hashing: leaf[n >> 8][n & 255] = slot + 1, 0 for none. */
  private leaves: (Int32Array | undefined)[] = [];
  private slabOf: Uint8Array[] = [];
  private dataAt: number[] = [];
  private bitsAt: number[] = [];
  private known: number[] = [];
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

  /** The slot of page n, if it has one. */
  private find(n: number): number | undefined {
    if (n < LOW_PAGES) {
      const leaf = this.leaves[n >>> LEAF_SHIFT];
      const s = leaf === undefined ? 0 : (leaf[n & (LEAF_PAGES - 1)] as number);
      return s === 0 ? undefined : s - 1;
    }
    return this.slots.get(n);
  }

  /** The slot of page n, made (all unknown) when the page is new. */
  private slot(n: number): number {
    const s = this.find(n);
    if (s !== undefined) return s;
    if (this.slabUsed === this.slabPages) {
      this.slabPages = Math.min(MAX_SLAB_PAGES, Math.max(SLAB_PAGES, this.nextSlabPages));
      this.nextSlabPages = this.slabPages * 2;
      this.slab = new Uint8Array(this.slabPages * (PAGE_SIZE + BITMAP_SIZE));
      this.slabUsed = 0;
    }
    const i = this.slabUsed++;
    const slot = this.known.length;
    this.slabOf.push(this.slab);
    this.dataAt.push(i * PAGE_SIZE);
    this.bitsAt.push(this.slabPages * PAGE_SIZE + i * BITMAP_SIZE);
    this.known.push(0);
    this.slots.set(n, slot);
    if (n < LOW_PAGES) {
      let leaf = this.leaves[n >>> LEAF_SHIFT];
      if (leaf === undefined) {
        leaf = new Int32Array(LEAF_PAGES);
        this.leaves[n >>> LEAF_SHIFT] = leaf;
      }
      leaf[n & (LEAF_PAGES - 1)] = slot + 1;
    }
    return slot;
  }

  /** Whether bytes [off, off + len) of the slot's page are all known. */
  private allKnown(s: number, off: number, len: number): boolean {
    return this.known[s] === PAGE_SIZE || allSet(this.slabOf[s] as Uint8Array, this.bitsAt[s] as number, off, len);
  }

  private mark(s: number, off: number, len: number): void {
    const count = this.known[s] as number;
    if (count !== PAGE_SIZE) this.known[s] = count + setBits(this.slabOf[s] as Uint8Array, this.bitsAt[s] as number, off, len);
  }

  /** Stores bytes (a write seen by the capture, or a read that revealed them). */
  write(addr: number, data: Uint8Array): void {
    const first = addr & PAGE_MASK;
    if (first + data.length <= PAGE_SIZE) {
      // Within one page: the common case, without a view per write.
      const s = this.slot(Math.floor(addr / PAGE_SIZE));
      (this.slabOf[s] as Uint8Array).set(data, (this.dataAt[s] as number) + first);
      this.mark(s, first, data.length);
      return;
    }
    let done = 0;
    while (done < data.length) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, data.length - done);
      const s = this.slot(Math.floor(a / PAGE_SIZE));
      (this.slabOf[s] as Uint8Array).set(data.subarray(done, done + len), (this.dataAt[s] as number) + off);
      this.mark(s, off, len);
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
      const s = this.slot(Math.floor(a / PAGE_SIZE));
      const at = (this.dataAt[s] as number) + off;
      (this.slabOf[s] as Uint8Array).fill(byte, at, at + len);
      this.mark(s, off, len);
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
      const s = this.find(Math.floor(a / PAGE_SIZE));
      if (s !== undefined) {
        this.known[s] = (this.known[s] as number) - clearBits(this.slabOf[s] as Uint8Array, this.bitsAt[s] as number, off, len);
      }
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
      const s = this.find(Math.floor(addr / PAGE_SIZE));
      if (s === undefined || !this.allKnown(s, off, len)) return "unknown";
      const d = this.slabOf[s] as Uint8Array;
      const at = (this.dataAt[s] as number) + off;
      for (let i = 0; i < len; i++) if (d[at + i] !== data[i]) return "differs";
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
      const s = this.find(Math.floor(a / PAGE_SIZE));
      if (s === undefined || !this.allKnown(s, off, len)) return false;
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
      const s = this.find(Math.floor(a / PAGE_SIZE)) as number;
      const at = (this.dataAt[s] as number) + off;
      out.set((this.slabOf[s] as Uint8Array).subarray(at, at + len), done);
      done += len;
    }
    return out;
  }

  /** A little-endian unsigned value of 1, 2 or 4 bytes, or undefined when unknown. */
  readUint(addr: number, size: 1 | 2 | 4): number | undefined {
    const off = addr & PAGE_MASK;
    if (off + size <= PAGE_SIZE) {
      const s = this.find(Math.floor(addr / PAGE_SIZE));
      if (s === undefined || !this.allKnown(s, off, size)) return undefined;
      const d = this.slabOf[s] as Uint8Array;
      const at = (this.dataAt[s] as number) + off;
      if (size === 1) return d[at] as number;
      if (size === 2) return (d[at] as number) | ((d[at + 1] as number) << 8);
      return ((d[at] as number) | ((d[at + 1] as number) << 8) | ((d[at + 2] as number) << 16) | ((d[at + 3] as number) << 24)) >>> 0;
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

  /** The pages with a known byte, ascending: [page number, slot]. */
  private knownPages(): [number, number][] {
    return [...this.slots.entries()].filter(([, s]) => (this.known[s] as number) > 0).sort((a, b) => a[0] - b[0]);
  }

  /** Pages in ascending order with what is known of each, for state dumps. */
  sortedPages(): [number, { knownCount: number }][] {
    return this.knownPages().map(([n, s]) => [n, { knownCount: this.known[s] as number }]);
  }

  /** The canonical encoding: pages in ascending order, each with its bytes and, when partly known, its bitmap. */
  encode(w: StateWriter): void {
    const pages = this.knownPages();
    w.u32(pages.length);
    for (const [n, s] of pages) {
      const slab = this.slabOf[s] as Uint8Array;
      const count = this.known[s] as number;
      const at = this.dataAt[s] as number;
      w.num(n)
        .num(count)
        .raw(slab.subarray(at, at + PAGE_SIZE));
      if (count !== PAGE_SIZE) {
        const bits = this.bitsAt[s] as number;
        w.raw(slab.subarray(bits, bits + BITMAP_SIZE));
      }
    }
  }

  /** Restores what encode wrote (into an empty memory). */
  decodeInto(r: StateReader): void {
    const np = r.u32();
    this.reservePages(np);
    for (let i = 0; i < np; i++) {
      const n = r.num();
      const count = r.num();
      const s = this.slot(n);
      const slab = this.slabOf[s] as Uint8Array;
      slab.set(r.raw(PAGE_SIZE), this.dataAt[s] as number);
      const bits = this.bitsAt[s] as number;
      if (count === PAGE_SIZE) slab.fill(0xff, bits, bits + BITMAP_SIZE);
      else slab.set(r.raw(BITMAP_SIZE), bits);
      this.known[s] = count;
    }
  }

  /** Bytes the pages take, data and bitmaps (for encode's buffer estimate). */
  get footprint(): number {
    return this.slots.size * (PAGE_SIZE + BITMAP_SIZE);
  }

  get pageCount(): number {
    return this.slots.size;
  }
}
