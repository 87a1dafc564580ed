// Packing events into chunk rows (chunk-decode.ts reads them back).
//
// A chunk is one devtape.v1.Chunk protobuf (proto/devtape/v1/store.proto): the events
// without seq (it is first_seq + index), without time (a packed list of zigzag deltas,
// 1-2 bytes instead of 6 for a nanosecond clock) and without agent (a per-chunk table of
// distinct agents and a packed list of references, 1 byte instead of 4 for a CPU and 24
// for a device id). Summaries are kept as columns so readers can skip whole chunks: one
// kind letter per event, the kind mask, the guest-physical address range and the time
// range. Events are encoded as they arrive (event-encoder.ts writes the bytes), so a caller
// may reuse or change its event objects after append returns. Decoded events of one chunk
// share their agent objects: treat decoded events as read-only.
import { kindBitOfCode, kindLetter } from "../schema/kinds.js";
import { Agent, type AgentProps, type EventProps, v1, Writer } from "../schema/proto.js";
import { ByteWriter, encodeAgent, encodeEventBody } from "./event-encoder.js";

/** A chunk row as stored (without its hash, which the hash chain adds). */
export interface ChunkData {
  firstSeq: number;
  count: number;
  kinds: string;
  kindMask: number;
  addrMin: number | null;
  addrMax: number | null;
  timeMin: number | null;
  timeMax: number | null;
  body: Uint8Array;
}

const TAG_EVENTS = (1 << 3) | 2;
const TAG_TIMES = (2 << 3) | 2;
const TAG_AGENTS = (3 << 3) | 2;
const TAG_AGENT_REFS = (4 << 3) | 2;

/**
 * Every field of devtape.v1.Event that encodeStoredEvent accounts for: seq, timeNs and
 * agent live elsewhere in the chunk, the rest it writes. A test compares this with the
 * schema, so a field added to event.proto cannot be silently dropped by the store.
 */
export const STORED_EVENT_FIELDS = [
  "seq",
  "timeNs",
  "agent",
  "source",
  "mmio",
  "pio",
  "pciConfig",
  "memory",
  "barrier",
  "interrupt",
  "observation",
  "attach",
  "detach",
  "machine",
  "marker",
] as const;

type W = InstanceType<typeof Writer>;
type P<K extends keyof EventProps> = NonNullable<EventProps[K]>;

/**
 * Writes the stored form of an event: a devtape.v1.Event holding only its source and its
 * payload. Equivalent to Event.encode of the event with seq, timeNs and agent cleared,
 * without touching the caller's object and without testing fields the kind rules out.
 * (ChunkBuilder writes the same bytes with event-encoder.ts, and comes here only for values
 * that encoder leaves to the generated code.)
 */
export function encodeStoredEvent(ev: EventProps, letter: string, w: W): void {
  if (ev.source != null) v1.Source.encode(ev.source, w.uint32(34).fork()).ldelim();
  // prettier-ignore
  switch (letter) {
    case "M": case "m": v1.MmioAccess.encode(ev.mmio as P<"mmio">, w.uint32(82).fork()).ldelim(); return;
    case "P": case "p": v1.PortIoAccess.encode(ev.pio as P<"pio">, w.uint32(90).fork()).ldelim(); return;
    case "C": case "c": v1.PciConfigAccess.encode(ev.pciConfig as P<"pciConfig">, w.uint32(98).fork()).ldelim(); return;
    case "G": case "g": v1.MemoryAccess.encode(ev.memory as P<"memory">, w.uint32(106).fork()).ldelim(); return;
    case "B": v1.Barrier.encode(ev.barrier as P<"barrier">, w.uint32(114).fork()).ldelim(); return;
    case "I": v1.Interrupt.encode(ev.interrupt as P<"interrupt">, w.uint32(122).fork()).ldelim(); return;
    case "O": v1.DeviceObservation.encode(ev.observation as P<"observation">, w.uint32(130).fork()).ldelim(); return;
    case "A": v1.DeviceAttach.encode(ev.attach as P<"attach">, w.uint32(138).fork()).ldelim(); return;
    case "D": v1.DeviceDetach.encode(ev.detach as P<"detach">, w.uint32(146).fork()).ldelim(); return;
    case "T": v1.Machine.encode(ev.machine as P<"machine">, w.uint32(154).fork()).ldelim(); return;
    case "K": v1.Marker.encode(ev.marker as P<"marker">, w.uint32(162).fork()).ldelim(); return;
    default: throw new Error(`encodeStoredEvent: no encoder for kind '${letter}'`);
  }
}

