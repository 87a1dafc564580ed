// A small builder of virtio-mmio sessions for the model's tests: topology first, then
// register and memory events in the words of the spec.
import { MMIO } from "../../src/record/drivers/virtio-mmio.js";
import { Access, BarrierFlavour, BarrierKind, type EventProps, IrqAction } from "../../src/schema/proto.js";

export const BASE = 0xfeb00000;
export const ID = `virtio-mmio@0x${BASE.toString(16)}`;

/** Register offsets: the reference driver's table (one list of virtio-mmio registers in the tree). */
export const R = MMIO;

export const le = (v: number, n: number): number[] => Array.from({ length: n }, (_, i) => Math.floor(v / 2 ** (8 * i)) & 0xff);

export class MmioSession {
  readonly events: EventProps[] = [];

  constructor(version: 1 | 2) {
    this.push({ agent: { host: true }, machine: { type: "microvm", ramSize: 128 * 2 ** 20 } });
    this.push({
      agent: { host: true },
      attach: {
        id: ID,
        kind: "virtio-mmio",
        mmioBase: BASE,
        mmioSize: 0x200,
        irq: 5,
        props: [
          { name: "backend", value: "virtio-blk-device" },
          { name: "force-legacy", value: version === 1 ? "true" : "false" },
        ],
      },
    });
  }

  push(ev: EventProps): this {
    this.events.push({ ...ev, seq: this.events.length });
    return this;
  }

  read(reg: number, value: number, size = 4): this {
    return this.push({ agent: { cpu: 0 }, mmio: { op: Access.ACCESS_READ, addr: BASE + reg, size, value } });
  }

  write(reg: number, value: number, size = 4): this {
    return this.push({ agent: { cpu: 0 }, mmio: { op: Access.ACCESS_WRITE, addr: BASE + reg, size, value } });
  }

  memWrite(addr: number, bytes: number[]): this {
    return this.push({ agent: { cpu: 0 }, memory: { op: Access.ACCESS_WRITE, addr, data: Uint8Array.from(bytes) } });
  }

  memRead(addr: number, bytes: number[]): this {
    return this.push({ agent: { cpu: 0 }, memory: { op: Access.ACCESS_READ, addr, data: Uint8Array.from(bytes) } });
  }

  barrier(kind = BarrierKind.BARRIER_KIND_WRITE): this {
    return this.push({ agent: { cpu: 0 }, barrier: { kind, flavour: BarrierFlavour.BARRIER_FLAVOUR_SMP } });
  }

  irq(action = IrqAction.IRQ_ACTION_ASSERT): this {
    return this.push({ agent: { device: ID }, interrupt: { line: 5, action } });
  }

  /** Legacy bring-up: status handshake, features, queue 0 of `size` at `ring` (align 4096). */
  legacyUp(ring: number, size = 8): this {
    this.write(R.Status, 0).write(R.Status, 1).write(R.Status, 3);
    this.write(R.DeviceFeaturesSel, 0).read(R.DeviceFeatures, 0x31006ed4);
    this.write(R.DriverFeaturesSel, 0).write(R.DriverFeatures, 0x200);
    this.write(R.GuestPageSize, 4096).write(R.QueueSel, 0).read(R.QueueNumMax, 1024);
    this.memWrite(ring, new Array(0x2000).fill(0));
    this.write(R.QueueNum, size)
      .write(R.QueueAlign, 4096)
      .write(R.QueuePFN, ring / 4096);
    return this.write(R.Status, 7);
  }

  /** Writes a 3-descriptor virtio-blk read of one sector with head `head`, publishes it at avail slot `slot`. */
  blkRead(ring: number, size: number, head: number, slot: number, availIdx: number): this {
    const hdr = 0x300000 + head * 0x1000;
    this.memWrite(hdr, [...le(0, 4), ...le(0, 4), ...le(head, 8)]);
    this.memWrite(ring + 16 * head, [...le(hdr, 8), ...le(16, 4), ...le(1, 2), ...le(head + 1, 2)]);
    this.memWrite(ring + 16 * (head + 1), [...le(hdr + 0x100, 8), ...le(512, 4), ...le(3, 2), ...le(head + 2, 2)]);
    this.memWrite(ring + 16 * (head + 2), [...le(hdr + 0x400, 8), ...le(1, 4), ...le(2, 2), ...le(0, 2)]);
    this.memWrite(ring + 16 * size + 4 + 2 * slot, le(head, 2));
    this.barrier();
    return this.memWrite(ring + 16 * size + 2, le(availIdx, 2));
  }
}
