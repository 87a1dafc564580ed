// Guest-physical memory as the capture showed it: sparse 4 KiB pages of bytes (held in
// 64-byte granules, see Storage below), each byte either known (some event wrote or read
// it) or unknown. A capture that never showed a
// range — a QEMU trace log does not see RAM stores at all — must not read as zeros, so
// every read answers "unknown" unless all its bytes are known, and everything derived
// from such a read (a descriptor, a ring index) says so too.

import type { StateReader, StateWriter } from "./codec/state-codec.js";

export const PAGE_SIZE = 4096;
const PAGE_MASK = PAGE_SIZE - 1;

/** Bytes of a page's known-bitmap: one bit per byte. */
const BITMAP_SIZE = PAGE_SIZE / 8;

/** Whether the bitmap at `k[base…]` has the bits of bytes [off, off + len) all set. */
function allSet(k: Uint8Array, base: number, off: number, len: number): boolean {
  const end = off + len;
  let i = off;
  for (; i < end && (i & 7) !== 0; i++) if (((k[base + (i >> 3)] as number) & (1 << (i & 7))) === 0) return false;
  for (; i + 8 <= end; i += 8) if (k[base + (i >> 3)] !== 0xff) return false;
  for (; i < end; i++) if (((k[base + (i >> 3)] as number) & (1 << (i & 7))) === 0) return false;
  return true;
}

/** Sets the bits of bytes [off, off + len) in the bitmap at `k[base…]`. */
function setBits(k: Uint8Array, base: number, off: number, len: number): void {
  const end = off + len;
  let i = off;
  for (; i < end && (i & 7) !== 0; i++) k[base + (i >> 3)] = (k[base + (i >> 3)] as number) | (1 << (i & 7));
  const whole = (end - i) >> 3;
  if (whole > 8) {
    k.fill(0xff, base + (i >> 3), base + (i >> 3) + whole);
    i += whole << 3;
  } else for (; i + 8 <= end; i += 8) k[base + (i >> 3)] = 0xff;
  for (; i < end; i++) k[base + (i >> 3)] = (k[base + (i >> 3)] as number) | (1 << (i & 7));
}

/** Clears the bits of bytes [off, off + len) in the bitmap at `k[base…]`. */
function clearBits(k: Uint8Array, base: number, off: number, len: number): void {
  const end = off + len;
  let i = off;
  for (; i < end && (i & 7) !== 0; i++) k[base + (i >> 3)] = (k[base + (i >> 3)] as number) & ~(1 << (i & 7));
  const whole = (end - i) >> 3;
  if (whole > 8) {
    k.fill(0, base + (i >> 3), base + (i >> 3) + whole);
    i += whole << 3;
  } else for (; i + 8 <= end; i += 8) k[base + (i >> 3)] = 0;
  for (; i < end; i++) k[base + (i >> 3)] = (k[base + (i >> 3)] as number) & ~(1 << (i & 7));
}

/**
 * Whether this host lays 32-bit words out little-endian: then bit n of a granule's bitmap
 * (byte n's bit) is bit n of the two words its Int32Array view reads, and small ranges are
 * marked and checked a word at a time. Elsewhere the byte loops above do it.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Bits [a, b) of a 32-bit word, 0 ≤ a < b ≤ 32. */
function wordMask(a: number, b: number): number {
  return (-1 >>> (32 - b)) & (-1 << a);
}

/** Sets bits [a, b) (0 ≤ a < b ≤ 64) of the granule bitmap at words w[wi], w[wi + 1]. */
function markRange(w: Int32Array, wi: number, a: number, b: number): void {
  if (a < 32) w[wi] = (w[wi] as number) | wordMask(a, b < 32 ? b : 32);
  if (b > 32) w[wi + 1] = (w[wi + 1] as number) | wordMask(a > 32 ? a - 32 : 0, b - 32);
}

/**
 * Storage. Known bytes live in granules of 64 bytes (with 8 bytes of bitmap each), carved
 * out of slabs: no JavaScript object per page or granule, so a session that touches all of
 * RAM does not make every GC walk tens of thousands of objects. A page holds up to 64
 * granules and only the ones something touched: a sparse page (descriptors here, a status
 * byte there, the benchmark's random small stores) costs a few hundred bytes, not 4.6 KiB of
 * freshly zeroed memory — and fresh memory costs a page fault per 4 KiB on first touch,
 * which dominated replay of sessions that write sparsely over large RAM. A page whose
 * granules are many (PROMOTE_AT), or that a large store covers (DENSE_WRITE), becomes dense:
 * its 64 granules consecutive in one slab, so whole-page copies and compares are single
 * typed-array operations as in a flat page.
 *
 * A granule id is (slab << SLAB_SHIFT) | index; its data is at index * 64 in the slab's data
 * array, its bitmap at index * 8 in the slab's bitmap array. A page slot has 64 entries in
 * `gran` (granule id + 1, 0 for none). Slabs start small (a state of a few pages stays
 * small) and double up to SLAB_MAX granules.
 *
 * Unknown bytes hold zero (forget clears them), so the encoding of a state never depends on
 * what was once there: a restored snapshot and a straight replay encode the same.
 */