const zigzag = (d: number) => (d >= 0 ? d * 2 : -d * 2 - 1);

/** What eventRange found: the guest-physical range an event touches, [rangeLo, rangeHi] (rangeLo -1: none). */
let rangeLo = -1;
let rangeHi = -1;

/** The address range of an MMIO or memory access (into rangeLo, rangeHi), for the chunk's summary. */
function eventRange(ev: EventProps): void {
  let lo = -1;
  let hi = -1;
  if (ev.mmio != null) {
    lo = ev.mmio.addr ?? 0;
    hi = lo + (ev.mmio.size ?? 1) - 1;
  } else if (ev.memory != null) {
    lo = ev.memory.addr ?? 0;
    hi = lo + (ev.memory.data?.length || ev.memory.fillLength || 1) - 1;
  }
  rangeLo = lo;
  rangeHi = hi;
}

/** Writes an event's record of a chunk body (tag, length, stored form); its kind letter must be given. */
function writeRecord(ev: EventProps, letter: string, w: ByteWriter): void {
  w.uint32(TAG_EVENTS);
  const at = w.fork();
  if (!encodeEventBody(ev, letter, w)) {
    w.pos = at + 1;
    const slow = Writer.create();
    encodeStoredEvent(ev, letter, slow);
    w.raw(slow.finish());
  }
  w.ldelim(at);
}

/** The kind letter of an event that must have one. */
function letterOf(ev: EventProps): string {
  const letter = kindLetter(ev);
  if (letter === undefined) throw new Error("ChunkBuilder.add: the event has no payload; validate events before appending them");
  return letter;
}

/** The summary columns of a chunk, accumulated event by event. */
export class ChunkSummary {
  /** The kind letters so far, as bytes (a string grown a letter at a time costs an object per letter). */
  private letters = new Uint8Array(256);
  private count = 0;
  kindMask = 0;
  private addrLo = Number.POSITIVE_INFINITY;
  private addrHi = -1;
  private timeLo = Number.POSITIVE_INFINITY;
  private timeHi = -1;

  /** Adds an event of the given kind letter. */
  add(ev: EventProps, letter: string): void {
    eventRange(ev);
    this.addFields(letter.charCodeAt(0), ev.timeNs, rangeLo, rangeHi);
  }

  /** add() of what it takes from an event: its kind letter's code, time (null: none) and address range (lo -1: none). */
  addFields(letter: number, time: number | null | undefined, lo: number, hi: number): void {
    if (this.count === this.letters.length) {
      const grown = new Uint8Array(this.letters.length * 2);
      grown.set(this.letters);
      this.letters = grown;
    }
    this.letters[this.count++] = letter;
    this.kindMask |= kindBitOfCode(letter);
    if (time != null) {
      if (time < this.timeLo) this.timeLo = time;
      if (time > this.timeHi) this.timeHi = time;
    }
    if (lo >= 0) {
      if (lo < this.addrLo) this.addrLo = lo;
      if (hi > this.addrHi) this.addrHi = hi;
    }
  }

  /** One kind letter per event. */
  get kinds(): string {
    return Buffer.from(this.letters.buffer, this.letters.byteOffset, this.count).toString("latin1");
  }

  get addrMin(): number | null {
    return this.addrHi >= 0 ? this.addrLo : null;
  }
  get addrMax(): number | null {
    return this.addrHi >= 0 ? this.addrHi : null;
  }
  get timeMin(): number | null {
    return this.timeHi >= 0 ? this.timeLo : null;
  }
  get timeMax(): number | null {
    return this.timeHi >= 0 ? this.timeHi : null;
  }
}

export class ChunkBuilder {
  private readonly writer = new ByteWriter();
  private summary = new ChunkSummary();
  /** Per event: its time as zigzag delta + 1 (0: none), and its agent's ref; typed arrays kept from chunk to chunk. */
  private times = new Float64Array(256);
  private agentRefs = new Uint32Array(256);
  private n = 0;
  private prevTime = 0;
  private agents: AgentProps[] = [];
  private cpuRefs = new Map<number, number>();
  private deviceRefs = new Map<string, number>();
  private hostRef = 0;
  /** The last agent given a ref, what it said then, and its ref (lastRef 0: none). */
  private lastAgent: AgentProps | undefined;
  private lastCpu: unknown;
  private lastDevice: unknown;
  private lastHost: unknown;
  private lastRef = 0;

