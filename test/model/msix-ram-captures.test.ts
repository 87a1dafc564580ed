// MSI-X into RAM against real QEMU 7.2: the virtio-blk captures on the PCI transports made
// with --msix --poll-status (traces/qemu/virtio-blk-pci-*-msix), where the driver points its
// vectors at words of RAM and polls them as QEMU's libqos does (and polls each batch's status
// bytes first), replay with no divergence and no guest error: each read that finds a vector's
// message in its word is that vector's MSI (QEMU's store there is in neither the recording
// nor the log), and a status byte may change under a request in flight. Edited copies — a
// message before any request, a message of a masked vector, another value in the word — are
// divergences.
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/engine/replay.js";
import { Machine } from "../../src/model/machine/machine.js";
import type { VirtioPci } from "../../src/model/virtio-pci/virtio-pci.js";
import { MSIX_DATA } from "../../src/record/drivers/msix-ram.js";
import { type VirtioBlkTransportName, virtioBlkSetup } from "../../src/record/qtest/virtio-blk-setups.js";
import { Access, type EventProps } from "../../src/schema/proto.js";
import { BLK, capture, deviceSummary, expectQtestLogLikeCapture, run, until } from "./events.js";

const TRANSPORTS: VirtioBlkTransportName[] = ["pci-legacy", "pci-modern"];
/** Where the driver's allocator put the two words (vector 0, vector 1): its first allocations. */
const CONFIG_WORD = 0x20_0000;
const QUEUE_WORD = 0x20_0004;

const device = (m: Machine) => m.devices.get(BLK.id) as VirtioPci;
const u32 = (ev: EventProps | undefined) => {
  const d = ev?.memory?.data as Uint8Array;
  return new DataView(d.buffer, d.byteOffset, 4).getUint32(0, true);
};
const isRead = (ev: EventProps, addr: number) =>
  ev.memory?.op === Access.ACCESS_READ && Number(ev.memory.addr) === addr && ev.memory.data?.length === 4;

/** A copy of `events` with `add` inserted before index `i` (seq numbers follow their place). */
function inserted(events: EventProps[], i: number, ...add: EventProps[]): EventProps[] {
  return [...events.slice(0, i), ...add, ...events.slice(i)].map((ev, seq) => ({ ...ev, seq }));
}

const cpu = (op: number, addr: number, v: number): EventProps => ({
  agent: { cpu: 0 },
  memory: { op, addr, data: Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24) },
});

describe.each(TRANSPORTS)("the QEMU 7.2 capture virtio-blk-%s-msix", (transport) => {
  const name = `virtio-blk-${transport}-msix`;
  const events = capture(name);
  const messages = events.flatMap((ev, i) => (isRead(ev, QUEUE_WORD) && u32(ev) === MSIX_DATA ? [i] : []));

  it("enables MSI-X with the configuration on vector 0 and queue 0 on vector 1, both writing to RAM", () => {
    const d = device(run(until(events, "virtio-blk: request")));
    expect(d.pci.msixEnabled).toBe(true);
    expect(d.configVector).toBe(0);
    expect(d.queueVector(0)).toBe(1);
    expect(d.msix.message(0)).toEqual({ address: CONFIG_WORD, data: MSIX_DATA });
    expect(d.msix.message(1)).toEqual({ address: QUEUE_WORD, data: MSIX_DATA });
  });

  it("replays with no divergence and no guest error, each message found in the queue's word one interrupt", () => {
    expect(messages.length).toBe(3); // one a batch
    const m = run(events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    expect(deviceSummary(m).interrupts).toBe(messages.length);
    expect(deviceSummary(m).requests).toEqual(deviceSummary(run(capture(`virtio-blk-${transport}`))).requests);
    // No INTx: the device sends messages.
    const line = virtioBlkSetup(transport, "disk.img", "halt-64k.bin").device.irq;
    expect(events.filter((ev) => ev.interrupt?.line === line)).toEqual([]);
  });

  it("reads a status byte as 0xff and then as the status while its request is in flight: the device's store, no divergence", () => {
    const byte = (ev: EventProps | undefined) =>
      ev?.memory?.op === Access.ACCESS_READ && ev.memory.data?.length === 1 ? (ev.memory.data[0] as number) : undefined;
    const first = events.findIndex((ev) => byte(ev) === 0xff);
    expect(first).toBeGreaterThan(0);
    const addr = Number(events[first]?.memory?.addr);
    const next = events.findIndex((ev, i) => i > first && byte(ev) !== undefined && Number(ev.memory?.addr) === addr);
    expect(byte(events[next])).toBe(0);
    const before = run(events.slice(0, next));
    expect(device(before).core.ownsWritable(addr, 1)).toBe(true);
    expect(before.divergences).toEqual([]);
    expect(run(events.slice(0, next + 1)).divergences).toEqual([]);
  });

  it("replays QEMU's own qtest log of the same run the same way; the log imports to the recorder's accesses, in order", () => {
    expectQtestLogLikeCapture(name, transport, events);
  });

  it("restores a snapshot taken between a notify and its message to the full replay's hash", () => {
    const cut = (messages[1] as number) - 1;
    const restored = Machine.decode(run(events.slice(0, cut)).encode());
    for (const ev of events.slice(cut)) restored.apply(ev);
    expect(stateHash(restored)).toBe(stateHash(run(events)));
  });

  describe("edited", () => {
    it("finds a message read before any request was made available", () => {
      const firstRequest = events.findIndex((ev) => ev.marker?.text?.startsWith("virtio-blk: request"));
      // The driver finds the message, and clears the word, as it does when it takes one.
      const m = run(
        inserted(events, firstRequest, cpu(Access.ACCESS_READ, QUEUE_WORD, MSIX_DATA), cpu(Access.ACCESS_WRITE, QUEUE_WORD, 0)),
      );
      expect(m.divergences.map((d) => [d.seq, d.what])).toEqual([[firstRequest, "MSI-X message"]]);
      expect(m.divergences[0]?.allowed).toContain("no notification is due");
    });

    it("finds a message of the queue's vector once the driver has masked it", () => {
      const ctrl = BLK.msixBar + 16 + 12;
      const mask: EventProps = { agent: { cpu: 0 }, mmio: { op: Access.ACCESS_WRITE, addr: ctrl, size: 4, value: 1 } };
      const firstRequest = events.findIndex((ev) => ev.marker?.text?.startsWith("virtio-blk: request"));
      const m = run(inserted(events, firstRequest, mask));
      expect(m.divergences.map((d) => d.what)).toEqual(messages.map(() => "MSI-X message"));
    });

    it("finds any other value in the word, and the message in a word no vector writes to", () => {
      const other = run(events.map((ev, i) => (i === messages[0] ? cpu(Access.ACCESS_READ, QUEUE_WORD, MSIX_DATA + 1) : ev)));
      expect(other.divergences.map((d) => d.what)).toEqual([`memory read at 0x${QUEUE_WORD.toString(16)}`]);
      const nowhere = run(
        inserted(events, messages[0] as number, cpu(Access.ACCESS_WRITE, 0x2f_0000, 0), cpu(Access.ACCESS_READ, 0x2f_0000, MSIX_DATA)),
      );
      expect(nowhere.divergences.map((d) => d.what)).toEqual(["memory read at 0x2f0000"]);
    });
  });
});
