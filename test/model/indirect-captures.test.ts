// Indirect descriptors against real QEMU 7.2: the virtio-blk captures made with
// VIRTIO_RING_F_INDIRECT_DESC (traces/qemu/virtio-blk-*-indirect, one per transport), where
// each request's header, data and status sit in an indirect table and the ring holds one
// descriptor per request, replay with no divergence and no guest error, and the model sees
// the same requests, buffers and used lengths as in the plain captures of the same plan.
// Edited copies break the tables the ways the spec forbids: QEMU stops the device for some
// (a table length that is not whole descriptors, a loop), follows the table for others (NEXT
// beside INDIRECT, INDIRECT not negotiated) and maps a nested indirect descriptor as a plain
// buffer; the model does each as QEMU does and reports the guest error.
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/engine/replay.js";
import { Machine } from "../../src/model/machine/machine.js";
import type { VirtioBlkTransportName } from "../../src/record/qtest/virtio-blk-setups.js";
import { Access, type EventProps } from "../../src/schema/proto.js";
import { capture, coreOf, expectCanonicalEncoding, expectQtestLogLikeCapture, run, until } from "./events.js";

const TRANSPORTS: VirtioBlkTransportName[] = ["mmio-v1", "mmio-v2", "pci-legacy", "pci-modern"];
const INDIRECT = 4;
const NEXT = 1;

/** Each request the model popped, in pop order: its decoding and its buffers' lengths and directions (addresses differ between captures). */
function poppedRequests(events: EventProps[]): string[] {
  const m = new Machine();
  const seen: string[] = [];
  for (const ev of events) {
    m.apply(ev);
    const core = [...m.devices.values()].find((d) => d.core !== undefined)?.core;
    for (const f of core?.queue(0).inflight ?? []) {
      const line = `${f.ordinal}: ${f.summary} [${f.buffers.map((b) => `${b.len}${b.write ? "w" : "r"}`).join(" ")}] used ${f.expectedLen}`;
      if (!seen.includes(line)) seen.push(line);
    }
  }
  return seen;
}

/** The driver's stores of a ring descriptor naming an indirect table, and of the tables, by event index. */
function tableStores(events: EventProps[]): { heads: number[]; tables: number[] } {
  const q = coreOf(run(until(events, "virtio-blk: ready"))).queue(0);
  const heads: number[] = [];
  const tables: number[] = [];
  const tableAddrs = new Set<number>();
  events.forEach((ev, i) => {
    const m = ev.memory;
    if (m?.op !== Access.ACCESS_WRITE || m.data == null) return;
    const addr = Number(m.addr);
    if (m.data.length === 16 && addr >= q.desc && addr < q.desc + 16 * q.size && ((m.data[12] as number) & INDIRECT) !== 0) {
      heads.push(i);
      tableAddrs.add(Number(new DataView(m.data.buffer, m.data.byteOffset).getBigUint64(0, true)));
    }
  });
  events.forEach((ev, i) => {
    if (ev.memory?.op === Access.ACCESS_WRITE && tableAddrs.has(Number(ev.memory.addr))) tables.push(i);
  });
  return { heads, tables };
}

/** A copy of `events` whose memory write at index `i` has its bytes changed by `edit`. */
function editedWrite(events: EventProps[], i: number, edit: (d: DataView) => void): EventProps[] {
  const out = events.slice();
  const ev = structuredClone(events[i]) as EventProps;
  const data = ev.memory?.data as Uint8Array;
  edit(new DataView(data.buffer, data.byteOffset, data.length));
  out[i] = ev;
  return out;
}

