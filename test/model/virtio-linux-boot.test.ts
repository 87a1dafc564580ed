// The committed Linux boots with Linux's own virtio drivers (traces/qemu/linux-boot-virtio-blk,
// -virtio-blk-legacy, -virtio-scsi, -virtio-blk-mmio and -virtio-blk-mmio-v2: QEMU 7.2 trace
// logs) imported and replayed: zero divergences with or without a machine event, and no guest
// error but the one QEMU itself logs (Linux on a version 1 virtio-mmio transport); every
// access to the device's BARs reaching its registers (the legacy boot's I/O BAR was placed
// only by pci_update_mappings_add, and once went unserved, its MSI-X interrupts then
// unexplained); every virtqueue trace point of the device checked by the model, every
// interrupt the log shows counted as the device's; and a state restored halfway that ends
// as a straight replay does.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/engine/replay.js";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { Machine } from "../../src/model/machine/machine.js";
import { VirtioMmio } from "../../src/model/virtio-mmio/virtio-mmio.js";
import type { VirtioPci } from "../../src/model/virtio-pci/virtio-pci.js";
import { IrqAction } from "../../src/schema/proto.js";
import { replayEvents as replay } from "../helpers/trace-replay.js";

const catalog = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");

const MMIO = "virtio-mmio@0xfeb02e00";
/** What QEMU logs as a guest error of Linux's virtio_mmio driver on a version 1 transport (virtio_mmio_write). */
const HIGH_FEATURES = "legacy driver features written with DriverFeaturesSel ≠ 0; dropped";

const BOOTS = [
  { base: "linux-boot-virtio-blk", id: "virtio-blk@00:04.0", machine: "q35", driver: "modern", queues: 1, guestErrors: [] },
  { base: "linux-boot-virtio-blk-legacy", id: "virtio-blk@00:04.0", machine: "pc", driver: "legacy", queues: 1, guestErrors: [] },
  { base: "linux-boot-virtio-scsi", id: "virtio-scsi@00:04.0", machine: "q35", driver: "modern", queues: 3, guestErrors: [] },
  { base: "linux-boot-virtio-blk-mmio", id: MMIO, machine: "microvm", driver: "mmio v1", queues: 1, guestErrors: [HIGH_FEATURES] },
  { base: "linux-boot-virtio-blk-mmio-v2", id: MMIO, machine: "microvm", driver: "mmio v2", queues: 1, guestErrors: [] },
] as const;

const CHECKED_POINTS = /^(virtqueue_(pop|fill|flush)|virtio_queue_notify|virtio_set_status)$/;

describe.each(BOOTS)("the Linux boot $base", ({ base, id, machine, driver, queues, guestErrors }) => {
  const text = readFileSync(`traces/qemu/${base}.trace.log`, "utf8");
  const r = parseQemuTraceText(text, { catalog, files: [`${base}.trace.log`], strict: true });

  it("imports cleanly", () => {
    expect(text.length).toBeLessThan(1 << 20);
    expect(r.stats).toMatchObject({ skipped: 0, otherLines: 0, unreadable: 0, unplacedAccesses: 0 });
    expect(r.devices.map((d) => d.id)).toContain(id);
  });

  it.each([["with", machine] as const, ["without", undefined] as const])(
    "replays %s a machine event with no divergence and only the guest errors QEMU logs, every register access served",
    (_with, type) => {
      const m = replay(r.events, type);
      expect(m.divergences).toEqual([]);
      expect(m.guestErrors.map((g) => g.why)).toEqual(guestErrors);
      const d = m.devices.get(id);
      if (d instanceof VirtioMmio) expect(`mmio v${d.version}`).toBe(driver);
      else {
        expect((d as VirtioPci).unplaced).toBe(0);
        expect([(d as VirtioPci).usedLegacy, (d as VirtioPci).usedModern]).toEqual(driver === "legacy" ? [true, false] : [false, true]);
      }
      // At the last completion (before the power-off reset), the queues the driver set up are configured in the model.
      const last = r.events.findLastIndex((ev) => ev.agent?.device === id && ev.observation?.name === "virtqueue_flush");
      const before = (replay(r.events.slice(0, last + 1), type).devices.get(id) as VirtioPci | VirtioMmio).core;
      expect(before.queueList.filter((q) => q.configured).length).toBe(queues);
    },
  );

  it("checks every virtqueue trace point of the device and counts every interrupt it raised (MSI-X messages, or its line)", () => {
    const m = replay(r.events, machine);
    const d = m.devices.get(id) as VirtioPci | VirtioMmio;
    const points = r.events.filter((ev) => ev.agent?.device === id && CHECKED_POINTS.test(ev.observation?.name ?? ""));
    expect(points.filter((ev) => ev.observation?.name === "virtqueue_fill").length).toBeGreaterThan(5);
    expect(d.core.trace.seen).toBe(points.length);
    const messages = r.events.filter(
      (ev) => ev.agent?.device === id && (ev.interrupt?.msi != null || ev.interrupt?.action === IrqAction.IRQ_ACTION_ASSERT),
    );
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

describe("the Linux boot linux-boot-virtio-devices (virtio-blk, -net, -rng and -balloon)", () => {
  const base = "linux-boot-virtio-devices";
  const text = readFileSync(`traces/qemu/${base}.trace.log`, "utf8");
  const r = parseQemuTraceText(text, { catalog, files: [`${base}.trace.log`], strict: true });
  const ids = ["virtio-blk@00:04.0", "virtio-net@00:05.0", "virtio-rng@00:06.0", "virtio-balloon@00:07.0"];

  it("replays with no divergence and one guest error: virtio_balloon's notify before DRIVER_OK, which the spec forbids", () => {
    expect(r.stats).toMatchObject({ skipped: 0, unreadable: 0, unplacedAccesses: 0 });
    const m = replay(r.events, "q35");
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors.map((g) => [g.device, g.why])).toEqual([
      [
        "virtio-balloon@00:07.0",
        "notify of queue 2 before DRIVER_OK (virtio 1.x §3.1.1: the driver must not notify the device before setting DRIVER_OK; QEMU serves it anyway)",
      ],
    ]);
    for (const id of ids) {
      const d = m.devices.get(id) as VirtioPci;
      expect([id, d.unplaced, d.usedModern]).toEqual([id, 0, true]);
      const points = r.events.filter((ev) => ev.agent?.device === id && CHECKED_POINTS.test(ev.observation?.name ?? ""));
      // Every device was reset, brought up to DRIVER_OK and reset again, each step checked.
      expect(points.filter((ev) => ev.observation?.name === "virtio_set_status").length).toBeGreaterThan(3);
      expect(d.core.trace.seen).toBe(points.length);
    }
  });
});
