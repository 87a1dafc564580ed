// What a QEMU trace line means as devtape events.
//
// - memory_region_ops_read/write: a register access, an mmio event (a pio event for the I/O
//   address space: region 'io', a BAR in I/O space, or any address below 64 KiB, which is
//   never device memory on x86). QEMU traces the *absolute* address (memory.c adds every
//   container's offset; checked against QEMU 7.2 and the qtest log of the same run) and the
//   access size, with the value before QEMU masks it to the access (a 4-byte read of the
//   upper feature word shows all 64 bits), so the value is masked to the size here. The size
//   is the width QEMU called the region's handler with, which for a few regions (megasas's
//   registers: 8 bytes) is wider than the access: region-widths.ts gives the access's. `cpu -1`
//   is an access no vCPU made (qtest, the main loop, a device): agent host. The region names
//   the device: a BAR placed by pci_update_mappings_add gives the PCI function, 'virtio-mmio'
//   gives the transport whose 0x200-byte window holds the address. Older QEMUs traced the
//   offset within the region instead: an access to a device region at an address that can
//   only be such an offset (inside no known BAR, below 4 KiB; below 0x200 for virtio-mmio) is
//   kept as an observation of the trace point (its offset, value and size), never as a
//   register access at a wrong address. Writes QEMU serves with an ioeventfd (virtio-pci
//   notify) never reach the trace point: virtio_queue_notify shows them.
// - pci_cfg_read/write: a pciConfig event for the function at bus:slot.fn. QEMU traces the
//   offset and value but not the width; the width comes from the 0xcfc-0xcff (or ECAM) access
//   the same thread traced around it (before a write's decode, after a read's), which the
//   pciConfig event then stands for. Without that access the width is the offset's alignment.
// - pci_update_mappings_add/del: observations of the device, and its BAR placement.
// - a write to the 'apic-msi' region that is a message (QEMU's local APIC window doubles as the
//   MSI target: offsets past the first page or within its first 16 bytes are messages, the
//   rest are the CPU's LAPIC registers, kept as mmio): an MSI (address, data) pulse. It is the
//   device's whose MSI-X table entry holds that message (msix-table writes are followed), else
//   the host's: the IOAPIC delivers its pins the same way.
// - ioapic_set_irq: an interrupt line event of the device the line belongs to, else of the
//   host. A line belongs to a device when its first use comes right after that device's
//   interrupt point on the same thread (virtio_notify, virtio_mmio_setting_irq, …); a line
//   first used otherwise (a timer's) stays the host's.
// - device trace points (virtio_*, virtqueue_*, megasas_*): observations of the device they
//   belong to: the one whose vdev/vq/elem/req pointer they carry, once a pointer is known;
//   else the device whose register handler they ran in: a write's handler traces after the
//   write on the same thread, a read's before the read (so such a point waits for the
//   thread's next access to decide); else the only device of their kind; else the host.
// - every other trace point: an observation by the host, with its typed arguments.
//
// Host pointers become stable ids (first seen = 1, NULL = 0; see pointerId), so two runs of
// the same guest give the same events; observations carry the trace point's arguments in
// declaration order (pointers as their ids, integers beyond 2^53 as 8 raw little-endian
// bytes), then `thread` (the thread's stable id) when the log has thread ids.
import { Access, type AgentProps, type EventProps, IrqAction } from "../../schema/proto.js";
import { type ArgValue, isNull, pointerKey, type ValueKind } from "./format.js";
import { accessWidth, WIDENING_REGIONS } from "./region-widths.js";

/** The names of WIDENING_REGIONS: a few, compared rather than hashed (a region name is a new string on every line). */
const WIDENING_NAMES = [...WIDENING_REGIONS.keys()];
const isWidening = (region: string) => WIDENING_NAMES.includes(region);
import type { TraceEventDecl } from "./trace-events.js";
import { type BarMapping, TraceTopology, type TracedDevice, VIRTIO_MMIO_WINDOW } from "./topology.js";

type ArgProps = NonNullable<NonNullable<EventProps["observation"]>["args"]>[number];

/** One parsed trace line. */
export interface TraceRecord {
  decl: TraceEventDecl;
  /** The kind of each value; undefined when the format cannot be read back (values is then [text]). */
  kinds: readonly ValueKind[] | undefined;
  values: ArgValue[];
  /** The thread's stable id (1, 2, …), 0 when the log has no thread ids. */
  thread: number;
  timeNs: number | undefined;
  file: number;
  line: number;
}

type Role =
  | { t: "ops"; write: boolean; cpu: number; addr: number; value: number; size: number; name: number }
  | { t: "cfg"; write: boolean; dev: number; bus: number; slot: number; func: number; offs: number; val: number }
  | { t: "bar"; add: boolean; dev: number; bus: number; slot: number; func: number; bar: number; addr: number; size: number }
  | { t: "ioapic"; vector: number; level: number }
  | { t: "device"; family: Family; raisesIrq: boolean }
  | { t: "generic" };

/** Which devices a device trace point can belong to. */
type Family = "virtio" | "virtio-mmio" | "virtio-pci" | "virtio-blk" | "virtio-scsi" | "megasas";

interface AccessInfo {
  write: boolean;
  /** In the I/O address space (region 'io', or below 64 KiB). */
  io: boolean;
  agent: AgentProps;
  addr: number;
  value: ArgValue;
  size: number;
  region: string;
  rec: TraceRecord;
}

/** A line's place in the output queue: pending (events undefined), or decided and still behind a pending one. */
class Slot {
  constructor(
    /** Output order of pending and queued slots. */
    readonly pos: number,
    public events: EventProps[] | undefined,
    /** Decides a pending slot with what is known now (no more lines of its thread to wait for). */
    public fallback: (() => void) | undefined,
  ) {}
}

