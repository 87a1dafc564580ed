// The per-device summary replay prints: status, negotiated features, each queue's size,
// avail idx, used idx, completions and requests in flight, interrupts, guest errors; for a
// megasas HBA the firmware state, the reply queue and the frames.
import { Megasas } from "../megasas/megasas.js";
import { fwStateName } from "../megasas/mfi.js";
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
  /** Requests popped over the device's life by "queue: kind" (virtio), in key order. */
  requests?: Record<string, number>;
  interrupts?: number;
  /** Configuration changes the host made that the capture does not show, inferred from their interrupts (virtio). */
  hostConfigChanges?: number;
  /** VIRTIO_F_RING_PACKED negotiated: the queues are packed, which the model does not follow (present only then). */
  packedRings?: true;
  megasas?: MegasasSummary;
  guestErrors: number;
}

export interface MegasasSummary {
  generation: 1 | 2;
  /** Firmware state name, and the whole state word once its constant bits were read. */
  fwState: string;
  fwStateWord: string | null;
  maxCommands: number | null;
  maxSge: number | null;
  interruptsEnabled: boolean;
  interruptMode: "intx" | "msi" | "msix";
  /** After INIT: entries, where it is, the producer (the device's head as last seen) and the consumer (as the driver stored it). */
  replyQueue: { entries: number; address: string; producer: number | null; consumer: number | null } | null;
  framesPosted: number;
  framesCompleted: number;
  framesOutstanding: number;
  /** Frames posted by command (DCMDs by opcode). */
  commands: Record<string, number>;
  /** The outstanding frames, decoded. */
  pending: string[];
}

export function megasasSummary(d: Megasas): MegasasSummary {
  const rq = d.reply;
  const word = d.stateWord();
  const outstanding = d.outstanding;
  return {
    generation: d.gen.gen,
    fwState: fwStateName(d.fwState),
    fwStateWord: word === undefined ? null : `0x${word.toString(16)}`,
    maxCommands: d.fwCmds ?? null,
    maxSge: d.fwSge ?? null,
    interruptsEnabled: d.intrEnabled,
    interruptMode: d.irqMode(),
    replyQueue:
      rq === undefined
        ? null
        : { entries: rq.entries, address: `0x${rq.base.toString(16)}`, producer: rq.head ?? null, consumer: rq.consumer ?? null },
    framesPosted: d.posted,
    framesCompleted: d.completed,
    framesOutstanding: outstanding.length,
    commands: Object.fromEntries([...d.commands.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))),
    pending: outstanding.map(
      (q) => `frame 0x${q.frame.toString(16)} (event ${q.seq}${q.phase === "never" ? ", never completes" : ""}): ${q.d.summary}`,
    ),
  };
}

const hex64 = (lo: number, hi: number) => `0x${((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16)}`;

export function summarize(m: Machine): DeviceSummary[] {
  const errorsBy = new Map<string, number>();
  for (const g of m.guestErrors) errorsBy.set(g.device, (errorsBy.get(g.device) ?? 0) + 1);
  const out: DeviceSummary[] = [];
  for (const d of [...m.devices.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const core = d.core;
    const base: DeviceSummary = { id: d.id, kind: d.kind, guestErrors: errorsBy.get(d.id) ?? 0 };
    if (d instanceof Megasas) {
      out.push({
        ...base,
        transport: `${d.kind}, ${d.gen.gen === 1 ? "SAS1078" : "SAS2108"}`,
        interrupts: d.interrupts,
        megasas: megasasSummary(d),
      });
      continue;
    }
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
      requests: Object.fromEntries([...core.requests.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))),
      interrupts: core.interrupts,
      hostConfigChanges: core.hostConfigChanges,
      ...(core.packedRings ? { packedRings: true as const } : {}),
    });
  }
  return out;
}
