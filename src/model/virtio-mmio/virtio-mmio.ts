// virtio-mmio, version 1 (legacy, the virtio 0.9.5 appendix: GuestPageSize, QueueAlign,
// QueuePFN) and version 2 (virtio 1.x §4.2: QueueDesc/Driver/Device Low/High, QueueReady,
// ConfigGeneration), as QEMU's hw/virtio/virtio-mmio.c behaves: registers are 32-bit
// (other widths read 0 and write nothing), write-only registers read 0, a register of
// the other version is a guest error, QueuePFN 0 resets the device, Status 0 resets it.
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import type { GuestMemory } from "../guest-memory.js";
import { hex, type Reporter } from "../machine/report.js";
import { Status, VIRTIO_QUEUE_MAX, VIRTQUEUE_MAX_SIZE } from "../virtio/constants.js";
import { VirtioCore } from "../virtio/virtio-core.js";

export const MMIO_MAGIC = 0x74726976;
export const MMIO_WINDOW = 0x200;
const CONFIG = 0x100;

/** Every register of the window, by offset. */
const REGS = {
  0x000: "MagicValue",
  0x004: "Version",
  0x008: "DeviceID",
  0x00c: "VendorID",
  0x010: "DeviceFeatures",
  0x014: "DeviceFeaturesSel",
  0x020: "DriverFeatures",
  0x024: "DriverFeaturesSel",
  0x028: "GuestPageSize",
  0x030: "QueueSel",
  0x034: "QueueNumMax",
  0x038: "QueueNum",
  0x03c: "QueueAlign",
  0x040: "QueuePFN",
  0x044: "QueueReady",
  0x050: "QueueNotify",
  0x060: "InterruptStatus",
  0x064: "InterruptACK",
  0x070: "Status",
  0x080: "QueueDescLow",
  0x084: "QueueDescHigh",
  0x090: "QueueDriverLow",
  0x094: "QueueDriverHigh",
  0x0a0: "QueueDeviceLow",
  0x0a4: "QueueDeviceHigh",
  0x0ac: "SHMSel",
  0x0b0: "SHMLenLow",
  0x0b4: "SHMLenHigh",
  0x0b8: "SHMBaseLow",
  0x0bc: "SHMBaseHigh",
  0x0fc: "ConfigGeneration",
} as const;
type Reg = (typeof REGS)[keyof typeof REGS];

const LEGACY_ONLY = new Set<Reg>(["GuestPageSize", "QueueAlign", "QueuePFN"]);
const MODERN_ONLY = new Set<Reg>([
  "QueueReady",
  "QueueDescLow",
  "QueueDescHigh",
  "QueueDriverLow",
  "QueueDriverHigh",
  "QueueDeviceLow",
  "QueueDeviceHigh",
  "ConfigGeneration",
]);

/** The registers by offset / 4 (an array: looked up on every access), and which version each belongs to only. */
const REG_AT: (Reg | undefined)[] = Array.from({ length: CONFIG / 4 }, (_, k) => REGS[(4 * k) as keyof typeof REGS]);
const ONLY_VERSION: (1 | 2 | 0)[] = REG_AT.map((reg) => (reg === undefined ? 0 : LEGACY_ONLY.has(reg) ? 1 : MODERN_ONLY.has(reg) ? 2 : 0));

/** The register at an offset below CONFIG, if any. */
const regAt = (offset: number): Reg | undefined => ((offset & 3) === 0 ? REG_AT[offset >>> 2] : undefined);

/** virtio-mmio v2 keeps queue registers in the proxy until QueueReady applies them. */
interface Shadow {
  num: number;
  desc: [number, number];
  avail: [number, number];
  used: [number, number];
}

const join64 = (p: [number, number]) => p[1] * 2 ** 32 + p[0];

// Guest errors' sentences, made only for reports kept (report.ts: Why).
const badWidth = (size: number, write: boolean, reg: Reg | undefined, offset: number) =>
  `${size}-byte ${write ? "write" : "read"} of register ${reg ?? hex(offset)}; registers are 32-bit${write ? ", the write is dropped" : ""}`;
const unknownRegister = (access: string, offset: number) => `${access} of unknown register ${hex(offset)}`;
const otherVersion = (write: boolean, reg: Reg, version: number) =>
  `${write ? "write" : "read"} of ${reg}, a version ${version === 1 ? 2 : 1} register, on a version ${version} device${write ? "; dropped" : ""}`;
