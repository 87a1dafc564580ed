// Captures that start mid-life: the register window opens after firmware and an earlier
// driver programmed the function (command register, MSI-X enable, table, vectors). The
// model did not see the reset, so it assumes none of it: what the first reads show is
// learned, what a message shows is accepted, and only a later read that contradicts what
// was seen diverges. Also the committed Linux boot trace, whose window opens at /init.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import type { Machine } from "../../src/model/machine/machine.js";
import type { Megasas } from "../../src/model/megasas/megasas.js";
import type { VirtioPci } from "../../src/model/virtio-pci/virtio-pci.js";
import type { EventProps } from "../../src/schema/proto.js";
import { BLK, LEG, run, Session } from "./events.js";

const ADDR = 0xfee0_1004;
const CAP = 0x40;
const entry = (vector: number, word: number) => BLK.msixBar + 16 * vector + 4 * word;

function outcome(m: Machine) {
  return { guestErrors: m.guestErrors.map((g) => g.why), divergences: m.divergences.map((d) => d.what) };
}

const device = (m: Machine) => m.devices.get(BLK.id) as VirtioPci;

/** A pc with a legacy virtio-blk-pci attached at 00:04.0, and nothing seen of it yet. */
function legacyBlk(): Session {
  return Session.machine("pc", {
    id: BLK.id,
    kind: "virtio-blk-pci",
    pciBdf: BLK.bdf,
    irq: BLK.legacyIrq,
    props: [{ name: "disable-modern", value: "on" }],
  });
}

/** The legacy virtio-blk-pci whose command register is already 0x107 and MSI-X already enabled. */
function midLife(): Session {
  return legacyBlk()
    .cfgRead(BLK.bdf, 0x04, 2, 0x0107)
    .cfgRead(BLK.bdf, 0x34, 1, CAP)
    .cfgRead(BLK.bdf, CAP, 2, 0x0011)
    .cfgRead(BLK.bdf, CAP + 2, 2, 0x8001)
    .cfgRead(BLK.bdf, CAP + 4, 4, 0x0000_0001)
    .cfgRead(BLK.bdf, CAP + 8, 4, 0x0000_0801)
    .sizeBar(BLK.bdf, 0x14, BLK.msixBar, 0xffff_f000);
}

describe("a capture that starts after the function was programmed", () => {
  it("learns the command register and MSI-X enable from their first reads", () => {
    const m = midLife().run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(device(m).pci.command & 0x507).toBe(0x107);
    expect(device(m).pci.msixEnabled).toBe(true);
    expect(device(m).pci.msixMasked).toBe(false);
  });

  it("accepts messages of programmed vectors it did not see programmed, and learns the sender", () => {
    const s = midLife()
      .readMem(entry(1, 0), 4, ADDR)
      .readMem(entry(1, 1), 4, 0)
      .readMem(entry(1, 2), 4, 0x26)
      .msi(ADDR, 0x26, BLK.id)
      .msi(ADDR, 0x26, BLK.id);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(device(m).msix.isMasked(1, false)).toBe(false);
    expect(device(m).unattributedMsi).toBe(0);
  });

  it("accepts a message from a vector whose entry it has not seen, and notes it", () => {
    const m = midLife().msi(ADDR, 0x26, BLK.id).run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(device(m).unattributedMsi).toBe(1);
  });

  it("learns MSI-X enabled from a message when the capture never showed the capability", () => {
    const m = Session.machine("pc", { id: BLK.id, kind: "virtio-blk-pci", pciBdf: BLK.bdf, irq: BLK.legacyIrq })
      .msi(ADDR, 0x26, BLK.id)
      .run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(device(m).pci.msixEnabled).toBe(true);
  });

  it.each<[string, (s: Session) => Session, string]>([
    ["the command register read again with other tracked bits", (s) => s.cfgRead(BLK.bdf, 0x04, 2, 0x0103), "config command"],
    ["MSI-X read disabled after it read enabled", (s) => s.cfgRead(BLK.bdf, CAP + 2, 2, 0x0001), "config"],
    [
      "a vector control read masked after it read unmasked",
      (s) => s.readMem(entry(1, 3), 4, 0).readMem(entry(1, 3), 4, 1),
      "MSI-X table entry 1 vector control",
    ],
    [
      "a vector control read masked after its message showed it unmasked",
      (s) =>
        s
          .readMem(entry(1, 0), 4, ADDR)
          .readMem(entry(1, 1), 4, 0)
          .readMem(entry(1, 2), 4, 0x26)
          .msi(ADDR, 0x26, BLK.id)
          .readMem(entry(1, 3), 4, 1),
      "MSI-X table entry 1 vector control",
    ],
    ["a message after the driver disabled MSI-X", (s) => s.cfgWrite(BLK.bdf, CAP + 3, 1, 0x00).msi(ADDR, 0x26, BLK.id), "MSI-X message"],
    ["INTx while the capture showed MSI-X enabled", (s) => s.intx(BLK.id, BLK.legacyIrq), "INTx"],
  ])("still diverges on what contradicts what it saw: %s", (_name, tail, what) => {
    const m = tail(midLife()).run();
    expect(m.divergences.map((d) => d.what)).toEqual([expect.stringContaining(what)]);
  });
});

