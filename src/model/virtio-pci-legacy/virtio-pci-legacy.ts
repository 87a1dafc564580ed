// Legacy virtio-pci (virtio 0.9.5 §2.1, virtio 1.x §4.1.4.8): the registers in I/O BAR0,
// as QEMU's hw/virtio/virtio-pci.c (virtio_ioport_read/write) answers them:
//
// - a register is selected by its exact offset whatever the access width: a read returns
//   its value cut to the width, a write takes the value cut to the width (the spec's
//   natural widths are checked as guest errors); an offset that is no register reads all
//   ones and drops writes; accesses not aligned to their width are refused (read 0);
// - queues are placed by page frame (QueuePFN << 12, used ring aligned to 4096) with the
//   size the device fixes (QueueNum is read-only: the model learns it per queue on its first
//   read); QueuePFN 0 resets the whole device; the ISR clears when read;
// - with MSI-X enabled, 0x14 and 0x16 are the config and queue vectors and the device
//   configuration starts at 0x18 (0x14 without MSI-X);
// - status ACKNOWLEDGE | DRIVER turns bus mastering on (QEMU's quirk for old Linux).
import type { GuestMemory } from "../guest-memory.js";
import { hex, type Reporter } from "../machine/report.js";
import { allOnes, misaligned } from "../pci/config.js";
import { VIRTIO_QUEUE_MAX } from "../virtio/constants.js";
import type { SplitVirtqueue } from "../virtio/split-virtqueue.js";
import type { VirtioPci } from "../virtio-pci/virtio-pci.js";

/** Device configuration offset without / with MSI-X (VIRTIO_PCI_CONFIG_OFF). */
export const LEGACY_CONFIG = 0x14;
export const LEGACY_CONFIG_MSIX = 0x18;
/** Legacy queues are placed by 4 KiB page frame, the used ring aligned to 4 KiB. */
export const LEGACY_PAGE = 4096;
const VIRTIO_F_BAD_FEATURE = 1 << 30;

const REGS = {
  0x00: "HostFeatures",
  0x04: "GuestFeatures",
  0x08: "QueuePFN",
  0x0c: "QueueNum",
  0x0e: "QueueSel",
  0x10: "QueueNotify",
  0x12: "Status",
  0x13: "ISR",
  0x14: "ConfigVector",
  0x16: "QueueVector",
} as const;
type Reg = (typeof REGS)[keyof typeof REGS];

const WIDTH: Record<Reg, 1 | 2 | 4> = {
  HostFeatures: 4,
  GuestFeatures: 4,
  QueuePFN: 4,
  QueueNum: 2,
  QueueSel: 2,
  QueueNotify: 2,
  Status: 1,
  ISR: 1,
  ConfigVector: 2,
  QueueVector: 2,
};

export class VirtioPciLegacy {
  constructor(private readonly dev: VirtioPci) {}

  /** Where the device configuration starts now. */
  get configStart(): number {
    return this.dev.pci.msixEnabled ? LEGACY_CONFIG_MSIX : LEGACY_CONFIG;
  }

  private reg(offset: number): Reg | undefined {
    return offset < this.configStart ? (REGS[offset as keyof typeof REGS] as Reg | undefined) : undefined;
  }

  read(r: Reporter, _memory: GuestMemory, offset: number, size: number, observed: number): void {
    const dev = this.dev;
    const core = dev.core;
    const obs = observed >>> 0;
    if (misaligned(offset, size)) {
      dev.refuse(r, 0, offset, size, false, obs, "is not aligned");
      return;
    }
    if (offset >= this.configStart) {
      core.readConfig(r, offset - this.configStart, size, obs);
      return;
    }
    const reg = this.reg(offset);
    if (reg === undefined) {
      r.guestError(dev.id, offset, null, `read of legacy I/O offset ${hex(offset)}, which is no register`);
      return this.expect(r, size, obs, 0xffff_ffff, `read of legacy I/O offset ${hex(offset)}`);
    }
    if (size !== WIDTH[reg]) r.guestError(dev.id, offset, null, `${size}-byte read of the ${WIDTH[reg]}-byte register ${reg}`);
    switch (reg) {
      case "HostFeatures": {
        const known = core.hostFeatures[0];
        if (size === 4) core.readHostFeatures(r, 0, obs);
        else if (known !== undefined) this.expect(r, size, obs, known, reg);
        return;
      }
      case "GuestFeatures":
        return this.expect(r, size, obs, core.guestFeatures[0] as number, reg);
      case "QueuePFN": {
        const queue = core.queue(core.queueSel);
        // A page frame written to a queue whose size was never read reads back 0 when there is no such queue.
        if (obs === 0 && queue.exists === undefined && queue.sizeDefault === undefined && queue.desc !== 0) return this.noSuchQueue(queue);
        return this.expect(r, size, obs, Math.floor(queue.desc / LEGACY_PAGE), reg);
      }
      case "QueueNum": {
        // The device fixes each queue's size (0: no such queue); learned on the first read.
        const queue = core.queue(core.queueSel);
        if (queue.sizeDefault === undefined && queue.size === 0 && size >= 2) {
          if (obs === 0) return this.noSuchQueue(queue);
          queue.sizeDefault = obs;
          queue.size = obs;
          queue.exists = true;
          return;
        }
        return this.expect(r, size, obs, queue.size, reg);
      }
      case "QueueSel":
        return this.expect(r, size, obs, core.queueSel, reg);
      case "QueueNotify":
        r.guestError(dev.id, offset, null, "read of the write-only QueueNotify");
        return this.expect(r, size, obs, 0xffff_ffff, reg);
      case "Status":
        if (size > 1 && obs >>> 8 !== 0) this.expect(r, size, obs, core.statusValue, reg);
        else core.readStatus(r, obs);
        return;
      case "ISR":
        core.readIsr(r, obs, reg, true, dev.pci.msixEnabled !== true);
        return;
      case "ConfigVector":
        dev.configVector = dev.readVector(r, reg, dev.configVector, obs);
        return;
      case "QueueVector":
        dev.queueVectors.set(core.queueSel, dev.readVector(r, `${reg} of queue ${core.queueSel}`, dev.queueVector(core.queueSel), obs));
        return;
      default:
        return reg satisfies never;
    }
  }

