// The machine's index of where queues' used and avail rings are in guest memory: found for
// any access overlapping them, not elsewhere, after moves and removals; the first ring in
// (device order, queue index) order wins where rings overlap, whatever order they were
// placed in; rings above 4 GiB and across the index's 4 MiB regions are found as any other.
import { describe, expect, it } from "vitest";
import { UsedRingIndex } from "../../src/model/machine/used-ring-index.js";
import type { SplitVirtqueue } from "../../src/model/virtio/split-virtqueue.js";
import type { VirtioCore } from "../../src/model/virtio/virtio-core.js";

/** What the index reads of a queue (a split ring of `size` entries at desc, avail, used). */
interface FakeQueue {
  index: number;
  configured: boolean;
  size: number;
  avail: number;
  used: number;
  usedEnd: number;
}

const core = (id: string) => ({ id, packedRings: false }) as unknown as VirtioCore;

function queue(index: number, avail: number, used: number, size = 256): FakeQueue {
  return { index, configured: true, size, avail, used, usedEnd: used + 6 + 8 * size };
}

function put(ix: UsedRingIndex, c: VirtioCore, order: number, q: FakeQueue): void {
  ix.update(c, order, q as unknown as SplitVirtqueue);
}

/** What an access finds: "core/queue" of the used ring and of the avail ring, or "-". */
function at(ix: UsedRingIndex, addr: number, len: number): [string, string] {
  const used = ix.find(addr, len);
  const name = (e: { core: VirtioCore; index: number } | undefined) => (e === undefined ? "-" : `${e.core.id}/${e.index}`);
  return [name(used), name(ix.avail)];
}

describe("the used-ring index", () => {
  it("finds a queue's rings for accesses that overlap them, and nothing next to them", () => {
    const ix = new UsedRingIndex();
    const a = core("a");
    const q = queue(0, 0x10_1000, 0x10_2000);
    put(ix, a, 0, q);
    expect(at(ix, 0x10_2002, 2)).toEqual(["a/0", "-"]); // used->idx
    expect(at(ix, q.usedEnd - 2, 2)).toEqual(["a/0", "-"]); // avail_event
    expect(at(ix, q.usedEnd, 4)).toEqual(["-", "-"]);
    expect(at(ix, 0x10_1ffe, 4)).toEqual(["a/0", "-"]); // straddles into used->flags
    expect(at(ix, 0x10_1002, 2)).toEqual(["-", "a/0"]); // avail->idx
    expect(at(ix, 0x10_1000 + 6 + 2 * 256, 2)).toEqual(["-", "-"]);
    expect(at(ix, 0x10_0000, 4096)).toEqual(["-", "-"]);
    expect(at(ix, 0x10_0000, 3 * 4096)).toEqual(["a/0", "a/0"]);
  });

  it("follows a ring that moves, and forgets one taken out", () => {
    const ix = new UsedRingIndex();
    const a = core("a");
    const q = queue(0, 0x10_1000, 0x10_2000);
    put(ix, a, 0, q);
    Object.assign(q, queue(0, 0x7f_f000, 0x80_0000)); // across a 4 MiB boundary: avail below, used above
    put(ix, a, 0, q);
    expect(at(ix, 0x10_2002, 2)).toEqual(["-", "-"]);
    expect(at(ix, 0x80_0002, 2)).toEqual(["a/0", "-"]);
    expect(at(ix, 0x7f_f002, 2)).toEqual(["-", "a/0"]);
    q.configured = false;
    put(ix, a, 0, q);
    expect(at(ix, 0x80_0002, 2)).toEqual(["-", "-"]);
    expect(at(ix, 0x7f_f002, 2)).toEqual(["-", "-"]);
  });

  it("answers the first in device and queue order where rings overlap, whatever order they came in", () => {
    const placements = [
      [core("b"), 1, queue(3, 0x20_0000, 0x20_1000)],
      [core("a"), 0, queue(5, 0x20_0000, 0x20_1000)],
      [core("a"), 0, queue(2, 0x20_0000, 0x20_1000)],
    ] as const;
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 0, 2],
    ]) {
      const ix = new UsedRingIndex();
      for (const k of order) {
        const [c, o, q] = placements[k as 0 | 1 | 2];
        put(ix, c, o, { ...q });
      }
      expect(at(ix, 0x20_1002, 2)).toEqual(["a/2", "-"]);
      expect(at(ix, 0x20_0002, 2)).toEqual(["-", "a/2"]);
    }
  });

  it("finds rings above 4 GiB", () => {
    const ix = new UsedRingIndex();
    const a = core("a");
    put(ix, a, 0, queue(1, 2 ** 33 + 0x1000, 2 ** 33 + 0x2000));
    expect(at(ix, 2 ** 33 + 0x2002, 2)).toEqual(["a/1", "-"]);
    expect(at(ix, 2 ** 33 + 0x1002, 2)).toEqual(["-", "a/1"]);
    expect(at(ix, 0x2002, 2)).toEqual(["-", "-"]);
  });
});
