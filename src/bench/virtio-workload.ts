// A valid virtio-blk session on virtio-mmio, event by event, as a correct driver and
// QEMU's device produce it: probe, status handshake, feature negotiation, queue setup,
// then batches of read/write requests (descriptor chain, avail ring, barriers, notify),
// the device's DMA (when `deviceDma`: avail and descriptor fetches, data, status byte,
// used element and index, interrupt), and the driver's completion handling (ISR read and
// acknowledge, used ring reads after an rmb). Deterministic from its options; used by the
// replay benchmark and by the model's tests, which need long sessions with zero
// divergences and zero guest errors.
import { Access, BarrierFlavour, BarrierKind, type EventProps, IrqAction } from "../schema/proto.js";

export interface WorkloadOptions {
  /** virtio-mmio version: 1 (legacy) or 2. */
  version: 1 | 2;
  /** Requests in total. */
  requests: number;
  /** Requests submitted per notify (at most 42: three descriptors each in a 128-entry queue). */
  batch?: number;
  /** Include the device's own memory accesses and barriers (a capture that sees DMA). */
  deviceDma?: boolean;
  /** The device completes a batch in reverse order (out-of-order completion). */
  reverse?: boolean;
}

export const WORKLOAD_BASE = 0xfeb00000;
export const WORKLOAD_DEVICE = `virtio-mmio@0x${WORKLOAD_BASE.toString(16)}`;
const QSIZE = 128;
const RING = 0x100000; // desc at RING, avail at RING + 16 * QSIZE, used at RING + 0x1000
const HDR = 0x200000; // per-slot request headers, 16 bytes apart
const DATA = 0x300000; // per-slot 512-byte data buffers
const STATUS = 0x280000; // per-slot status bytes

const le = (v: number, n: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(v / 2 ** (8 * i)) & 0xff);
  return out;
};