const GRANULE = 64;
const G_SHIFT = 6;
const G_MASK = GRANULE - 1;
/** Granules per page. */
const G_PER_PAGE = PAGE_SIZE / GRANULE;
const SLAB_SHIFT = 14;
const SLAB_MAX = 1 << SLAB_SHIFT;
const SLAB_FIRST = 256;
/** A store of at least this many bytes into a page makes it dense. */
const DENSE_WRITE = 512;
/** A sparse page that would get more granules than this becomes dense. */
const PROMOTE_AT = 24;
/** A page with more granules known than this is encoded whole (PROMOTE_AT is below it: such a page is dense). */
const HALF_PAGE_GRANULES = G_PER_PAGE / 2;
/** A snapshot of at most this many pages is restored with all of them dense (1.1 MiB at most). */
const DENSE_RESTORE_PAGES = 256;

/** Pages below 4 GiB are found through a two-level table: 4096 leaves of 256 pages (1 MiB each; a leaf is 1 KiB). */
const LEAF_SHIFT = 8;
const LEAF_PAGES = 1 << LEAF_SHIFT;
const LOW_PAGES = 1 << 20;

/** Leaves are carved out of blocks of several (one allocation for many: a restored snapshot of a few pages makes few). */
const LEAF_BLOCK_FIRST = 4;
const LEAF_BLOCK_MAX = 64;
/** What a fresh memory starts with (shared: an allocation, even of nothing, costs a snapshot restore). */
const NO_GRANULES = new Int32Array(0);
const NO_COUNTS = new Uint8Array(0);

/** Set bits of a 32-bit word. */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Whether bytes [at, at + n) of a equal bytes [start, start + n) of b. */
function sameBytes(a: Uint8Array, at: number, b: Uint8Array, start: number, n: number): boolean {
  let i = 0;
  if (n >= 64) {
    // Long runs (data buffers) four bytes at a time, wherever they sit.
    const da = new DataView(a.buffer, a.byteOffset + at, n);
    const db = new DataView(b.buffer, b.byteOffset + start, n);
    for (; i + 4 <= n; i += 4) if (da.getInt32(i) !== db.getInt32(i)) return false;
  }
  for (; i < n; i++) if (a[at + i] !== b[start + i]) return false;
  return true;
}

/** Copies n bytes by hand (small runs: cheaper than a view and a set). */
function copy(to: Uint8Array, at: number, from: Uint8Array, start: number, n: number): void {
  for (let i = 0; i < n; i++) to[at + i] = from[start + i] as number;
}

export class GuestMemory {
  /** Page number → page slot + 1 for pages below 4 GiB: leaf[n >> 8][n & 255]. */
  private leaves: (Int32Array | undefined)[] = [];
  /** Page number → page slot above 4 GiB. */
  private high = new Map<number, number>();
  private pages = 0;
  /** Per page slot: its page number. */
  private pageNum: number[] = [];
  /** Granules of the page; G_PER_PAGE exactly when the page is dense (a sparse page becomes dense before it has PROMOTE_AT + 1). */
  private granCount = NO_COUNTS;
  /** Per page slot, 64 entries: granule id + 1, 0 for none. */
  private gran = NO_GRANULES;
  /** Per slab: granule data and bitmaps. */
  private data: Uint8Array[] = [];
  private bits: Uint8Array[] = [];
  /** The same bitmaps as 32-bit words (granule i's are words 2i and 2i + 1), for counting. */
  private bits32: Int32Array[] = [];
  private slabUsed = 0;
  private slabCap = 0;
  private nextCap = SLAB_FIRST;
  /** The block new leaves are carved from. */
  private leafBlock = NO_GRANULES;
  private leafBlockUsed = 0;
  private nextLeafBlock = LEAF_BLOCK_FIRST;

  /** The page slot of page n, or -1. */
  private find(n: number): number {
    if (n < LOW_PAGES) {
      const leaf = this.leaves[n >>> LEAF_SHIFT];
      return leaf === undefined ? -1 : (leaf[n & (LEAF_PAGES - 1)] as number) - 1;
    }
    return this.high.get(n) ?? -1;
  }

  /** A new page slot for page n (no granules yet, or all 64 when `dense`). */
  private newPage(n: number, dense: boolean): number {
    const s = this.pages++;
    if (s === this.granCount.length) this.reservePageSlots(Math.max(16, 2 * s));
    this.pageNum.push(n);
    if (n < LOW_PAGES) {
      let leaf = this.leaves[n >>> LEAF_SHIFT];
      if (leaf === undefined) {
        leaf = this.newLeaf();
        this.leaves[n >>> LEAF_SHIFT] = leaf;
      }
      leaf[n & (LEAF_PAGES - 1)] = s + 1;
    } else this.high.set(n, s);
    if (dense) this.makeDense(s);
    return s;
  }

