// MSI-X on virtio-pci: the capability's enable and mask bits, the table in BAR1 (entries
// held as written), the vectors the device signals through (legacy 0x14/0x16, modern
// config_msix_vector / queue_msix_vector), the PBA, and MSI delivery checked against them.
// QEMU's virtio-blk-pci has 2 vectors: table at BAR1 + 0, PBA at BAR1 + 0x800.
import { describe, expect, it } from "vitest";
import type { Machine } from "../../src/model/machine/machine.js";
import type { VirtioPci } from "../../src/model/virtio-pci/virtio-pci.js";
import { BLK, COM, capture, deviceSummary, LEG, le, Session, until } from "./events.js";

const LEGACY = capture("virtio-blk-pci-legacy");
const MODERN = capture("virtio-blk-pci-modern");
const io = (reg: number) => BLK.io + reg;
const entry = (vector: number, word: number) => BLK.msixBar + 16 * vector + 4 * word;
const PBA = BLK.msixBar + 0x800;
const ADDR = 0xfee0_0000;

function outcome(m: Machine) {
  return { guestErrors: m.guestErrors.map((g) => g.why), divergences: m.divergences.map((d) => d.what) };
}

/** The capability's table size, table and PBA locations read, then MSI-X enabled (legacy cap at 0x40, modern at 0x98). */
function enableMsix(s: Session, cap: number): Session {
  return s
    .cfgRead(BLK.bdf, cap + 2, 2, 0x0001)
    .cfgRead(BLK.bdf, cap + 4, 4, 0x0000_0001)
    .cfgRead(BLK.bdf, cap + 8, 4, 0x0000_0801)
    .cfgWrite(BLK.bdf, cap + 3, 1, 0x80);
}

/** Legacy device ready (capacity learned at 0x14), MSI-X on, entry 1 = (ADDR, 0x4022) unmasked, queue 0 on vector 1. */
function legacyWithVector(): Session {
  const s = enableMsix(new Session(until(LEGACY, "virtio-blk: request read 2 sector(s) at 0")), 0x40);
  return s
    .writeMem(entry(1, 0), 4, ADDR)
    .writeMem(entry(1, 1), 4, 0)
    .writeMem(entry(1, 2), 4, 0x4022)
    .writeMem(entry(1, 3), 4, 0)
    .out(io(LEG.QueueSel), 2, 0)
    .out(io(0x16), 2, 1);
}