export function virtioBlkWorkload(opts: WorkloadOptions): EventProps[] {
  const batch = Math.max(1, Math.min(42, opts.batch ?? 8));
  const events: EventProps[] = [];
  let t = 0;
  const cpu = { cpu: 0 };
  const dev = { device: WORKLOAD_DEVICE };
  const push = (agent: EventProps["agent"], payload: EventProps) => {
    t += 100;
    events.push({ timeNs: t, agent, ...payload });
  };
  const reg = (op: number, off: number, value: number) =>
    push(cpu, { mmio: { op, addr: WORKLOAD_BASE + off, size: 4, value: value >>> 0 } });
  const mem = (agent: EventProps["agent"], op: number, addr: number, bytes: number[]) =>
    push(agent, { memory: { op, addr, data: Uint8Array.from(bytes) } });
  const barrier = (agent: EventProps["agent"], kind: number) =>
    push(agent, { barrier: { kind, flavour: BarrierFlavour.BARRIER_FLAVOUR_SMP } });
  const R = Access.ACCESS_READ;
  const W = Access.ACCESS_WRITE;
  const v2 = opts.version === 2;
  const desc = RING;
  const avail = RING + 16 * QSIZE;
  const used = RING + 0x1000;

  push({ host: true }, { machine: { type: "microvm", ramSize: 256 * 2 ** 20 } });
  push(
    { host: true },
    {
      attach: {
        id: WORKLOAD_DEVICE,
        kind: "virtio-mmio",
        mmioBase: WORKLOAD_BASE,
        mmioSize: 0x200,
        irq: 5,
        props: [
          { name: "backend", value: "virtio-blk-device" },
          { name: "force-legacy", value: v2 ? "false" : "true" },
        ],
      },
    },
  );
  reg(R, 0x000, 0x74726976);
  reg(R, 0x004, opts.version);
  reg(R, 0x008, 2);
  reg(R, 0x00c, 0x554d4551);
  reg(W, 0x070, 0);
  reg(W, 0x070, 1);
  reg(W, 0x070, 3);
  reg(W, 0x014, 0);
  reg(R, 0x010, 0x31006ed4);
  if (v2) {
    reg(W, 0x014, 1);
    reg(R, 0x010, 0x1);
  }
  reg(W, 0x024, 0);
  reg(W, 0x020, 0x00000244);
  if (v2) {
    reg(W, 0x024, 1);
    reg(W, 0x020, 0x1);
    reg(W, 0x070, 0xb);
    reg(R, 0x070, 0xb);
  } else {
    reg(W, 0x028, 4096);
  }
  reg(W, 0x030, 0);
  reg(R, 0x034, 1024);
  reg(W, 0x038, QSIZE);
  if (v2) {
    reg(W, 0x080, desc);
    reg(W, 0x084, 0);
    reg(W, 0x090, avail);
    reg(W, 0x094, 0);
    reg(W, 0x0a0, used);
    reg(W, 0x0a4, 0);
    reg(W, 0x044, 1);
  } else {
    reg(W, 0x03c, 4096);
    reg(W, 0x040, RING / 4096);
  }
  // The driver clears the used ring before use (its memory is otherwise unknown).
  mem(cpu, W, used, new Array(4 + 8 * QSIZE + 2).fill(0));
  mem(cpu, W, avail, [0, 0, 0, 0]);
  reg(W, 0x070, v2 ? 0xf : 0x7);

  let availIdx = 0;
  let usedIdx = 0;
  let done = 0;
  while (done < opts.requests) {
    const n = Math.min(batch, opts.requests - done);
    const heads: { head: number; slot: number; write: boolean; sector: number }[] = [];
    for (let k = 0; k < n; k++) {
      const slot = k;
      const head = slot * 3;
      const write = (done + k) % 3 === 1;
      const sector = (done + k) % 2048;
      heads.push({ head, slot, write, sector });
      mem(cpu, W, HDR + 16 * slot, [...le(write ? 1 : 0, 4), ...le(0, 4), ...le(sector, 8)]);
      if (write) mem(cpu, W, DATA + 512 * slot, new Array(512).fill((done + k) & 0xff));
      mem(cpu, W, desc + 16 * head, [...le(HDR + 16 * slot, 8), ...le(16, 4), ...le(1, 2), ...le(head + 1, 2)]);
      mem(cpu, W, desc + 16 * (head + 1), [...le(DATA + 512 * slot, 8), ...le(512, 4), ...le(write ? 1 : 3, 2), ...le(head + 2, 2)]);
      mem(cpu, W, desc + 16 * (head + 2), [...le(STATUS + slot, 8), ...le(1, 4), ...le(2, 2), ...le(0, 2)]);
      mem(cpu, W, avail + 4 + 2 * ((availIdx + k) % QSIZE), le(head, 2));
    }
    barrier(cpu, BarrierKind.BARRIER_KIND_WRITE);
    availIdx = (availIdx + n) & 0xffff;
    mem(cpu, W, avail + 2, le(availIdx, 2));
    barrier(cpu, BarrierKind.BARRIER_KIND_FULL);
    reg(W, 0x050, 0);
    const order = opts.reverse ? [...heads].reverse() : heads;
    if (opts.deviceDma) {
      mem(dev, R, avail + 2, le(availIdx, 2));
      for (let k = 0; k < n; k++) {
        const h = heads[k] as (typeof heads)[number];
        mem(dev, R, avail + 4 + 2 * (((availIdx - n + k) & 0xffff) % QSIZE), le(h.head, 2));
        mem(dev, R, desc + 16 * h.head, [...le(HDR + 16 * h.slot, 8), ...le(16, 4), ...le(1, 2), ...le(h.head + 1, 2)]);
        mem(dev, R, HDR + 16 * h.slot, [...le(h.write ? 1 : 0, 4), ...le(0, 4), ...le(h.sector, 8)]);
      }
      for (const h of order) {
        if (h.write)
          mem(
            dev,
            R,
            DATA + 512 * h.slot,
            new Array(512).fill(0).map((_, i) => (i >= 0 ? (done + h.slot) & 0xff : 0)),
          );
        else push(dev, { memory: { op: W, addr: DATA + 512 * h.slot, fillLength: 512, fillByte: h.sector & 0xff } });
        mem(dev, W, STATUS + h.slot, [0]);
      }
      order.forEach((h, k) => {
        mem(dev, W, used + 4 + 8 * ((usedIdx + k) % QSIZE), [...le(h.head, 4), ...le(h.write ? 1 : 513, 4)]);
      });
      barrier(dev, BarrierKind.BARRIER_KIND_WRITE);
      mem(dev, W, used + 2, le((usedIdx + n) & 0xffff, 2));
    }
    push(dev, { interrupt: { line: 5, action: IrqAction.IRQ_ACTION_ASSERT } });
    reg(R, 0x060, 1);
    reg(W, 0x064, 1);
    push(dev, { interrupt: { line: 5, action: IrqAction.IRQ_ACTION_DEASSERT } });
    mem(cpu, R, used + 2, le((usedIdx + n) & 0xffff, 2));
    barrier(cpu, BarrierKind.BARRIER_KIND_READ);
    order.forEach((h, k) => {
      mem(cpu, R, used + 4 + 8 * ((usedIdx + k) % QSIZE), [...le(h.head, 4), ...le(h.write ? 1 : 513, 4)]);
      mem(cpu, R, STATUS + h.slot, [0]);
    });
    usedIdx = (usedIdx + n) & 0xffff;
    done += n;
  }
  return events.map((e, i) => ({ ...e, seq: i }));
}
