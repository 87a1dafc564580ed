// Notification suppression against real QEMU 7.2: the virtio-blk captures made with
// VIRTIO_RING_F_EVENT_IDX (traces/qemu/virtio-blk-*-event-idx, one per transport) replay with no
// divergence and no guest error, and every avail_event the driver reads is the one the model
// predicted from its pops. Edited copies — an interrupt used_event rules out, an avail_event QEMU
// did not store — are divergences; the same holds without EVENT_IDX for avail.flags'
// NO_INTERRUPT and used.flags' NO_NOTIFY, and the driver's misuse of the flags is a guest error.
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/engine/replay.js";
import { Machine } from "../../src/model/machine/machine.js";
import type { SplitVirtqueue } from "../../src/model/virtio/split-virtqueue.js";
import { type VirtioBlkTransportName, virtioBlkSetup } from "../../src/record/qtest/virtio-blk-setups.js";
import { Access, BarrierKind, type EventProps, IrqAction } from "../../src/schema/proto.js";
import { capture, coreOf, expectCanonicalEncoding, expectQtestLogLikeCapture, run, until } from "./events.js";

const TRANSPORTS: VirtioBlkTransportName[] = ["mmio-v1", "mmio-v2", "pci-legacy", "pci-modern"];

/** Queue 0 as the driver set it up (state at the driver's "ready" marker). */
function queue0(events: EventProps[]): SplitVirtqueue {
  return coreOf(run(until(events, "virtio-blk: ready"))).queue(0);
}

const u16 = (ev: EventProps) => {
  const d = ev.memory?.data as Uint8Array;
  return (d[0] as number) | ((d[1] as number) << 8);
};
const isAt = (ev: EventProps, addr: number, op: number) =>
  ev.memory?.op === op && ev.memory?.addr === addr && ev.memory?.data?.length === 2;
const isAssert = (ev: EventProps) => ev.interrupt?.action === IrqAction.IRQ_ACTION_ASSERT;

/** A copy of `events` with the 2-byte memory access at index `i` now carrying `v`. */
function withValue(events: EventProps[], i: number, v: number): EventProps[] {
  const out = events.slice();
  const ev = structuredClone(events[i]) as EventProps;
  (ev.memory as NonNullable<EventProps["memory"]>).data = Uint8Array.of(v & 0xff, v >>> 8);
  out[i] = ev;
  return out;
}

/** A copy of `events` with `add` inserted before index `i` (seq numbers follow their place). */
function inserted(events: EventProps[], i: number, ...add: EventProps[]): EventProps[] {
  return [...events.slice(0, i), ...add, ...events.slice(i)].map((ev, seq) => ({ ...ev, seq }));
}

const cpuWrite = (addr: number, v: number): EventProps => ({
  agent: { cpu: 0 },
  memory: { op: Access.ACCESS_WRITE, addr, data: Uint8Array.of(v & 0xff, v >>> 8) },
});