  private newLeaf(): Int32Array {
    if (this.leafBlockUsed === this.leafBlock.length) {
      this.leafBlock = new Int32Array(this.nextLeafBlock * LEAF_PAGES);
      this.leafBlockUsed = 0;
      this.nextLeafBlock = Math.min(LEAF_BLOCK_MAX, 2 * this.nextLeafBlock);
    }
    this.leafBlockUsed += LEAF_PAGES;
    return this.leafBlock.subarray(this.leafBlockUsed - LEAF_PAGES, this.leafBlockUsed);
  }

  /** Room for `n` page slots (one buffer: the granule table, then the counts). */
  private reservePageSlots(n: number): void {
    if (n <= this.granCount.length) return;
    const buf = new ArrayBuffer(n * G_PER_PAGE * 4 + n);
    const gran = new Int32Array(buf, 0, n * G_PER_PAGE);
    gran.set(this.gran);
    const count = new Uint8Array(buf, n * G_PER_PAGE * 4, n);
    count.set(this.granCount);
    this.gran = gran;
    this.granCount = count;
  }

  /** Makes the next slab hold exactly `granules` (a snapshot being restored knows how many it needs). */
  private reserve(granules: number): void {
    if (granules <= this.slabCap - this.slabUsed) return;
    this.newSlab(Math.min(SLAB_MAX, Math.max(G_PER_PAGE, granules)));
  }

  private newSlab(cap: number, buf = new ArrayBuffer(cap * (GRANULE + GRANULE / 8))): void {
    // One buffer (or the start of one): the granules' bytes, then their bitmaps.
    this.data.push(new Uint8Array(buf, 0, cap * GRANULE));
    this.bits.push(new Uint8Array(buf, cap * GRANULE, cap * (GRANULE / 8)));
    this.bits32.push(new Int32Array(buf, cap * GRANULE, cap * 2));
    this.slabCap = cap;
    this.slabUsed = 0;
  }

  /**
   * Room to restore np pages, all dense, in one allocation: the slab of their granules, the
   * page table and counts, and a block of leaves (allocations, not bytes, are most of what
   * restoring a small snapshot costs).
   */
  private reserveDenseRestore(np: number): void {
    const cap = np * G_PER_PAGE;
    const slab = cap * (GRANULE + GRANULE / 8);
    const table = cap * 4;
    const leaves = Math.min(np, LEAF_BLOCK_MAX) * LEAF_PAGES;
    const buf = new ArrayBuffer(slab + table + 4 * leaves + np);
    this.newSlab(cap, buf);
    this.gran = new Int32Array(buf, slab, cap);
    this.leafBlock = new Int32Array(buf, slab + table, leaves);
    this.leafBlockUsed = 0;
    this.granCount = new Uint8Array(buf, slab + table + 4 * leaves, np);
  }

  /** The id of the first of `k` new granules, consecutive in one slab. */
  private alloc(k: number): number {
    if (this.slabUsed + k > this.slabCap) {
      this.newSlab(this.nextCap);
      this.nextCap = Math.min(SLAB_MAX, this.nextCap * 2);
    }
    const id = ((this.data.length - 1) << SLAB_SHIFT) | this.slabUsed;
    this.slabUsed += k;
    return id;
  }

  /** Gives page slot s its 64 granules consecutively, moving the ones it had. */
  private makeDense(s: number): void {
    const first = this.alloc(G_PER_PAGE);
    const slab = first >>> SLAB_SHIFT;
    const i0 = first & (SLAB_MAX - 1);
    const d = this.data[slab] as Uint8Array;
    const k = this.bits[slab] as Uint8Array;
    const base = s << G_SHIFT;
    const had = this.granCount[s] !== 0;
    for (let g = 0; g < G_PER_PAGE; g++) {
      const old = had ? (this.gran[base + g] as number) - 1 : -1;
      if (old >= 0) {
        const os = old >>> SLAB_SHIFT;
        const oi = old & (SLAB_MAX - 1);
        copy(d, (i0 + g) << G_SHIFT, this.data[os] as Uint8Array, oi << G_SHIFT, GRANULE);
        copy(k, (i0 + g) << 3, this.bits[os] as Uint8Array, oi << 3, 8);
      }
      this.gran[base + g] = first + g + 1;
    }
    this.granCount[s] = G_PER_PAGE;
  }

  /** The granule id of granule g of page slot s, made when it has none. */
  private granuleOrNew(s: number, g: number): number {
    const e = this.gran[(s << G_SHIFT) + g] as number;
    if (e !== 0) return e - 1;
    if ((this.granCount[s] as number) >= PROMOTE_AT) {
      this.makeDense(s);
      return (this.gran[(s << G_SHIFT) + g] as number) - 1;
    }
    const id = this.alloc(1);
    this.gran[(s << G_SHIFT) + g] = id + 1;
    this.granCount[s] = (this.granCount[s] as number) + 1;
    return id;
  }

