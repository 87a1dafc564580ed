// Modern virtio-pci (virtio 1.x §4.1.4): vendor capabilities point at the common
// configuration, notify, ISR and device configuration regions inside the function's BARs;
// the model learns where from the capability bytes the driver reads (bar, offset, length,
// notify_off_multiplier) and answers as QEMU's virtio_pci_common_read/write,
// virtio_pci_notify_write, virtio_pci_isr_read and virtio_pci_device_read do:
//
// - common configuration fields are selected by exact offset whatever the width (a read
//   returns the field cut to the width; the spec's natural widths are checked as guest
//   errors); offsets that are no field read 0; unaligned accesses are refused (read 0);
// - 64-bit feature words through device_feature_select / driver_feature_select; queue
//   addresses are held per queue and take effect at queue_enable = 1 (any other value is a
//   virtio_error); queue_size is learned per queue on its first read (the device's maximum);
// - a notify names its queue by address: offset / notify_off_multiplier;
// - the ISR clears when read (at any offset of its region); writes to it do nothing.
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import type { GuestMemory } from "../guest-memory.js";
import { hex, type Reporter } from "../machine/report.js";
import { allOnes, misaligned } from "../pci/config.js";
import { VIRTIO_QUEUE_MAX, VIRTQUEUE_MAX_SIZE } from "../virtio/constants.js";
import { CfgType, NO_VECTOR, type VirtioCap, type VirtioPci } from "../virtio-pci/virtio-pci.js";

/** struct virtio_pci_common_cfg, by offset. */
const COMMON = {
  0x00: "device_feature_select",
  0x04: "device_feature",
  0x08: "driver_feature_select",
  0x0c: "driver_feature",
  0x10: "config_msix_vector",
  0x12: "num_queues",
  0x14: "device_status",
  0x15: "config_generation",
  0x16: "queue_select",
  0x18: "queue_size",
  0x1a: "queue_msix_vector",
  0x1c: "queue_enable",
  0x1e: "queue_notify_off",
  0x20: "queue_desc_lo",
  0x24: "queue_desc_hi",
  0x28: "queue_driver_lo",
  0x2c: "queue_driver_hi",
  0x30: "queue_device_lo",
  0x34: "queue_device_hi",
  0x38: "queue_notify_data",
  0x3a: "queue_reset",
} as const;
type CommonReg = (typeof COMMON)[keyof typeof COMMON];

const WIDTH: Record<CommonReg, 1 | 2 | 4> = {
  device_feature_select: 4,
  device_feature: 4,
  driver_feature_select: 4,
  driver_feature: 4,
  config_msix_vector: 2,
  num_queues: 2,
  device_status: 1,
  config_generation: 1,
  queue_select: 2,
  queue_size: 2,
  queue_msix_vector: 2,
  queue_enable: 2,
  queue_notify_off: 2,
  queue_desc_lo: 4,
  queue_desc_hi: 4,
  queue_driver_lo: 4,
  queue_driver_hi: 4,
  queue_device_lo: 4,
  queue_device_hi: 4,
  queue_notify_data: 2,
  queue_reset: 2,
};

/** A region a capability describes, once its BAR and offset are known. */
export interface Region {
  type: number;
  bar: number;
  offset: number;
  length: number | undefined;
  multiplier: number | undefined;
}

/** QEMU's VirtIOPCIQueue: what the driver wrote for a queue, applied at queue_enable. */
interface QueueShadow {
  num: number;
  desc: [number, number];
  avail: [number, number];
  used: [number, number];
}

const join64 = (p: [number, number]) => p[1] * 2 ** 32 + p[0];
const REGION_NAMES: Record<number, string> = { 1: "common configuration", 2: "notify", 3: "ISR", 4: "device configuration" };

export class VirtioPciModern {
  dfselect = 0;
  gfselect = 0;
  /** The driver feature words as written (QEMU's proxy->guest_features: what driver_feature reads back). */
  driverFeatures = [0, 0];
  shadows = new Map<number, QueueShadow>();
  /** queue_notify_off per queue, learned. */
  notifyOff = new Map<number, number>();
  numQueues: number | undefined;
  private capsSeen: VirtioCap[] | undefined;
  private regionsCache: Region[] = [];