describe.each(TRANSPORTS)("the QEMU 7.2 capture virtio-blk-%s-indirect", (transport) => {
  const name = `virtio-blk-${transport}-indirect`;
  const events = capture(name);
  const { heads, tables } = tableStores(events);

  it("negotiates VIRTIO_RING_F_INDIRECT_DESC, puts every request in a table, and replays with no divergence and no guest error", () => {
    const core = coreOf(run(until(events, "virtio-blk: reset on remove")));
    expect(((core.guestFeatures[0] as number) >>> 28) & 1).toBe(1);
    expect(heads.length).toBe(5); // read+write, read+read, flush
    expect(tables.length).toBe(heads.length);
    expect(tables.every((t, k) => t < (heads[k] as number))).toBe(true); // each table stored before its ring descriptor
    const m = run(events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
  });

  it("sees through the tables the requests, buffers and used lengths of the plain capture of the same plan", () => {
    const plain = poppedRequests(capture(`virtio-blk-${transport}`));
    expect(plain.length).toBe(5);
    expect(poppedRequests(events)).toEqual(plain);
    expect(coreOf(run(events)).requests).toEqual(coreOf(run(capture(`virtio-blk-${transport}`))).requests);
  });

  it("replays QEMU's own qtest log of the same run the same way; the log imports to the recorder's accesses, in order", () => {
    expectQtestLogLikeCapture(name, transport, events);
  });

  it("encodes the state canonically after every event, and a snapshot half-way replays to the full hash", () => {
    const m = expectCanonicalEncoding(events);
    const cut = tables[2] as number; // with requests in flight
    const restored = Machine.decode(run(events.slice(0, cut)).encode());
    for (const ev of events.slice(cut)) restored.apply(ev);
    expect(stateHash(restored)).toBe(stateHash(m));
  });

  describe("edited", () => {
    const firstHead = heads[0] as number;
    const firstTable = tables[0] as number;
    const headAddr = Number(events[firstHead]?.memory?.addr);
    const tableAddr = Number(events[firstTable]?.memory?.addr);

    it("stops the device, as QEMU does, at a table length that is not whole descriptors", () => {
      const m = run(editedWrite(events, firstHead, (d) => d.setUint32(8, 40, true)));
      expect(m.guestErrors.map((g) => [g.offset, g.why])).toEqual([
        [headAddr, expect.stringContaining("indirect table length 40 is not a whole number of descriptors")],
      ]);
      expect(coreOf(m).requests.size).toBe(0);
    });

    it("stops the device at a loop inside a table", () => {
      const m = run(
        editedWrite(events, firstTable, (d) => {
          d.setUint16(32 + 12, d.getUint16(32 + 12, true) | NEXT, true);
          d.setUint16(32 + 14, 2, true);
        }),
      );
      expect(m.guestErrors[0]?.offset).toBe(tableAddr + 32);
      expect(m.guestErrors[0]?.why).toContain("loops (longer than its table of 3)");
      expect(m.guestErrors.length).toBe(1);
    });

    it("follows the table, as QEMU does, when the ring descriptor also has NEXT: a guest error, the same requests, no divergence", () => {
      const m = run(editedWrite(events, firstHead, (d) => d.setUint16(12, INDIRECT | NEXT, true)));
      expect(m.guestErrors.map((g) => [g.offset, g.why])).toEqual([
        [headAddr, expect.stringContaining("indirect descriptor with NEXT set")],
      ]);
      expect(m.divergences).toEqual([]);
      expect(coreOf(m).requests).toEqual(coreOf(run(events)).requests);
    });

    it("maps an indirect descriptor inside a table as a plain buffer, as QEMU does: a guest error, no divergence", () => {
      const m = run(editedWrite(events, firstTable, (d) => d.setUint16(16 + 12, d.getUint16(16 + 12, true) | INDIRECT, true)));
      expect(m.guestErrors.map((g) => [g.offset, g.why])).toEqual([
        [tableAddr + 16, expect.stringContaining("indirect descriptor inside an indirect table")],
      ]);
      expect(m.divergences).toEqual([]);
      expect(coreOf(m).requests).toEqual(coreOf(run(events)).requests);
    });

    it("is a guest error at every table when the driver's features leave VIRTIO_RING_F_INDIRECT_DESC out", () => {
      // The driver's write of feature word 0 (0x10000200: FLUSH and INDIRECT_DESC), on whichever register its transport has.
      const writes = events.flatMap((ev, i) =>
        (ev.mmio ?? ev.pio)?.op === Access.ACCESS_WRITE && (ev.mmio ?? ev.pio)?.value === 0x1000_0200 ? [i] : [],
      );
      expect(writes.length).toBe(1);
      const edited = events.slice();
      const ev = structuredClone(events[writes[0] as number]) as EventProps;
      const access = (ev.mmio ?? ev.pio) as { value: number };
      access.value = 0x200;
      edited[writes[0] as number] = ev;
      const m = run(edited);
      expect(m.guestErrors.map((g) => g.why)).toEqual(
        heads.map(() => expect.stringContaining("VIRTIO_RING_F_INDIRECT_DESC was not negotiated")),
      );
      expect(m.guestErrors.map((g) => g.offset)).toEqual(heads.map((i) => Number(events[i]?.memory?.addr)));
      expect(m.divergences).toEqual([]);
    });
  });
});
