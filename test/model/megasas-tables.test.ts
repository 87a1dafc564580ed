// The megasas model's bookkeeping tables (src/model/megasas/request-table.ts,
// watched-pages.ts, reply-queue.ts): the request table behaves as the Map it replaces (post
// order, a repost under the same seq keeps its place, removing the request being visited
// leaves a loop intact, compaction keeps the order), the watched pages count ranges so that
// a page stays watched until its last range goes, and the reply queue's read slots forget
// and sort as a Map would.
import { describe, expect, it } from "vitest";
import type { MfiRequest } from "../../src/model/megasas/megasas.js";
import { NamedSlots, removeAt } from "../../src/model/megasas/reply-queue.js";
import { RequestTable } from "../../src/model/megasas/request-table.js";
import { WatchedPages } from "../../src/model/megasas/watched-pages.js";

/** A request as far as the table looks at it: its seq and its place. */
const req = (seq: number): MfiRequest => ({ seq, slot: -1 }) as unknown as MfiRequest;
const seqs = (t: RequestTable) => [...t.values()].map((q) => q.seq);

describe("the request table keeps a Map's order", () => {
  it("lists requests in post order and finds them by seq", () => {
    const t = new RequestTable();
    for (const s of [3, 7, 9]) t.add(req(s));
    expect(seqs(t)).toEqual([3, 7, 9]);
    expect(t.size).toBe(3);
    expect(t.get(7)?.seq).toBe(7);
    expect(t.get(8)).toBeUndefined();
  });

  it("puts a request posted under a seq already held in the old one's place, and returns the old one", () => {
    const t = new RequestTable();
    const [a, b, c] = [req(1), req(2), req(3)];
    for (const q of [a, b, c]) t.add(q);
    const again = req(2);
    expect(t.add(again)).toBe(b);
    expect([...t.values()]).toEqual([a, again, c]);
    expect(t.holds(b)).toBe(false);
    expect(t.holds(again)).toBe(true);
  });

  it("visits every other request when the one being visited is removed, as a Map's iteration does", () => {
    const t = new RequestTable();
    const qs = [1, 2, 3, 4, 5].map(req);
    for (const q of qs) t.add(q);
    const visited: number[] = [];
    for (const q of t.values()) {
      visited.push(q.seq);
      if (q.seq % 2 === 0) t.remove(q);
    }
    expect(visited).toEqual([1, 2, 3, 4, 5]);
    expect(seqs(t)).toEqual([1, 3, 5]);
    expect(t.size).toBe(3);
  });

  it("keeps the order through the compactions many removals cause", () => {
    const t = new RequestTable();
    for (let s = 0; s < 500; s++) {
      t.add(req(s));
      if (s >= 3 && (s - 3) % 5 !== 0) t.remove(t.get(s - 3) as MfiRequest);
    }
    const expected = [...Array(500).keys()].filter((s) => s % 5 === 0 || s >= 497);
    expect(seqs(t)).toEqual(expected);
    expect(t.size).toBe(expected.length);
    expect(t.slots.length).toBeLessThan(2 * expected.length + 20);
    for (const q of t.values()) expect(t.slots[q.slot]).toBe(q);
  });

  it("holds nothing after clear", () => {
    const t = new RequestTable();
    const q = req(1);
    t.add(q);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.holds(q)).toBe(false);
    expect(seqs(t)).toEqual([]);
  });
});

describe("watched pages", () => {
  it("watch a page until the last range on it goes", () => {
    const w = new WatchedPages();
    w.add(0x1000, 24);
    w.add(0x1800, 96);
    expect(w.touches(0x1fff, 1)).toBe(true);
    w.remove(0x1000, 24);
    expect(w.touches(0x1000, 4)).toBe(true);
    w.remove(0x1800, 96);
    expect(w.touches(0x1000, 4)).toBe(false);
  });

  it("cover every page a range spans, and an empty range its first page", () => {
    const w = new WatchedPages();
    w.add(0x2ff0, 0x20); // pages 2 and 3
    w.add(0x9000, 0);
    expect([0x1fff, 0x2000, 0x3000, 0x3010, 0x4000].map((a) => w.touches(a, 1))).toEqual([false, true, true, true, false]);
    expect(w.touches(0x9000, 1)).toBe(true);
    expect(w.touches(0x8000, 0x1000)).toBe(false);
    expect(w.touches(0x8000, 0x1001)).toBe(true);
  });

  it("stay exact through many ranges coming and going on many pages", () => {
    const w = new WatchedPages();
    for (let i = 0; i < 10_000; i++) {
      w.add(i * 0x1000, 8);
      if (i > 0) w.remove((i - 1) * 0x1000, 8);
    }
    expect(w.touches(9_999 * 0x1000, 1)).toBe(true);
    expect(w.touches(9_998 * 0x1000, 1)).toBe(false);
    expect(w.touches(0, 0x1000)).toBe(false);
  });
});

describe("the reply queue's read slots", () => {
  it("forget, relearn and list in slot order", () => {
    const n = new NamedSlots();
    n.set(5, 0x50);
    n.set(2, 0x20);
    n.set(9, 0x90);
    n.delete(5);
    n.delete(7);
    expect(n.get(5)).toBeUndefined();
    expect(n.sorted()).toEqual([
      [2, 0x20],
      [9, 0x90],
    ]);
    n.set(5, 0x55);
    expect(n.sorted()).toEqual([
      [2, 0x20],
      [5, 0x55],
      [9, 0x90],
    ]);
  });

  it("stay right when thousands of slots are read and forgotten", () => {
    const n = new NamedSlots();
    for (let s = 0; s < 20_000; s++) {
      n.set(s, s + 1);
      if (s % 100 !== 0) n.delete(s);
    }
    const left = n.sorted();
    expect(left.length).toBe(200);
    expect(left[199]).toEqual([19_900, 19_901]);
  });

  it("removeAt keeps the order of the rest", () => {
    const a = [4, 8, 15, 16, 23, 42];
    removeAt(a, 2);
    removeAt(a, 4);
    expect(a).toEqual([4, 8, 16, 23]);
  });
});
