// Event builders for the model's tests: the committed QEMU captures (whole, or up to one of
// the driver's markers), and a session builder that speaks in x86 terms — port and MMIO
// accesses, PCI configuration cycles through 0xcf8/0xcfc, guest memory, INTx and MSI — so
// that a test reads as the driver's actions.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { parseQtestText } from "../../src/io/qtest/parse-log.js";
import { Machine } from "../../src/model/machine/machine.js";
import { summarize } from "../../src/model/machine/summary.js";
import { eventFromJson } from "../../src/schema/json.js";
import type { VirtioCore } from "../../src/model/virtio/virtio-core.js";
import { type VirtioBlkTransportName, virtioBlkSetup } from "../../src/record/qtest/virtio-blk-setups.js";
import { Access, type EventProps, IrqAction } from "../../src/schema/proto.js";
import { essence } from "../helpers/essence.js";

export const le = (v: number, n: number): number[] => Array.from({ length: n }, (_, i) => Math.floor(v / 2 ** (8 * i)) & 0xff);

/** The events of a committed capture in traces/qemu/. */
export function capture(name: string): EventProps[] {
  return readFileSync(`traces/qemu/${name}.jsonl`, "utf8").trimEnd().split("\n").map(eventFromJson);
}

/** The events before the first marker whose text starts with `marker`. */
export function until(events: EventProps[], marker: string): EventProps[] {
  const i = events.findIndex((e) => e.marker?.text?.startsWith(marker));
  if (i < 0) throw new Error(`no marker '${marker}'`);
  return events.slice(0, i);
}

/**
 * Checks QEMU's own -qtest-log of the committed virtio-blk capture `name` (made on `transport`):
 * imported with the capture's topology it replays with no divergence and no guest error, and
 * holds the recorder's accesses, values, interrupts and order (a log has no barriers or markers).
 */
export function expectQtestLogLikeCapture(name: string, transport: VirtioBlkTransportName, events: EventProps[]): void {
  const setup = virtioBlkSetup(transport, "disk.img", "halt-64k.bin");
  const log = readFileSync(`traces/qemu/${name}.qtest.log`, "utf8");
  const fromLog = parseQtestText(log, { file: name, topology: setup.topology, strict: true }).events;
  const m = run(fromLog);
  expect(m.divergences).toEqual([]);
  expect(m.guestErrors).toEqual([]);
  expect(fromLog.map(essence)).toEqual(events.filter((ev) => ev.barrier == null && ev.marker == null).map(essence));
}

/** Checks that the state encodes canonically after every event of `events`: decoding and encoding again gives the same bytes. */
export function expectCanonicalEncoding(events: EventProps[]): Machine {
  const m = new Machine();
  for (const ev of events) {
    m.apply(ev);
    const bytes = m.encode();
    expect(Buffer.from(Machine.decode(bytes).encode()).equals(Buffer.from(bytes))).toBe(true);
  }
  return m;
}

/** The core of the machine's one virtio device. */
export function coreOf(m: Machine): VirtioCore {
  const core = [...m.devices.values()].find((d) => d.core !== undefined)?.core;
  if (core === undefined) throw new Error("no virtio device");
  return core;
}

export function run(events: EventProps[]): Machine {
  const m = new Machine();
  for (const ev of events) m.apply(ev);
  return m;
}

/** The first device's summary. */
export function deviceSummary(m: Machine) {
  const d = summarize(m)[0];
  if (d === undefined) throw new Error("no device");
  return d;
}

/** What QEMU 7.2's virtio-blk-pci at 00:04.0 shows in the captures, and where the reference driver puts it. */
export const BLK = {
  id: "virtio-blk@00:04.0",
  bdf: 4 << 3,
  /** Legacy (pc): I/O BAR0 of 0x80 bytes at 0xc000, MSI-X BAR1 of 4 KiB at 0xfe000000, IRQ 11. */
  io: 0xc000,
  msixBar: 0xfe00_0000,
  legacyIrq: 11,
  /** Modern (q35): BAR4 (64-bit, 16 KiB) at 0xfe004000 with common cfg, ISR, device cfg and notify 4 KiB apart; IRQ 20. */
  bar4: 0xfe00_4000,
  common: 0xfe00_4000,
  isr: 0xfe00_5000,
  device: 0xfe00_6000,
  notify: 0xfe00_7000,
  modernIrq: 20,
} as const;

/** Legacy I/O registers (virtio 0.9.5). */
export const LEG = {
  HostFeatures: 0x00,
  GuestFeatures: 0x04,
  QueuePFN: 0x08,
  QueueNum: 0x0c,
  QueueSel: 0x0e,
  QueueNotify: 0x10,
  Status: 0x12,
  ISR: 0x13,
} as const;

/** struct virtio_pci_common_cfg. */
export const COM = {
  dfselect: 0x00,
  df: 0x04,
  gfselect: 0x08,
  gf: 0x0c,
  msix: 0x10,
  numQueues: 0x12,
  status: 0x14,
  generation: 0x15,
  qselect: 0x16,
  qsize: 0x18,
  qmsix: 0x1a,
  qenable: 0x1c,
  qnotifyOff: 0x1e,
  qdesc: 0x20,
  qdriver: 0x28,
  qdevice: 0x30,
} as const;

