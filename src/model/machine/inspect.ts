// The full state of the machine as plain data, for `devtape state`: every device register
// the model holds, every queue with its ring addresses and requests in flight, what the
// model learned about each device, and which guest memory it knows.
import { statusNames } from "../virtio/constants.js";
import { VirtioMmio } from "../virtio-mmio/virtio-mmio.js";
import type { Machine } from "./machine.js";

const hex = (n: number | undefined | null) => (n === undefined || n === null ? null : `0x${n.toString(16)}`);

export function inspectDevice(m: Machine, id: string): Record<string, unknown> | undefined {
  const d = m.devices.get(id);
  if (d === undefined) return undefined;
  if (!(d instanceof VirtioMmio)) {
    return { id: d.id, kind: d.kind, modelled: false, base: hex(d.base), size: d.size, irq: d.irq ?? null, accesses: d.accesses };
  }
  const c = d.core;
  return {
    id: d.id,
    kind: d.kind,
    modelled: true,
    base: hex(d.base),
    irq: d.irq ?? null,
    version: d.version,
    versionFrom: d.versionFrom,
    vendorId: hex(d.vendorId),
    deviceType: c.deviceType ?? null,
    status: hex(c.statusValue),
    statusNames: statusNames(c.statusValue),
    broken: c.broken,
    deviceFeatures: c.hostFeatures.map((w) => hex(w)),
    driverFeatures: c.guestFeatures.map((w) => hex(w)),
    deviceFeaturesSel: d.hostFeaturesSel,
    driverFeaturesSel: d.guestFeaturesSel,
    guestPageSize: 2 ** d.guestPageShift,
    queueSel: c.queueSel,
    isr: hex(c.isr),
    interrupts: c.interrupts,
    configGeneration: c.configGeneration ?? null,
    config: Object.fromEntries([...c.config.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [hex(k) as string, hex(v)])),
    queues: [...c.queues.values()]
      .sort((a, b) => a.index - b.index)
      .map((q) => ({
        index: q.index,
        exists: q.exists ?? null,
        size: q.size,
        ready: q.ready,
        desc: hex(q.desc),
        avail: hex(q.avail),
        used: hex(q.used),
        align: q.align,
        availIdx: q.availIdx(m.memory) ?? null,
        lastAvailIdx: q.lastAvail,
        usedIdx: q.usedIdx,
        popped: q.popped,
        completed: q.completed,
        lost: q.lost,
        inFlight: q.inflight.map((f) => ({
          head: f.head,
          request: f.summary,
          writable: f.writable,
          expectedUsedLen: f.expectedLen ?? null,
          buffers: f.buffers.map((b) => ({ addr: hex(b.addr), len: b.len, write: b.write })),
        })),
      })),
  };
}

export function inspect(m: Machine, device?: string): Record<string, unknown> {
  const ids = [...m.devices.keys()].sort();
  const pages = m.memory.sortedPages();
  return {
    machine: { type: m.type ?? null, ramSize: m.ramSize },
    events: m.events,
    devices: ids.filter((id) => device === undefined || id === device).map((id) => inspectDevice(m, id)),
    memory: {
      pages: pages.length,
      knownBytes: pages.reduce((n, [, p]) => n + p.knownCount, 0),
      ranges: pages.map(([n, p]) => ({ page: hex(n * 4096), known: p.knownCount })),
    },
    guestErrors: m.guestErrors,
    divergences: m.divergences,
    unmodelledAccesses: m.unmodelled,
    barriers: m.barriers,
  };
}
