// Legacy virtio-pci (I/O BAR0): what the driver may get wrong (guest errors, as QEMU answers
// them) and what a device could not have answered (divergences), each from a few events
// after the legacy capture's bring-up (pc, virtio-blk at 00:04.0, BAR0 at 0xc000, queue 0 of
// 256 at page 0x200, status DRIVER_OK).
import { describe, expect, it } from "vitest";
import type { Machine } from "../../src/model/machine/machine.js";
import { BLK, capture, deviceSummary, LEG, le, Session, until } from "./events.js";

const READY = until(capture("virtio-blk-pci-legacy"), "virtio-blk: request read 2 sector(s) at 0");
const io = (reg: number) => BLK.io + reg;
const ready = () => new Session(READY);

function outcome(m: Machine) {
  return { guestErrors: m.guestErrors.map((g) => g.why), divergences: m.divergences.map((d) => d.what) };
}

describe("legacy virtio-pci, after the capture's bring-up", () => {
  it("starts from a clean state: the bring-up alone has no guest error and no divergence", () => {
    expect(outcome(ready().run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it.each<[string, (s: Session) => unknown, { guestError?: string; divergence?: string }]>([
    // Guest errors: QEMU survives them (and logs them); the driver is wrong.
    ["a write to HostFeatures", (s) => s.out(io(LEG.HostFeatures), 4, 0), { guestError: "write of read-only register HostFeatures" }],
    [
      "a write to QueueNum (the device fixes the size)",
      (s) => s.out(io(LEG.QueueNum), 2, 128),
      { guestError: "write of read-only register QueueNum" },
    ],
    ["a write to the ISR", (s) => s.out(io(LEG.ISR), 1, 0), { guestError: "write of read-only register ISR" }],
    ["a read of QueueNotify (all ones)", (s) => s.in(io(LEG.QueueNotify), 2, 0xffff), { guestError: "read of the write-only QueueNotify" }],
    ["a read of offset 0x01, no register (all ones)", (s) => s.in(io(1), 1, 0xff), { guestError: "which is no register" }],
    ["a write to offset 0x0d, no register", (s) => s.out(io(0x0d), 1, 1), { guestError: "which is no register; dropped" }],
    ["a 2-byte read at 0x11, not aligned (reads 0)", (s) => s.in(io(0x11), 2, 0), { guestError: "is not aligned; refused" }],
    [
      "a 2-byte read of the 1-byte Status (QEMU answers the status)",
      (s) => s.in(io(LEG.Status), 2, 7),
      { guestError: "2-byte read of the 1-byte register Status" },
    ],
    ["QueueSel 2000", (s) => s.out(io(LEG.QueueSel), 2, 2000), { guestError: "QueueSel 2000 is beyond the 1024 queues" }],
    [
      "QueuePFN for queue 1, which QueueNum showed does not exist",
      (s) => s.out(io(LEG.QueueSel), 2, 1).in(io(LEG.QueueNum), 2, 0).out(io(LEG.QueuePFN), 4, 0x300),
      { guestError: "QueuePFN for queue 1, which does not exist" },
    ],
    [
      "a notify of queue 1, never set up",
      (s) => s.out(io(LEG.QueueNotify), 2, 1),
      { guestError: "notify of queue 1, which is not set up" },
    ],
    [
      "QueuePFN 0 while the device is live",
      (s) => s.out(io(LEG.QueuePFN), 4, 0).in(io(LEG.Status), 1, 0),
      { guestError: "QEMU resets the whole device" },
    ],
    [
      "driver features with VIRTIO_F_BAD_FEATURE",
      (s) => s.out(io(LEG.GuestFeatures), 4, 0x4000_0200),
      { guestError: "VIRTIO_F_BAD_FEATURE" },
    ],
    ["driver features the device does not offer", (s) => s.out(io(LEG.GuestFeatures), 4, 0x0000_0201), { guestError: "does not offer" }],
    ["a status that clears DRIVER_OK without a reset", (s) => s.out(io(LEG.Status), 1, 3), { guestError: "cleared without a reset" }],
    [
      "a notify with bus mastering off",
      (s) => s.cfgWrite(BLK.bdf, 4, 2, 1).out(io(LEG.QueueNotify), 2, 0),
      { guestError: "while bus mastering is off" },
    ],
    // Divergences: the capture shows what no device could have answered.
    ["HostFeatures other than the device's", (s) => s.in(io(LEG.HostFeatures), 4, 0x7100_6ed5), { divergence: "device features word 0" }],
    ["GuestFeatures other than what the driver set", (s) => s.in(io(LEG.GuestFeatures), 4, 0x201), { divergence: "GuestFeatures" }],
    ["QueuePFN other than the page written", (s) => s.in(io(LEG.QueuePFN), 4, 0x201), { divergence: "QueuePFN" }],
    ["QueueNum other than the size learned", (s) => s.in(io(LEG.QueueNum), 2, 128), { divergence: "QueueNum" }],
    ["QueueSel other than selected", (s) => s.in(io(LEG.QueueSel), 2, 3), { divergence: "QueueSel" }],
    ["a Status the driver never set", (s) => s.in(io(LEG.Status), 1, 3), { divergence: "status" }],
    ["an ISR with bit 0 set although nothing was submitted", (s) => s.in(io(LEG.ISR), 1, 1), { divergence: "ISR" }],
    [
      "a capacity other than learned (device config at 0x14 without MSI-X)",
      (s) => s.in(io(0x14), 4, 4096),
      { divergence: "config byte 0x1" },
    ],
    ["the BAR0 register other than programmed", (s) => s.cfgRead(BLK.bdf, 0x10, 4, 0xd001), { divergence: "config BAR0" }],
  ])("%s", (_name, add, want) => {
    const s = ready();
    add(s);
    const got = outcome(s.run());
    expect(got.guestErrors).toEqual(want.guestError ? [expect.stringContaining(want.guestError)] : []);
    expect(got.divergences).toEqual(want.divergence ? [expect.stringContaining(want.divergence)] : []);
  });

  it("reads the values back the device holds: features, PFN, size, selector, status", () => {
    const s = ready()
      .in(io(LEG.GuestFeatures), 4, 0x200)
      .in(io(LEG.QueuePFN), 4, 0x200)
      .in(io(LEG.QueueNum), 2, 256)
      .in(io(LEG.QueueSel), 2, 0)
      .in(io(LEG.Status), 1, 7);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("resets on status 0: queue 0 returns to its size of 256 with no rings, GuestFeatures to 0", () => {
    const s = ready().out(io(LEG.Status), 1, 0).in(io(LEG.QueuePFN), 4, 0).in(io(LEG.QueueNum), 2, 256).in(io(LEG.GuestFeatures), 4, 0);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(deviceSummary(m).queues?.[0]).toMatchObject({ size: 256, availIdx: null });
  });

  it("turns bus mastering back on when the driver writes ACKNOWLEDGE | DRIVER (QEMU's quirk for old Linux)", () => {
    const s = ready()
      .out(io(LEG.Status), 1, 0)
      .cfgWrite(BLK.bdf, 4, 2, 1)
      .out(io(LEG.Status), 1, 1)
      .out(io(LEG.Status), 1, 3)
      .cfgRead(BLK.bdf, 4, 2, 5);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("drops DRIVER_OK when bus mastering is switched off (QEMU virtio_write_config)", () => {
    const s = ready().cfgWrite(BLK.bdf, 4, 2, 1).in(io(LEG.Status), 1, 3);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });
});

describe("a configuration change the host made, on INTx", () => {
  // The capacity (device configuration at 0x14 without MSI-X) reads 2048; then the host resizes the disk.
  const known = () => ready().in(io(0x14), 4, 2048);

  it("is an interrupt nothing explains until the ISR read after it shows bit 1: then it is taken back and the configuration learned again", () => {
    expect(outcome(known().run())).toEqual({ guestErrors: [], divergences: [] });
    // QEMU's virtio_notify_config sets both ISR bits: 0x3.
    const m = known().intx(BLK.id, BLK.legacyIrq).in(io(LEG.ISR), 1, 3).in(io(0x14), 4, 4096).run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(deviceSummary(m)).toMatchObject({ interrupts: 1, hostConfigChanges: 1 });
  });

  it("is taken when the ISR read shows it beside a completion that raised the line, and the configuration learned again", () => {
    // One read request (descriptors at page 0x200, avail ring at 0x201000), notified; its completion raises the line.
    const raised = () => known().blkRead(0x20_0000, 0x20_1000).out(io(LEG.QueueNotify), 2, 0).intx(BLK.id, BLK.legacyIrq);
    const m = raised().in(io(LEG.ISR), 1, 3).in(io(0x14), 4, 4096).run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(deviceSummary(m)).toMatchObject({ interrupts: 1, hostConfigChanges: 1 });
    // Without bit 1 the moved capacity is a divergence.
    expect(outcome(raised().in(io(LEG.ISR), 1, 1).in(io(0x14), 4, 4096).run()).divergences).toEqual(["config byte 0x1"]);
  });

  it("stays a divergence when the ISR read shows no configuration change, or none comes, and a moved capacity with it", () => {
    const spurious = known().intx(BLK.id, BLK.legacyIrq);
    expect(outcome(spurious.run()).divergences).toEqual(["INTx (line 11)"]);
    expect(outcome(spurious.in(io(LEG.ISR), 1, 1).in(io(0x14), 4, 4096).run()).divergences).toEqual(["INTx (line 11)", "config byte 0x1"]);
  });
});

describe("a transitional virtio-pci device (no disable-legacy / disable-modern: QEMU's default)", () => {
  it("answers a legacy driver on BAR0 as the legacy device does, and says which interface the driver chose", () => {
    const events = capture("virtio-blk-pci-legacy").map((e) => (e.attach ? { ...e, attach: { ...e.attach, props: [] } } : e));
    const m = new Session(until(events, "virtio-blk: reset on remove")).run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(deviceSummary(m)).toMatchObject({
      transport: "virtio-pci transitional (legacy driver)",
      queues: [{ size: 256, usedIdx: 5, completed: 5 }],
    });
  });
});

describe("the buffers of a request the device holds", () => {
  // One read request (descriptors at page 0x200, avail ring at 0x201000, used ring at 0x202000;
  // header at 0x300000, data at 0x300100, status at 0x300400), notified.
  const inFlight = () => ready().blkRead(0x20_0000, 0x20_1000).out(io(LEG.QueueNotify), 2, 0);

  it("read whatever the device stores into them until it completes (a driver polling the status byte, as QEMU's libqos does)", () => {
    const s = inFlight().memRead(0x30_0400, [0xff]).memRead(0x30_0400, [0xff]).memRead(0x30_0400, [0]).memRead(0x30_0100, [0x64, 0x65]);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("hold the device-readable header to what the driver wrote, and the buffers, once the completion is seen, to what was read", () => {
    expect(outcome(inFlight().memRead(0x30_0000, [1]).run()).divergences).toEqual(["memory read at 0x300000"]);
    const done = inFlight()
      .memRead(0x20_2002, le(1, 2))
      .memRead(0x20_2004, [...le(0, 4), ...le(513, 4)])
      .memRead(0x30_0400, [0]);
    expect(outcome(done.run())).toEqual({ guestErrors: [], divergences: [] });
    expect(outcome(done.memRead(0x30_0400, [0xff]).run()).divergences).toEqual(["memory read at 0x300400"]);
  });
});

describe("a page frame for a queue the device does not have (QEMU's nxvirtq qtest)", () => {
  // virtio-blk has queue 0 only: QueueSel 2 (a byte write, as libqos makes it), QueuePFN 1, which QEMU ignores.
  const nx = () => ready().out(io(LEG.QueueSel), 1, 2).out(io(LEG.QueuePFN), 4, 1);

  it("goes nowhere, whichever of QueueNum and QueuePFN the driver reads first; queue 0 keeps its rings", () => {
    for (const s of [
      nx().in(io(LEG.QueueNum), 2, 0).in(io(LEG.QueuePFN), 4, 0),
      nx().in(io(LEG.QueuePFN), 4, 0).in(io(LEG.QueueNum), 2, 0),
    ]) {
      const m = s.out(io(LEG.QueueSel), 2, 0).in(io(LEG.QueuePFN), 4, 0x200).run();
      expect(outcome(m)).toEqual({ guestErrors: ["1-byte write of the 2-byte register QueueSel"], divergences: [] });
    }
  });

  it("is held to once the queue is known not to exist: a page frame then reads 0", () => {
    const m = nx().in(io(LEG.QueueNum), 2, 0).in(io(LEG.QueuePFN), 4, 1).run();
    expect(outcome(m).divergences).toEqual(["QueuePFN"]);
  });
});
