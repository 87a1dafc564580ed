// A session builder for the megasas model's tests: it starts from one of the committed
// QEMU 7.2 captures cut at one of the driver's markers (so the PCI function, BARs and
// firmware are as QEMU left them) and speaks in MFI terms — register reads and writes,
// frames stored and posted, the reply queue's producer, entries and consumer — so that a
// test reads as the driver's actions. Frames come from the reference driver's encoders.
import { Megasas } from "../../src/model/megasas/megasas.js";
import { MFI_REG } from "../../src/record/drivers/megasas-mfi.js";
import type { Machine } from "../../src/model/machine/machine.js";
import { capture, le, Session, until } from "./events.js";

/** What the captures show of each generation, and where the reference driver put its structures. */
export const HBAS = {
  gen1: { name: "megasas-gen1", id: "megasas@00:04.0", kind: "megasas", irq: 11, fwCmds: 1000, osts: 0x8000_0001, word: 0xb450_03e8 },
  gen2: { name: "megasas-gen2", id: "megasas-gen2@00:04.0", kind: "megasas-gen2", irq: 20, fwCmds: 1008, osts: 0x1, word: 0xb450_03f0 },
} as const;
export type HbaName = keyof typeof HBAS;

/** Both generations: the register BAR at 0xfe000000, the I/O BAR at 0xc000. */
export const REGS = 0xfe00_0000;
export const IO = 0xc000;
export const MSIX_TABLE = REGS + 0x2000;
export const MSIX_PBA = REGS + 0x3800;
/** The reference driver's memory: frames from 0x200000 (64 bytes each), the reply queue, producer and consumer. */
export const FRAMES = 0x20_0000;
export const REPLY_QUEUE = 0x20_1000;
export const PRODUCER = 0x20_1fc0;
export const CONSUMER = 0x20_2000;
/** Where tests put their own frames and buffers (untouched by the captures). */
export const TEST_FRAMES = 0x40_0000;
export const TEST_BUFFERS = 0x50_0000;

/** Register offsets: the reference driver's table, plus the two it never touches. */
export const R = { ...MFI_REG, DIAG: 0xf8, SEQ: 0xfc } as const;

/** The driver's markers the tests cut the captures at. */
export const AT = {
  /** PCI set up, the firmware never read. */
  pciDone: "megasas: read the firmware state",
  /** READY, interrupts masked, no reply queue. */
  ready: "megasas: INIT",
  /** OPERATIONAL, interrupts masked, reply queue at 0x201000 with producer and consumer 0. */
  initDone: "megasas: enable interrupts",
  /** Interrupts enabled, nothing in flight: producer and consumer 0. */
  operational: "megasas: request DCMD 0x01010000",
} as const;

export class HbaSession extends Session {
  constructor(
    readonly hba: (typeof HBAS)[HbaName],
    start: Parameters<typeof until>[0],
  ) {
    super(start);
  }

  /** The capture of generation `gen` up to the marker. */
  static at(gen: HbaName, marker: string): HbaSession {
    return new HbaSession(HBAS[gen], until(capture(HBAS[gen].name), marker));
  }

  readReg(off: number, value: number): this {
    return this.readMem(REGS + off, 4, value);
  }

  writeReg(off: number, value: number): this {
    return this.writeMem(REGS + off, 4, value >>> 0);
  }

  /** Stores a frame (or any bytes) in guest memory. */
  store(addr: number, bytes: Uint8Array | number[]): this {
    return this.memWrite(addr, [...bytes]);
  }

  /** Posts the frame at `addr` through the inbound queue port. */
  post(addr: number): this {
    return this.writeReg(R.IQP, (addr | 1) >>> 0);
  }

  /** The driver reads a frame's cmd_status. */
  status(frame: number, value: number): this {
    return this.memRead(frame + 2, [value]);
  }

  producer(value: number): this {
    return this.memRead(PRODUCER, le(value, 4));
  }

  entry(slot: number, context: number): this {
    return this.memRead(REPLY_QUEUE + 4 * slot, le(context, 4));
  }

  consumer(value: number): this {
    return this.memWrite(CONSUMER, le(value, 4));
  }

  /** The device raises its INTx line. */
  irq(): this {
    return this.intx(this.hba.id, this.hba.irq);
  }

  enableInterrupts(): this {
    return this.writeReg(R.ODCR0, 0xffff_ffff).writeReg(R.OMSK, 0xffff_fffa);
  }
}

export function hbaOf(m: Machine, gen: HbaName = "gen2"): Megasas {
  const d = m.devices.get(HBAS[gen].id);
  if (!(d instanceof Megasas)) throw new Error("no megasas device");
  return d;
}

export function outcome(m: Machine) {
  return { guestErrors: m.guestErrors.map((g) => g.why), divergences: m.divergences.map((d) => d.what) };
}