  /** The page slot of page n for a store of `len` bytes into it: made, or made dense, as the store needs. */
  private slotFor(n: number, len: number): number {
    const s = this.find(n);
    if (s < 0) return this.newPage(n, len >= DENSE_WRITE);
    if (this.granCount[s] !== G_PER_PAGE && len >= DENSE_WRITE) this.makeDense(s);
    return s;
  }

  /** Marks bytes [a, b) of granule i of a slab known (0 ≤ a < b ≤ 64). */
  private mark(slab: number, i: number, a: number, b: number): void {
    if (LITTLE_ENDIAN) markRange(this.bits32[slab] as Int32Array, i << 1, a, b);
    else setBits(this.bits[slab] as Uint8Array, i << 3, a, b - a);
  }

  /**
   * Looks up the granule a store at addr would land in, and reads a byte of it and of its
   * bitmap, so that any cache miss on the way is taken now. Replay calls this for the stores
   * of a decoded chunk before applying it (Machine.warm): the lookups of one chunk do not
   * depend on each other, so their misses overlap, where during the stores each waits for
   * the last (a session storing all over a large RAM spends most of its time waiting for
   * memory). Returns what it read, for the caller to keep: loads nobody uses may be dropped.
   */
  warm(addr: number): number {
    const s = this.find(Math.floor(addr / PAGE_SIZE));
    if (s < 0) return 0;
    const id = (this.gran[(s << G_SHIFT) + ((addr & PAGE_MASK) >>> G_SHIFT)] as number) - 1;
    return id < 0 ? 0 : this.touch(id);
  }

  /** A byte of granule `id` and a word of its bitmap, read (for warm and warmLeaf). */
  private touch(id: number): number {
    const i = id & (SLAB_MAX - 1);
    return (
      ((this.data[id >>> SLAB_SHIFT] as Uint8Array)[i << G_SHIFT] as number) +
      ((this.bits32[id >>> SLAB_SHIFT] as Int32Array)[i << 1] as number)
    );
  }

