// The full state of the machine as plain data, for `devtape state`: every device register
// the model holds, every queue with its ring addresses and requests in flight, what the
// model learned about each device, and which guest memory it knows.
import { Megasas } from "../megasas/megasas.js";
import { cmdName, fwStateName, statName } from "../megasas/mfi.js";
import { COMMAND_TRACKED, formatBdf, PCI_INTERRUPT_LINE } from "../pci/config.js";
import { ROM_SLOT } from "../pci/pci-function.js";
import { statusNames } from "../virtio/constants.js";
import type { VirtioCore } from "../virtio/virtio-core.js";
import { VirtioMmio } from "../virtio-mmio/virtio-mmio.js";
import { NO_VECTOR, VirtioPci } from "../virtio-pci/virtio-pci.js";
import type { Machine } from "./machine.js";

const hex = (n: number | undefined | null) => (n === undefined || n === null ? null : `0x${n.toString(16)}`);

/** A map as an object in the order of its numeric keys, each key and value through `key` and `value`. */
function sortedObject<V, W>(m: ReadonlyMap<number, V>, key: (k: number) => string, value: (v: V) => W): Record<string, W> {
  return Object.fromEntries([...m.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [key(k), value(v)]));
}

export function inspectDevice(m: Machine, id: string): Record<string, unknown> | undefined {
  const d = m.devices.get(id);
  if (d === undefined) return undefined;
  if (d instanceof VirtioPci) return inspectVirtioPci(m, d);
  if (d instanceof Megasas) return inspectMegasas(d);
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
    ...coreStatus(c),
    deviceFeaturesSel: d.hostFeaturesSel,
    driverFeaturesSel: d.guestFeaturesSel,
    guestPageSize: 2 ** d.guestPageShift,
    ...coreState(m, c),
  };
}

/** The virtio core's device type, status and features (transport-independent). */
function coreStatus(c: VirtioCore): Record<string, unknown> {
  return {
    deviceType: c.deviceType ?? null,
    status: hex(c.statusValue),
    statusNames: statusNames(c.statusValue),
    broken: c.broken,
    deviceFeatures: c.hostFeatures.map((w) => hex(w)),
    driverFeatures: c.guestFeatures.map((w) => hex(w)),
  };
}

