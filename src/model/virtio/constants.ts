// Names from the virtio specification (0.9.5 and 1.x) and QEMU's virtio core.

export const Status = {
  ACKNOWLEDGE: 1,
  DRIVER: 2,
  DRIVER_OK: 4,
  FEATURES_OK: 8,
  NEEDS_RESET: 64,
  FAILED: 128,
} as const;

export const Feature = {
  NOTIFY_ON_EMPTY: 24,
  ANY_LAYOUT: 27,
  RING_INDIRECT_DESC: 28,
  RING_EVENT_IDX: 29,
  VERSION_1: 32,
  RING_PACKED: 34,
} as const;

export const Desc = { NEXT: 1, WRITE: 2, INDIRECT: 4 } as const;

/** VIRTQUEUE_MAX_SIZE in QEMU: the largest queue a device accepts. */
export const VIRTQUEUE_MAX_SIZE = 1024;
/** VIRTIO_QUEUE_MAX in QEMU: queue selectors at or above it are ignored. */
export const VIRTIO_QUEUE_MAX = 1024;

/** Device type ids (virtio spec "Device Types"), by QEMU backend name. */
export const DEVICE_TYPES: Record<string, number> = {
  net: 1,
  blk: 2,
  console: 3,
  rng: 4,
  balloon: 5,
  scsi: 8,
  "9p": 9,
  gpu: 16,
  input: 18,
  vsock: 19,
};

/** The virtio device type a QEMU device or backend name means ("virtio-blk-pci" → 2), if known. */
export function deviceTypeOf(name: string): number | undefined {
  const m = /^virtio-([a-z0-9]+?)(?:-(?:pci|device|ccw|pci-non-transitional|pci-transitional))?$/.exec(name);
  if (m === null) return undefined;
  return DEVICE_TYPES[m[1] as string];
}

const STATUS_BITS = Object.entries(Status) as [string, number][];

export function statusNames(s: number): string {
  let out = "";
  for (const [k, v] of STATUS_BITS) if (s & v) out = out === "" ? k : `${out}|${k}`;
  return out === "" ? "0" : out;
}