const selBeyond = (value: number) => `QueueSel ${value} is beyond the ${VIRTIO_QUEUE_MAX} queues; ignored`;
const readOnly = (reg: Reg) => `write of read-only register ${reg}`;

export class VirtioMmio {
  readonly kind = "virtio-mmio";
  readonly core: VirtioCore;
  /** 1 (legacy) or 2; where it came from decides whether a Version read may correct it. */
  version: 1 | 2;
  versionFrom: "property" | "read" | "default";
  vendorId: number | undefined;
  hostFeaturesSel = 0;
  guestFeaturesSel = 0;
  guestPageShift = 0;
  /** v2: driver features per word, applied at FEATURES_OK. */
  pendingFeatures = [0, 0];
  shadows = new Map<number, Shadow>();

  constructor(
    readonly id: string,
    readonly base: number,
    readonly irq: number | undefined,
    deviceType: number | undefined,
    version: 1 | 2 | undefined,
  ) {
    this.core = new VirtioCore(id, deviceType);
    this.version = version ?? 1;
    this.versionFrom = version === undefined ? "default" : "property";
  }

  get legacy(): boolean {
    return this.version === 1;
  }

  private shadow(n: number): Shadow {
    let s = this.shadows.get(n);
    if (s === undefined) {
      s = { num: 0, desc: [0, 0], avail: [0, 0], used: [0, 0] };
      this.shadows.set(n, s);
    }
    return s;
  }

  /** virtio_mmio_reset / soft reset after Status 0. */
  private resetTransport(): void {
    this.core.reset();
    this.hostFeaturesSel = this.guestFeaturesSel = this.guestPageShift = 0;
    this.pendingFeatures = [0, 0];
    this.shadows.clear();
  }

  read(r: Reporter, memory: GuestMemory, offset: number, size: number, observed: number): void {
    if (offset >= CONFIG) {
      this.core.readConfig(r, offset - CONFIG, size, observed);
      return;
    }
    const reg = regAt(offset);
    if (size !== 4) {
      r.guestError(this.id, offset, null, badWidth, size, false, reg, offset);
      this.expect(r, observed, 0, `${size}-byte read of ${reg ?? hex(offset)}`);
      return;
    }
    if (reg === undefined) {
      r.guestError(this.id, offset, null, unknownRegister, "read", offset);
      this.expect(r, observed, 0, `read of unknown register ${hex(offset)}`);
      return;
    }
    const only = ONLY_VERSION[offset >>> 2] as number;
    if (only !== 0 && only !== this.version) {
      r.guestError(this.id, offset, null, otherVersion, false, reg, this.version);
      this.expect(r, observed, 0, reg);
      return;
    }
    const core = this.core;
    switch (reg) {
      case "MagicValue":
        return this.expect(r, observed, MMIO_MAGIC, reg);
      case "Version":
        if (this.versionFrom === "default" && (observed === 1 || observed === 2)) {
          this.version = observed;
          this.versionFrom = "read";
          return;
        }
        return this.expect(r, observed, this.version, reg);
      case "DeviceID":
        core.deviceType = core.learn(r, reg, core.deviceType, observed);
        return;
      case "VendorID":
        this.vendorId = core.learn(r, reg, this.vendorId, observed);
        return;
      case "DeviceFeatures": {
        if (this.legacy && this.hostFeaturesSel !== 0) return this.expect(r, observed, 0, `${reg} word ${this.hostFeaturesSel} (legacy)`);
        core.readHostFeatures(r, this.hostFeaturesSel, observed);
        if (!this.legacy && this.hostFeaturesSel === 1 && !(observed & 1)) {
          r.diverge(this.id, "DeviceFeatures word 1", hex(observed), "VIRTIO_F_VERSION_1 (bit 32) set on a version 2 device");
        }
        return;
      }
      case "QueueNumMax": {
        // QEMU: 0 when the queue does not exist, else VIRTQUEUE_MAX_SIZE.
        const queue = core.queue(core.queueSel);
        if (queue.exists === undefined) {
          if (observed !== 0 && observed !== VIRTQUEUE_MAX_SIZE) r.diverge(this.id, reg, hex(observed), `0 or ${VIRTQUEUE_MAX_SIZE}`);
          queue.exists = observed !== 0;
          return;
        }
        return this.expect(r, observed, queue.exists ? VIRTQUEUE_MAX_SIZE : 0, reg);
      }
      case "QueuePFN":
        return this.expect(r, observed, Math.floor(core.queue(core.queueSel).desc / 2 ** this.guestPageShift), reg);
      case "QueueReady":
        return this.expect(r, observed, core.queue(core.queueSel).ready ? 1 : 0, reg);
      case "InterruptStatus":
        core.readIsr(r, observed, reg, false);
        return;
      case "Status":
        core.readStatus(r, observed);
        return;
      case "ConfigGeneration":
        core.configGeneration = core.learn(r, reg, core.configGeneration, observed);
        return;
      case "SHMLenLow":
      case "SHMLenHigh":
        return this.expect(r, observed, 0xffffffff, reg);
      case "SHMBaseLow":
      case "SHMBaseHigh":
      case "SHMSel":
        r.guestError(this.id, offset, null, `read of ${reg}, which QEMU does not implement`);
        return this.expect(r, observed, 0, reg);
      case "DeviceFeaturesSel":
      case "DriverFeatures":
      case "DriverFeaturesSel":
      case "GuestPageSize":
      case "QueueSel":
      case "QueueNum":
      case "QueueAlign":
      case "QueueNotify":
      case "InterruptACK":
      case "QueueDescLow":
      case "QueueDescHigh":
      case "QueueDriverLow":
      case "QueueDriverHigh":
      case "QueueDeviceLow":
      case "QueueDeviceHigh":
        r.guestError(this.id, offset, null, `read of write-only register ${reg}`);
        return this.expect(r, observed, 0, reg);
      default:
        return reg satisfies never;
    }
  }