  /** Stores bytes (a write seen by the capture, or a read that revealed them). */
  write(addr: number, data: Uint8Array): void {
    const total = data.length;
    const pageOff = addr & PAGE_MASK;
    if (total <= GRANULE && pageOff + total <= PAGE_SIZE && total > 0) {
      // At most two granules of one page (ring indexes, descriptors, statuses, small DMA:
      // most stores), dense page or not. A store this small never makes a page dense.
      const n = Math.floor(addr / PAGE_SIZE);
      let s = this.find(n);
      if (s < 0) s = this.newPage(n, false);
      const g = pageOff >>> G_SHIFT;
      const go = addr & G_MASK;
      const e0 = this.gran[(s << G_SHIFT) + g] as number;
      let id0 = e0 !== 0 ? e0 - 1 : this.granuleOrNew(s, g);
      if (go + total <= GRANULE) {
        const i = id0 & (SLAB_MAX - 1);
        // TypedArray#set copies a whole small array faster than a loop by hand.
        (this.data[id0 >>> SLAB_SHIFT] as Uint8Array).set(data, (i << G_SHIFT) + go);
        this.mark(id0 >>> SLAB_SHIFT, i, go, go + total);
        return;
      }
      const e1 = this.gran[(s << G_SHIFT) + g + 1] as number;
      const id1 = e1 !== 0 ? e1 - 1 : this.granuleOrNew(s, g + 1);
      // Making granule g + 1 may have made the page dense, moving granule g.
      id0 = (this.gran[(s << G_SHIFT) + g] as number) - 1;
      const head = GRANULE - go;
      const slab = id0 >>> SLAB_SHIFT;
      const i0 = id0 & (SLAB_MAX - 1);
      const d = this.data[slab] as Uint8Array;
      if (id1 === id0 + 1 && id1 >>> SLAB_SHIFT === slab) {
        // Consecutive granules of one slab (a dense page, or two made by one store): one copy.
        d.set(data, (i0 << G_SHIFT) + go);
      } else {
        copy(d, (i0 << G_SHIFT) + go, data, 0, head);
        copy(this.data[id1 >>> SLAB_SHIFT] as Uint8Array, (id1 & (SLAB_MAX - 1)) << G_SHIFT, data, head, total - head);
      }
      this.mark(slab, i0, go, GRANULE);
      this.mark(id1 >>> SLAB_SHIFT, id1 & (SLAB_MAX - 1), 0, total - head);
      return;
    }
    let done = 0;
    while (done < total) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, total - done);
      const s = this.slotFor(Math.floor(a / PAGE_SIZE), len);
      if (this.granCount[s] === G_PER_PAGE) {
        const first = (this.gran[s << G_SHIFT] as number) - 1;
        const slab = first >>> SLAB_SHIFT;
        const i0 = first & (SLAB_MAX - 1);
        (this.data[slab] as Uint8Array).set(len === total ? data : data.subarray(done, done + len), (i0 << G_SHIFT) + off);
        setBits(this.bits[slab] as Uint8Array, i0 << 3, off, len);
      } else {
        // Granule by granule, copying by hand: these stores are small, and a view per piece costs more.
        let o = off;
        let p = done;
        const end = off + len;
        while (o < end) {
          const go = o & G_MASK;
          const l = Math.min(GRANULE - go, end - o);
          const id = this.granuleOrNew(s, o >>> G_SHIFT);
          const i = id & (SLAB_MAX - 1);
          const d = this.data[id >>> SLAB_SHIFT] as Uint8Array;
          const at = (i << G_SHIFT) + go;
          for (let j = 0; j < l; j++) d[at + j] = data[p + j] as number;
          setBits(this.bits[id >>> SLAB_SHIFT] as Uint8Array, i << 3, go, l);
          o += l;
          p += l;
        }
      }
      done += len;
    }
  }

  /** The first granule id of page slot s when the page is dense, else -1. */
  private denseFirst(s: number): number {
    return this.granCount[s] === G_PER_PAGE ? (this.gran[s << G_SHIFT] as number) - 1 : -1;
  }

  /** Stores `length` copies of `byte`. */
  fill(addr: number, length: number, byte: number): void {
    let done = 0;
    while (done < length) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, length - done);
      const s = this.slotFor(Math.floor(a / PAGE_SIZE), len);
      const first = this.denseFirst(s);
      if (first >= 0) {
        const i0 = first & (SLAB_MAX - 1);
        const at = (i0 << G_SHIFT) + off;
        (this.data[first >>> SLAB_SHIFT] as Uint8Array).fill(byte, at, at + len);
        setBits(this.bits[first >>> SLAB_SHIFT] as Uint8Array, i0 << 3, off, len);
      } else {
        for (let o = off; o < off + len;) {
          const go = o & G_MASK;
          const l = Math.min(GRANULE - go, off + len - o);
          const id = this.granuleOrNew(s, o >>> G_SHIFT);
          const at = ((id & (SLAB_MAX - 1)) << G_SHIFT) + go;
          (this.data[id >>> SLAB_SHIFT] as Uint8Array).fill(byte, at, at + l);
          setBits(this.bits[id >>> SLAB_SHIFT] as Uint8Array, (id & (SLAB_MAX - 1)) << 3, go, l);
          o += l;
        }
      }
      done += len;
    }
  }

  /** Forgets bytes (they read as unknown, and hold zero): a device may have written them in a way the capture did not show. */
  forget(addr: number, length: number): void {
    let done = 0;
    while (done < length) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, length - done);
      const s = this.find(Math.floor(a / PAGE_SIZE));
      const first = s < 0 ? -1 : this.denseFirst(s);
      if (first >= 0) {
        const i0 = first & (SLAB_MAX - 1);
        const at = (i0 << G_SHIFT) + off;
        (this.data[first >>> SLAB_SHIFT] as Uint8Array).fill(0, at, at + len);
        clearBits(this.bits[first >>> SLAB_SHIFT] as Uint8Array, i0 << 3, off, len);
      } else if (s >= 0) {
        for (let o = off; o < off + len;) {
          const go = o & G_MASK;
          const l = Math.min(GRANULE - go, off + len - o);
          const id = (this.gran[(s << G_SHIFT) + (o >>> G_SHIFT)] as number) - 1;
          if (id >= 0) {
            const i = id & (SLAB_MAX - 1);
            const at = (i << G_SHIFT) + go;
            (this.data[id >>> SLAB_SHIFT] as Uint8Array).fill(0, at, at + l);
            clearBits(this.bits[id >>> SLAB_SHIFT] as Uint8Array, i << 3, go, l);
          }
          o += l;
        }
      }
      done += len;
    }
  }

  /** The granule id holding byte `off` of page slot s, or -1. */
  private granuleAt(s: number, off: number): number {
    return s < 0 ? -1 : (this.gran[(s << G_SHIFT) + (off >>> G_SHIFT)] as number) - 1;
  }

  /**
   * Compares the bytes held for [addr, addr + data.length) with `data` without copying:
   * "unknown" when any byte is unknown, else "equal" or "differs".
   */
  compare(addr: number, data: Uint8Array): "unknown" | "equal" | "differs" {
    const total = data.length;
    let differs = false;
    let done = 0;
    while (done < total) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, total - done);
      const s = this.find(Math.floor(a / PAGE_SIZE));
      if (s < 0) return "unknown";
      const first = this.denseFirst(s);
      if (first >= 0) {
        const i0 = first & (SLAB_MAX - 1);
        if (!allSet(this.bits[first >>> SLAB_SHIFT] as Uint8Array, i0 << 3, off, len)) return "unknown";
        if (!differs) differs = !sameBytes(this.data[first >>> SLAB_SHIFT] as Uint8Array, (i0 << G_SHIFT) + off, data, done, len);
      } else {
        for (let o = off; o < off + len;) {
          const go = o & G_MASK;
          const l = Math.min(GRANULE - go, off + len - o);
          const id = this.granuleAt(s, o);
          if (id < 0) return "unknown";
          const i = id & (SLAB_MAX - 1);
          if (!allSet(this.bits[id >>> SLAB_SHIFT] as Uint8Array, i << 3, go, l)) return "unknown";
          if (!differs) differs = !sameBytes(this.data[id >>> SLAB_SHIFT] as Uint8Array, (i << G_SHIFT) + go, data, done + o - off, l);
          o += l;
        }
      }
      done += len;
    }
    return differs ? "differs" : "equal";
  }

  /** True when every byte of [addr, addr + length) is known. */
  isKnown(addr: number, length: number): boolean {
    let done = 0;
    while (done < length) {
      const a = addr + done;
      const off = a & PAGE_MASK;
      const len = Math.min(PAGE_SIZE - off, length - done);
      const s = this.find(Math.floor(a / PAGE_SIZE));
      if (s < 0) return false;
      if (this.granCount[s] === G_PER_PAGE) {
        const first = (this.gran[s << G_SHIFT] as number) - 1;
        if (!allSet(this.bits[first >>> SLAB_SHIFT] as Uint8Array, (first & (SLAB_MAX - 1)) << 3, off, len)) return false;
      } else {
        for (let o = off; o < off + len;) {
          const go = o & G_MASK;
          const l = Math.min(GRANULE - go, off + len - o);
          const id = this.granuleAt(s, o);
          if (id < 0 || !allSet(this.bits[id >>> SLAB_SHIFT] as Uint8Array, (id & (SLAB_MAX - 1)) << 3, go, l)) return false;
          o += l;
        }
      }
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
      const s = this.find(Math.floor(a / PAGE_SIZE));
      if (this.granCount[s] === G_PER_PAGE) {
        const first = (this.gran[s << G_SHIFT] as number) - 1;
        const at = ((first & (SLAB_MAX - 1)) << G_SHIFT) + off;
        out.set((this.data[first >>> SLAB_SHIFT] as Uint8Array).subarray(at, at + len), done);
      } else {
        for (let o = off; o < off + len;) {
          const go = o & G_MASK;
          const l = Math.min(GRANULE - go, off + len - o);
          const id = this.granuleAt(s, o);
          const d = this.data[id >>> SLAB_SHIFT] as Uint8Array;
          const at = ((id & (SLAB_MAX - 1)) << G_SHIFT) + go;
          for (let j = 0; j < l; j++) out[done + o - off + j] = d[at + j] as number;
          o += l;
        }
      }
      done += len;
    }
    return out;
  }

  /** A little-endian unsigned value of 1, 2 or 4 bytes, or undefined when unknown. */
  readUint(addr: number, size: 1 | 2 | 4): number | undefined {
    const off = addr & PAGE_MASK;
    if (off + size > PAGE_SIZE) return this.readUintSlow(addr, size);
    const s = this.find(Math.floor(addr / PAGE_SIZE));
    if (s < 0) return undefined;
    let d: Uint8Array;
    let at: number;
    const first = this.denseFirst(s);
    if (first >= 0) {
      const i0 = first & (SLAB_MAX - 1);
      if (!allSet(this.bits[first >>> SLAB_SHIFT] as Uint8Array, i0 << 3, off, size)) return undefined;
      d = this.data[first >>> SLAB_SHIFT] as Uint8Array;
      at = (i0 << G_SHIFT) + off;
    } else {
      const go = off & G_MASK;
      if (go + size > GRANULE) return this.readUintSlow(addr, size);
      const id = this.granuleAt(s, off);
      if (id < 0) return undefined;
      const i = id & (SLAB_MAX - 1);
      if (!allSet(this.bits[id >>> SLAB_SHIFT] as Uint8Array, i << 3, go, size)) return undefined;
      d = this.data[id >>> SLAB_SHIFT] as Uint8Array;
      at = (i << G_SHIFT) + go;
    }
    if (size === 1) return d[at] as number;
    if (size === 2) return (d[at] as number) | ((d[at + 1] as number) << 8);
    return ((d[at] as number) | ((d[at + 1] as number) << 8) | ((d[at + 2] as number) << 16) | ((d[at + 3] as number) << 24)) >>> 0;
  }

  private readUintSlow(addr: number, size: 1 | 2 | 4): number | undefined {
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

  /** Known bytes of page slot s. */
  private knownIn(s: number): number {
    let c = 0;
    if (this.granCount[s] === G_PER_PAGE) {
      const first = (this.gran[s << G_SHIFT] as number) - 1;
      const w = this.bits32[first >>> SLAB_SHIFT] as Int32Array;
      const at = (first & (SLAB_MAX - 1)) << 1;
      for (let i = at; i < at + 2 * G_PER_PAGE; i++) c += popcount32(w[i] as number);
      return c;
    }
    for (let g = 0; g < G_PER_PAGE; g++) {
      const id = (this.gran[(s << G_SHIFT) + g] as number) - 1;
      if (id < 0) continue;
      const w = this.bits32[id >>> SLAB_SHIFT] as Int32Array;
      const at = (id & (SLAB_MAX - 1)) << 1;
      c += popcount32(w[at] as number) + popcount32(w[at + 1] as number);
    }
    return c;
  }

  /** The pages with a known byte, ascending: [page number, slot, known bytes]. */
  private knownPages(): [number, number, number][] {
    const out: [number, number, number][] = [];
    for (let s = 0; s < this.pages; s++) {
      const count = this.knownIn(s);
      if (count > 0) out.push([this.pageNum[s] as number, s, count]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** Pages in ascending order with what is known of each, for state dumps. */
  sortedPages(): [number, { knownCount: number }][] {
    return this.knownPages().map(([n, , count]) => [n, { knownCount: count }]);
  }

  /**
   * The canonical encoding: pages in ascending order, each with its number and count of
   * known bytes; a page all known as its 4096 bytes, any other as a 64-bit mask of the
   * granules with a known byte and then, when they are more than half the page, its 4096
   * bytes and 512 bytes of bitmap, else the 64 bytes of each of them and then their 8 bytes
   * of bitmap each. Unknown bytes hold zero, so the granules left out say all there is: the
   * encoding does not depend on how the memory holds its pages.
   */
  encode(w: StateWriter): void {
    // One pass, page by page in ascending order (leaf by leaf below 4 GiB, then the pages above,
    // sorted), each page's bitmaps read once: a page's granules sit anywhere in the slabs, and
    // passes over all of them (counting, then encoding) each paid a cache miss per granule.
    const at = w.position;
    w.u32(0); // the number of pages with a known byte, patched at the end
    let pages = 0;
    for (let l = 0; l < this.leaves.length; l++) {
      const leaf = this.leaves[l];
      if (leaf === undefined) continue;
      this.warmed = this.warmLeaf(leaf);
      for (let k = 0; k < LEAF_PAGES; k++) {
        const s = (leaf[k] as number) - 1;
        if (s >= 0 && this.encodePage(w, l * LEAF_PAGES + k, s)) pages++;
      }
    }
    for (const n of [...this.high.keys()].sort((x, y) => x - y)) if (this.encodePage(w, n, this.high.get(n) as number)) pages++;
    w.patchU32(at, pages);
  }

  /** What warmLeaf last read (kept so that its loads are not optimized away). */
  private warmed = 0;

  /**
   * Reads a byte of every granule of a leaf's pages and a word of its bitmap before they are
   * encoded: the loads do not depend on each other, so their cache misses overlap (as
   * GuestMemory.warm does for replay's stores), where copying granule after granule waits
   * for each.
   */
  private warmLeaf(leaf: Int32Array): number {
    let sum = 0;
    for (let k = 0; k < LEAF_PAGES; k++) {
      const s = (leaf[k] as number) - 1;
      if (s < 0) continue;
      for (let g = 0; g < G_PER_PAGE; g++) {
        const id = (this.gran[(s << G_SHIFT) + g] as number) - 1;
        if (id < 0) continue;
        sum += this.touch(id);
        if (this.granCount[s] === G_PER_PAGE) g += 7; // a dense page's granules are consecutive: a line in eight is enough to start the prefetcher
      }
    }
    return sum;
  }

  /** Encodes page n (slot s) as encode describes; false, writing nothing, when no byte of it is known. */
  private encodePage(w: StateWriter, n: number, s: number): boolean {
    let count = 0;
    let lo = 0;
    let hi = 0;
    for (let g = 0; g < G_PER_PAGE; g++) {
      const id = (this.gran[(s << G_SHIFT) + g] as number) - 1;
      let c = 0;
      if (id >= 0) {
        const w32 = this.bits32[id >>> SLAB_SHIFT] as Int32Array;
        const i = (id & (SLAB_MAX - 1)) << 1;
        c = popcount32(w32[i] as number) + popcount32(w32[i + 1] as number);
      }
      if (c === 0) continue;
      count += c;
      if (g < 32) lo |= 1 << g;
      else hi |= 1 << (g - 32);
    }
    if (count === 0) return false;
    w.num(n).num(count);
    if (count === PAGE_SIZE) {
      const first = (this.gran[s << G_SHIFT] as number) - 1; // all known: dense
      const i0 = first & (SLAB_MAX - 1);
      w.rawFrom(this.data[first >>> SLAB_SHIFT] as Uint8Array, i0 << G_SHIFT, PAGE_SIZE);
      return true;
    }
    w.u32(lo >>> 0).u32(hi >>> 0);
    if (popcount32(lo) + popcount32(hi) > HALF_PAGE_GRANULES) {
      const first = (this.gran[s << G_SHIFT] as number) - 1; // more granules than a sparse page has: dense
      const i0 = first & (SLAB_MAX - 1);
      w.rawFrom(this.data[first >>> SLAB_SHIFT] as Uint8Array, i0 << G_SHIFT, PAGE_SIZE);
      w.rawFrom(this.bits[first >>> SLAB_SHIFT] as Uint8Array, i0 << 3, BITMAP_SIZE);
      return true;
    }
    this.granuleRuns(s, lo, hi, (slab, i, k) => w.rawFrom(this.data[slab] as Uint8Array, i << G_SHIFT, k << G_SHIFT));
    this.granuleRuns(s, lo, hi, (slab, i, k) => w.rawFrom(this.bits[slab] as Uint8Array, i << 3, k << 3));
    return true;
  }

  /**
   * The granules of page slot s that the mask names, in order, as runs of granules
   * consecutive in one slab (a dense page's are one run per stretch of the mask): `each`
   * gets the slab, the first granule's index in it and the run's length.
   */
  private granuleRuns(s: number, lo: number, hi: number, each: (slab: number, index: number, count: number) => void): void {
    let runId = -1;
    let runLen = 0;
    for (let g = 0; g < G_PER_PAGE; g++) {
      if (((g < 32 ? lo >>> g : hi >>> (g - 32)) & 1) === 0) continue;
      const id = (this.gran[(s << G_SHIFT) + g] as number) - 1;
      if (runLen > 0 && id === runId + runLen && id >>> SLAB_SHIFT === runId >>> SLAB_SHIFT) {
        runLen++;
        continue;
      }
      if (runLen > 0) each(runId >>> SLAB_SHIFT, runId & (SLAB_MAX - 1), runLen);
      runId = id;
      runLen = 1;
    }
    if (runLen > 0) each(runId >>> SLAB_SHIFT, runId & (SLAB_MAX - 1), runLen);
  }

  /** Restores what encode wrote (into an empty memory). */
  decodeInto(r: StateReader): void {
    const np = r.u32();
    // A state of few pages is restored with every page dense (fast to restore and to read);
    // a large one keeps its sparse pages sparse (the memory a sparse session needs).
    const denseUpTo = np <= DENSE_RESTORE_PAGES ? 0 : PROMOTE_AT;
    if (np === 0) return;
    if (denseUpTo === 0) this.reserveDenseRestore(np);
    else this.reservePageSlots(np);
    for (let p = 0; p < np; p++) {
      const n = r.num();
      const count = r.num();
      if (count === PAGE_SIZE) {
        const s = this.newPage(n, true);
        const first = (this.gran[s << G_SHIFT] as number) - 1;
        const i0 = first & (SLAB_MAX - 1);
        r.rawInto(this.data[first >>> SLAB_SHIFT] as Uint8Array, i0 << G_SHIFT, PAGE_SIZE);
        (this.bits[first >>> SLAB_SHIFT] as Uint8Array).fill(0xff, i0 << 3, (i0 << 3) + BITMAP_SIZE);
        continue;
      }
      const lo = r.u32();
      const hi = r.u32();
      const granules = popcount32(lo) + popcount32(hi);
      const s = this.newPage(n, granules > denseUpTo);
      if (granules > HALF_PAGE_GRANULES) {
        const first = (this.gran[s << G_SHIFT] as number) - 1;
        const i0 = first & (SLAB_MAX - 1);
        r.rawInto(this.data[first >>> SLAB_SHIFT] as Uint8Array, i0 << G_SHIFT, PAGE_SIZE);
        r.rawInto(this.bits[first >>> SLAB_SHIFT] as Uint8Array, i0 << 3, BITMAP_SIZE);
        continue;
      }
      if (granules <= denseUpTo)
        for (let g = 0; g < G_PER_PAGE; g++) if (((g < 32 ? lo >>> g : hi >>> (g - 32)) & 1) !== 0) this.granuleOrNew(s, g);
      this.granuleRuns(s, lo, hi, (slab, i, k) => r.rawInto(this.data[slab] as Uint8Array, i << G_SHIFT, k << G_SHIFT));
      this.granuleRuns(s, lo, hi, (slab, i, k) => r.rawInto(this.bits[slab] as Uint8Array, i << 3, k << 3));
    }
  }

  /** Bytes the pages take in the encoding at most, data and bitmaps (for encode's buffer estimate). */
  get footprint(): number {
    return this.pages * (PAGE_SIZE + BITMAP_SIZE + 24);
  }

  get pageCount(): number {
    return this.pages;
  }
}