interface Held {
  slot: Slot;
  rec: TraceRecord;
  family: Family | undefined;
  /** The device whose write handler was running when the point was traced, if any. */
  writeBefore: TracedDevice | undefined;
  /** An interrupt line event that takes the device of the observation it follows. */
  irqOf: Held | undefined;
  /** The device it was decided to belong to. */
  device: TracedDevice | undefined;
}

interface ThreadState {
  cpu: number | undefined;
  /** A config access whose other half (the pci_cfg line or the data-port access) is the thread's next line. */
  cfg: { slot: Slot; write: boolean; access: AccessInfo | undefined; rec: TraceRecord | undefined } | undefined;
  held: Held[];
  /** The device of the thread's last register write, until its next access. */
  lastWrite: TracedDevice | undefined;
  /** The thread's previous line, when it was a device's interrupt point (decided, or held). */
  prevDevice: TracedDevice | undefined;
  prevHeld: Held | undefined;
}

export interface TraceMapStats {
  /** pciConfig events whose width was taken from the offset (no data-port access traced with them). */
  configWidthsInferred: number;
  /** Register accesses kept as observations: their address cannot be placed (offset-only logs). */
  unplacedAccesses: number;
}

/** Names of the regions of device registers in a BAR (virtio-pci-*, msix-table, megasas-mmio, …). */
const BAR_REGION = /^(virtio-|msix-|megasas-|pci_bridge)/;
/** The configuration data port (0xcfc) and q35's ECAM window: their accesses pair with pci_cfg_* lines. */
const isConfigData = (region: string) => region === "pci-conf-data" || region === "pcie-mmcfg-mmio";
const isApicMsi = (region: string) => region === "apic-msi" || region === "kvm-apic-msi";

/** What access() asks of a register access's region, as bits (regionKindOf). */
const WIDENING = 1;
const IO_REGION = 2;
const CONFIG_DATA = 4;
const APIC_MSI = 8;
const VIRTIO_MMIO = 16;
const IN_BAR = 32;
const MSIX_TABLE = 64;

function regionKindOf(region: string): number {
  return (
    (isWidening(region) ? WIDENING : 0) |
    (region === "io" ? IO_REGION : 0) |
    (isConfigData(region) ? CONFIG_DATA : 0) |
    (isApicMsi(region) ? APIC_MSI : 0) |
    (region === "virtio-mmio" ? VIRTIO_MMIO : 0) |
    (BAR_REGION.test(region) ? IN_BAR : 0) |
    (region === "msix-table" ? MSIX_TABLE : 0)
  );
}
/**
 * Whether a write to QEMU's 'apic-msi' region (the local APIC's 1 MiB window, 0xfee00000) is a
 * message rather than a register write: apic_mem_write takes offsets past the first page, and
 * the first 16 bytes (no register lives there), as MSI; the rest are the CPU's LAPIC registers.
 */
function isMessage(addr: number): boolean {
  const offset = addr % 0x10_0000;
  return offset > 0xfff || offset < 0x10;
}

/**
 * Device trace points that announce an interrupt (virtio_notify, virtio_notify_irqfd,
 * virtio_mmio_setting_irq, megasas_irq_raise, …); megasas_qf_complete_noirq says there is none.
 */
const RAISES_IRQ = /(?<!no)irq|interrupt|^virtio_notify|^virtio_pci_notify$/;

/** Above this, pending lines are decided with what is known, keeping memory flat. */
const MAX_QUEUE = 4096;
/**
 * Agents are shared between events (the store and the exporters only read them): one for the
 * host, one per vCPU, one per device.
 */
const HOST_AGENT: AgentProps = Object.freeze({ host: true });
const CPU_AGENTS: AgentProps[] = [];
function cpuAgent(cpu: number): AgentProps {
  let a = CPU_AGENTS[cpu];
  if (a === undefined) {
    a = Object.freeze({ cpu });
    CPU_AGENTS[cpu] = a;
  }
  return a;
}
const isAccessSize = (n: number) => n === 1 || n === 2 || n === 4 || n === 8;
const NO_EVENTS: EventProps[] = [];
/** No attach events (shared: never added to). */
const NO_ATTACH: readonly EventProps[] = Object.freeze([]);

/**
 * A new event with its payload still to set. Every event the mapper makes has this one shape,
 * its time and source (stamped later) and every payload it can have there from the start:
 * stamping or filling one does not change its shape, and whatever reads events (the store's
 * encoder) sees one shape, not one per kind.
 */
function newEvent(agent: AgentProps): EventProps {
  return {
    timeNs: undefined,
    agent,
    source: undefined,
    mmio: undefined,
    pio: undefined,
    pciConfig: undefined,
    interrupt: undefined,
    observation: undefined,
  };
}

