// The benchmark's synthetic event mix, deterministic from a seed: 55% register writes
// (virtio-mmio registers), 30% guest memory writes of 8-48 bytes (80% by the driver, 20%
// device DMA), 10% interrupts, 5% barriers; times advance by 50-2000 ns per event.
import { Access, BarrierFlavour, BarrierKind, type EventProps, IrqAction } from "../schema/proto.js";

/** mulberry32: a small, fast, seedable PRNG, so every machine benchmarks the same events. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the mix's four virtio-mmio devices are (0x200 apart), and their first interrupt line. */
const MIX_BASE = 0xfeb00000;
const MIX_IRQ = 5;

/** The machine the mix runs on: a microvm with the four virtio-blk devices on virtio-mmio its registers belong to. */
export function benchMixTopology(): EventProps[] {
  const topology: EventProps[] = [{ agent: { host: true }, machine: { type: "microvm", ramSize: 256 * 2 ** 20 } }];
  for (let d = 0; d < 4; d++) {
    const base = MIX_BASE + d * 0x200;
    topology.push({
      agent: { host: true },
      attach: {
        id: `virtio-mmio@0x${base.toString(16)}`,
        kind: "virtio-mmio",
        mmioBase: base,
        mmioSize: 0x200,
        irq: MIX_IRQ + d,
        props: [{ name: "backend", value: "virtio-blk-device" }],
      },
    });
  }
  return topology;
}

const REGS = [0x030, 0x038, 0x040, 0x044, 0x050, 0x064, 0x070, 0x080, 0x084, 0x090, 0x094, 0x0a0, 0x0a4];

export function syntheticEvents(n: number, seed = 1): EventProps[] {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: EventProps[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += int(50, 2000);
    const r = rnd();
    const dev = int(0, 3);
    const devId = `virtio-mmio@0x${(MIX_BASE + dev * 0x200).toString(16)}`;
    let ev: EventProps;
    if (r < 0.55) {
      const reg = REGS[int(0, REGS.length - 1)] as number;
      ev = { agent: { cpu: 0 }, mmio: { op: Access.ACCESS_WRITE, addr: MIX_BASE + dev * 0x200 + reg, size: 4, value: int(0, 300) } };
    } else if (r < 0.85) {
      const data = new Uint8Array(int(8, 48));
      for (let j = 0; j < data.length; j++) data[j] = int(0, 255);
      const agent = rnd() < 0.8 ? { cpu: 0 } : { device: devId };
      ev = { agent, memory: { op: Access.ACCESS_WRITE, addr: int(0x100000, 0x7ffffff), data } };
    } else if (r < 0.95) {
      ev = { agent: { device: devId }, interrupt: { line: MIX_IRQ + dev, action: IrqAction.IRQ_ACTION_PULSE } };
    } else {
      const kind = rnd() < 0.5 ? BarrierKind.BARRIER_KIND_WRITE : BarrierKind.BARRIER_KIND_FULL;
      ev = { agent: { cpu: 0 }, barrier: { kind, flavour: BarrierFlavour.BARRIER_FLAVOUR_SMP } };
    }
    ev.timeNs = t;
    out.push(ev);
  }
  return out;
}
