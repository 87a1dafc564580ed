// The committed Linux boots with Linux's own virtio drivers (traces/qemu/linux-boot-virtio-blk,
// -virtio-blk-legacy and -virtio-scsi: QEMU 7.2 trace logs) imported and replayed: zero
// divergences and zero guest errors with or without a machine event; every access to the
// device's BARs reaching its registers (the legacy boot's I/O BAR was placed only by
// pci_update_mappings_add, and once went unserved, its MSI-X interrupts then unexplained);
// every virtqueue trace point of the device checked by the model, every MSI-X message the
// log shows counted as the device's; and a state restored halfway that ends as a straight
// replay does.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/engine/replay.js";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { Machine } from "../../src/model/machine/machine.js";
import type { VirtioPci } from "../../src/model/virtio-pci/virtio-pci.js";
import type { EventProps } from "../../src/schema/proto.js";

const catalog = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");

const BOOTS = [
  { base: "linux-boot-virtio-blk", id: "virtio-blk@00:04.0", machine: "q35", driver: "modern", queues: 1 },
  { base: "linux-boot-virtio-blk-legacy", id: "virtio-blk@00:04.0", machine: "pc", driver: "legacy", queues: 1 },
  { base: "linux-boot-virtio-scsi", id: "virtio-scsi@00:04.0", machine: "q35", driver: "modern", queues: 3 },
] as const;

function replay(events: readonly EventProps[], machine?: string, m = new Machine()): Machine {
  if (machine !== undefined) m.apply({ machine: { type: machine, ramSize: 256 * 2 ** 20 } });
  for (const ev of events) m.apply(ev);
  return m;
}

const outcome = (m: Machine) => ({
  divergences: m.divergences.map((d) => `${d.seq}: ${d.what}: ${d.observed} (allowed ${d.allowed})`),
  guestErrors: m.guestErrors.map((g) => `${g.seq}: ${g.why}`),
});

const CHECKED_POINTS = /^(virtqueue_(pop|fill|flush)|virtio_queue_notify|virtio_set_status)$/;

describe.each(BOOTS)("the Linux boot $base", ({ base, id, machine, driver, queues }) => {
  const text = readFileSync(`traces/qemu/${base}.trace.log`, "utf8");
  const r = parseQemuTraceText(text, { catalog, files: [`${base}.trace.log`], strict: true });

  it("imports cleanly", () => {
    expect(text.length).toBeLessThan(1 << 20);
    expect(r.stats).toMatchObject({ skipped: 0, otherLines: 0, unreadable: 0, unplacedAccesses: 0 });
    expect(r.devices.map((d) => d.id)).toContain(id);
  });

  it.each([["with", machine] as const, ["without", undefined] as const])(
    "replays %s a machine event with no divergence and no guest error, every BAR access served",
    (_with, type) => {
      const m = replay(r.events, type);
      expect(outcome(m)).toEqual({ divergences: [], guestErrors: [] });
      const d = m.devices.get(id) as VirtioPci;
      expect(d.unplaced).toBe(0);
      expect([d.usedLegacy, d.usedModern]).toEqual(driver === "legacy" ? [true, false] : [false, true]);
      // At the last completion (before the power-off reset), the queues the driver set up are configured in the model.
      const last = r.events.findLastIndex((ev) => ev.agent?.device === id && ev.observation?.name === "virtqueue_flush");
      const before = (replay(r.events.slice(0, last + 1), type).devices.get(id) as VirtioPci).core;
      expect(before.queueList.filter((q) => q.configured).length).toBe(queues);
    },
  );

  it("checks every virtqueue trace point of the device and counts every MSI-X message it sent", () => {
    const m = replay(r.events, machine);
    const d = m.devices.get(id) as VirtioPci;
    const points = r.events.filter((ev) => ev.agent?.device === id && CHECKED_POINTS.test(ev.observation?.name ?? ""));
    expect(points.filter((ev) => ev.observation?.name === "virtqueue_fill").length).toBeGreaterThan(5);
    expect(d.core.trace.seen).toBe(points.length);
    const messages = r.events.filter((ev) => ev.agent?.device === id && ev.interrupt?.msi != null);
    expect(messages.length).toBeGreaterThan(5);
    expect(d.core.interrupts).toBe(messages.length);
  });

  it("restored halfway, ends as a straight replay does", () => {
    const half = Math.floor(r.events.length / 2);
    const first = replay(r.events.slice(0, half), machine);
    const restored = replay(r.events.slice(half), undefined, Machine.decode(first.encode()));
    expect(stateHash(restored)).toBe(stateHash(replay(r.events, machine)));
  });
});