  constructor(private readonly dev: VirtioPci) {}

  /** The first usable capability of each type (the driver uses the first one it understands). */
  regions(): Region[] {
    const caps = this.dev.pci.virtioCaps();
    if (caps === this.capsSeen) return this.regionsCache;
    this.capsSeen = caps;
    const out: Region[] = [];
    for (const c of caps) {
      if (c.type < CfgType.COMMON || c.type > CfgType.DEVICE || c.bar === undefined || c.offset === undefined) continue;
      if (out.some((o) => o.type === c.type)) continue;
      out.push({ type: c.type, bar: c.bar, offset: c.offset, length: c.length, multiplier: c.multiplier });
    }
    this.regionsCache = out;
    return out;
  }

  /** The region of BAR `slot` holding `offset` (a region of unknown length extends to the next one). */
  regionAt(slot: number, offset: number): Region | undefined {
    let below: Region | undefined;
    for (const g of this.regions()) {
      if (g.bar !== slot || offset < g.offset) continue;
      if (g.length !== undefined) {
        if (offset < g.offset + g.length) return g;
      } else if (below === undefined || g.offset > below.offset) below = g;
    }
    if (below === undefined) return undefined;
    for (const g of this.regions()) if (g.bar === slot && g.offset > below.offset && g.offset <= offset) return undefined;
    return below;
  }

  hasRegionIn(slot: number): boolean {
    return this.regions().some((g) => g.bar === slot);
  }

  private shadow(n: number): QueueShadow {
    let s = this.shadows.get(n);
    if (s === undefined) {
      s = { num: 0, desc: [0, 0], avail: [0, 0], used: [0, 0] };
      this.shadows.set(n, s);
    }
    return s;
  }

  /** virtio_pci_reset: the queue registers (QEMU 7.2 keeps the feature selectors and the written feature words). */
  reset(): void {
    this.shadows.clear();
  }

  /**
   * The PCI configuration access capability reaches the modern regions by their offset in
   * the modern BAR layout (QEMU's virtio_address_space_lookup: the region must hold the whole
   * access). `value`: the value written, or the value the read saw (undefined: the
   * configuration read did not show it). Returns false when no region holds it.
   */
  windowAccess(r: Reporter, memory: GuestMemory, offset: number, len: number, write: boolean, value: number | undefined): boolean {
    for (const g of this.regions()) {
      if (g.length === undefined || offset < g.offset || offset + len > g.offset + g.length) continue;
      const rel = offset - g.offset;
      if (value !== undefined) this.access(r, memory, g, rel, len, write, value);
      else if (g.type === CfgType.ISR) {
        // A read the capture could not see: only its side effect.
        this.dev.core.isr = 0;
        this.dev.core.isrKnown = true;
      }
      return true;
    }
    return false;
  }

  /** An access at `rel` within a region. Returns false when it cannot be placed. */
  access(r: Reporter, memory: GuestMemory, g: Region, rel: number, size: number, write: boolean, value: number): boolean {
    const dev = this.dev;
    const core = dev.core;
    if (misaligned(rel, size)) {
      dev.refuse(r, g.bar, g.offset + rel, size, write, value, `in the ${REGION_NAMES[g.type]} region is not aligned`);
      return true;
    }
    switch (g.type) {
      case CfgType.COMMON:
        if (write) this.commonWrite(r, rel, size, value);
        else this.commonRead(r, rel, size, value >>> 0);
        return true;
      case CfgType.NOTIFY:
        if (write) return this.notifyWrite(r, memory, g, rel, size, value);
        if (value !== 0) r.diverge(dev.id, `notify region read at ${hex(rel)}`, hex(value >>> 0), "0x0");
        return true;
      case CfgType.ISR:
        if (write) r.guestError(dev.id, g.offset + rel, value, "write to the ISR, which is read-only; ignored");
        else core.readIsr(r, value >>> 0, "ISR", true, dev.pci.msixEnabled !== true);
        return true;
      case CfgType.DEVICE:
        if (write) core.writeConfig(r, rel, size, value);
        else core.readConfig(r, rel, size, value >>> 0);
        return true;
      default:
        return false;
    }
  }

