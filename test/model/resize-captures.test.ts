// A configuration change the host made, against real QEMU 7.2: the virtio-blk captures made
// with --resize (traces/qemu/virtio-blk-*-resize), where the host doubles the disk over QMP
// between two batches and QEMU announces it (virtio_notify_config: ISR 0x3, the generation
// moved on, an interrupt), replay with no divergence and no guest error on every transport: the
// model takes ISR bit 1 that no virtio_error set as the host's change and learns the
// configuration again. Without bit 1 in the driver's read, the interrupt or the moved capacity
// is a divergence.
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/engine/replay.js";
import { Machine } from "../../src/model/machine/machine.js";
import type { VirtioCore } from "../../src/model/virtio/virtio-core.js";
import type { VirtioBlkTransportName } from "../../src/record/qtest/virtio-blk-setups.js";
import { Access, type EventProps } from "../../src/schema/proto.js";
import { capture, coreOf, deviceSummary, expectQtestLogLikeCapture, run, until } from "./events.js";

const TRANSPORTS: VirtioBlkTransportName[] = ["mmio-v1", "mmio-v2", "pci-legacy", "pci-modern"];

/** The capacity (u64 at configuration offset 0) as the model holds it, when all 8 bytes are known. */
function capacity(core: VirtioCore): number | undefined {
  let v = 0;
  for (let i = 7; i >= 0; i--) {
    const b = core.config.get(i);
    if (b === undefined) return undefined;
    v = v * 256 + b;
  }
  return v;
}

describe.each(TRANSPORTS)("the QEMU 7.2 capture virtio-blk-%s-resize", (transport) => {
  const name = `virtio-blk-${transport}-resize`;
  const events = capture(name);
  const resize = events.findIndex((ev) => ev.marker?.text?.startsWith("host: block_resize"));
  // The driver's read of the interrupt's cause after the resize: ISR (virtio-pci) or InterruptStatus (virtio-mmio), showing 0x3.
  const cause = events.findIndex(
    (ev, i) => i > resize && (ev.mmio ?? ev.pio)?.op === Access.ACCESS_READ && (ev.mmio ?? ev.pio)?.value === 3,
  );

  it("replays with no divergence and no guest error: one change the host made, the capacity learned again as twice the disk", () => {
    expect(resize).toBeGreaterThan(0);
    expect(coreOf(run(events.slice(0, resize))).hostConfigChanges).toBe(0);
    expect(capacity(coreOf(run(events.slice(0, resize))))).toBe(2048);
    const m = run(until(events, "virtio-blk: reset on remove"));
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    expect(coreOf(m).hostConfigChanges).toBe(1);
    expect(capacity(coreOf(m))).toBe(4096);
    expect(deviceSummary(run(events)).requests).toEqual(deviceSummary(run(capture(`virtio-blk-${transport}`))).requests);
  });

  it("replays QEMU's own qtest log of the same run the same way; the log imports to the recorder's accesses, in order", () => {
    expectQtestLogLikeCapture(name, transport, events);
  });

  it("restores a snapshot taken between the interrupt and the capacity read to the full replay's hash", () => {
    const restored = Machine.decode(run(events.slice(0, cause)).encode());
    for (const ev of events.slice(cause)) restored.apply(ev);
    expect(stateHash(restored)).toBe(stateHash(run(events)));
  });

  it("finds the interrupt, or the moved capacity, when the cause the driver reads has no configuration change", () => {
    expect(cause).toBeGreaterThan(resize);
    const edited = events.slice();
    const ev = structuredClone(events[cause]) as EventProps;
    ((ev.mmio ?? ev.pio) as { value: number }).value = 1;
    edited[cause] = ev;
    const m = run(edited);
    expect(m.divergences.length).toBeGreaterThan(0);
    expect(m.divergences.map((d) => d.what).join("; ")).toMatch(/config byte|ISR|InterruptStatus|interrupt|INTx/);
    expect(coreOf(m).hostConfigChanges).toBe(0);
  });
});
