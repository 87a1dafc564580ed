// The PCI host (configuration mechanism #1, q35's ECAM, decoded configuration events) and a
// function's configuration space: learned constants held, BAR sizing predicted once
// learned, BARs that move and decode, the command register, the capability list.
import { describe, expect, it } from "vitest";
import type { Machine } from "../../src/model/machine/machine.js";
import type { VirtioPci } from "../../src/model/virtio-pci/virtio-pci.js";
import { BLK, capture, LEG, Session } from "./events.js";

const LEGACY_ATTACH = { id: BLK.id, kind: "virtio-blk-pci", pciBdf: BLK.bdf, irq: 11, props: [{ name: "disable-modern", value: "on" }] };
const MODERN_ATTACH = { id: BLK.id, kind: "virtio-blk-pci", pciBdf: BLK.bdf, irq: 20, props: [{ name: "disable-legacy", value: "on" }] };
const PIIX3 = 1 << 3;

const whys = (m: Machine) => m.guestErrors.map((g) => g.why);
const whats = (m: Machine) => m.divergences.map((d) => d.what);
const dev = (m: Machine) => m.devices.get(BLK.id) as VirtioPci;

/** A legacy function with BAR0 sized (128 bytes of I/O) and programmed at `io`, I/O decoding and bus mastering on. */
function legacyAt(io: number): Session {
  return Session.machine("pc", LEGACY_ATTACH)
    .sizeBar(BLK.bdf, 0x10, 1, 0xffff_ff81)
    .cfgWrite(BLK.bdf, 0x10, 4, io)
    .cfgWrite(BLK.bdf, 0x04, 2, 0x5);
}

describe("configuration mechanism #1", () => {
  it("latches only 4-byte writes to 0xcf8 and reads the latched address back at any of its ports, cut to the access size", () => {
    const s = Session.machine("pc").out(0xcf8, 4, 0x8000_2010).in(0xcf8, 4, 0x8000_2010).in(0xcfa, 2, 0x2010).in(0xcfb, 1, 0x10);
    // Narrower writes (Linux's probe for mechanism #1 writes a byte to 0xcfb) leave it, with no guest error: QEMU ignores them.
    s.out(0xcf8, 2, 0x1234).out(0xcfb, 1, 0x01).in(0xcf8, 4, 0x8000_2010);
    const m = s.run();
    expect(whats(m)).toEqual([]);
    expect(whys(m)).toEqual([]);
    expect(m.pci?.configAddress).toBe(0x8000_2010);
    expect(whats(Session.machine("pc").out(0xcf8, 4, 0x8000_2010).out(0xcf8, 1, 0).in(0xcf8, 4, 0).run())).toEqual([
      "configuration address read at 0xcf8",
    ]);
  });

  it("holds the latched address: a read that differs is a divergence", () => {
    const m = Session.machine("q35").out(0xcf8, 4, 0x8000_2010).in(0xcf8, 4, 0x8000_2014).run();
    expect(whats(m)).toEqual(["configuration address read at 0xcf8"]);
  });

  it("answers a data access with the enable bit clear with all ones, and calls it a guest error", () => {
    const s = Session.machine("pc", LEGACY_ATTACH)
      .out(0xcf8, 4, BLK.bdf << 8)
      .in(0xcfc, 4, 0xffff_ffff);
    expect(whats(s.run())).toEqual([]);
    expect(whys(s.run())).toEqual([expect.stringContaining("enable bit (31) of 0xcf8 clear")]);
    expect(whats(s.in(0xcfc, 4, 0x1001_1af4).run())).toEqual(["configuration data read with the enable bit clear"]);
  });

  it("refuses a data access not aligned to its size (QEMU reads 0)", () => {
    const m = Session.machine("pc", LEGACY_ATTACH).select(BLK.bdf, 0).in(0xcfd, 2, 0).run();
    expect(whys(m)).toEqual([expect.stringContaining("is not aligned")]);
    expect(whats(m)).toEqual([]);
  });

  it("reaches register (address | port & 3): byte and word reads of one dword agree with the dword", () => {
    const m = Session.machine("pc", LEGACY_ATTACH)
      .cfgRead(BLK.bdf, 0, 4, 0x1001_1af4)
      .cfgRead(BLK.bdf, 2, 2, 0x1001)
      .cfgRead(BLK.bdf, 1, 1, 0x1a)
      .cfgRead(BLK.bdf, 3, 1, 0x11)
      .run();
    expect(whats(m)).toEqual(["config device id (+1) (1-byte read at 0x3)"]);
  });

  it("leaves the chipset's reset control register (0xcf9) to the chipset: unmodelled", () => {
    const m = Session.machine("pc").out(0xcf9, 1, 0).run();
    expect(m.unmodelled).toBe(1);
    expect(m.unmodelledPorts.get(0xcf9)).toBe(1);
  });
});