/** The virtio core's registers, config and queues (transport-independent). */
function coreState(m: Machine, c: VirtioCore): Record<string, unknown> {
  return {
    queueSel: c.queueSel,
    isr: c.isrKnown ? hex(c.isr) : null,
    interrupts: c.interrupts,
    hostConfigChanges: c.hostConfigChanges,
    configGeneration: c.configGeneration ?? null,
    config: sortedObject(c.config, (k) => hex(k) as string, hex),
    requests: Object.fromEntries([...c.requests.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))),
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
        // Notification suppression (notification-suppression.ts): the avail_event the device's stores leave, as predicted.
        availEvent: q.notifications.predictedAvailEvent(q, m.memory, c.handlerFor(q.index)) ?? null,
        deviceMayBeHandlingNotify: q.notifications.mayBeHandling(q),
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

/** The PCI function as the model holds it: ids, command, BARs, capabilities. */
function pciState(f: VirtioPci["pci"] | Megasas["pci"]): Record<string, unknown> {
  return {
    vendorId: hex(f.value(0, 2)),
    deviceId: hex(f.value(2, 2)),
    command: hex(f.command & COMMAND_TRACKED),
    interruptLine: f.byte(PCI_INTERRUPT_LINE) ?? null,
    bars: f.bars.flatMap((b, slot) =>
      b.kind === "unknown" && b.reg === undefined
        ? []
        : [
            {
              bar: slot === ROM_SLOT ? "ROM" : slot,
              kind: b.kind,
              prefetchable: b.prefetchable,
              size: f.barSize(slot) ?? null,
              register: hex(b.reg),
              decodedAt: hex(b.mapped),
              programmedAt: hex(b.programmed),
            },
          ],
    ),
    capabilities: f.caps().map((cap) => ({ offset: hex(cap.offset), id: hex(cap.id) })),
  };
}

/** The MSI-X capability as the model holds it: where, enabled, masked, how many entries. */
function msixState(
  f: VirtioPci["pci"] | Megasas["pci"],
  mx: NonNullable<ReturnType<(VirtioPci["pci"] | Megasas["pci"])["msixLayout"]>>,
): Record<string, unknown> {
  return { capability: hex(mx.cap), enabled: f.msixEnabled ?? null, functionMasked: f.msixMasked ?? null, entries: mx.entries ?? null };
}

/** A megasas HBA: registers, firmware, the reply queue and every frame the model still tracks. */
function inspectMegasas(d: Megasas): Record<string, unknown> {
  const rq = d.reply;
  const mx = d.pci.msixLayout();
  const msi = d.pci.msiMessage();
  return {
    id: d.id,
    kind: d.kind,
    modelled: true,
    bdf: formatBdf(d.bdf),
    irq: d.irq ?? null,
    generation: d.gen.gen,
    pci: {
      ...pciState(d.pci),
      msix: mx === undefined ? null : msixState(d.pci, mx),
      msi: {
        capability: hex(d.pci.msiCap()),
        enabled: d.pci.msiEnabled,
        message: msi === undefined ? null : { address: hex(msi.address), data: hex(msi.data) },
      },
    },
    firmware: {
      state: fwStateName(d.fwState),
      stateWord: hex(d.stateWord()),
      maxCommands: d.fwCmds ?? null,
      maxSge: d.fwSge ?? null,
      osp1: hex(d.osp1),
    },
    registers: {
      outboundInterruptMask: hex(d.intrMask),
      interruptsEnabled: d.intrEnabled,
      interruptMode: d.irqMode(),
      doorbell: d.doorbellSet ? "pending" : d.doorbellMaybe ? "maybe pending" : "clear",
      queuePortHigh: hex(d.frameHi),
      diag: hex(d.diag),
      resetSequence: d.adpReset,
      context64: d.queue64,
    },
    replyQueue:
      rq === undefined
        ? null
        : {
            address: hex(rq.base),
            entries: rq.entries,
            entrySize: rq.entrySize,
            wrapsAt: rq.wrap ?? null,
            producerAddress: hex(rq.producerAddr),
            consumerAddress: hex(rq.consumerAddr),
            producer: rq.head ?? null,
            producerLastRead: rq.producerSeen ?? null,
            consumer: rq.consumer ?? null,
            certainSinceRead: rq.certainSinceRead,
            announcedUnread: [...rq.unnamed],
            advances: rq.advances,
          },
    frames: [...d.requests.values()].map((q) => ({
      frame: hex(q.frame),
      postedAt: q.seq,
      command: q.d.cmd === undefined ? null : cmdName(q.d.cmd),
      opcode: hex(q.d.opcode),
      target: q.d.target,
      lun: q.d.lun,
      context: hex(q.d.context),
      request: q.d.summary,
      phase: q.phase,
      status: q.status === undefined ? null : `${hex(q.status)} ${statName(q.status)}`,
      scsiStatus: hex(q.scsiStatus),
      reply: q.reply,
      aborted: q.aborted,
      dataIn: q.d.dataIn.map((b) => ({ addr: hex(b.addr), len: b.len })),
      dataOut: q.d.dataOut.map((b) => ({ addr: hex(b.addr), len: b.len })),
      sense: q.d.sense === undefined ? null : { addr: hex(q.d.sense.addr), len: q.d.sense.len },
      frameRewritten: q.stale,
    })),
    learned: {
      targets: sortedObject(
        d.present,
        (k) => `${k >> 8}:${k & 0xff}`,
        (v) => v,
      ),
      controllerInfoBytes: d.ctrlInfo.size,
    },
    counts: { posted: d.posted, completed: d.completed, interrupts: d.interrupts, commands: Object.fromEntries(d.commands) },
    unplacedAccesses: d.unplaced,
  };
}

function inspectVirtioPci(m: Machine, d: VirtioPci): Record<string, unknown> {
  const c = d.core;
  const f = d.pci;
  const mx = f.msixLayout();
  const vector = (v: number | undefined) => (v === undefined ? null : v === NO_VECTOR ? "none" : v);
  return {
    id: d.id,
    kind: d.kind,
    modelled: true,
    bdf: formatBdf(d.bdf),
    irq: d.irq ?? null,
    transport: d.transport,
    ...coreStatus(c),
    pci: {
      ...pciState(f),
      virtioCapabilities: f.virtioCaps().map((v) => ({
        cap: hex(v.cap),
        cfgType: v.type,
        bar: v.bar ?? null,
        offset: hex(v.offset),
        length: hex(v.length),
        ...(v.multiplier !== undefined ? { notifyOffMultiplier: v.multiplier } : {}),
      })),
      msix:
        mx === undefined
          ? null
          : {
              ...msixState(f, mx),
              table: mx.tableBar === undefined ? null : `BAR${mx.tableBar} + ${hex(mx.tableOffset)}`,
              pba: mx.pbaBar === undefined ? null : `BAR${mx.pbaBar} + ${hex(mx.pbaOffset)}`,
              tableWords: sortedObject(d.msix.words, (k) => hex(k * 4) as string, hex),
              pending: [...d.msix.pending].sort((a, b) => a - b),
            },
    },
    configVector: vector(d.configVector),
    queueVectors: sortedObject(d.queueVectors, String, vector),
    modern:
      d.modern === undefined
        ? null
        : {
            deviceFeatureSelect: d.modern.dfselect,
            driverFeatureSelect: d.modern.gfselect,
            numQueues: d.modern.numQueues ?? null,
            queueNotifyOff: sortedObject(d.modern.notifyOff, String, (o) => o),
          },
    unplacedAccesses: d.unplaced,
    ...coreState(m, c),
  };
}

/** The PCI host: the latched configuration address, ECAM, and the chipset functions the model only learns. */
function inspectPci(m: Machine): Record<string, unknown> | null {
  const h = m.pci;
  if (h === undefined) return null;
  const fs = [...h.chipset.values()].sort((a, b) => a.bdf - b.bdf);
  return {
    chipset: h.chipsetType ?? null,
    configAddress: hex(h.configAddress),
    ecam: h.ecamBase === undefined ? null : { base: hex(h.ecamBase), size: h.ecamSize },
    absentFunctions: fs.filter((f) => f.absent).map((f) => formatBdf(f.bdf)),
    chipsetFunctions: fs
      .filter((f) => !f.absent)
      .map((f) => ({ bdf: formatBdf(f.bdf), vendorDevice: vendorDevice(f.bytes), configAccesses: f.accesses, learnedBytes: f.bytes.size })),
  };
}

function vendorDevice(bytes: Map<number, number>): string | null {
  const v0 = bytes.get(0);
  const v1 = bytes.get(1);
  const d0 = bytes.get(2);
  const d1 = bytes.get(3);
  if (v0 === undefined || v1 === undefined || d0 === undefined || d1 === undefined) return null;
  return `${(v0 | (v1 << 8)).toString(16).padStart(4, "0")}:${(d0 | (d1 << 8)).toString(16).padStart(4, "0")}`;
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
    unmodelledPorts: sortedObject(
      m.unmodelledPorts,
      (p) => hex(p) as string,
      (n) => n,
    ),
    pci: inspectPci(m),
    barriers: m.barriers,
  };
}