  private commonRead(r: Reporter, rel: number, size: number, obs: number): void {
    const dev = this.dev;
    const core = dev.core;
    const reg = COMMON[rel as keyof typeof COMMON] as CommonReg | undefined;
    if (reg === undefined) {
      r.guestError(dev.id, rel, null, `read of common configuration offset ${hex(rel)}, which is no field`);
      return this.expect(r, size, obs, 0, `common configuration read at ${hex(rel)}`);
    }
    if (size !== WIDTH[reg]) r.guestError(dev.id, rel, null, `${size}-byte read of the ${WIDTH[reg]}-byte field ${reg}`);
    const sel = core.queueSel;
    const shadow = this.shadows.get(sel);
    switch (reg) {
      case "device_feature_select":
        return this.expect(r, size, obs, this.dfselect, reg);
      case "device_feature": {
        if (this.dfselect > 1) return this.expect(r, size, obs, 0, `${reg} word ${this.dfselect}`);
        const known = core.hostFeatures[this.dfselect];
        if (size !== 4) {
          if (known !== undefined) this.expect(r, size, obs, known, `${reg} word ${this.dfselect}`);
          return;
        }
        core.readHostFeatures(r, this.dfselect, obs);
        // Once learned, a different word is already a divergence of its own.
        if (known === undefined && this.dfselect === 1 && !(obs & 1)) {
          r.diverge(dev.id, `${reg} word 1`, hex(obs), "VIRTIO_F_VERSION_1 (bit 32) set on a modern device");
        }
        return;
      }
      case "driver_feature_select":
        return this.expect(r, size, obs, this.gfselect, reg);
      case "driver_feature":
        return this.expect(r, size, obs, this.gfselect < 2 ? (this.driverFeatures[this.gfselect] as number) : 0, reg);
      case "config_msix_vector":
        dev.configVector = dev.readVector(r, reg, dev.configVector, obs);
        return;
      case "num_queues":
        if (size >= 2) this.numQueues = core.learn(r, reg, this.numQueues, obs);
        return;
      case "device_status":
        if (size > 1 && obs >>> 8 !== 0) this.expect(r, size, obs, core.statusValue, reg);
        else core.readStatus(r, obs);
        return;
      case "config_generation":
        if (size > 1 && obs >>> 8 !== 0) this.expect(r, size, obs, core.configGeneration ?? obs & 0xff, reg);
        core.configGeneration = core.learn(r, reg, core.configGeneration, obs & 0xff);
        return;
      case "queue_select":
        return this.expect(r, size, obs, sel, reg);
      case "queue_size": {
        const queue = core.queue(sel);
        if (queue.sizeDefault === undefined && queue.size === 0 && size >= 2) {
          // After reset: the largest size the device takes for this queue (0: no such queue).
          queue.sizeDefault = obs;
          queue.size = obs;
          queue.exists = obs !== 0;
          return;
        }
        return this.expect(r, size, obs, queue.size, `${reg} of queue ${sel}`);
      }
      case "queue_msix_vector":
        dev.queueVectors.set(sel, dev.readVector(r, `${reg} of queue ${sel}`, dev.queueVector(sel), obs));
        return;
      case "queue_enable":
        return this.expect(r, size, obs, core.queues.get(sel)?.ready ? 1 : 0, `${reg} of queue ${sel}`);
      case "queue_notify_off": {
        if (size < 2) return;
        const held = this.notifyOff.get(sel);
        if (held !== undefined && held !== obs) r.diverge(dev.id, `${reg} of queue ${sel}`, hex(obs), hex(held));
        else this.notifyOff.set(sel, obs);
        return;
      }
      case "queue_desc_lo":
        return this.expect(r, size, obs, shadow?.desc[0] ?? 0, reg);
      case "queue_desc_hi":
        return this.expect(r, size, obs, shadow?.desc[1] ?? 0, reg);
      case "queue_driver_lo":
        return this.expect(r, size, obs, shadow?.avail[0] ?? 0, reg);
      case "queue_driver_hi":
        return this.expect(r, size, obs, shadow?.avail[1] ?? 0, reg);
      case "queue_device_lo":
        return this.expect(r, size, obs, shadow?.used[0] ?? 0, reg);
      case "queue_device_hi":
        return this.expect(r, size, obs, shadow?.used[1] ?? 0, reg);
      case "queue_notify_data":
      case "queue_reset":
        // queue_notify_data: not implemented by QEMU 7.2 (reads 0); queue_reset reads 0 once a reset is done.
        return this.expect(r, size, obs, 0, reg);
      default:
        return reg satisfies never;
    }
  }