  /**
   * The selected queue does not exist (QueueNum or QueuePFN read 0): a page frame written to it
   * before went nowhere (QEMU's virtio_queue_set_addr ignores a queue of no size).
   */
  private noSuchQueue(queue: SplitVirtqueue): void {
    queue.sizeDefault = 0;
    queue.reset();
    queue.exists = false;
  }

  /** A read of a register whose value the model knows: QEMU returns it cut to the access size. */
  private expect(r: Reporter, size: number, observed: number, value: number, what: string): void {
    const want = (value & allOnes(size)) >>> 0;
    if (observed !== want) r.diverge(this.dev.id, what, hex(observed), hex(want));
  }

  write(r: Reporter, memory: GuestMemory, offset: number, size: number, value: number): void {
    const dev = this.dev;
    const core = dev.core;
    if (misaligned(offset, size)) {
      dev.refuse(r, 0, offset, size, true, value, "is not aligned");
      return;
    }
    if (offset >= this.configStart) {
      core.writeConfig(r, offset - this.configStart, size, value);
      return;
    }
    const reg = this.reg(offset);
    if (reg === undefined) {
      r.guestError(dev.id, offset, value, `write of legacy I/O offset ${hex(offset)}, which is no register; dropped`);
      return;
    }
    if (size !== WIDTH[reg]) r.guestError(dev.id, offset, value, `${size}-byte write of the ${WIDTH[reg]}-byte register ${reg}`);
    const v = (value & allOnes(size)) >>> 0;
    const sel = core.queueSel;
    switch (reg) {
      case "GuestFeatures":
        if (v & VIRTIO_F_BAD_FEATURE) {
          r.guestError(
            dev.id,
            offset,
            v,
            "driver accepts VIRTIO_F_BAD_FEATURE (bit 30): it failed to negotiate; QEMU falls back to the device's minimal features",
          );
        }
        core.writeGuestFeatures(r, offset, 0, v);
        core.guestFeatures[1] = 0; // a legacy write sets all 64 bits
        return;
      case "QueuePFN": {
        if (v === 0) {
          if (core.status !== 0) r.guestError(dev.id, offset, v, "QueuePFN 0 while the device is live: QEMU resets the whole device");
          dev.reset();
          return;
        }
        const queue = core.queue(sel);
        if (queue.exists === false || (queue.sizeDefault !== undefined && queue.size === 0)) {
          r.guestError(dev.id, offset, v, `QueuePFN for queue ${sel}, which does not exist; ignored`);
          return;
        }
        if (queue.sizeDefault === undefined && queue.size === 0) queue.lost = true; // the ring size was never read
        queue.align = LEGACY_PAGE;
        queue.setLegacyRings(v * LEGACY_PAGE);
        return;
      }
      case "QueueSel":
        if (v >= VIRTIO_QUEUE_MAX) r.guestError(dev.id, offset, v, `QueueSel ${v} is beyond the ${VIRTIO_QUEUE_MAX} queues; ignored`);
        else core.queueSel = v;
        return;
      case "QueueNotify":
        if (v >= VIRTIO_QUEUE_MAX) r.guestError(dev.id, offset, v, `notify of queue ${v}, beyond the ${VIRTIO_QUEUE_MAX} queues`);
        else dev.notify(r, memory, offset, v);
        return;
      case "Status":
        core.writeStatus(r, offset, v & 0xff, false);
        if (core.status === 0) dev.reset();
        if (v === 3) dev.forceBusMaster(r);
        return;
      case "ConfigVector":
        dev.configVector = dev.acceptVector(v);
        return;
      case "QueueVector":
        dev.queueVectors.set(sel, dev.acceptVector(v));
        return;
      case "HostFeatures":
      case "QueueNum":
      case "ISR":
        r.guestError(dev.id, offset, v, `write of read-only register ${reg}; dropped`);
        return;
      default:
        return reg satisfies never;
    }
  }
}