function roleOf(decl: TraceEventDecl): Role {
  /** The positions of the named arguments, or undefined when one is missing (another QEMU's declaration). */
  const at = (...names: string[]): number[] | undefined => {
    const ix = names.map((n) => decl.args.findIndex((a) => a.name === n));
    return ix.every((i) => i >= 0) ? ix : undefined;
  };
  const name = decl.name;
  switch (name) {
    case "memory_region_ops_read":
    case "memory_region_ops_write": {
      const ix = at("cpu_index", "addr", "value", "size");
      if (ix === undefined) break;
      const [cpu, addr, value, size] = ix as [number, number, number, number];
      return { t: "ops", write: name.endsWith("write"), cpu, addr, value, size, name: at("name")?.[0] ?? -1 };
    }
    case "pci_cfg_read":
    case "pci_cfg_write": {
      const ix = at("dev", "bus", "slot", "func", "offs", "val");
      if (ix === undefined) break;
      const [dev, bus, slot, func, offs, val] = ix as [number, number, number, number, number, number];
      return { t: "cfg", write: name.endsWith("write"), dev, bus, slot, func, offs, val };
    }
    case "pci_update_mappings_add":
    case "pci_update_mappings_del": {
      const ix = at("dev", "bus", "slot", "func", "bar", "addr", "size");
      if (ix === undefined) break;
      const [dev, bus, slot, func, bar, addr, size] = ix as [number, number, number, number, number, number, number];
      return { t: "bar", add: name.endsWith("add"), dev, bus, slot, func, bar, addr, size };
    }
    case "ioapic_set_irq": {
      const ix = at("vector", "level");
      if (ix === undefined) break;
      const [vector, level] = ix as [number, number];
      return { t: "ioapic", vector, level };
    }
  }
  const family = familyOf(name);
  return family === undefined ? { t: "generic" } : { t: "device", family, raisesIrq: RAISES_IRQ.test(name) };
}

function familyOf(name: string): Family | undefined {
  if (name.startsWith("virtio_mmio_")) return "virtio-mmio";
  if (name.startsWith("virtio_pci_")) return "virtio-pci";
  if (name.startsWith("virtio_blk_")) return "virtio-blk";
  if (name.startsWith("virtio_scsi_")) return "virtio-scsi";
  if (name.startsWith("virtio_") || name.startsWith("virtqueue_")) return "virtio";
  if (name.startsWith("megasas_")) return "megasas";
  return undefined;
}

function inFamily(f: Family, d: TracedDevice): boolean {
  const k = d.kind;
  switch (f) {
    case "virtio":
      return k.startsWith("virtio");
    case "virtio-mmio":
      return k === "virtio-mmio";
    case "virtio-pci":
      return k.startsWith("virtio-") && /-pci(-|$)/.test(k);
    case "virtio-blk":
      return k === "virtio-mmio" || k.startsWith("virtio-blk");
    case "virtio-scsi":
      return k === "virtio-mmio" || k.startsWith("virtio-scsi");
    case "megasas":
      return k.startsWith("megasas");
  }
}

/** Whether a traced value has no bits set beyond its low `width` bytes. */
function fits(v: ArgValue, width: number): boolean {
  if (typeof v === "bigint") return BigInt.asUintN(64, v) >> BigInt(8 * width) === 0n;
  return typeof v !== "number" || v < 2 ** (8 * width);
}

/** The low `size` bytes of a value as value (bits 31..0) and valueHi (bits 63..32). */
function split(v: ArgValue, size: number): { lo: number; hi: number } {
  if (typeof v === "bigint") {
    const m = size >= 8 ? v & 0xffff_ffff_ffff_ffffn : v & ((1n << BigInt(8 * size)) - 1n);
    return { lo: Number(m & 0xffff_ffffn), hi: Number(m >> 32n) };
  }
  const n = typeof v === "number" ? v : 0;
  const lo = n >>> 0;
  if (size >= 8) return { lo, hi: Math.floor(n / 2 ** 32) >>> 0 };
  return { lo: size >= 4 ? lo : lo & ((1 << (8 * size)) - 1), hi: 0 };
}

