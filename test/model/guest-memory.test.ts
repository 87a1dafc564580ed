// Guest memory against a plain reference (a map from address to known byte): thousands of
// random writes, fills, forgets and reads — unaligned, crossing pages and bitmap bytes —
// must answer exactly as the reference does, count known bytes exactly, and survive
// encode/decode unchanged.
import { describe, expect, it } from "vitest";
import { prng } from "../../src/bench/synthetic.js";
import { StateReader, StateWriter } from "../../src/model/codec/state-codec.js";
import { GuestMemory, PAGE_SIZE } from "../../src/model/guest-memory.js";

class Reference {
  bytes = new Map<number, number>();
  write(addr: number, data: Uint8Array): void {
    data.forEach((b, i) => this.bytes.set(addr + i, b));
  }
  fill(addr: number, len: number, b: number): void {
    for (let i = 0; i < len; i++) this.bytes.set(addr + i, b);
  }
  forget(addr: number, len: number): void {
    for (let i = 0; i < len; i++) this.bytes.delete(addr + i);
  }
  read(addr: number, len: number): Uint8Array | undefined {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const b = this.bytes.get(addr + i);
      if (b === undefined) return undefined;
      out[i] = b;
    }
    return out;
  }
}

/**
 * Addresses near a few pages, so operations overlap, cross pages and partly cover bitmap bytes.
 * With `sparse`, small operations only over 64 pages: pages stay sparse, their granules come
 * out of order and out of several slabs, and stores straddle granules that are not neighbours.
 */
function scenario(seed: number, steps: number, base = 0x10_0000, sparse = false): { mem: GuestMemory; ref: Reference; checks: number } {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const mem = new GuestMemory();
  const ref = new Reference();
  let checks = 0;
  for (let s = 0; s < steps; s++) {
    const addr = base + int(0, (sparse ? 64 : 3) * PAGE_SIZE);
    const len = !sparse && rnd() < 0.1 ? int(1, 2 * PAGE_SIZE) : int(1, sparse ? 64 : 40);
    const op = rnd();
    if (op < 0.35) {
      const data = Uint8Array.from({ length: len }, () => int(0, 255));
      mem.write(addr, data);
      ref.write(addr, data);
    } else if (op < 0.45) {
      const b = int(0, 255);
      mem.fill(addr, len, b);
      ref.fill(addr, len, b);
    } else if (op < 0.6) {
      mem.forget(addr, len);
      ref.forget(addr, len);
    } else {
      const want = ref.read(addr, len);
      expect(mem.read(addr, len)).toEqual(want);
      expect(mem.isKnown(addr, len)).toBe(want !== undefined);
      const probe = want ?? Uint8Array.from({ length: len }, () => int(0, 255));
      const cmp = mem.compare(addr, probe);
      expect(cmp).toBe(want === undefined ? "unknown" : "equal");
      if (want !== undefined) {
        const changed = new Uint8Array(want);
        const at = int(0, len - 1);
        changed[at] = (changed[at] as number) ^ 0x5a;
        expect(mem.compare(addr, changed)).toBe("differs");
      }
      for (const size of [1, 2, 4] as const) {
        const w = ref.read(addr, size);
        expect(mem.readUint(addr, size)).toBe(w === undefined ? undefined : w.reduceRight((v, b) => v * 256 + b, 0));
      }
      checks++;
    }
  }
  return { mem, ref, checks };
}

