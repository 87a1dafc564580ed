// Modern virtio-pci (capabilities into BAR4): guest errors and divergences from a few events
// after the modern capture's bring-up (q35, virtio-blk at 00:04.0, BAR4 at 0xfe004000 with
// common cfg, ISR, device cfg and notify 4 KiB apart, notify multiplier 4, queue 0 of 8
// enabled, status FEATURES_OK | DRIVER_OK), and the PCI configuration access capability.
import { describe, expect, it } from "vitest";
import type { Machine } from "../../src/model/machine/machine.js";
import { BLK, COM, capture, deviceSummary, Session, until } from "./events.js";

const READY = until(capture("virtio-blk-pci-modern"), "virtio-blk: request read 2 sector(s) at 0");
const c = (field: number) => BLK.common + field;
const ready = () => new Session(READY);
/** The device reset by the driver (status 0), queue 0 selected. */
const afterReset = () => ready().writeMem(c(COM.status), 1, 0).writeMem(c(COM.qselect), 2, 0);

function outcome(m: Machine) {
  return { guestErrors: m.guestErrors.map((g) => g.why), divergences: m.divergences.map((d) => d.what) };
}

describe("modern virtio-pci, after the capture's bring-up", () => {
  it("starts from a clean state: the bring-up alone has no guest error and no divergence", () => {
    expect(outcome(ready().run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it.each<[string, (s: Session) => unknown, { guestError?: string; divergence?: string }]>([
    // Guest errors.
    [
      "a queue size above the device's maximum (QEMU accepts it up to 1024)",
      () => afterReset().in(0, 1, 0).writeMem(c(COM.qsize), 2, 512).readMem(c(COM.qsize), 2, 512),
      { guestError: "queue 0 size 512 is above the device's maximum 256 (QEMU accepts it)" },
    ],
    [
      "a queue size above 1024 (QEMU ignores it)",
      () => afterReset().writeMem(c(COM.qsize), 2, 2048).readMem(c(COM.qsize), 2, 256),
      { guestError: "queue 0 size 2048 is above the maximum 1024; ignored" },
    ],
    [
      "a notify of queue 0 after a reset disabled it",
      () => afterReset().writeMem(BLK.notify, 2, 0),
      { guestError: "notify of queue 0, which is not enabled" },
    ],
    [
      "a notify of queue 1, never enabled",
      (s) => s.writeMem(BLK.notify + 4, 2, 1),
      { guestError: "notify of queue 1, which is not enabled" },
    ],
    ["a notify of queue 0 that writes 1", (s) => s.writeMem(BLK.notify, 2, 1), { guestError: "notify of queue 0 writes 1" }],
    [
      "a notify between two queues' addresses",
      (s) => s.writeMem(BLK.notify + 2, 2, 0),
      { guestError: "notify at 0x2 is not queue 0's notify address" },
    ],
    ["a 4-byte notify", (s) => s.writeMem(BLK.notify, 4, 0), { guestError: "4-byte notify" }],
    [
      "queue_enable 0: virtio_error, the device stops and asks for a reset",
      (s) => s.writeMem(c(COM.qenable), 2, 0).readMem(c(COM.status), 1, 0x4f).readMem(BLK.isr, 1, 3).writeMem(BLK.notify, 2, 0),
      { guestError: "queue_enable 0 for queue 0 (the driver must write 1); the device stops (virtio_error) until it is reset" },
    ],
    ["a write to num_queues", (s) => s.writeMem(c(COM.numQueues), 2, 4), { guestError: "write of read-only field num_queues" }],
    [
      "a write to queue_notify_off",
      (s) => s.writeMem(c(COM.qnotifyOff), 2, 1),
      { guestError: "write of read-only field queue_notify_off" },
    ],
    ["a write to the ISR", (s) => s.writeMem(BLK.isr, 1, 0), { guestError: "write to the ISR, which is read-only" }],
    [
      "a read of common cfg offset 0x3c, no field (reads 0)",
      (s) => s.readMem(c(0x3c), 4, 0),
      { guestError: "offset 0x3c, which is no field" },
    ],
    ["a 2-byte read at 0x15, not aligned (reads 0)", (s) => s.readMem(c(0x15), 2, 0), { guestError: "is not aligned; refused" }],
    [
      "a 2-byte read of the 1-byte device_status",
      (s) => s.readMem(c(COM.status), 2, 0x0f),
      { guestError: "2-byte read of the 1-byte field device_status" },
    ],
    [
      "driver_feature with driver_feature_select 2",
      (s) => s.writeMem(c(COM.gfselect), 4, 2).writeMem(c(COM.gf), 4, 1),
      { guestError: "there are 2 feature words" },
    ],
    [
      "driver features after FEATURES_OK",
      (s) => s.writeMem(c(COM.gfselect), 4, 0).writeMem(c(COM.gf), 4, 0),
      { guestError: "after FEATURES_OK" },
    ],
    [
      "queue_desc written while queue 0 is enabled",
      (s) => s.writeMem(c(COM.qdesc), 4, 0x30_0000),
      { guestError: "queue_desc of queue 0 written while the queue is enabled" },
    ],
    [
      "DRIVER_OK without FEATURES_OK",
      () => afterReset().writeMem(c(COM.status), 1, 1).writeMem(c(COM.status), 1, 3).writeMem(c(COM.status), 1, 7),
      { guestError: "DRIVER_OK without FEATURES_OK" },
    ],
    [
      "FEATURES_OK without VIRTIO_F_VERSION_1",
      () => afterReset().writeMem(c(COM.status), 1, 1).writeMem(c(COM.status), 1, 3).writeMem(c(COM.status), 1, 0xb),
      { guestError: "without VIRTIO_F_VERSION_1" },
    ],
    // Divergences.
    [
      "device features word 1 without VIRTIO_F_VERSION_1, on its first read",
      () =>
        new Session(until(capture("virtio-blk-pci-modern"), "virtio-blk: reset and status handshake"))
          .writeMem(c(COM.dfselect), 4, 1)
          .readMem(c(COM.df), 4, 0x100),
      { divergence: "device_feature word 1" },
    ],
    [
      "device features word 1 other than learned",
      (s) => s.writeMem(c(COM.dfselect), 4, 1).readMem(c(COM.df), 4, 0x103),
      { divergence: "device features word 1" },
    ],
    [
      "a device feature word beyond the second that is not 0",
      (s) => s.writeMem(c(COM.dfselect), 4, 2).readMem(c(COM.df), 4, 1),
      { divergence: "device_feature word 2" },
    ],
    ["a queue_size other than written", (s) => s.readMem(c(COM.qsize), 2, 16), { divergence: "queue_size of queue 0" }],
    ["num_queues other than learned", (s) => s.readMem(c(COM.numQueues), 2, 2), { divergence: "num_queues" }],
    ["a queue_notify_off other than learned", (s) => s.readMem(c(COM.qnotifyOff), 2, 1), { divergence: "queue_notify_off of queue 0" }],
    ["queue_enable 0 for the enabled queue", (s) => s.readMem(c(COM.qenable), 2, 0), { divergence: "queue_enable of queue 0" }],
    ["queue_desc other than written", (s) => s.readMem(c(COM.qdesc), 4, 0x20_1000), { divergence: "queue_desc_lo" }],
    [
      "a config generation that moved without a configuration change",
      (s) => s.readMem(c(COM.generation), 1, 1),
      { divergence: "config_generation" },
    ],
    ["a notify region read that is not 0", (s) => s.readMem(BLK.notify, 2, 1), { divergence: "notify region read" }],
    ["an ISR of 1 with nothing submitted", (s) => s.readMem(BLK.isr, 1, 1), { divergence: "ISR" }],
    ["a capacity other than learned", (s) => s.readMem(BLK.device, 4, 4096), { divergence: "config byte 0x1" }],
  ])("%s", (_name, add, want) => {
    const s = ready();
    const built = add(s);
    const got = outcome((built instanceof Session ? built : s).run());
    expect(got.guestErrors).toEqual(want.guestError ? [expect.stringContaining(want.guestError)] : []);
    expect(got.divergences).toEqual(want.divergence ? [expect.stringContaining(want.divergence)] : []);
  });

  it("splits an 8-byte access into two 32-bit halves, as QEMU does: queue_desc lo and hi", () => {
    const s = afterReset()
      .writeMem(c(COM.qdesc), 8, 0x1_0030_0000)
      .readMem(c(COM.qdesc), 4, 0x30_0000)
      .readMem(c(COM.qdesc + 4), 4, 1);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("keeps queue addresses until queue_enable, then sets the rings from them", () => {
    const s = afterReset()
      .writeMem(c(COM.qsize), 2, 16)
      .writeMem(c(COM.qdesc), 4, 0x30_0000)
      .writeMem(c(COM.qdriver), 4, 0x30_0100)
      .writeMem(c(COM.qdevice), 4, 0x30_0200);
    let q = deviceSummary(s.run()).queues?.[0];
    expect(q).toMatchObject({ size: 16, availIdx: null });
    s.writeMem(c(COM.qenable), 2, 1).readMem(c(COM.qenable), 2, 1).memWrite(0x30_0102, [0, 0]);
    q = deviceSummary(s.run()).queues?.[0];
    expect(q).toMatchObject({ size: 16, availIdx: 0 });
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("keeps the feature selectors and the written feature words across a reset (QEMU 7.2)", () => {
    const s = afterReset().readMem(c(COM.dfselect), 4, 1).readMem(c(COM.gfselect), 4, 1).readMem(c(COM.gf), 4, 1);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });
});

describe("the PCI configuration access capability (cfg_type 5 at 0x84)", () => {
  const cap = 0x84;
  /** Points the window at `offset` of the modern BAR with `length` bytes. */
  const window = (s: Session, offset: number, length: number) =>
    s
      .cfgWrite(BLK.bdf, cap + 4, 1, 4)
      .cfgWrite(BLK.bdf, cap + 8, 4, offset)
      .cfgWrite(BLK.bdf, cap + 12, 4, length);

  it("reads a modern register through pci_cfg_data: device_status as the device holds it", () => {
    const s = window(ready(), 0x14, 1).cfgRead(BLK.bdf, cap + 16, 1, 0x0f);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    expect(
      outcome(
        window(ready(), 0x14, 1)
          .cfgRead(BLK.bdf, cap + 16, 1, 0x07)
          .run(),
      ).divergences,
    ).toEqual(["status"]);
  });

  it("writes a modern register through pci_cfg_data: device_status 0 resets the device", () => {
    const s = window(ready(), 0x14, 1)
      .cfgWrite(BLK.bdf, cap + 16, 1, 0)
      .readMem(c(COM.status), 1, 0)
      .readMem(c(COM.qenable), 2, 0);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(deviceSummary(m).status).toBe(0);
  });

  it("clears the ISR when it reads it through the window", () => {
    const events = capture("virtio-blk-pci-modern");
    const i = events.findIndex((e) => e.interrupt != null); // the device raises INTx after the first notify
    const s = window(new Session(events.slice(0, i + 1)), 0x1000, 1)
      .cfgRead(BLK.bdf, cap + 16, 1, 1)
      .readMem(BLK.isr, 1, 0);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("holds the window's registers as written (they are the driver's)", () => {
    const s = window(ready(), 0x2000, 4)
      .cfgRead(BLK.bdf, cap + 8, 4, 0x2000)
      .cfgRead(BLK.bdf, cap + 12, 4, 4);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    expect(outcome(s.cfgRead(BLK.bdf, cap + 8, 4, 0x14).run()).divergences).toEqual(["config config 0x8c (4-byte read at 0x8c)"]);
  });

  it("holds the other capabilities read-only: a write to the notify capability's offset changes nothing", () => {
    const s = ready()
      .cfgWrite(BLK.bdf, 0x70 + 8, 4, 0)
      .cfgRead(BLK.bdf, 0x70 + 8, 4, 0x3000);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [expect.stringContaining("write of read-only config 0x78")], divergences: [] });
  });
});