  /** A register read that must have given `allowed`. */
  private expect(r: Reporter, observed: number, allowed: number, why: string): void {
    if (observed !== allowed) r.diverge(this.id, why, hex(observed), hex(allowed));
  }

  write(r: Reporter, memory: GuestMemory, offset: number, size: number, value: number): void {
    const core = this.core;
    if (offset >= CONFIG) {
      core.writeConfig(r, offset - CONFIG, size, value);
      return;
    }
    const reg = regAt(offset);
    if (size !== 4) {
      r.guestError(this.id, offset, value, badWidth, size, true, reg, offset);
      return;
    }
    if (reg === undefined) {
      r.guestError(this.id, offset, value, unknownRegister, "write", offset);
      return;
    }
    const only = ONLY_VERSION[offset >>> 2] as number;
    if (only !== 0 && only !== this.version) {
      r.guestError(this.id, offset, value, otherVersion, true, reg, this.version);
      return;
    }
    const sel = core.queueSel;
    switch (reg) {
      case "DeviceFeaturesSel":
        this.hostFeaturesSel = value ? 1 : 0;
        return;
      case "DriverFeatures":
        if (this.legacy) {
          if (this.guestFeaturesSel !== 0)
            r.guestError(this.id, offset, value, "legacy driver features written with DriverFeaturesSel ≠ 0; dropped");
          else core.writeGuestFeatures(r, offset, 0, value);
        } else {
          if (core.status & Status.FEATURES_OK)
            r.guestError(this.id, offset, value, "driver features written after FEATURES_OK; the device ignores them");
          this.pendingFeatures[this.guestFeaturesSel] = value >>> 0;
        }
        return;
      case "DriverFeaturesSel":
        this.guestFeaturesSel = value ? 1 : 0;
        return;
      case "GuestPageSize": {
        if (value === 0 || (value & (value - 1)) !== 0) r.guestError(this.id, offset, value, `GuestPageSize ${value} is not a power of 2`);
        const shift = value === 0 ? 0 : 31 - Math.clz32(value & -value);
        this.guestPageShift = shift;
        return;
      }
      case "QueueSel":
        if (value >= VIRTIO_QUEUE_MAX) r.guestError(this.id, offset, value, selBeyond, value);
        else core.queueSel = value;
        return;
      case "QueueNum": {
        core.setQueueNum(r, offset, sel, value);
        if (this.legacy) core.queue(sel).setLegacyRings(core.queue(sel).desc);
        else this.shadow(sel).num = value;
        return;
      }
      case "QueueAlign": {
        const queue = core.queue(sel);
        if (value === 0 || (value & (value - 1)) !== 0) r.guestError(this.id, offset, value, `QueueAlign ${value} is not a power of 2`);
        queue.align = value || 4096;
        queue.setLegacyRings(queue.desc);
        return;
      }
      case "QueuePFN":
        if (value === 0) {
          r.guestError(this.id, offset, value, "QueuePFN 0: QEMU resets the whole device");
          this.resetTransport();
          return;
        }
        {
          const queue = core.queue(sel);
          if (queue.size === 0 && queue.exists !== false) queue.lost = true; // the default size is not known
          queue.setLegacyRings(value * 2 ** this.guestPageShift);
        }
        return;
      case "QueueReady": {
        const queue = core.queue(sel);
        if (value) {
          const s = this.shadow(sel);
          if (s.num) core.setQueueNum(r, offset, sel, s.num);
          queue.desc = join64(s.desc);
          queue.avail = join64(s.avail);
          queue.used = join64(s.used);
          queue.ready = true;
        } else {
          queue.ready = false;
        }
        return;
      }
      case "QueueNotify":
        if (value >= VIRTIO_QUEUE_MAX)
          r.guestError(this.id, offset, value, `notify of queue ${value}, beyond the ${VIRTIO_QUEUE_MAX} queues`);
        else core.notify(r, memory, offset, value);
        return;
      case "InterruptACK":
        core.ackIsr(value);
        return;
      case "Status":
        if (!this.legacy && value & Status.FEATURES_OK && !(core.status & Status.FEATURES_OK)) {
          core.writeGuestFeatures(r, offset, 0, this.pendingFeatures[0] as number);
          core.writeGuestFeatures(r, offset, 1, this.pendingFeatures[1] as number);
        }
        core.writeStatus(r, offset, value, !this.legacy);
        if (core.status === 0) this.resetTransport();
        return;
      case "QueueDescLow":
        this.shadow(sel).desc[0] = value >>> 0;
        return;
      case "QueueDescHigh":
        this.shadow(sel).desc[1] = value >>> 0;
        return;
      case "QueueDriverLow":
        this.shadow(sel).avail[0] = value >>> 0;
        return;
      case "QueueDriverHigh":
        this.shadow(sel).avail[1] = value >>> 0;
        return;
      case "QueueDeviceLow":
        this.shadow(sel).used[0] = value >>> 0;
        return;
      case "QueueDeviceHigh":
        this.shadow(sel).used[1] = value >>> 0;
        return;
      case "SHMSel":
        r.guestError(this.id, offset, value, "write of SHMSel, which QEMU does not implement");
        return;
      case "MagicValue":
      case "Version":
      case "DeviceID":
      case "VendorID":
      case "DeviceFeatures":
      case "QueueNumMax":
      case "InterruptStatus":
      case "ConfigGeneration":
      case "SHMLenLow":
      case "SHMLenHigh":
      case "SHMBaseLow":
      case "SHMBaseHigh":
        r.guestError(this.id, offset, value, readOnly, reg);
        return;
      default:
        return reg satisfies never;
    }
  }