  /** A read of a field whose value the model knows: QEMU returns it cut to the access size. */
  private expect(r: Reporter, size: number, observed: number, value: number, what: string): void {
    const want = (value & allOnes(size)) >>> 0;
    if (observed !== want) r.diverge(this.dev.id, what, hex(observed), hex(want));
  }

  /** A queue address written while its queue is enabled: QEMU keeps it for the next queue_enable. */
  private enabledWrite(r: Reporter, rel: number, v: number, what: string): void {
    const sel = this.dev.core.queueSel;
    if (this.dev.core.queues.get(sel)?.ready) {
      r.guestError(
        this.dev.id,
        rel,
        v,
        `${what} of queue ${sel} written while the queue is enabled; QEMU applies it only when the queue is enabled again`,
      );
    }
  }

  private commonWrite(r: Reporter, rel: number, size: number, value: number): void {
    const dev = this.dev;
    const core = dev.core;
    const reg = COMMON[rel as keyof typeof COMMON] as CommonReg | undefined;
    if (reg === undefined) {
      r.guestError(dev.id, rel, value, `write of common configuration offset ${hex(rel)}, which is no field; dropped`);
      return;
    }
    if (size !== WIDTH[reg]) r.guestError(dev.id, rel, value, `${size}-byte write of the ${WIDTH[reg]}-byte field ${reg}`);
    const v = (value & allOnes(size)) >>> 0;
    const sel = core.queueSel;
    switch (reg) {
      case "device_feature_select":
        this.dfselect = v;
        return;
      case "driver_feature_select":
        this.gfselect = v;
        return;
      case "driver_feature":
        if (this.gfselect >= 2) {
          r.guestError(dev.id, rel, v, `driver_feature with driver_feature_select ${this.gfselect}: there are 2 feature words; dropped`);
          return;
        }
        this.driverFeatures[this.gfselect] = v;
        core.writeGuestFeatures(r, rel, this.gfselect, v);
        return;
      case "config_msix_vector":
        dev.configVector = dev.acceptVector(v);
        return;
      case "device_status":
        core.writeStatus(r, rel, v & 0xff, true);
        if (core.status === 0) dev.reset();
        return;
      case "queue_select":
        if (v >= VIRTIO_QUEUE_MAX) r.guestError(dev.id, rel, v, `queue_select ${v} is beyond the ${VIRTIO_QUEUE_MAX} queues; ignored`);
        else core.queueSel = v;
        return;
      case "queue_size": {
        const q = core.queue(sel);
        if (q.ready) r.guestError(dev.id, rel, v, `queue_size of queue ${sel} changed while the queue is enabled`);
        if (q.sizeDefault !== undefined && v > q.sizeDefault && v <= VIRTQUEUE_MAX_SIZE) {
          r.guestError(dev.id, rel, v, `queue ${sel} size ${v} is above the device's maximum ${q.sizeDefault} (QEMU accepts it)`);
        }
        this.shadow(sel).num = v;
        core.setQueueNum(r, rel, sel, v);
        return;
      }
      case "queue_msix_vector":
        dev.queueVectors.set(sel, dev.acceptVector(v));
        return;
      case "queue_enable": {
        if (v !== 1) {
          core.fail(r, rel, v, `queue_enable ${v} for queue ${sel} (the driver must write 1)`);
          return;
        }
        const q = core.queue(sel);
        const s = this.shadow(sel);
        if (q.size !== 0) {
          q.desc = join64(s.desc);
          q.avail = join64(s.avail);
          q.used = join64(s.used);
        } else {
          r.guestError(dev.id, rel, v, `queue ${sel} enabled with size 0 (it does not exist); its rings are not set`);
        }
        q.ready = true;
        return;
      }
      case "queue_desc_lo":
        this.enabledWrite(r, rel, v, "queue_desc");
        this.shadow(sel).desc[0] = v;
        return;
      case "queue_desc_hi":
        this.enabledWrite(r, rel, v, "queue_desc");
        this.shadow(sel).desc[1] = v;
        return;
      case "queue_driver_lo":
        this.enabledWrite(r, rel, v, "queue_driver");
        this.shadow(sel).avail[0] = v;
        return;
      case "queue_driver_hi":
        this.enabledWrite(r, rel, v, "queue_driver");
        this.shadow(sel).avail[1] = v;
        return;
      case "queue_device_lo":
        this.enabledWrite(r, rel, v, "queue_device");
        this.shadow(sel).used[0] = v;
        return;
      case "queue_device_hi":
        this.enabledWrite(r, rel, v, "queue_device");
        this.shadow(sel).used[1] = v;
        return;
      case "queue_reset":
        if (v === 1) {
          // QEMU: the queue returns to its reset state and is disabled.
          core.queue(sel).reset();
          dev.queueVectors.set(sel, NO_VECTOR);
        }
        return;
      case "device_feature":
      case "num_queues":
      case "config_generation":
      case "queue_notify_off":
      case "queue_notify_data":
        r.guestError(dev.id, rel, v, `write of read-only field ${reg}; ignored`);
        return;
      default:
        return reg satisfies never;
    }
  }

