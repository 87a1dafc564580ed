// The device-independent steps of a virtio driver's bring-up, in the order of the virtio
// specification (3.1.1, 0.9.5 §2.2.1), shared by the reference drivers (virtio-blk.ts,
// virtio-scsi.ts): probe and reset, ACKNOWLEDGE and DRIVER, feature negotiation with
// FEATURES_OK read back on virtio 1.x transports, the configuration read under a stable
// generation, one queue set up (size, rings, enable), and DRIVER_OK read back. Each step
// fails with an Error naming the transport and what the device did. VirtioDriver holds what
// the drivers keep around these steps (what negotiation found) and their reset on remove.
import type { DriverBus } from "./driver-bus.js";
import type { FaultName } from "./faults.js";
import type { GuestMemory } from "./guest-memory.js";
import { allocateQueue, SplitVirtqueue } from "./virtqueue.js";
import {
  STATUS_ACKNOWLEDGE,
  STATUS_DRIVER,
  STATUS_DRIVER_OK,
  STATUS_FAILED,
  STATUS_FEATURES_OK,
  VIRTIO_F_VERSION_1,
  type VirtioTransport,
} from "./virtio-transport.js";

/** A fault the driver commits on purpose during bring-up (faults.ts), and how it says so. */
export interface BringUpFault {
  name: FaultName | undefined;
  /** Records that the fault is committed now (a marker event). */
  commit(what: string): void;
}

export interface Negotiated {
  /** What probe found. */
  probe: string;
  deviceFeatures: bigint;
  driverFeatures: bigint;
  /** The status written so far (ACKNOWLEDGE | DRIVER, and FEATURES_OK on virtio 1.x). */
  status: number;
}

/**
 * Probes for virtio device `deviceId`, resets it, sets ACKNOWLEDGE and DRIVER and accepts
 * the device's features within `wanted` (plus VIRTIO_F_VERSION_1 on a modern transport,
 * which must offer it); on a modern transport sets FEATURES_OK and checks it stuck.
 * `name` prefixes the markers ("virtio-blk").
 */
export async function negotiate(
  bus: DriverBus,
  t: VirtioTransport,
  name: string,
  deviceId: number,
  wanted: bigint,
  fault?: BringUpFault,
): Promise<Negotiated> {
  bus.marker(`${name}: probe ${t.description}`);
  const probe = await t.probe(deviceId);
  bus.marker(`${name}: reset and status handshake`);
  await t.reset();
  let status = STATUS_ACKNOWLEDGE;
  await t.setStatus(status);
  status |= STATUS_DRIVER;
  await t.setStatus(status);
  const deviceFeatures = await t.deviceFeatures();
  if (t.modern && (deviceFeatures & (1n << VIRTIO_F_VERSION_1)) === 0n) {
    await t.setStatus(status | STATUS_FAILED);
    throw new Error(`${t.description}: the device does not offer VIRTIO_F_VERSION_1 (features 0x${deviceFeatures.toString(16)})`);
  }
  const driverFeatures = deviceFeatures & (wanted | (t.modern ? 1n << VIRTIO_F_VERSION_1 : 0n));
  await t.setDriverFeatures(driverFeatures);
  if (t.modern && fault?.name === "driver-ok-without-features-ok") {
    fault.commit("FEATURES_OK is never set; DRIVER_OK follows without it");
  } else if (t.modern) {
    status |= STATUS_FEATURES_OK;
    await t.setStatus(status);
    const back = await t.getStatus();
    if ((back & STATUS_FEATURES_OK) === 0) {
      await t.setStatus(status | STATUS_FAILED);
      throw new Error(`${t.description}: the device refused features 0x${driverFeatures.toString(16)} (FEATURES_OK did not stick)`);
    }
    if (fault?.name === "features-after-features-ok") {
      fault.commit(`driver features 0x${driverFeatures.toString(16)} written again after FEATURES_OK`);
      await t.setDriverFeatures(driverFeatures);
    }
  }
  return { probe, deviceFeatures, driverFeatures, status };
}

/** Runs `read` until the configuration generation is the same before and after it (at most 10 times). */
export async function readConfigStable<T>(t: VirtioTransport, what: string, read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const g0 = await t.configGeneration();
    const value = await read();
    const g1 = await t.configGeneration();
    if (g0 === g1) return value;
  }
  throw new Error(`${t.description}: the configuration kept changing while the ${what} was read`);
}

/**
 * Sets queue `index` up: the size (the device's when it fixes it, else `preferred` capped at
 * the maximum), rings in guest memory zeroed before the device learns their address, then
 * enabled. Throws when the queue does not exist.
 */
export async function setUpQueue(
  bus: DriverBus,
  t: VirtioTransport,
  mem: GuestMemory,
  index: number,
  preferred: number,
  fault?: BringUpFault,
): Promise<SplitVirtqueue> {
  const limits = await t.queueLimits(index);
  if (limits.max === 0) throw new Error(`${t.description}: queue ${index} does not exist (maximum size 0)`);
  let size = limits.fixedSize ? limits.max : Math.min(preferred, limits.max);
  if (fault?.name === "queue-size-over-max") {
    size = 2 * limits.max;
    fault.commit(`queue ${index} size ${size}, above the device's maximum ${limits.max}`);
  }
  const q = allocateQueue(mem, size, limits.legacyLayout?.align);
  const vq = new SplitVirtqueue(bus, index, q, () => t.notify(index));
  await vq.clear();
  await t.activateQueue(index, q);
  return vq;
}

/** Sets DRIVER_OK on top of `status` and checks the status reads back whole. Returns the new status. */
export async function driverOk(t: VirtioTransport, status: number): Promise<number> {
  const next = status | STATUS_DRIVER_OK;
  await t.setStatus(next);
  const final = await t.getStatus();
  if (final !== next)
    throw new Error(`${t.description}: status reads 0x${final.toString(16)} after DRIVER_OK, expected 0x${next.toString(16)}`);
  return next;
}

/**
 * The part every reference virtio driver shares: the bus, transport, guest memory and options
 * it runs with, what negotiation found, and the reset on remove. `name` prefixes the markers
 * ("virtio-blk").
 */
export abstract class VirtioDriver<O extends { irqTimeoutMs?: number } = { irqTimeoutMs?: number }> {
  deviceFeatures = 0n;
  driverFeatures = 0n;
  probeText = "";
  /** How long to wait for an interrupt: the options' irqTimeoutMs, default 5 s. */
  protected readonly irqTimeoutMs: number;

  constructor(
    protected readonly name: string,
    protected readonly bus: DriverBus,
    readonly transport: VirtioTransport,
    protected readonly mem: GuestMemory,
    protected readonly opts: O,
  ) {
    this.irqTimeoutMs = opts.irqTimeoutMs ?? 5000;
  }

  /** negotiate() for this driver, keeping the probe text and the features. */
  protected async negotiate(deviceId: number, wanted: bigint, fault?: BringUpFault): Promise<Negotiated> {
    const n = await negotiate(this.bus, this.transport, this.name, deviceId, wanted, fault);
    this.probeText = n.probe;
    this.deviceFeatures = n.deviceFeatures;
    this.driverFeatures = n.driverFeatures;
    return n;
  }

  /** Resets the device (the driver's remove path): it stops using every queue. */
  async shutdown(): Promise<void> {
    this.bus.marker(`${this.name}: reset on remove`);
    await this.transport.reset();
  }
}