  encode(w: StateWriter): void {
    w.str("virtio-mmio").str(this.id).num(this.base).optNum(this.irq).u8(this.version).str(this.versionFrom).optNum(this.vendorId);
    w.num(this.hostFeaturesSel)
      .num(this.guestFeaturesSel)
      .num(this.guestPageShift)
      .num(this.pendingFeatures[0] as number)
      .num(this.pendingFeatures[1] as number);
    const sh = [...this.shadows.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(sh.length);
    for (const [n, s] of sh)
      w.num(n).num(s.num).num(s.desc[0]).num(s.desc[1]).num(s.avail[0]).num(s.avail[1]).num(s.used[0]).num(s.used[1]);
    this.core.encode(w);
  }

  static decode(r: StateReader): VirtioMmio {
    const id = r.str();
    const base = r.num();
    const irq = r.optNum();
    const version = r.u8() as 1 | 2;
    const d = new VirtioMmio(id, base, irq, undefined, version);
    d.versionFrom = r.str() as VirtioMmio["versionFrom"];
    d.vendorId = r.optNum();
    d.hostFeaturesSel = r.num();
    d.guestFeaturesSel = r.num();
    d.guestPageShift = r.num();
    d.pendingFeatures = [r.num(), r.num()];
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      d.shadows.set(r.num(), { num: r.num(), desc: [r.num(), r.num()], avail: [r.num(), r.num()], used: [r.num(), r.num()] });
    }
    (d as { core: VirtioCore }).core = VirtioCore.decode(r);
    return d;
  }
}