describe.each(TRANSPORTS)("the QEMU 7.2 capture virtio-blk-%s-event-idx", (transport) => {
  const name = `virtio-blk-${transport}-event-idx`;
  const events = capture(name);
  const q = queue0(events);
  const availEventAt = q.used + 4 + 8 * q.size;

  it("negotiates VIRTIO_RING_F_EVENT_IDX and replays with no divergence and no guest error", () => {
    expect(coreOf(run(until(events, "virtio-blk: reset on remove"))).suppression.eventIdx).toBe(true);
    const m = run(events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
  });

  it("predicts every avail_event QEMU stored: each value the driver reads is the model's prediction just before", () => {
    const m = new Machine();
    const seen: { read: number; predicted: number | undefined }[] = [];
    for (const ev of events) {
      if (isAt(ev, availEventAt, Access.ACCESS_READ)) {
        const core = coreOf(m);
        const queue = core.queue(0);
        seen.push({ read: u16(ev), predicted: queue.notifications.predictedAvailEvent(queue, m.memory, core.handlerFor(0)) });
      }
      m.apply(ev);
    }
    expect(seen.length).toBe(3); // one read before each batch's notify
    for (const s of seen) expect(s.predicted).toBe(s.read);
    // Not only the zeroes the driver left there: QEMU moved it on after its pops.
    expect(new Set(seen.map((s) => s.read)).size).toBe(seen.length);
  });

  it("replays QEMU's own qtest log of the same run the same way; the log imports to the recorder's accesses, in order", () => {
    expectQtestLogLikeCapture(name, transport, events);
  });

  it("holds the driver's full barriers where EVENT_IDX needs them: before reading avail_event, and after re-arming used_event", () => {
    const mb = (ev: EventProps | undefined) => ev?.barrier?.kind === BarrierKind.BARRIER_KIND_FULL;
    const usedEventAt = q.avail + 4 + 2 * q.size;
    const reads = events.flatMap((ev, i) => (isAt(ev, availEventAt, Access.ACCESS_READ) ? [i] : []));
    for (const i of reads) expect(mb(events[i - 1])).toBe(true);
    const rearms = events.flatMap((ev, i) => (isAt(ev, usedEventAt, Access.ACCESS_WRITE) && u16(ev) !== 0 ? [i] : []));
    expect(rearms.length).toBe(3);
    for (const i of rearms) {
      expect(mb(events[i + 1])).toBe(true);
      expect(isAt(events[i + 2] as EventProps, q.used + 2, Access.ACCESS_READ)).toBe(true);
    }
  });

  it("encodes the state canonically after every event, and a snapshot half-way replays to the full hash", () => {
    const m = expectCanonicalEncoding(events);
    const cut = Math.floor(events.length / 2);
    const restored = Machine.decode(run(events.slice(0, cut)).encode());
    for (const ev of events.slice(cut)) restored.apply(ev);
    expect(stateHash(restored)).toBe(stateHash(m));
  });

  describe("edited", () => {
    const usedEventAt = q.avail + 4 + 2 * q.size;
    const stores = events.flatMap((ev, i) => (isAt(ev, usedEventAt, Access.ACCESS_WRITE) ? [{ i, v: u16(ev) }] : []));
    const reads = events.flatMap((ev, i) => (isAt(ev, availEventAt, Access.ACCESS_READ) ? [i] : []));
    // The driver's used_event store after the first batch (its used position, non-zero), and the interrupt that follows it.
    const rearm = stores.find((s) => s.v !== 0) as { i: number; v: number };
    const nextIrq = events.findIndex((ev, i) => i > rearm.i && isAssert(ev));

    it("finds the interrupt of the second batch when used_event asks for it, and a divergence when it asks for one later", () => {
      expect(rearm).toBeDefined();
      expect(nextIrq).toBeGreaterThan(rearm.i);
      const edited = run(withValue(events, rearm.i, rearm.v + 5));
      expect(edited.divergences.map((d) => [d.seq, d.what])).toEqual([
        [Number(events[nextIrq]?.seq), expect.stringMatching(/INTx|interrupt/)],
      ]);
      expect(edited.divergences[0]?.allowed).toContain(`used_event ${rearm.v + 5}`);
    });

    it("holds a second interrupt in that batch to the completion used_event lets through: there is none", () => {
      const deassert = events.findIndex((ev, i) => i > nextIrq && ev.interrupt?.action === IrqAction.IRQ_ACTION_DEASSERT);
      const again = structuredClone(events[nextIrq]) as EventProps;
      const m = run(inserted(events, deassert + 1, again));
      expect(m.divergences.map((d) => [d.seq, d.what])).toEqual([[deassert + 1, expect.stringMatching(/INTx|interrupt/)]]);
    });

    it("judges a line's interrupt only when the line is the device's alone", () => {
      const deassert = events.findIndex((ev, i) => i > nextIrq && ev.interrupt?.action === IrqAction.IRQ_ACTION_DEASSERT);
      const irq = virtioBlkSetup(transport, "disk.img", "halt-64k.bin").device.irq;
      const raised: EventProps = { agent: { host: true }, interrupt: { line: irq, action: IrqAction.IRQ_ACTION_ASSERT } };
      expect(run(inserted(events, deassert + 1, raised)).divergences.map((d) => d.seq)).toEqual([deassert + 1]);
      const other: EventProps = { agent: { host: true }, attach: { kind: "isa-serial", id: "serial0", irq } };
      expect(run(inserted(events, deassert + 1, other, raised)).divergences).toEqual([]);
    });

    it("finds an avail_event QEMU did not store, read by the driver", () => {
      const at = reads[1] as number;
      const m = run(withValue(events, at, u16(events[at] as EventProps) + 1));
      expect(m.divergences.map((d) => [d.seq, d.what, d.observed])).toEqual([
        [Number(events[at]?.seq), "queue 0 avail_event", String(u16(events[at] as EventProps) + 1)],
      ]);
    });

    it("takes the device's own avail_event store when it is the one QEMU makes, and finds one it does not make", () => {
      // After the second batch's notify the device has stored the avail->idx it popped up to: the value the driver reads next.
      const at = reads[2] as number;
      const dma = (v: number): EventProps => ({
        agent: { device: coreOf(run(events)).id },
        memory: { op: Access.ACCESS_WRITE, addr: availEventAt, data: Uint8Array.of(v & 0xff, v >>> 8) },
      });
      const right = u16(events[at] as EventProps);
      expect(run(inserted(events, at, dma(right))).divergences).toEqual([]);
      const m = run(inserted(events, at, dma(right + 3)));
      expect(m.divergences.map((d) => d.what)).toContain("queue 0 avail_event (device write)");
    });

    it("is a guest error when the driver sets avail.flags with EVENT_IDX negotiated", () => {
      const ready = events.findIndex((ev) => ev.marker?.text?.startsWith("virtio-blk: ready"));
      const m = run(inserted(events, ready, cpuWrite(q.avail, 1)));
      expect(m.guestErrors.map((g) => g.why)).toEqual([expect.stringContaining("avail.flags set to 0x1 with VIRTIO_RING_F_EVENT_IDX")]);
    });
  });
});

describe("notification suppression without EVENT_IDX (the plain virtio-blk capture on virtio-mmio v2)", () => {
  const events = capture("virtio-blk-mmio-v2");
  const q = queue0(events);
  const ready = events.findIndex((ev) => ev.marker?.text?.startsWith("virtio-blk: ready"));
  // The driver's DRIVER_OK (Status 0x70 of the virtio-mmio window at 0xfeb00e00 ← 0xf): the used ring is the device's from then on.
  const driverOk = events.findIndex((ev) => ev.mmio?.op === Access.ACCESS_WRITE && ev.mmio.addr === 0xfeb0_0e70 && ev.mmio.value === 0xf);

  it("replays as committed: the driver left avail.flags 0, so every completion may interrupt", () => {
    expect(run(events).divergences).toEqual([]);
    expect(run(inserted(events, ready, cpuWrite(q.avail, 0))).divergences).toEqual([]);
  });

  it("finds every interrupt while avail.flags has VRING_AVAIL_F_NO_INTERRUPT", () => {
    const m = run(inserted(events, ready, cpuWrite(q.avail, 1)));
    const asserts = events.flatMap((ev, i) => (isAssert(ev) ? [[i + 1, "interrupt (line 12)"]] : []));
    expect(asserts.length).toBe(3);
    expect(m.divergences.map((d) => [d.seq, d.what])).toEqual(asserts);
    expect(m.divergences[0]?.allowed).toContain("avail.flags 0x1 (NO_INTERRUPT)");
    expect(m.guestErrors).toEqual([]);
  });

  it("finds VRING_USED_F_NO_NOTIFY read once the device has handled the notify, and takes it while it may be handling it", () => {
    // The driver reads used->flags before each notify: after the first batch the device is done (its completions were seen).
    const flagReads = events.flatMap((ev, i) => (isAt(ev, q.used, Access.ACCESS_READ) ? [i] : []));
    const second = flagReads[1] as number;
    const m = run(withValue(events, second, 1));
    expect(m.divergences.map((d) => [d.seq, d.what, d.observed])).toEqual([[Number(events[second]?.seq), "queue 0 used.flags", "0x1"]]);
    // Right after the first notify (no completion seen yet) the handler may still be running: NO_NOTIFY may show.
    const notify = events.findIndex((ev, i) => i > (flagReads[0] as number) && ev.mmio?.op === Access.ACCESS_WRITE);
    const read: EventProps = { agent: { cpu: 0 }, memory: { op: Access.ACCESS_READ, addr: q.used, data: Uint8Array.of(1, 0) } };
    expect(run(inserted(events, notify + 1, read)).divergences).toEqual([]);
  });

  it("is a guest error when the driver sets avail.flags to anything but 0 or 1, or initializes used.flags to non-zero", () => {
    const m = run(inserted(events, ready, cpuWrite(q.avail, 2)));
    expect(m.guestErrors.map((g) => g.why)).toEqual([
      expect.stringContaining("avail.flags set to 0x2: the driver MUST set them to 0 or 1"),
    ]);
    expect(driverOk).toBeGreaterThan(0);
    const n = run(inserted(events, driverOk, cpuWrite(q.used, 1)));
    expect(n.guestErrors.map((g) => g.why)).toEqual([expect.stringContaining("used.flags initialized to 0x1")]);
    expect(run(inserted(events, driverOk, cpuWrite(q.used, 0))).guestErrors).toEqual([]);
  });
});