const cpu = { cpu: 0 };

export class Session {
  readonly events: EventProps[];

  constructor(start: EventProps[] = []) {
    this.events = start.map((e, i) => ({ ...e, seq: i }));
  }

  /** A fresh machine with one device attached. */
  static machine(type: "pc" | "q35" | "microvm", attach?: NonNullable<EventProps["attach"]>): Session {
    const s = new Session();
    s.push({ agent: { host: true }, machine: { type, ramSize: 128 * 2 ** 20 } });
    if (attach) s.push({ agent: { host: true }, attach });
    return s;
  }

  push(ev: EventProps): this {
    this.events.push({ ...ev, seq: this.events.length });
    return this;
  }

  /** The seq the next event gets. */
  get next(): number {
    return this.events.length;
  }

  run(): Machine {
    return run(this.events);
  }

  out(port: number, size: 1 | 2 | 4, value: number): this {
    return this.push({ agent: cpu, pio: { op: Access.ACCESS_WRITE, port, size, value: value >>> 0 } });
  }

  in(port: number, size: 1 | 2 | 4, value: number): this {
    return this.push({ agent: cpu, pio: { op: Access.ACCESS_READ, port, size, value: value >>> 0 } });
  }

  writeMem(addr: number, size: 1 | 2 | 4 | 8, value: number): this {
    return this.push({
      agent: cpu,
      mmio: { op: Access.ACCESS_WRITE, addr, size, value: (value % 2 ** 32) >>> 0, valueHi: Math.floor(value / 2 ** 32) },
    });
  }

  readMem(addr: number, size: 1 | 2 | 4 | 8, value: number): this {
    return this.push({
      agent: cpu,
      mmio: { op: Access.ACCESS_READ, addr, size, value: (value % 2 ** 32) >>> 0, valueHi: Math.floor(value / 2 ** 32) },
    });
  }

  /** Selects a configuration register with mechanism #1 (the dword that holds it). */
  select(bdf: number, offset: number): this {
    return this.out(0xcf8, 4, (0x8000_0000 | (bdf << 8) | (offset & 0xfc)) >>> 0);
  }

  cfgRead(bdf: number, offset: number, size: 1 | 2 | 4, value: number): this {
    return this.select(bdf, offset).in(0xcfc + (offset & 3), size, value);
  }

  cfgWrite(bdf: number, offset: number, size: 1 | 2 | 4, value: number): this {
    return this.select(bdf, offset).out(0xcfc + (offset & 3), size, value);
  }

  /** A decoded configuration access (a trace point's pci_cfg_read / pci_cfg_write). */
  pciCfg(write: boolean, bdf: number, offset: number, size: 1 | 2 | 4, value: number): this {
    return this.push({ agent: cpu, pciConfig: { op: write ? Access.ACCESS_WRITE : Access.ACCESS_READ, bdf, offset, size, value } });
  }

  memWrite(addr: number, bytes: number[]): this {
    return this.push({ agent: cpu, memory: { op: Access.ACCESS_WRITE, addr, data: Uint8Array.from(bytes) } });
  }

  memRead(addr: number, bytes: number[]): this {
    return this.push({ agent: cpu, memory: { op: Access.ACCESS_READ, addr, data: Uint8Array.from(bytes) } });
  }

  intx(device: string, line: number, action = IrqAction.IRQ_ACTION_ASSERT): this {
    return this.push({ agent: { device }, interrupt: { line, action } });
  }

  msi(address: number, data: number, device?: string): this {
    return this.push({
      agent: device ? { device } : { host: true },
      interrupt: { msi: { address, data }, action: IrqAction.IRQ_ACTION_PULSE },
    });
  }

  /** Sizes a 32-bit BAR as firmware does: read, write all ones, read the mask, restore. */
  sizeBar(bdf: number, offset: number, original: number, mask: number): this {
    return this.cfgRead(bdf, offset, 4, original)
      .cfgWrite(bdf, offset, 4, 0xffff_ffff)
      .cfgRead(bdf, offset, 4, mask)
      .cfgWrite(bdf, offset, 4, original);
  }

  /** A virtio-blk read of one sector (header, data, status descriptors 0..2 at `ring`), published at avail slot 0 with idx 1. */
  blkRead(ring: number, avail: number, buf = 0x300000): this {
    this.memWrite(buf, [...le(0, 4), ...le(0, 4), ...le(0, 8)]);
    this.memWrite(ring, [...le(buf, 8), ...le(16, 4), ...le(1, 2), ...le(1, 2)]);
    this.memWrite(ring + 16, [...le(buf + 0x100, 8), ...le(512, 4), ...le(3, 2), ...le(2, 2)]);
    this.memWrite(ring + 32, [...le(buf + 0x400, 8), ...le(1, 4), ...le(2, 2), ...le(0, 2)]);
    this.memWrite(avail + 4, le(0, 2));
    return this.memWrite(avail + 2, le(1, 2));
  }
}