describe("PCI functions the machine does not attach", () => {
  it("learns an absent function from its vendor id of 0xffff and holds it to all ones", () => {
    const slot3 = 3 << 3;
    const s = Session.machine("pc").cfgRead(slot3, 0, 4, 0xffff_ffff).cfgRead(slot3, 0x0e, 1, 0xff).cfgWrite(slot3, 0x04, 2, 7);
    expect(whats(s.run())).toEqual([]);
    expect(s.run().unmodelled).toBe(0);
    // Functions 1..7 of a slot without function 0 are absent too.
    s.cfgRead(slot3 | 1, 0, 4, 0x7010_8086).cfgRead(slot3, 0x0e, 1, 0x80);
    expect(whats(s.run())).toEqual(["config read at 0x0 of an absent function", "config read at 0xe of an absent function"]);
  });

  it("learns a chipset function's bytes and holds them, forgets what the driver writes, and counts its accesses as unmodelled", () => {
    const s = Session.machine("pc").cfgRead(0, 0, 4, 0x1237_8086).cfgRead(0, 0, 2, 0x8086);
    s.cfgRead(PIIX3, 0x60, 1, 0x80).cfgWrite(PIIX3, 0x60, 1, 10).cfgRead(PIIX3, 0x60, 1, 0x0a);
    let m = s.run();
    expect(whats(m)).toEqual([]);
    expect(m.unmodelled).toBe(5);
    expect(m.pci?.chipset.get(PIIX3)?.accesses).toBe(3);
    m = s.cfgRead(0, 0, 4, 0x1237_8087).run();
    expect(whats(m)).toEqual(["config 4-byte read at 0x0"]);
  });

  it("takes decoded configuration events (pci_cfg trace points) to the same function as port cycles", () => {
    const m = Session.machine("pc", LEGACY_ATTACH).pciCfg(false, BLK.bdf, 0, 4, 0x1001_1af4).cfgRead(BLK.bdf, 0, 4, 0x1001_1af5).run();
    expect(whats(m)).toEqual(["config vendor id (4-byte read at 0x0)"]);
    expect(m.unmodelled).toBe(0);
  });
});

describe("q35's ECAM window", () => {
  const ecam = 0xb000_0000 + (BLK.bdf << 12);

  it("is closed until the MCH's PCIEXBAR enables it: an access there is unmodelled", () => {
    const m = Session.machine("q35", MODERN_ATTACH).readMem(ecam, 4, 0x1042_1af4).run();
    expect(m.unmodelled).toBe(1);
    expect(m.pci?.ecamBase).toBeUndefined();
  });

  it("once enabled at 0xb0000000 (256 MiB), reaches bus << 20 | devfn << 12 | register like the ports do", () => {
    const s = Session.machine("q35", MODERN_ATTACH).cfgWrite(0, 0x64, 4, 0).cfgWrite(0, 0x60, 4, 0xb000_0001);
    s.readMem(ecam, 4, 0x1042_1af4)
      .cfgRead(BLK.bdf, 0, 4, 0x1042_1af4)
      .readMem(ecam + 2, 2, 0x1042);
    let m = s.run();
    expect(m.pci?.ecamBase).toBe(0xb000_0000);
    expect(m.pci?.ecamSize).toBe(256 * 2 ** 20);
    expect(whats(m)).toEqual([]);
    m = s.readMem(ecam, 4, 0x1041_1af4).run();
    expect(whats(m)).toEqual(["config vendor id (4-byte read at 0x0)"]);
  });

  it("moves with PCIEXBAR and closes when its enable bit is cleared", () => {
    const s = Session.machine("q35", MODERN_ATTACH).cfgWrite(0, 0x60, 4, 0xe000_0003);
    expect(s.run().pci).toMatchObject({ ecamBase: 0xe000_0000, ecamSize: 128 * 2 ** 20 });
    expect(s.cfgWrite(0, 0x60, 4, 0xe000_0002).run().pci?.ecamBase).toBeUndefined();
  });
});

