// The driver bugs the reference drivers commit on purpose (`devtape drive --fault NAME`),
// so that a recording holds one known mistake made the way a buggy real driver makes it,
// on real QEMU, with everything else as the correct driver does it. Each fault is injected
// once, at the first place it can be (the first request batch, the first interrupt, the
// status handshake), with a marker event naming it at that point; irq-not-acked stays in
// force from then on, as a driver that never acknowledges does. The recordings are the raw
// material for the ordering rules: some faults the device model already reports as guest
// errors, the ordering faults only show in the order of the recorded events.
//
// This module is the catalogue only (names, one-line descriptions, where each applies);
// the drivers (virtio-blk.ts, virtqueue.ts, megasas.ts) carry out the faults.

export const FAULT_NAMES = [
  "idx-before-entry",
  "notify-before-publish",
  "missing-notify",
  "desc-after-publish",
  "used-before-idx",
  "driver-ok-without-features-ok",
  "features-after-features-ok",
  "queue-size-over-max",
  "descriptor-loop",
  "missing-barrier",
  "irq-not-acked",
  "megasas-consumer-past-producer",
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** Faults the split virtqueue commits (virtqueue.ts); the rest belong to the device drivers. */
export const RING_FAULTS = [
  "idx-before-entry",
  "notify-before-publish",
  "missing-notify",
  "desc-after-publish",
  "used-before-idx",
  "descriptor-loop",
  "missing-barrier",
] as const satisfies readonly FaultName[];
export type RingFault = (typeof RING_FAULTS)[number];

export function isRingFault(f: FaultName | undefined): f is RingFault {
  return (RING_FAULTS as readonly string[]).includes(f ?? "");
}

const VIRTIO_ALL = ["mmio-v1", "mmio-v2", "pci-legacy", "pci-modern"] as const;
const VIRTIO_MODERN = ["mmio-v2", "pci-modern"] as const;

/** Where a fault applies: a device, and for virtio-blk the transports. */
export interface FaultTarget {
  device: "virtio-blk" | "megasas" | "megasas-gen2";
  transports?: readonly string[];
}

export interface FaultSpec {
  name: FaultName;
  /** What the driver does wrong, in one line. */
  description: string;
  /** What replay shows today: a guest error of the device model, or only the order of events (for the ordering rules). */
  seenBy: "model" | "event-order";
  targets: readonly FaultTarget[];
}

const blk = (transports: readonly string[] = VIRTIO_ALL): FaultTarget => ({ device: "virtio-blk", transports });

export const FAULTS: readonly FaultSpec[] = [
  {
    name: "idx-before-entry",
    description: "stores avail->idx before the avail ring entries it publishes",
    seenBy: "event-order",
    targets: [blk()],
  },
  {
    name: "notify-before-publish",
    description: "notifies the device before storing avail->idx; the device finds nothing new and the requests wait",
    seenBy: "event-order",
    targets: [blk()],
  },
  {
    name: "missing-notify",
    description: "makes requests available but never notifies the device; the driver gives up after a bounded wait",
    seenBy: "event-order",
    targets: [blk()],
  },
  {
    name: "desc-after-publish",
    description: "writes the first request's descriptors after storing avail->idx (before the notify)",
    seenBy: "event-order",
    targets: [blk()],
  },
  {
    name: "used-before-idx",
    description: "reads the next used ring element before used->idx (and before the read barrier)",
    seenBy: "event-order",
    targets: [blk()],
  },
  {
    name: "driver-ok-without-features-ok",
    description: "sets DRIVER_OK without ever setting FEATURES_OK (virtio 1.x)",
    seenBy: "model",
    targets: [blk(VIRTIO_MODERN)],
  },
  {
    name: "features-after-features-ok",
    description: "writes its feature words again after FEATURES_OK",
    seenBy: "model",
    targets: [blk(VIRTIO_MODERN)],
  },
  {
    name: "queue-size-over-max",
    description: "sets queue 0's size to twice the device's maximum and lays its rings out for that size",
    seenBy: "model",
    targets: [blk(["pci-modern"])],
  },
  {
    name: "descriptor-loop",
    description: "chains the first request's last descriptor to itself; QEMU marks the device broken (virtio_error)",
    seenBy: "model",
    targets: [blk()],
  },
  {
    name: "missing-barrier",
    description: "leaves out the write barrier between the avail ring entries and the avail->idx store",
    seenBy: "event-order",
    targets: [blk()],
  },
  {
    name: "irq-not-acked",
    description: "never acknowledges the interrupt (no InterruptACK / ISR read / outbound doorbell clear) and polls for completions",
    seenBy: "event-order",
    targets: [blk(), { device: "megasas" }, { device: "megasas-gen2" }],
  },
  {
    name: "megasas-consumer-past-producer",
    description: "stores a reply queue consumer index one past the producer after taking the completions",
    seenBy: "model",
    targets: [{ device: "megasas" }, { device: "megasas-gen2" }],
  },
];

export function faultSpec(name: FaultName): FaultSpec {
  return FAULTS.find((f) => f.name === name) as FaultSpec;
}

export function isFaultName(text: string): text is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(text);
}

/** "virtio-blk (mmio-v2, pci-modern), megasas": where a fault applies, for people. */
export function describeTargets(spec: FaultSpec): string {
  return spec.targets
    .map((t) =>
      t.transports === undefined || t.transports.length === VIRTIO_ALL.length ? t.device : `${t.device} (${t.transports.join(", ")})`,
    )
    .join(", ");
}

/** Why `name` cannot be injected into `device` on `transport` (a sentence naming where it can), or undefined when it can. */
export function faultMismatch(name: FaultName, device: string, transport: string | undefined): string | undefined {
  const spec = faultSpec(name);
  const target = spec.targets.find((t) => t.device === device);
  if (target !== undefined && (target.transports === undefined || target.transports.includes(transport ?? ""))) return undefined;
  const here = target !== undefined ? `${device} --transport ${transport}` : device;
  return `--fault ${name} applies to ${describeTargets(spec)}, not to ${here}`;
}

/** The catalogue as a table, one fault per line: name, where it applies, what the driver does. */
export function formatCatalogue(): string {
  const rows = FAULTS.map((f) => [f.name, describeTargets(f), f.description]);
  const w0 = Math.max(...rows.map((r) => (r[0] as string).length));
  const w1 = Math.max(...rows.map((r) => (r[1] as string).length));
  return rows.map(([n, t, d]) => `${(n as string).padEnd(w0)}  ${(t as string).padEnd(w1)}  ${d}\n`).join("");
}
