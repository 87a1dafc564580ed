// The virtio transport interface the block driver is written against, and the constants
// shared by every transport (device status bits, transport feature bits). Each transport
// (virtio-mmio version 1 and 2, virtio-pci legacy and modern) maps these operations onto
// its own registers; the driver never touches a register itself, so one driver covers
// all four and the captures differ only where the transports do.

export const STATUS_ACKNOWLEDGE = 1;
export const STATUS_DRIVER = 2;
export const STATUS_DRIVER_OK = 4;
export const STATUS_FEATURES_OK = 8;
export const STATUS_DEVICE_NEEDS_RESET = 64;
export const STATUS_FAILED = 128;

export const VIRTIO_F_NOTIFY_ON_EMPTY = 24n;
export const VIRTIO_F_ANY_LAYOUT = 27n;
export const VIRTIO_F_RING_INDIRECT_DESC = 28n;
export const VIRTIO_F_RING_EVENT_IDX = 29n;
export const VIRTIO_F_VERSION_1 = 32n;

export const VIRTIO_ID_BLOCK = 2;
export const VIRTIO_ID_SCSI = 8;

/** Where a queue's three parts live in guest memory. */
export interface QueueAddresses {
  size: number;
  desc: number;
  avail: number;
  used: number;
}

export interface QueueLimits {
  /** Largest size the device accepts (0: the queue does not exist). */
  max: number;
  /** The device fixes the size (legacy virtio-pci): the driver must use `max`. */
  fixedSize: boolean;
  /**
   * The ring must be one contiguous legacy layout (descriptors, avail, then used at the
   * next `align` boundary), because the transport only takes its first page frame.
   */
  legacyLayout: { align: number } | undefined;
}

import type { MsixRam } from "./msix-ram.js";

export interface VirtioTransport {
  /** e.g. "virtio-mmio v1 at 0xfeb00e00". */
  readonly description: string;
  /** The transport speaks virtio 1.x: FEATURES_OK and VIRTIO_F_VERSION_1 are required. */
  readonly modern: boolean;
  /** The interrupt line the device raises. */
  readonly irq: number;
  /** MSI-X through words of RAM (msix-ram.ts), when the driver enabled it: interrupts are waited for there, not on `irq`. */
  readonly msix?: MsixRam | undefined;
  /** With MSI-X: names the configuration's vector (after the reset, before the queues, as Linux's vp_find_vqs). */
  assignConfigVector?(): Promise<void>;
  /** Checks the device is there and is a virtio device of `deviceId`; returns what it found. */
  probe(deviceId: number): Promise<string>;
  reset(): Promise<void>;
  getStatus(): Promise<number>;
  setStatus(status: number): Promise<void>;
  deviceFeatures(): Promise<bigint>;
  setDriverFeatures(features: bigint): Promise<void>;
  /** Reads `size` bytes (1, 2 or 4) of the device-specific configuration at `offset`. */
  readConfig(offset: number, size: 1 | 2 | 4): Promise<number>;
  /** Configuration generation (modern transports), or undefined when the transport has none. */
  configGeneration(): Promise<number | undefined>;
  /** Selects queue `index` and says what the device allows for it. */
  queueLimits(index: number): Promise<QueueLimits>;
  /** Hands the queue's memory to the device and enables it. */
  activateQueue(index: number, q: QueueAddresses): Promise<void>;
  /** Tells the device queue `index` has new buffers. */
  notify(index: number): Promise<void>;
  /**
   * Reads why the device interrupted and acknowledges it (virtio-pci: reading the ISR
   * clears it; virtio-mmio: InterruptStatus, then the same bits to InterruptACK). Bit 0:
   * used buffers; bit 1: configuration change.
   */
  takeInterrupt(): Promise<number>;
  /**
   * Reads why the device interrupted without acknowledging it, where the transport can
   * (virtio-mmio: InterruptStatus); undefined where reading is acknowledging (virtio-pci's
   * ISR clears on read), so nothing is read. For a driver that never acknowledges (faults.ts).
   */
  peekInterrupt(): Promise<number | undefined>;
}