describe("a function's configuration space", () => {
  it("holds read-only registers: a write to the vendor id changes nothing, is a guest error, and a later read is still held", () => {
    const s = Session.machine("pc", LEGACY_ATTACH)
      .cfgRead(BLK.bdf, 0, 4, 0x1001_1af4)
      .cfgWrite(BLK.bdf, 0, 2, 0x1234)
      .cfgRead(BLK.bdf, 0, 4, 0x1001_1af4);
    let m = s.run();
    expect(whats(m)).toEqual([]);
    expect(whys(m)).toEqual(["write of read-only vendor id in configuration space; ignored"]);
    m = s.cfgRead(BLK.bdf, 0, 2, 0x1234).run();
    expect(whats(m)).toEqual(["config vendor id (2-byte read at 0x0)"]);
  });

  it("checks the ids against the virtio specification: a legacy virtio-blk is 1af4:1001 with subsystem id 2", () => {
    const m = Session.machine("pc", LEGACY_ATTACH).cfgRead(BLK.bdf, 0, 4, 0x1042_1af4).cfgRead(BLK.bdf, 0x2c, 4, 0x0008_1af4).run();
    expect(whats(m)).toEqual(["PCI device id", "PCI subsystem id"]);
  });

  it("tracks the command register's decode, bus-master and INTx-disable bits, and learns the device-defined ones", () => {
    const s = Session.machine("pc", LEGACY_ATTACH)
      .cfgRead(BLK.bdf, 4, 2, 0)
      .cfgWrite(BLK.bdf, 4, 2, 0x0107)
      .cfgRead(BLK.bdf, 4, 2, 0x0107)
      .cfgRead(BLK.bdf, 4, 2, 0x0107);
    expect(whats(s.run())).toEqual([]);
    expect(whats(s.cfgRead(BLK.bdf, 4, 2, 0x0103).run())).toEqual(["config command (2-byte read at 0x4)"]);
  });

  it("learns the capability list and holds it", () => {
    const s = Session.machine("pc", LEGACY_ATTACH).cfgRead(BLK.bdf, 0x34, 1, 0x40).cfgRead(BLK.bdf, 0x40, 2, 0x0011);
    const m = s.run();
    expect(dev(m).pci.caps()).toEqual([{ offset: 0x40, id: 0x11 }]);
    expect(whats(s.cfgRead(BLK.bdf, 0x40, 2, 0x0009).run())).toEqual(["config config 0x40 (2-byte read at 0x40)"]);
  });

  it("follows the interrupt status bit: set while the device's INTx may be asserted, clear once the device is reset", () => {
    const events = capture("virtio-blk-pci-legacy");
    // Event 207 asserts INTx after the first notify; the capture ends with the driver resetting the device.
    expect(whats(new Session(events.slice(0, 208)).cfgRead(BLK.bdf, 6, 2, 0x18).run())).toEqual([]);
    expect(whats(new Session(events).cfgRead(BLK.bdf, 6, 2, 0x10).run())).toEqual([]);
    expect(whats(new Session(events).cfgRead(BLK.bdf, 6, 2, 0x18).run())).toEqual(["config status (2-byte read at 0x6)"]);
  });
});