describe("guest memory", () => {
  it("answers every read as a byte map would, through writes, fills and forgets", () => {
    // Low memory, the 4 GiB line (pages on both sides of it are found in different tables), and far above.
    for (const [seed, base, sparse] of [
      [1, 0x10_0000, false],
      [2, 2 ** 32 - 2 * PAGE_SIZE, false],
      [3, 0x7_1234_5000, false],
      [4, 0x10_0000, true],
    ] as const) {
      const { mem, ref, checks } = scenario(seed, sparse ? 8000 : 4000, base, sparse);
      expect(checks).toBeGreaterThan(1000);
      const known = mem.sortedPages().reduce((n, [, p]) => n + p.knownCount, 0);
      expect(known).toBe(ref.bytes.size);
    }
  });

  it("a store straddling two granules lands whole wherever they sit, across every slab boundary", () => {
    // Each store below makes two granules on a fresh page; the first store makes one, so the
    // pairs straddle every slab boundary (slabs hold 256, 512, … up to 16384 granules), up
    // to and past the first between two full-size slabs, whose granule ids are consecutive.
    const mem = new GuestMemory();
    mem.write(0x10_0000, Uint8Array.of(0xee));
    const stores = 20_000;
    const at = (k: number) => 0x20_0000 + k * PAGE_SIZE + 64 * (k % 60) + 40;
    const bytes = (k: number) => Uint8Array.from({ length: 40 }, (_, i) => (k * 7 + i) & 0xff);
    for (let k = 0; k < stores; k++) mem.write(at(k), bytes(k));
    for (let k = 0; k < stores; k++) {
      const want = bytes(k);
      expect(mem.read(at(k) - 1, 42)).toBeUndefined();
      expect(mem.read(at(k), 40), `store ${k}`).toEqual(want);
      expect(mem.compare(at(k), want)).toBe("equal");
    }
    expect(mem.sortedPages().reduce((n, [, p]) => n + p.knownCount, 0)).toBe(1 + 40 * stores);
  });

  it("warming for stores reads what a store would touch and changes nothing", () => {
    const { mem } = scenario(5, 2000, 0x10_0000, true);
    const known = 0x10_0000 + 5 * PAGE_SIZE;
    mem.write(known, Uint8Array.of(7, 9));
    const before = new StateWriter();
    mem.encode(before);
    expect(mem.warm(known)).not.toBe(0);
    // Pages never touched, below and above 4 GiB and far above: nothing to read, nothing made.
    for (const addr of [0x9000_0000, 2 ** 32 + 5, 2 ** 52, 0]) expect(mem.warm(addr)).toBe(0);
    const after = new StateWriter();
    mem.encode(after);
    expect(after.finish()).toEqual(before.finish());
  });

  it("encodes and restores what it knows, byte for byte", () => {
    const { mem, ref } = scenario(9, 3000);
    const w = new StateWriter();
    mem.encode(w);
    const bytes = w.finish();
    const back = new GuestMemory();
    const r = new StateReader(bytes);
    back.decodeInto(r);
    expect(r.done).toBe(true);
    for (let a = 0x10_0000 - 8; a < 0x10_0000 + 6 * PAGE_SIZE; a += 7) expect(back.read(a, 7)).toEqual(ref.read(a, 7));
    const again = new StateWriter();
    back.encode(again);
    expect(again.finish()).toEqual(bytes);
  });

  it.each([
    ["few pages (restored dense)", 8],
    ["hundreds of pages (sparse ones restored sparse)", 600],
  ])("a restored memory of %s goes on exactly as the original: forgotten bytes leave nothing behind", (_name, pages) => {
    // The same operations on the original and on a copy restored halfway must encode the
    // same at the end, whatever the copy's layout (sparse granules or dense pages).
    const ops = (mem: GuestMemory, seed: number, steps: number) => {
      const rnd = prng(seed);
      const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
      for (let s = 0; s < steps; s++) {
        const addr = 0x40_0000 + int(0, pages * PAGE_SIZE);
        const len = rnd() < 0.05 ? int(1, 2 * PAGE_SIZE) : int(1, 48);
        const op = rnd();
        if (op < 0.6)
          mem.write(
            addr,
            Uint8Array.from({ length: len }, () => int(1, 255)),
          );
        else if (op < 0.7) mem.fill(addr, len, int(0, 255));
        else mem.forget(addr, len);
      }
    };
    const encode = (mem: GuestMemory) => {
      const w = new StateWriter();
      mem.encode(w);
      return w.finish();
    };
    const straight = new GuestMemory();
    ops(straight, 21, 2000 + 4 * pages);
    straight.forget(0x40_0000, 3 * PAGE_SIZE); // whole pages forgotten: nothing of them is encoded
    const restored = new GuestMemory();
    restored.decodeInto(new StateReader(encode(straight)));
    expect(restored.pageCount).toBeGreaterThan(pages === 8 ? 4 : 256);
    expect(encode(restored)).toEqual(encode(straight));
    ops(straight, 22, 2000 + 4 * pages);
    ops(restored, 22, 2000 + 4 * pages);
    expect(encode(restored)).toEqual(encode(straight));
    for (let a = 0x40_0000; a < 0x40_0000 + pages * PAGE_SIZE; a += 61) expect(restored.read(a, 5)).toEqual(straight.read(a, 5));
  });

  it("a whole page known is encoded as its bytes alone, a partly known one as the granules it knows", () => {
    const size = (fill: (m: GuestMemory) => void) => {
      const m = new GuestMemory();
      fill(m);
      const w = new StateWriter();
      m.encode(w);
      return w.finish().length;
    };
    const empty = size(() => {});
    const whole = size((m) => m.fill(0x2000, PAGE_SIZE, 7));
    // Page number and count (8 bytes each), then the bytes.
    expect(whole - empty).toBe(16 + PAGE_SIZE);
    // All but one byte: the granule mask, then the page's bytes and bitmap (more than half its granules).
    expect(size((m) => m.fill(0x2000, PAGE_SIZE - 1, 7)) - empty).toBe(16 + 8 + PAGE_SIZE + PAGE_SIZE / 8);
    // Half the page's granules: each on its own.
    expect(size((m) => m.fill(0x2000, PAGE_SIZE / 2, 7)) - empty).toBe(16 + 8 + 32 * 72);
    // 16 bytes in one granule, 4 bytes across two, a byte in a third page: 1, 2 and 1 granules.
    expect(size((m) => m.write(0x2010, new Uint8Array(16).fill(1))) - empty).toBe(16 + 8 + 72);
    expect(size((m) => m.write(0x203e, Uint8Array.of(1, 2, 3, 4))) - empty).toBe(16 + 8 + 2 * 72);
    // Forgotten bytes leave nothing: a granule written then forgotten is not encoded.
    expect(size((m) => (m.write(0x2010, Uint8Array.of(5)), m.write(0x2100, Uint8Array.of(6)), m.forget(0x2100, 1))) - empty).toBe(
      16 + 8 + 72,
    );
  });
});
