// The per-device summary replay prints: status, negotiated features, each queue's size,
// avail idx, used idx, completions and requests in flight, interrupts, guest errors.
import { statusNames } from "../virtio/constants.js";
import { VirtioMmio } from "../virtio-mmio/virtio-mmio.js";
import { VirtioPci } from "../virtio-pci/virtio-pci.js";
import type { Machine } from "./machine.js";

export interface QueueSummary {
  index: number;
  size: number;
  /** avail.idx as the driver last published it; null when the capture did not show it. */
  availIdx: number | null;
  usedIdx: number;
  completed: number;
  inFlight: number;
  /** Descriptions of the requests in flight (device-specific decoding). */
  pending: string[];
}

export interface DeviceSummary {
  id: string;
  kind: string;
  /** Virtio device type id, when known. */
  deviceType?: number | null;
  status?: number;
  statusNames?: string;
  /** Device and driver features as 64-bit hex, device null until read. */
  deviceFeatures?: string | null;
  driverFeatures?: string;
  transport?: string;
  queues?: QueueSummary[];
  interrupts?: number;
  guestErrors: number;
}

const hex64 = (lo: number, hi: number) => `0x${((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16)}`;

export function summarize(m: Machine): DeviceSummary[] {
  const errorsBy = new Map<string, number>();
  for (const g of m.guestErrors) errorsBy.set(g.device, (errorsBy.get(g.device) ?? 0) + 1);
  const out: DeviceSummary[] = [];
  for (const d of [...m.devices.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const core = d.core;
    const base: DeviceSummary = { id: d.id, kind: d.kind, guestErrors: errorsBy.get(d.id) ?? 0 };
    if (core === undefined) {
      out.push(base);
      continue;
    }
    const [h0, h1] = core.hostFeatures;
    out.push({
      ...base,
      deviceType: core.deviceType ?? null,
      status: core.statusValue,
      statusNames: statusNames(core.statusValue),
      deviceFeatures: h0 === undefined ? null : hex64(h0, h1 ?? 0),
      driverFeatures: hex64(core.guestFeatures[0] as number, core.guestFeatures[1] as number),
      transport: d instanceof VirtioMmio ? `virtio-mmio v${d.version}` : d instanceof VirtioPci ? d.transport : undefined,
      queues: [...core.queues.values()]
        .filter((q) => q.size !== 0 || q.desc !== 0)
        .sort((a, b) => a.index - b.index)
        .map((q) => ({
          index: q.index,
          size: q.size,
          availIdx: q.availIdx(m.memory) ?? null,
          usedIdx: q.usedIdx,
          completed: q.completed,
          inFlight: q.inflight.length - q.unidentified,
          pending: q.inflight.map((f) => `head ${f.head}: ${f.summary}`),
        })),
      interrupts: core.interrupts,
    });
  }
  return out;
}