describe("MSI-X on legacy virtio-pci", () => {
  it("moves the device configuration from 0x14 to 0x18 and shows the vector registers at 0x14 and 0x16", () => {
    const s = enableMsix(new Session(until(LEGACY, "virtio-blk: request read 2 sector(s) at 0")), 0x40);
    s.in(io(0x18), 4, 2048).in(io(0x14), 2, 0xffff).in(io(0x16), 2, 0xffff);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    expect(outcome(s.in(io(0x18), 4, 4096).in(io(0x14), 2, 0x0800).run()).divergences).toEqual(["config byte 0x1", "ConfigVector"]);
  });

  it("moves it back to 0x14 when MSI-X is disabled", () => {
    const s = enableMsix(new Session(until(LEGACY, "virtio-blk: request read 2 sector(s) at 0")), 0x40)
      .cfgWrite(BLK.bdf, 0x43, 1, 0)
      .in(io(0x14), 4, 2048);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("takes a vector below the table size and reads anything else back as VIRTIO_MSI_NO_VECTOR", () => {
    const s = legacyWithVector().in(io(0x16), 2, 1).out(io(0x14), 2, 5).in(io(0x14), 2, 0xffff);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    expect(outcome(s.in(io(0x14), 2, 5).run()).divergences).toEqual(["ConfigVector"]);
  });

  it("holds table entries as the driver wrote them", () => {
    const s = legacyWithVector()
      .readMem(entry(1, 0), 4, ADDR)
      .readMem(entry(1, 2), 4, 0x4022)
      .readMem(entry(1, 3), 4, 0)
      .readMem(entry(0, 3), 4, 1);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    expect(outcome(s.readMem(entry(1, 2), 4, 0x4023).run()).divergences).toEqual(["MSI-X table entry 1 message data"]);
  });

  it("takes an 8-byte table write as two 4-byte halves", () => {
    const s = legacyWithVector().writeMem(entry(0, 0), 8, 0x1_fee0_1000).readMem(entry(0, 0), 4, 0xfee0_1000).readMem(entry(0, 1), 4, 1);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("delivers the queue's interrupt as the message of its vector", () => {
    // Two read requests in flight (descriptors at page 0x200, avail ring at 0x201000): a message for each completion.
    const s = legacyWithVector().blkRead(0x20_0000, 0x20_1000);
    s.memWrite(0x20_0030, [...le(0x30_0800, 8), ...le(16, 4), ...le(1, 2), ...le(4, 2)])
      .memWrite(0x20_0040, [...le(0x30_0900, 8), ...le(512, 4), ...le(3, 2), ...le(5, 2)])
      .memWrite(0x20_0050, [...le(0x30_0c00, 8), ...le(1, 4), ...le(2, 2), ...le(0, 2)])
      .memWrite(0x20_1006, le(3, 2))
      .memWrite(0x20_1002, le(2, 2))
      .out(io(LEG.QueueNotify), 2, 0);
    s.msi(ADDR, 0x4022, BLK.id).msi(ADDR, 0x4022);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(deviceSummary(m).interrupts).toBe(2); // the second message names no device: found by its address and data
    // A third message has no completion left to announce.
    expect(outcome(s.msi(ADDR, 0x4022, BLK.id).run()).divergences).toEqual(["MSI-X message"]);
  });

  it("takes the message of a vector pointed at RAM, read there by the driver, as the device's MSI (QEMU's libqos polls so)", () => {
    // Entry 1 = (RAM 0x40_0000, 0x12345678), the driver clears the word, then one read request completes.
    const RAM = 0x40_0000;
    const s = legacyWithVector()
      .writeMem(entry(1, 0), 4, RAM)
      .memWrite(RAM, le(0, 4))
      .blkRead(0x20_0000, 0x20_1000)
      .out(io(LEG.QueueNotify), 2, 0);
    s.writeMem(entry(1, 2), 4, 0x1234_5678).memRead(RAM, le(0, 4)).memRead(RAM, le(0x1234_5678, 4));
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(deviceSummary(m).interrupts).toBe(1);
    // Cleared and read again: a second message, with nothing left to announce, is one nothing explains.
    expect(outcome(s.memWrite(RAM, le(0, 4)).memRead(RAM, le(0x1234_5678, 4)).run()).divergences).toEqual(["MSI-X message"]);
    // Any other value there is a memory read no device explains; so is the message at another word.
    expect(
      outcome(legacyWithVector().writeMem(entry(1, 0), 4, RAM).memWrite(RAM, le(0, 4)).memRead(RAM, le(0x4023, 4)).run()).divergences,
    ).toEqual([expect.stringContaining("memory read at 0x400000")]);
    expect(
      outcome(
        legacyWithVector()
          .writeMem(entry(1, 0), 4, RAM)
          .memWrite(RAM + 4, le(0, 4))
          .memRead(RAM + 4, le(0x4022, 4))
          .run(),
      ).divergences,
    ).toEqual([expect.stringContaining("memory read at 0x400004")]);
  });

  it("takes a message on the configuration's own vector, nothing pending, as a change the host made: the configuration is learned again", () => {
    // Entry 0 = (ADDR, 0x4021) is the configuration's vector; the capacity (at 0x18 with MSI-X on) reads 2048.
    const configVector = () =>
      legacyWithVector()
        .writeMem(entry(0, 0), 4, ADDR)
        .writeMem(entry(0, 1), 4, 0)
        .writeMem(entry(0, 2), 4, 0x4021)
        .writeMem(entry(0, 3), 4, 0)
        .out(io(0x14), 2, 0)
        .in(io(0x18), 4, 2048);
    // Without the message, a capacity that moved is a divergence.
    expect(outcome(configVector().in(io(0x18), 4, 8192).run()).divergences).toEqual(["config byte 0x1"]);
    const s = configVector().msi(ADDR, 0x4021, BLK.id).in(io(0x18), 4, 8192);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(deviceSummary(m)).toMatchObject({ interrupts: 1, hostConfigChanges: 1 });
    // A message on the queue's vector with nothing to announce is still one nothing explains.
    expect(outcome(s.msi(ADDR, 0x4022, BLK.id).run()).divergences).toEqual(["MSI-X message"]);
  });

  it.each<[string, (s: Session) => unknown, { guestError?: string; divergence?: string }]>([
    ["a message no vector in use sends", (s) => s.msi(ADDR, 0x4099, BLK.id), { divergence: "MSI-X message" }],
    ["a message of a masked entry", (s) => s.writeMem(entry(1, 3), 4, 1).msi(ADDR, 0x4022, BLK.id), { divergence: "MSI-X message" }],
    [
      "a message while the function is masked",
      (s) => s.cfgWrite(BLK.bdf, 0x43, 1, 0xc0).msi(ADDR, 0x4022, BLK.id),
      { divergence: "MSI-X message" },
    ],
    ["INTx while MSI-X is enabled", (s) => s.intx(BLK.id, 11), { divergence: "INTx (line 11)" }],
    ["the interrupt status bit set while MSI-X is enabled", (s) => s.cfgRead(BLK.bdf, 6, 2, 0x18), { divergence: "config status" }],
    ["a pending bit with nothing that could be pending", (s) => s.readMem(PBA, 4, 2), { divergence: "MSI-X PBA dword 0" }],
    [
      "a 2-byte table read (refused: reads 0)",
      (s) => s.readMem(entry(1, 2), 2, 0),
      { guestError: "is not an aligned 4- or 8-byte access" },
    ],
    ["a write to the PBA", (s) => s.writeMem(PBA, 4, 0), { guestError: "pending bit array, which is read-only" }],
    [
      "an access to the MSI-X BAR outside table and PBA",
      (s) => s.readMem(BLK.msixBar + 0x400, 4, 0),
      { guestError: "outside the MSI-X table and PBA" },
    ],
  ])("%s", (_name, add, want) => {
    const s = legacyWithVector();
    add(s);
    const got = outcome(s.run());
    expect(got.guestErrors).toEqual(want.guestError ? [expect.stringContaining(want.guestError)] : []);
    expect(got.divergences).toEqual(want.divergence ? [expect.stringContaining(want.divergence)] : []);
  });

  it("lets the pending bit of a masked vector be set while a request is in flight, and clears it when the vector is unmasked", () => {
    const s = legacyWithVector().writeMem(entry(1, 3), 4, 1);
    // One read request on queue 0 (descriptors at page 0x200, avail ring at 0x201000), notified.
    s.blkRead(0x20_0000, 0x20_1000).out(io(LEG.QueueNotify), 2, 0).readMem(PBA, 4, 2);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    expect((s.run().devices.get(BLK.id) as VirtioPci).msix.pending.has(1)).toBe(true);
    s.writeMem(entry(1, 3), 4, 0).msi(ADDR, 0x4022, BLK.id);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect((m.devices.get(BLK.id) as VirtioPci).msix.pending.size).toBe(0);
  });
});

describe("MSI-X on modern virtio-pci", () => {
  const c = (field: number) => BLK.common + field;

  it("takes config_msix_vector and queue_msix_vector below the table size; anything else reads back as no vector", () => {
    const s = enableMsix(new Session(until(MODERN, "virtio-blk: request read 2 sector(s) at 0")), 0x98);
    s.readMem(c(COM.msix), 2, 0xffff).writeMem(c(COM.msix), 2, 0).readMem(c(COM.msix), 2, 0);
    s.writeMem(c(COM.qselect), 2, 0)
      .writeMem(c(COM.qmsix), 2, 7)
      .readMem(c(COM.qmsix), 2, 0xffff)
      .writeMem(c(COM.qmsix), 2, 1)
      .readMem(c(COM.qmsix), 2, 1);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    expect(outcome(s.readMem(c(COM.qmsix), 2, 0).run()).divergences).toEqual(["queue_msix_vector of queue 0"]);
  });

  it("resets the vectors with the device", () => {
    const s = enableMsix(new Session(until(MODERN, "virtio-blk: request read 2 sector(s) at 0")), 0x98);
    s.writeMem(c(COM.msix), 2, 0).writeMem(c(COM.status), 1, 0).readMem(c(COM.msix), 2, 0xffff);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });
});