describe("the ISR of a device the capture did not see reset", () => {
  // Legacy virtio-blk-pci with its I/O BAR and command register as firmware left them.
  const legacy = () =>
    legacyBlk()
      .cfgRead(BLK.bdf, 0x04, 2, 0x0105)
      .sizeBar(BLK.bdf, 0x10, BLK.io | 1, 0xffff_ff81);
  const isr = BLK.io + LEG.ISR;

  it("takes a pending notification from the first read (and PCI status's interrupt bit with it), then holds reads to it", () => {
    const first = legacy().cfgRead(BLK.bdf, 0x06, 2, 0x0018).in(isr, 1, 1);
    expect(outcome(first.run())).toEqual({ guestErrors: [], divergences: [] });
    // The read cleared it, and nothing is in flight: it cannot read set again.
    expect(
      first
        .in(isr, 1, 1)
        .run()
        .divergences.map((d) => d.what),
    ).toEqual([expect.stringContaining("ISR")]);
  });

  it("holds the first read to the reset value once the capture showed the reset", () => {
    const m = legacy()
      .out(BLK.io + LEG.Status, 1, 0)
      .in(isr, 1, 1)
      .run();
    expect(m.divergences.map((d) => d.what)).toEqual([expect.stringContaining("ISR")]);
  });
});

describe("the committed Linux boot trace (window opens at /init)", () => {
  const events: EventProps[] = parseQemuTraceText(readFileSync("traces/qemu/linux-boot-virtio-blk.trace.log", "utf8"), {
    catalog: TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2"),
    files: ["linux-boot-virtio-blk.trace.log"],
  }).events;

  it("replays without divergences", () => {
    expect(outcome(run(events))).toEqual({ guestErrors: [], divergences: [] });
  });

  it("follows the driver through the BARs the firmware placed before the window: features read, MSI-X interrupts counted", () => {
    const d = device(run(events));
    expect(d.core.hostFeatures[0]).toBeDefined();
    expect(d.core.interrupts).toBeGreaterThan(0);
  });
});

describe("BARs QEMU placed before the capture began (pci_update_mappings_add/del)", () => {
  const HBA = { id: "megasas-gen2@00:04.0", bdf: 4 << 3 };
  const WORD = 0xb450_03f0;
  const placed = (add: boolean, bar: number, addr: number, size: number): EventProps => ({
    agent: { device: HBA.id },
    observation: {
      name: add ? "pci_update_mappings_add" : "pci_update_mappings_del",
      args: [
        { name: "d", str: "megasas-gen2" },
        { name: "bus", uint: 0 },
        { name: "slot", uint: 4 },
        { name: "func", uint: 0 },
        { name: "bar", int: bar },
        { name: "addr", uint: addr },
        { name: "size", uint: size },
      ],
    },
  });
  const hba = () => Session.machine("q35", { id: HBA.id, kind: "megasas-gen2", pciBdf: HBA.bdf });

  it("routes accesses where QEMU placed the BAR, and stops when it removes it", () => {
    const s = hba()
      .push(placed(true, 1, 0xfebc_0000, 0x4000))
      .push(placed(true, 0, 0xc000, 0x100))
      .readMem(0xfebc_00b0, 4, WORD)
      .in(0xc0b0, 4, WORD);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(m.unmodelled).toBe(0);
    expect((m.devices.get(HBA.id) as Megasas).fwBits).toBe(WORD & 0x0fff_ffff);
    // A state word the device could not show is judged now that the BAR is the HBA's.
    expect(outcome(s.readMem(0xfebc_00b0, 4, 0xc450_03f0).run()).divergences).toEqual([expect.stringContaining("OSP0 firmware state")]);
    const gone = hba()
      .push(placed(true, 1, 0xfebc_0000, 0x4000))
      .push(placed(false, 1, 0xfebc_0000, 0x4000))
      .readMem(0xfebc_00b0, 4, WORD)
      .run();
    expect(gone.unmodelled).toBe(1);
  });

  it("leaves a BAR QEMU never placed unrouted", () => {
    const m = hba().readMem(0xfebc_00b0, 4, WORD).run();
    expect(m.unmodelled).toBe(1);
    expect((m.devices.get(HBA.id) as Megasas).fwBits).toBeUndefined();
  });
});