function bigintBytes(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  let x = BigInt.asUintN(64, v);
  for (let i = 0; i < 8; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export class TraceEventMapper {
  readonly topology = new TraceTopology();
  readonly stats: TraceMapStats = { configWidthsInferred: 0, unplacedAccesses: 0 };
  private readonly roles = new Map<TraceEventDecl, Role>();
  /** The last record's declaration and role (runs of one trace point are common). */
  private lastDecl: TraceEventDecl | undefined;
  private lastRole: Role | undefined;
  /** onlyDevice's answer per family, and how many devices were attached when it was given. */
  private readonly onlyDevices = new Map<Family, { attached: number; device: TracedDevice | undefined }>();
  private readonly deviceAgents = new Map<TracedDevice, AgentProps>();
  /** Where each device's attach event is: a queued slot, or undefined once handed out. */
  private readonly attachAt = new Map<TracedDevice, { slot: Slot | undefined; ev: EventProps }>();
  private pos = 0;
  /** The line just mapped was an interrupt message (it keeps the thread's last interrupt point). */
  private delivered = false;
  /** By the thread's stable id (1, 2, …; 0: the log has no thread ids). */
  private readonly threads: (ThreadState | undefined)[] = [];
  /** Host pointer → its stable id (see pointerId). */
  private readonly pointerIds = new Map<string | number, number>();
  /** Host pointer → the device it belongs to. */
  private readonly pointerOwner = new Map<string | number, TracedDevice>();
  /** Interrupt line → the device that drives it. */
  private readonly lineOwner = new Map<number, TracedDevice>();
  /** Interrupt lines seen so far. */
  private readonly seenLines = new Set<number>();
  /** Lines whose first use waits for its thread to decide the device of the point before it. */
  private readonly pendingLines = new Map<number, ThreadState>();
  /** "address:data" of an MSI-X table entry → its device. */
  private readonly msiOwner = new Map<number, Map<number, TracedDevice>>();
  private readonly msixTables = new Map<string, { lo: number; hi: number; data: number }>();
  private readonly regionKinds = new Map<string, number>();
  private lastRegion: string | undefined;
  private lastRegionKind = 0;
  /** The value of the access accessWidth is deciding, and its question whether that value fits a width. */
  private fitsValue: ArgValue = 0;
  private readonly fitsIn = (width: number): boolean => fits(this.fitsValue, width);
  /** Events in output order; a pending slot holds back everything after it. */
  /** (A decided line of one event that is not an attach is queued as the event itself: no slot.) */
  private queue: (Slot | EventProps)[] = [];
  private head = 0;
  private ready: EventProps[] = [];

  /** Maps one record; its events (and earlier ones now decided) come out of take(). */
  map(rec: TraceRecord): void {
    let role = rec.decl === this.lastDecl ? this.lastRole : this.roles.get(rec.decl);
    if (role === undefined) {
      role = rec.kinds === undefined ? { t: "generic" } : roleOf(rec.decl);
      this.roles.set(rec.decl, role);
    }
    this.lastDecl = rec.decl;
    this.lastRole = role;
    // Pointer ids in log order, whenever the observation that shows them is decided.
    if (role.t !== "ops" && rec.kinds !== undefined) {
      for (let i = 0; i < rec.kinds.length; i++) if (rec.kinds[i] === "ptr") this.pointerId(rec.values[i] as ArgValue);
    }
    const st = this.thread(rec.thread);
    if (st.cfg !== undefined && this.completeConfig(st, rec, role)) {
      st.prevDevice = undefined;
      st.prevHeld = undefined;
      return;
    }
    switch (role.t) {
      case "ops":
        this.access(st, rec, role);
        break;
      case "cfg":
        this.config(st, rec, role);
        break;
      case "bar":
        this.barMapping(rec, role);
        break;
      case "ioapic":
        this.ioapic(st, rec, role);
        break;
      case "device":
        this.deviceObservation(st, rec, role);
        break;
      case "generic":
        this.emitOne(rec, this.observation(rec, HOST_AGENT));
        break;
    }
    // A device's interrupt point stays the thread's last one across the deliveries it causes.
    if (role.t !== "device" && role.t !== "ioapic" && !this.delivered) this.forgetInterruptPoint(st);
    this.delivered = false;
    if (this.queue.length - this.head > MAX_QUEUE) this.relieve();
  }

  /** The events decided so far, in order (each only once). */
  take(): EventProps[] {
    this.drain();
    const out = this.ready;
    if (out.length === 0) return NO_EVENTS;
    this.ready = [];
    return out;
  }

  /** The position of the last line mapped (see settle). */
  get position(): number {
    return this.pos;
  }

  /**
   * Decides the lines still pending at or before position `upTo` with what is known, as end()
   * does, without ending the input. A live recording calls it for lines that have waited long
   * (their thread's next line, which may never come, would otherwise hold back everything
   * after them); an import never does.
   */
  settle(upTo: number): EventProps[] {
    for (let i = this.head; i < this.queue.length; i++) {
      const s = this.queue[i] as Slot;
      if (s.pos > upTo) break;
      if (s.events === undefined) s.fallback?.();
    }
    return this.take();
  }

  /** The input has ended: everything pending is decided with what is known. */
  end(): EventProps[] {
    for (let i = this.head; i < this.queue.length; i++) {
      const s = this.queue[i];
      if (s instanceof Slot && s.events === undefined) s.fallback?.();
    }
    return this.take();
  }

  private thread(id: number): ThreadState {
    let st = this.threads[id];
    if (st === undefined) {
      st = { cpu: undefined, cfg: undefined, held: [], lastWrite: undefined, prevDevice: undefined, prevHeld: undefined };
      while (this.threads.length < id) this.threads.push(undefined);
      this.threads[id] = st;
    }
    return st;
  }

  // ---- output order -------------------------------------------------------------------

  private stamp(rec: TraceRecord, evs: EventProps[]): EventProps[] {
    for (let i = 0; i < evs.length; i++) {
      const ev = evs[i] as EventProps;
      ev.source = { file: rec.file, line: rec.line };
      if (rec.timeNs !== undefined) ev.timeNs = rec.timeNs;
    }
    return evs;
  }

  private emit(rec: TraceRecord, evs: EventProps[]): void {
    this.stamp(rec, evs);
    if (this.head === this.queue.length) {
      for (let i = 0; i < evs.length; i++) this.ready.push(evs[i] as EventProps);
      this.noteAttaches(evs, undefined);
    } else {
      const s = new Slot(++this.pos, evs, undefined);
      this.queue.push(s);
      this.noteAttaches(evs, s);
    }
  }

  /** emit() of one event that is not an attach. */
  private emitOne(rec: TraceRecord, ev: EventProps): void {
    ev.source = { file: rec.file, line: rec.line };
    if (rec.timeNs !== undefined) ev.timeNs = rec.timeNs;
    if (this.head === this.queue.length) this.ready.push(ev);
    else this.queue.push(ev);
  }

  private reserve(fallback: () => void): Slot {
    const s = new Slot(++this.pos, undefined, fallback);
    this.queue.push(s);
    return s;
  }

  /** Remembers where each attach event went (a queued slot, or undefined once handed out). */
  private noteAttaches(evs: EventProps[], slot: Slot | undefined): void {
    for (let i = 0; i < evs.length; i++) {
      const ev = evs[i] as EventProps;
      if (ev.attach == null) continue;
      const d = this.topology.get(ev.attach.id ?? "");
      if (d !== undefined) this.attachAt.set(d, { slot, ev });
    }
  }

  /**
   * The attach event a pending slot needs before it names `d`: a new one if `d` was never
   * attached, or its attach moved here from a later slot (a device can be found by a line
   * after one that waited and turns out to be the device's). Slots after a pending one are
   * all still queued, so the attach can always move.
   */
  private attachFor(d: TracedDevice | undefined, slot: Slot): readonly EventProps[] {
    if (d === undefined) return NO_ATTACH;
    if (!d.attached) return this.attachOf(d);
    const at = this.attachAt.get(d);
    if (at?.slot === undefined || at.slot.pos < slot.pos || at.slot.events === undefined) return NO_ATTACH;
    at.slot.events = at.slot.events.filter((ev) => ev !== at.ev);
    return [at.ev];
  }

  /** Decides the oldest pending lines with what is known rather than hold an unbounded backlog. */
  private relieve(): void {
    while (this.queue.length - this.head > MAX_QUEUE / 2) {
      const s = this.queue[this.head];
      if (s instanceof Slot) {
        if (s.events === undefined) s.fallback?.();
        if (s.events === undefined) break;
      }
      this.drain();
    }
  }

  private fill(slot: Slot, rec: TraceRecord, evs: EventProps[]): void {
    // An attach moved here from a later slot takes this line: the first that uses the device.
    this.stamp(rec, evs);
    slot.events = evs;
    slot.fallback = undefined;
    this.noteAttaches(evs, slot);
  }

  private drain(): void {
    const q = this.queue;
    while (this.head < q.length) {
      const s = q[this.head] as Slot | EventProps;
      if (s instanceof Slot) {
        const evs = s.events;
        if (evs === undefined) break;
        for (let i = 0; i < evs.length; i++) this.ready.push(evs[i] as EventProps);
      } else this.ready.push(s);
      this.head++;
    }
    if (this.head === q.length) {
      if (q.length > 0) {
        this.queue = [];
        this.head = 0;
      }
    } else if (this.head > 1024) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
  }

  // ---- devices ----------------------------------------------------------------------------

  /** The attach event of a device used for the first time (none after that). */
  private attachOf(d: TracedDevice | undefined): readonly EventProps[] {
    if (d === undefined) return NO_ATTACH;
    const a = this.topology.attach(d);
    return a === undefined ? NO_ATTACH : [a];
  }

  private agentOf(d: TracedDevice | undefined): AgentProps {
    if (d === undefined) return HOST_AGENT;
    let a = this.deviceAgents.get(d);
    if (a === undefined) {
      a = Object.freeze({ device: d.id });
      this.deviceAgents.set(d, a);
    }
    return a;
  }

  // ---- register accesses ------------------------------------------------------------------

  private access(st: ThreadState, rec: TraceRecord, role: Extract<Role, { t: "ops" }>): void {
    const v = rec.values;
    const cpu = v[role.cpu] as number;
    if (cpu >= 0) st.cpu = cpu;
    const agent: AgentProps = cpu >= 0 ? cpuAgent(cpu) : HOST_AGENT;
    const region = role.name >= 0 ? (v[role.name] as string) : "";
    const kind = this.regionKind(region);
    const addr = v[role.addr] as number | bigint;
    const write = role.write;
    const traced = v[role.size] as number;
    const value = v[role.value] as ArgValue;
    let size = traced;
    if (typeof addr === "number" && isAccessSize(traced) && (kind & WIDENING) !== 0) {
      this.fitsValue = value;
      size = accessWidth(region, addr, traced, write, this.fitsIn);
    }
    const io = (kind & IO_REGION) !== 0 || (typeof addr === "number" && addr < 0x10000);
    if (typeof addr !== "number" || !isAccessSize(size)) {
      this.accessDone(st, write, undefined);
      this.stats.unplacedAccesses++;
      this.emitOne(rec, this.observation(rec, agent));
      return;
    }
    if ((kind & CONFIG_DATA) !== 0) {
      this.accessDone(st, write, undefined);
      // A write's pci_cfg_write comes next on this thread; a read's pci_cfg_read came before (and took it).
      if (write) {
        const access: AccessInfo = { write, io, agent, addr, value, size, region, rec };
        st.cfg = { slot: this.reserve(() => this.completeConfigFallback(st)), write: true, access, rec: undefined };
      } else this.emitOne(rec, this.accessEvent(write, io, agent, addr, value, size));
      return;
    }
    if (write && (kind & APIC_MSI) !== 0 && isMessage(addr)) {
      this.accessDone(st, write, undefined);
      const data = split(value, 4).lo;
      const owner = this.msiOwner.get(addr)?.get(data);
      this.delivered = true;
      const interrupt = { msi: { address: addr, data }, action: IrqAction.IRQ_ACTION_PULSE };
      const ev = newEvent(this.agentOf(owner));
      ev.interrupt = interrupt;
      this.emitOne(rec, ev);
      return;
    }
    const bar: BarMapping | undefined = this.topology.barAt(io, addr);
    let device: TracedDevice | undefined = bar?.device;
    if (device === undefined && (kind & VIRTIO_MMIO) !== 0) {
      if (addr >= VIRTIO_MMIO_WINDOW) device = this.topology.virtioMmio(addr);
      else return this.unplaced(st, rec, write, agent);
    } else if (device === undefined && (kind & IN_BAR) !== 0 && addr < 0x1000) {
      return this.unplaced(st, rec, write, agent);
    }
    if (io && size === 8) return this.unplaced(st, rec, write, agent);
    this.accessDone(st, write, device);
    const ev = this.accessEvent(write, io, agent, addr, value, size);
    if (device === undefined || device.attached) this.emitOne(rec, ev);
    else this.emit(rec, [...this.attachOf(device), ev]);
    if (write && bar !== undefined && (kind & MSIX_TABLE) !== 0) this.msixWrite(bar, addr, size, value);
  }

  /** regionKindOf(region), kept per region (the last one first: accesses come in runs of one region). */
  private regionKind(region: string): number {
    if (region === this.lastRegion) return this.lastRegionKind;
    let kind = this.regionKinds.get(region);
    if (kind === undefined) {
      kind = regionKindOf(region);
      if (this.regionKinds.size < 4096) this.regionKinds.set(region, kind);
    }
    this.lastRegion = region;
    this.lastRegionKind = kind;
    return kind;
  }

  /** An access whose address cannot be placed: kept as the trace point's own observation. */
  private unplaced(st: ThreadState, rec: TraceRecord, write: boolean, agent: AgentProps): void {
    this.accessDone(st, write, undefined);
    this.stats.unplacedAccesses++;
    this.emitOne(rec, this.observation(rec, agent));
  }

  /** Bookkeeping of any access on a thread: held device points are decided, the write handler noted. */
  private accessDone(st: ThreadState, write: boolean, device: TracedDevice | undefined): void {
    if (st.held.length > 0) this.decideHeld(st, write ? undefined : device);
    st.lastWrite = write ? device : undefined;
  }

  private accessEventOf(a: AccessInfo): EventProps {
    return this.accessEvent(a.write, a.io, a.agent, a.addr, a.value, a.size);
  }

  private accessEvent(write: boolean, io: boolean, agent: AgentProps, addr: number, v: ArgValue, size: number): EventProps {
    const lo = typeof v === "number" && size === 4 ? v >>> 0 : split(v, size).lo;
    const hi = size === 8 ? split(v, 8).hi : 0;
    const op = write ? Access.ACCESS_WRITE : Access.ACCESS_READ;
    const ev = newEvent(agent);
    if (io) ev.pio = { op, port: addr, size, value: lo };
    else ev.mmio = size === 8 ? { op, addr, size, value: lo, valueHi: hi } : { op, addr, size, value: lo };
    return ev;
  }

  private msixWrite(bar: BarMapping, addr: number, size: number, value: ArgValue): void {
    const off = addr - bar.base;
    const key = `${bar.device.id}:${bar.bar}:${off >> 4}`;
    const e = this.msixTables.get(key) ?? { lo: 0, hi: 0, data: 0 };
    const { lo, hi } = split(value, size);
    const field = off & 15;
    if (size === 8 && field === 0) {
      e.lo = lo;
      e.hi = hi;
    } else if (size === 8 && field === 8) {
      e.data = lo;
    } else if (size === 4 && field === 0) e.lo = lo;
    else if (size === 4 && field === 4) e.hi = lo;
    else if (size === 4 && field === 8) e.data = lo;
    else return;
    this.msixTables.set(key, e);
    const address = e.hi * 2 ** 32 + e.lo;
    let byData = this.msiOwner.get(address);
    if (byData === undefined) {
      byData = new Map();
      this.msiOwner.set(address, byData);
    }
    byData.set(e.data, bar.device);
  }

  // ---- configuration space ------------------------------------------------------------------

  private config(st: ThreadState, rec: TraceRecord, role: Extract<Role, { t: "cfg" }>): void {
    this.accessDone(st, role.write, undefined);
    if (!role.write) {
      // The data-port read that carries its width is traced after it, on this thread.
      st.cfg = { slot: this.reserve(() => this.completeConfigFallback(st)), write: false, access: undefined, rec };
      return;
    }
    this.stats.configWidthsInferred++;
    this.emit(rec, this.configEvents(rec, role, undefined, this.cpuAgent(st)));
  }

  /** The thread's pending config access meets its next line; true when that line completed it. */
  private completeConfig(st: ThreadState, rec: TraceRecord, role: Role): boolean {
    const p = st.cfg as NonNullable<ThreadState["cfg"]>;
    st.cfg = undefined;
    if (p.write) {
      const a = p.access as AccessInfo;
      if (role.t === "cfg" && role.write) {
        this.fill(p.slot, rec, this.configEvents(rec, role, a.size, a.agent));
        this.drain();
        return true;
      }
      this.fill(p.slot, a.rec, [this.accessEventOf(a)]);
      this.drain();
      return false;
    }
    const cfgRec = p.rec as TraceRecord;
    const cfgRole = this.roles.get(cfgRec.decl) as Extract<Role, { t: "cfg" }>;
    if (role.t === "ops" && !role.write && isConfigData(role.name >= 0 ? (rec.values[role.name] as string) : "")) {
      const cpu = rec.values[role.cpu] as number;
      if (cpu >= 0) st.cpu = cpu;
      this.fill(p.slot, cfgRec, this.configEvents(cfgRec, cfgRole, rec.values[role.size] as number, cpu >= 0 ? cpuAgent(cpu) : HOST_AGENT));
      this.drain();
      return true;
    }
    this.stats.configWidthsInferred++;
    this.fill(p.slot, cfgRec, this.configEvents(cfgRec, cfgRole, undefined, this.cpuAgent(st)));
    this.drain();
    return false;
  }

  private completeConfigFallback(st: ThreadState): void {
    const p = st.cfg;
    if (p === undefined) return;
    st.cfg = undefined;
    if (p.write) {
      const a = p.access as AccessInfo;
      this.fill(p.slot, a.rec, [this.accessEventOf(a)]);
    } else {
      const cfgRec = p.rec as TraceRecord;
      this.stats.configWidthsInferred++;
      const role = this.roles.get(cfgRec.decl) as Extract<Role, { t: "cfg" }>;
      this.fill(p.slot, cfgRec, this.configEvents(cfgRec, role, undefined, this.cpuAgent(st)));
    }
  }

  /** The vCPU a thread was last seen running, else the host. */
  private cpuAgent(st: ThreadState): AgentProps {
    return st.cpu !== undefined ? cpuAgent(st.cpu) : HOST_AGENT;
  }

  private pciLocation(rec: TraceRecord, role: { bus: number; slot: number; func: number }): number | undefined {
    const bus = rec.values[role.bus] as number;
    const slot = rec.values[role.slot] as number;
    const func = rec.values[role.func] as number;
    if (!(bus >= 0 && bus <= 0xff && slot >= 0 && slot <= 31 && func >= 0 && func <= 7)) return undefined;
    return (bus << 8) | (slot << 3) | func;
  }

  private configEvents(rec: TraceRecord, role: Extract<Role, { t: "cfg" }>, width: number | undefined, agent: AgentProps): EventProps[] {
    const v = rec.values;
    const bdf = this.pciLocation(rec, role);
    const offset = v[role.offs] as number;
    const size = width ?? (offset % 4 === 0 ? 4 : offset % 2 === 0 ? 2 : 1);
    if (bdf === undefined || !(offset >= 0 && offset + size <= 4096) || !(size === 1 || size === 2 || size === 4)) {
      this.stats.unplacedAccesses++;
      return [this.observation(rec, agent)];
    }
    const value = split(v[role.val] as ArgValue, size).lo;
    let vendor: number | undefined;
    let deviceId: number | undefined;
    if (!role.write && offset === 0 && size === 4) {
      vendor = value & 0xffff;
      deviceId = value >>> 16;
    }
    const d = this.topology.pciDevice(bdf, v[role.dev] as string, deviceId, vendor);
    if (!role.write && size === 4) this.topology.noteBarRegister(bdf, offset, value);
    const op = role.write ? Access.ACCESS_WRITE : Access.ACCESS_READ;
    const ev = newEvent(agent);
    ev.pciConfig = { op, bdf, offset, size, value };
    return d.attached ? [ev] : [...this.attachOf(d), ev];
  }

  private barMapping(rec: TraceRecord, role: Extract<Role, { t: "bar" }>): void {
    const v = rec.values;
    const bdf = this.pciLocation(rec, role);
    const base = v[role.addr];
    const size = v[role.size];
    if (bdf === undefined || typeof base !== "number" || typeof size !== "number") {
      this.emitOne(rec, this.observation(rec, HOST_AGENT));
      return;
    }
    const d = this.topology.pciDevice(bdf, v[role.dev] as string);
    const bar = v[role.bar] as number;
    if (role.add) this.topology.mapBar(d, bar, base, size);
    else this.topology.unmapBar(d, bar);
    this.emit(rec, [...this.attachOf(d), this.observation(rec, this.agentOf(d))]);
  }

  // ---- interrupts -------------------------------------------------------------------------

  private lineEvent(rec: TraceRecord, role: Extract<Role, { t: "ioapic" }>, d: TracedDevice | undefined): EventProps {
    const line = rec.values[role.vector] as number;
    const level = rec.values[role.level] as number;
    const action = level !== 0 ? IrqAction.IRQ_ACTION_ASSERT : IrqAction.IRQ_ACTION_DEASSERT;
    const ev = newEvent(this.agentOf(d));
    ev.interrupt = { line, action };
    return ev;
  }

  /**
   * A line event. A line becomes a device's on its first use right after that device's
   * interrupt point on the same thread, with at most other interrupt deliveries in between
   * (an IRQ that reaches QEMU's main loop through an eventfd can be overtaken by a timer's);
   * a line first used otherwise (a timer's) stays the host's.
   */
  private ioapic(st: ThreadState, rec: TraceRecord, role: Extract<Role, { t: "ioapic" }>): void {
    const line = rec.values[role.vector] as number;
    if (!(line >= 0 && line <= 0xffff)) {
      this.emitOne(rec, this.observation(rec, HOST_AGENT));
      this.forgetInterruptPoint(st);
      return;
    }
    // A first use still waiting for its thread to decide the device before it: decide it now.
    const pending = this.pendingLines.get(line);
    if (pending !== undefined) this.decideHeld(pending, undefined);
    const firstUse = !this.seenLines.has(line);
    this.seenLines.add(line);
    const owner = this.lineOwner.get(line);
    if (owner === undefined && firstUse && st.prevDevice !== undefined) {
      this.lineOwner.set(line, st.prevDevice);
      this.emitOne(rec, this.lineEvent(rec, role, st.prevDevice));
      this.forgetInterruptPoint(st);
    } else if (owner === undefined && firstUse && st.prevHeld !== undefined) {
      const slot = this.reserve(() => this.decideHeld(st, undefined));
      st.held.push({ slot, rec, family: undefined, writeBefore: undefined, irqOf: st.prevHeld, device: undefined });
      this.pendingLines.set(line, st);
      this.forgetInterruptPoint(st);
    } else {
      this.emitOne(rec, this.lineEvent(rec, role, owner));
    }
  }

  private forgetInterruptPoint(st: ThreadState): void {
    st.prevDevice = undefined;
    st.prevHeld = undefined;
  }

  // ---- device trace points ---------------------------------------------------------------

  /** The device one of the record's pointers is known to belong to. */
  private ownerByPointer(rec: TraceRecord): TracedDevice | undefined {
    const kinds = rec.kinds as readonly ValueKind[];
    for (let i = 0; i < kinds.length; i++) {
      if (kinds[i] !== "ptr") continue;
      const d = this.pointerOwner.get(pointerKey(rec.values[i] as ArgValue));
      if (d !== undefined) return d;
    }
    return undefined;
  }

  private bindPointers(rec: TraceRecord, d: TracedDevice): void {
    const kinds = rec.kinds as readonly ValueKind[];
    for (let i = 0; i < kinds.length; i++) {
      if (kinds[i] !== "ptr") continue;
      const p = pointerKey(rec.values[i] as ArgValue);
      if (!isNull(p)) this.pointerOwner.set(p, d);
    }
  }

  private deviceObservation(st: ThreadState, rec: TraceRecord, role: Extract<Role, { t: "device" }>): void {
    const owner = this.ownerByPointer(rec);
    if (owner !== undefined) {
      this.bindPointers(rec, owner);
      this.emitOne(rec, this.observation(rec, this.agentOf(owner)));
      st.prevDevice = role.raisesIrq ? owner : undefined;
      st.prevHeld = undefined;
      return;
    }
    // Wait for the thread's next access: the point may be in the handler of a read that follows.
    const h: Held = {
      slot: this.reserve(() => this.decideHeld(st, undefined)),
      rec,
      family: role.family,
      writeBefore: st.lastWrite,
      irqOf: undefined,
      device: undefined,
    };
    st.held.push(h);
    st.prevDevice = undefined;
    st.prevHeld = role.raisesIrq ? h : undefined;
  }

  /** Decides the thread's held points; `readDevice` is the device of the read access that follows them, if any. */
  private decideHeld(st: ThreadState, readDevice: TracedDevice | undefined): void {
    const held = st.held;
    st.held = [];
    for (const h of held) {
      if (h.irqOf !== undefined) {
        const line = h.rec.values[(this.roles.get(h.rec.decl) as Extract<Role, { t: "ioapic" }>).vector] as number;
        this.pendingLines.delete(line);
        let owner = this.lineOwner.get(line);
        if (owner === undefined && h.irqOf.device !== undefined) {
          owner = h.irqOf.device;
          this.lineOwner.set(line, owner);
        }
        this.fill(h.slot, h.rec, [
          ...this.attachFor(owner, h.slot),
          this.lineEvent(h.rec, this.roles.get(h.rec.decl) as Extract<Role, { t: "ioapic" }>, owner),
        ]);
        continue;
      }
      const family = h.family as Family;
      let d = this.ownerByPointer(h.rec);
      if (d === undefined) {
        const w = h.writeBefore !== undefined && inFamily(family, h.writeBefore) ? h.writeBefore : undefined;
        const r = readDevice !== undefined && inFamily(family, readDevice) ? readDevice : undefined;
        if (w !== undefined && r !== undefined) d = /read/.test(h.rec.decl.name) && !/write/.test(h.rec.decl.name) ? r : w;
        else d = w ?? r ?? this.onlyDevice(family);
      }
      h.device = d;
      if (d !== undefined) this.bindPointers(h.rec, d);
      const attach = this.attachFor(d, h.slot);
      const ev = this.observation(h.rec, this.agentOf(d));
      this.fill(h.slot, h.rec, attach.length === 0 ? [ev] : [...attach, ev]);
    }
    this.drain();
  }

  /** The only attached device a trace point of this family can belong to. */
  private onlyDevice(family: Family): TracedDevice | undefined {
    const attached = this.topology.attachedOrder;
    const known = this.onlyDevices.get(family);
    if (known !== undefined && known.attached === attached.length) return known.device;
    let found: TracedDevice | undefined;
    for (const d of attached) {
      if (!inFamily(family, d)) continue;
      if (found !== undefined) {
        found = undefined;
        break;
      }
      found = d;
    }
    // (devices are only ever added to attachedOrder, and never change kind)
    this.onlyDevices.set(family, { attached: attached.length, device: found });
    return found;
  }

  // ---- observations -----------------------------------------------------------------------

  /**
   * A host pointer's stable id: 1, 2, … in order of first appearance in the log (among the trace
   * points that become observations; a register access's region pointer counts only when the
   * access is kept as an observation); NULL is 0.
   */
  private pointerId(value: ArgValue): number {
    const p = pointerKey(value);
    if (isNull(p)) return 0;
    let id = this.pointerIds.get(p);
    if (id === undefined) {
      id = this.pointerIds.size + 1;
      this.pointerIds.set(p, id);
    }
    return id;
  }

  private observation(rec: TraceRecord, agent: AgentProps): EventProps {
    const kinds = rec.kinds;
    const n = kinds === undefined ? 1 : kinds.length;
    // (sized once: an array grown by push starts with room for sixteen)
    const args: ArgProps[] = new Array(rec.thread > 0 ? n + 1 : n);
    // (every argument has every value field, all but one undefined: one shape for whatever reads them)
    if (kinds === undefined) {
      args[0] = { name: "text", uint: undefined, int: undefined, str: rec.values[0] as string, raw: undefined };
    } else {
      const decl = rec.decl.args;
      for (let i = 0; i < n; i++) {
        const name = (decl[i] as { name: string }).name;
        const v = rec.values[i] as ArgValue;
        if (kinds[i] === "ptr") args[i] = { name, uint: this.pointerId(v), int: undefined, str: undefined, raw: undefined };
        else if (typeof v === "string") args[i] = { name, uint: undefined, int: undefined, str: v, raw: undefined };
        else if (typeof v === "bigint") args[i] = { name, uint: undefined, int: undefined, str: undefined, raw: bigintBytes(v) };
        else if (kinds[i] === "int") args[i] = { name, uint: undefined, int: v, str: undefined, raw: undefined };
        else args[i] = { name, uint: v, int: undefined, str: undefined, raw: undefined };
      }
    }
    if (rec.thread > 0) args[n] = { name: "thread", uint: rec.thread, int: undefined, str: undefined, raw: undefined };
    const ev = newEvent(agent);
    ev.observation = { name: rec.decl.name, args };
    return ev;
  }
}