  /** A notify names its queue by address (offset / notify_off_multiplier; the value when the multiplier is 0). */
  private notifyWrite(r: Reporter, memory: GuestMemory, g: Region, rel: number, size: number, value: number): boolean {
    const dev = this.dev;
    const core = dev.core;
    const mult = g.multiplier;
    if (mult === undefined) return false;
    const v = (value & allOnes(size)) >>> 0;
    const n = mult === 0 ? v & 0xffff : Math.floor(rel / mult);
    const at = g.offset + rel;
    if (size !== 2) r.guestError(dev.id, at, v, `${size}-byte notify; the driver writes the 16-bit queue index`);
    if (n >= VIRTIO_QUEUE_MAX) {
      r.guestError(dev.id, at, v, `notify of queue ${n}, beyond the ${VIRTIO_QUEUE_MAX} queues; ignored`);
      return true;
    }
    if (mult !== 0) {
      const off = this.notifyOff.get(n);
      if (rel % mult !== 0 || (off !== undefined && off * mult !== rel)) {
        r.guestError(
          dev.id,
          at,
          v,
          `notify at ${hex(rel)} is not queue ${n}'s notify address (queue_notify_off × ${mult}); QEMU takes queue ${n}`,
        );
      }
      if (v !== n) r.guestError(dev.id, at, v, `notify of queue ${n} writes ${v}; the device takes the queue from the address`);
    }
    const q = core.queues.get(n);
    if (!q?.ready) {
      r.guestError(dev.id, at, n, `notify of queue ${n}, which is not enabled; ignored`);
      return true;
    }
    dev.notify(r, memory, at, n);
    return true;
  }

  encode(w: StateWriter): void {
    w.num(this.dfselect)
      .num(this.gfselect)
      .num(this.driverFeatures[0] as number)
      .num(this.driverFeatures[1] as number)
      .optNum(this.numQueues);
    const sh = [...this.shadows.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(sh.length);
    for (const [n, s] of sh)
      w.u32(n).num(s.num).num(s.desc[0]).num(s.desc[1]).num(s.avail[0]).num(s.avail[1]).num(s.used[0]).num(s.used[1]);
    const no = [...this.notifyOff.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(no.length);
    for (const [n, o] of no) w.u32(n).num(o);
  }

  decodeInto(r: StateReader): void {
    this.dfselect = r.num();
    this.gfselect = r.num();
    this.driverFeatures = [r.num(), r.num()];
    this.numQueues = r.optNum();
    const ns = r.u32();
    for (let i = 0; i < ns; i++) {
      this.shadows.set(r.u32(), { num: r.num(), desc: [r.num(), r.num()], avail: [r.num(), r.num()], used: [r.num(), r.num()] });
    }
    const no = r.u32();
    for (let i = 0; i < no; i++) this.notifyOff.set(r.u32(), r.num());
  }
}