describe("BARs", () => {
  it("learns a BAR's size from the first sizing read, then predicts the mask: a different one diverges", () => {
    const s = Session.machine("pc", LEGACY_ATTACH).sizeBar(BLK.bdf, 0x10, 1, 0xffff_ff81).sizeBar(BLK.bdf, 0x10, 1, 0xffff_ff81);
    let m = s.run();
    expect(whats(m)).toEqual([]);
    expect(dev(m).pci.bars[0]).toMatchObject({ kind: "io", mask: 0xffff_ff80, reg: 1 });
    expect(dev(m).pci.barSize(0)).toBe(128);
    m = s.sizeBar(BLK.bdf, 0x10, 1, 0xffff_ff01).run();
    expect(whats(m)).toEqual(["config BAR0 (4-byte read at 0x10)"]);
  });

  it("learns an unimplemented BAR (a sizing read of 0) and holds it to 0 whatever is written", () => {
    const s = Session.machine("pc", LEGACY_ATTACH)
      .sizeBar(BLK.bdf, 0x18, 0, 0)
      .cfgWrite(BLK.bdf, 0x18, 4, 0xfe00_0000)
      .cfgRead(BLK.bdf, 0x18, 4, 0);
    expect(whats(s.run())).toEqual([]);
    expect(whats(s.cfgRead(BLK.bdf, 0x18, 4, 0xfe00_0000).run())).toEqual(["config BAR2 (4-byte read at 0x18)"]);
  });

  it("sizes a 64-bit memory BAR in two halves and predicts the upper half once the lower one is known", () => {
    const s = Session.machine("q35", MODERN_ATTACH).sizeBar(BLK.bdf, 0x20, 0xc, 0xffff_c00c).sizeBar(BLK.bdf, 0x24, 0, 0xffff_ffff);
    const m = s.run();
    expect(whats(m)).toEqual([]);
    expect(dev(m).pci.bars[4]).toMatchObject({ kind: "mem64", prefetchable: true });
    expect(dev(m).pci.bars[5]?.kind).toBe("mem64hi");
    expect(dev(m).pci.barSize(4)).toBe(0x4000);
    expect(whats(s.sizeBar(BLK.bdf, 0x24, 0, 0xffff_fff0).run())).toEqual(["config BAR5 (4-byte read at 0x24)"]);
  });

  it("maps a programmed BAR once its decoding is on, and moves the registers with it", () => {
    const s = legacyAt(0xc000).in(0xc000 + LEG.Status, 1, 0);
    let m = s.run();
    expect(m.unmodelled).toBe(0);
    expect(dev(m).pci.bars[0]?.mapped).toBe(0xc000);
    s.cfgWrite(BLK.bdf, 0x10, 4, 0xd000)
      .in(0xd000 + LEG.Status, 1, 0)
      .in(0xc000 + LEG.Status, 1, 0xff);
    m = s.run();
    expect(dev(m).pci.bars[0]?.mapped).toBe(0xd000);
    expect(m.unmodelled).toBe(1); // the old range is nobody's now
    expect(whats(m)).toEqual([]);
    expect(whats(s.in(0xd000 + LEG.Status, 1, 3).run())).toEqual(["status"]);
  });

  it("unmaps a BAR when its decoding is switched off: an access to its range is a guest error and reads all ones", () => {
    const s = legacyAt(0xc000)
      .cfgWrite(BLK.bdf, 0x04, 2, 0x4)
      .in(0xc000 + LEG.Status, 1, 0xff);
    let m = s.run();
    expect(dev(m).pci.bars[0]).toMatchObject({ programmed: 0xc000, mapped: undefined });
    expect(whys(m)).toEqual([expect.stringContaining("I/O access to BAR0 at 0xc012 while the command register has I/O decoding off")]);
    expect(whats(m)).toEqual([]);
    m = s.in(0xc000 + LEG.Status, 1, 0).run();
    expect(whats(m)).toEqual(["read of disabled BAR0 at 0xc012"]);
  });

  it("maps a 64-bit BAR from both halves, in memory space", () => {
    const s = Session.machine("q35", MODERN_ATTACH)
      .sizeBar(BLK.bdf, 0x20, 0xc, 0xffff_c00c)
      .sizeBar(BLK.bdf, 0x24, 0, 0xffff_ffff)
      .cfgWrite(BLK.bdf, 0x20, 4, 0x4000)
      .cfgWrite(BLK.bdf, 0x24, 4, 1)
      .cfgWrite(BLK.bdf, 0x04, 2, 0x6)
      .cfgRead(BLK.bdf, 0x20, 4, 0x400c);
    const m = s.run();
    expect(whats(m)).toEqual([]);
    expect(dev(m).pci.bars[4]?.mapped).toBe(2 ** 32 + 0x4000);
  });
});