  /** Events in the chunk so far. */
  get count(): number {
    return this.n;
  }

  /** Encoded bytes so far. */
  get bytes(): number {
    return this.writer.pos;
  }

  /** Encodes one event. Throws for an event with no payload (a bug of the caller: importers validate). */
  add(ev: EventProps): void {
    const letter = letterOf(ev);
    eventRange(ev);
    this.summary.addFields(letter.charCodeAt(0), ev.timeNs, rangeLo, rangeHi);
    writeRecord(ev, letter, this.writer);
    this.note(ev.timeNs, ev.agent);
  }

  /** The event's time and agent, in the chunk's tables. */
  private note(time: number | null | undefined, agent: AgentProps | null | undefined): void {
    const i = this.n;
    if (i === this.times.length) this.grow();
    this.agentRefs[i] = agent == null ? 0 : this.agentRef(agent);
    if (time == null) {
      this.times[i] = 0;
    } else {
      this.times[i] = zigzag(time - this.prevTime) + 1;
      this.prevTime = time;
    }
    this.n = i + 1;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const refs = new Uint32Array(this.agentRefs.length * 2);
    refs.set(this.agentRefs);
    this.agentRefs = refs;
  }

  private agentRef(a: AgentProps): number {
    // Events of a run share their agent (one object, as importers make them): the last one is
    // taken again if it still says the same.
    if (a === this.lastAgent && a.cpu === this.lastCpu && a.device === this.lastDevice && a.host === this.lastHost) return this.lastRef;
    const ref = this.agentRefOf(a);
    if (a.cpu != null || a.device != null || a.host) {
      this.lastAgent = a;
      this.lastCpu = a.cpu;
      this.lastDevice = a.device;
      this.lastHost = a.host;
      this.lastRef = ref;
    }
    return ref;
  }

  private agentRefOf(a: AgentProps): number {
    let ref: number | undefined;
    if (a.cpu != null) ref = this.cpuRefs.get(a.cpu);
    else if (a.device != null) ref = this.deviceRefs.get(a.device);
    else if (a.host) ref = this.hostRef || undefined;
    if (ref !== undefined) return ref;
    this.agents.push(a.cpu != null ? { cpu: a.cpu } : a.device != null ? { device: a.device } : { host: a.host ?? false });
    ref = this.agents.length;
    if (a.cpu != null) this.cpuRefs.set(a.cpu, ref);
    else if (a.device != null) this.deviceRefs.set(a.device, ref);
    else if (a.host) this.hostRef = ref;
    return ref;
  }

  /** The finished chunk; the builder is then empty again. */
  finish(firstSeq: number): ChunkData {
    const w = this.writer;
    w.uint32(TAG_TIMES);
    let at = w.fork();
    const n = this.n;
    const times = this.times;
    for (let i = 0; i < n; i++) {
      const t = times[i] as number;
      if (t <= 0xffff_ffff) w.uint32(t);
      else w.uint64(t);
    }
    w.ldelim(at);
    for (const a of this.agents) {
      w.uint32(TAG_AGENTS);
      at = w.fork();
      if (!encodeAgent(a, w)) {
        w.pos = at + 1;
        w.raw(Agent.encode(a).finish());
      }
      w.ldelim(at);
    }
    w.uint32(TAG_AGENT_REFS);
    at = w.fork();
    const refs = this.agentRefs;
    for (let i = 0; i < n; i++) w.uint32(refs[i] as number);
    w.ldelim(at);
    const s = this.summary;
    const data: ChunkData = {
      firstSeq,
      count: n,
      kinds: s.kinds,
      kindMask: s.kindMask,
      addrMin: s.addrMin,
      addrMax: s.addrMax,
      timeMin: s.timeMin,
      timeMax: s.timeMax,
      body: w.finish(),
    };
    // finish() copied the bytes out: keep the grown buffer and arrays for the next chunk.
    w.pos = 0;
    this.summary = new ChunkSummary();
    this.n = 0;
    this.prevTime = 0;
    this.agents = [];
    this.cpuRefs.clear();
    this.deviceRefs.clear();
    this.hostRef = 0;
    this.lastAgent = undefined;
    this.lastRef = 0;
    return data;
  }
}
