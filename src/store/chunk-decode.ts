// Decoding a chunk body (a devtape.v1.Chunk protobuf) back into events, fast.
//
// Replay reads every event of a session, so this is on its hot path: protobufjs's
// generated decoder spends a third of replay time on a Reader per message, the oneof
// bookkeeping of each payload and a Buffer object per bytes field. This decoder walks the
// wire format directly for the fields the store writes (the chunk envelope; an event's
// source and its access, memory, barrier and interrupt payloads) into columns, one typed
// array per field kept from chunk to chunk (ChunkColumns). From the columns either replay
// applies the common events without making an object for them (engine/replay.ts), or
// `decodeChunk` makes the same generated message objects, with the same fields set, that
// Chunk.decode would: proto3 defaults are left to the prototypes, bytes are views into
// the body. The rare payloads (observation, attach, detach, machine, marker) go to the
// generated decoders. Anything this decoder does not expect (an unknown field, a field
// twice, a wire type it does not write) hands the whole chunk to Chunk.decode, which
// keeps unknown fields and raises protobufjs's own errors: both paths give equal events
// (test/store/chunk-decode.test.ts). A chunk is parsed whole before any of it is used, so
// a damaged one is reported, never half applied.
import type { devtape } from "../schema/generated/devtape.js";
import { type AgentProps, Chunk, type DecodedEvent, Reader, v1 } from "../schema/proto.js";

/** A chunk body whose protobuf does not decode or does not match its row. */
export class ChunkDecodeError extends Error {
  override readonly name = "ChunkDecodeError";
}

/** Thrown inside the fast path: the chunk holds something only the generated decoder handles. */
const UNEXPECTED = new Error("chunk needs the generated decoder");

let buf: Uint8Array = new Uint8Array(0);
let pos = 0;

function varint(end: number): number {
  if (pos >= end) throw UNEXPECTED;
  let b = buf[pos++] as number;
  if (b < 0x80) return b;
  let value = b & 0x7f;
  let scale = 128;
  for (let i = 1; i < 8; i++) {
    if (pos >= end) throw UNEXPECTED;
    b = buf[pos++] as number;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 128;
  }
  // Ten-byte varints (negative int32 enums, values of 2^56 and more) are not ours.
  throw UNEXPECTED;
}

/** A length prefix: the end of the field it opens, within `end`. */
function lengthEnd(end: number): number {
  const len = varint(end);
  const e = pos + len;
  if (e > end) throw UNEXPECTED;
  return e;
}

/** What an event of a chunk is, in ChunkColumns.kind. */
export const KIND_NONE = 0;
export const KIND_MMIO = 1;
export const KIND_PIO = 2;
export const KIND_PCI_CONFIG = 3;
export const KIND_MEMORY = 4;
export const KIND_BARRIER = 5;
export const KIND_INTERRUPT = 6;
/** Observation, attach, detach, machine, marker — or any event of a chunk the generated decoder took: `eventAt`. */
export const KIND_OTHER = 7;

/** Interrupt.target in ChunkColumns.target. */
export const TARGET_NONE = 0;
export const TARGET_LINE = 1;
export const TARGET_MSI = 2;

const EMPTY = new Uint8Array(0);

/**
 * A decoded chunk, a typed array per field (reused from chunk to chunk: valid until the
 * next decode into it). Per kind, the numeric fields are:
 * - mmio: op, a = addr, b = size, c = value, d = valueHi
 * - pio: op, a = port, b = size, c = value
 * - pciConfig: op, a = bdf, b = offset, c = size, d = value
 * - memory: op, a = addr, b = fillLength, c = fillByte; data is body[dataStart, dataEnd)
 * - barrier: op = kind, a = flavour
 * - interrupt: op = action, target, a = line or MSI address, b = MSI data
 * Absent fields read 0, as proto3 defaults do.
 */
export class ChunkColumns {
  firstSeq = 0;
  count = 0;
  /** The first and last + 1 index of the events a reader asked for (Store.columnBatches). */
  lo = 0;
  hi = 0;
  /** The body as a plain Uint8Array (the data ranges index it). */
  body: Uint8Array = EMPTY;
  agents: AgentProps[] = [];
  /** Agent ref (1-based) → the agent's device name, if it is a device. */
  agentDevices: (string | undefined)[] = [undefined];
  kind = new Uint8Array(0);
  target = new Uint8Array(0);
  agentRef = new Int32Array(0);
  hasTime = new Uint8Array(0);
  time = new Float64Array(0);
  op = new Float64Array(0);
  a = new Float64Array(0);
  b = new Float64Array(0);
  c = new Float64Array(0);
  d = new Float64Array(0);
  dataStart = new Int32Array(0);
  dataEnd = new Int32Array(0);
  /** Source file and line, where hasSource is 1 (absent fields 0). */
  srcFile = new Float64Array(0);
  srcLine = new Float64Array(0);
  hasSource = new Uint8Array(0);
  /** Rare payloads, decoded by the generated decoders, by index. */
  others: unknown[] = [];
  /** The events, when the generated decoder took the whole chunk. */
  fallback: DecodedEvent[] | undefined;

  /** Room for n events. */
  reserve(n: number): void {
    if (this.kind.length >= n) return;
    const cap = Math.max(n, 2 * this.kind.length, 1024);
    this.kind = new Uint8Array(cap);
    this.target = new Uint8Array(cap);
    this.agentRef = new Int32Array(cap);
    this.hasTime = new Uint8Array(cap);
    this.time = new Float64Array(cap);
    this.op = new Float64Array(cap);
    this.a = new Float64Array(cap);
    this.b = new Float64Array(cap);
    this.c = new Float64Array(cap);
    this.d = new Float64Array(cap);
    this.dataStart = new Int32Array(cap);
    this.dataEnd = new Int32Array(cap);
    this.srcFile = new Float64Array(cap);
    this.srcLine = new Float64Array(cap);
    this.hasSource = new Uint8Array(cap);
  }

  /** The device name of event i's agent, if a device did it. */
  agentDevice(i: number): string | undefined {
    return this.agentDevices[this.agentRef[i] as number];
  }

  /** A memory event's data: a view into the body. */
  dataAt(i: number): Uint8Array {
    return this.body.subarray(this.dataStart[i] as number, this.dataEnd[i] as number);
  }

  /** Event i as the generated message object Chunk.decode would give. */
  eventAt(i: number): DecodedEvent {
    if (this.fallback !== undefined) return this.fallback[i] as DecodedEvent;
    const ev = eventOf(this.firstSeq + i, this.hasTime[i] !== 0, this.time[i] as number, this.agents, this.agentRef[i] as number);
    if (this.hasSource[i] !== 0) ev.source = sourceOf(this.srcFile[i] as number, this.srcLine[i] as number);
    const op = this.op[i] as number;
    const a = this.a[i] as number;
    const b = this.b[i] as number;
    const c = this.c[i] as number;
    const d = this.d[i] as number;
    switch (this.kind[i]) {
      case KIND_MMIO:
        ev.mmio = mmioOf(op, a, b, c, d);
        break;
      case KIND_PIO:
        ev.pio = pioOf(op, a, b, c);
        break;
      case KIND_PCI_CONFIG:
        ev.pciConfig = pciConfigOf(op, a, b, c, d);
        break;
      case KIND_MEMORY:
        ev.memory = memoryOf(op, a, this.body, this.dataStart[i] as number, this.dataEnd[i] as number, b, c);
        break;
      case KIND_BARRIER:
        ev.barrier = barrierOf(op, a);
        break;
      case KIND_INTERRUPT:
        ev.interrupt = interruptOf(this.target[i] as number, a, b, op);
        break;
      case KIND_OTHER:
        setOther(ev, this.target[i] as number, this.others[i]);
        break;
      default:
        break;
    }
    return ev;
  }
}

// The message objects, made from a payload's fields (0: absent, left to the prototype's
// default), one maker per message for both decodeChunk's pass and ChunkColumns.eventAt.

function eventOf(seq: number, hasTime: boolean, time: number, agents: AgentProps[], ref: number): DecodedEvent {
  const ev = new v1.Event();
  ev.seq = seq;
  if (hasTime) ev.timeNs = time;
  if (ref !== 0) ev.agent = agents[ref - 1] as devtape.v1.Agent;
  return ev;
}

function sourceOf(file: number, line: number): devtape.v1.Source {
  const s = new v1.Source();
  if (file !== 0) s.file = file;
  if (line !== 0) s.line = line;
  return s;
}

function mmioOf(op: number, addr: number, size: number, value: number, hi: number): devtape.v1.MmioAccess {
  const m = new v1.MmioAccess();
  if (op !== 0) m.op = op;
  if (addr !== 0) m.addr = addr;
  if (size !== 0) m.size = size;
  if (value !== 0) m.value = value;
  if (hi !== 0) m.valueHi = hi;
  return m;
}

function pioOf(op: number, port: number, size: number, value: number): devtape.v1.PortIoAccess {
  const p = new v1.PortIoAccess();
  if (op !== 0) p.op = op;
  if (port !== 0) p.port = port;
  if (size !== 0) p.size = size;
  if (value !== 0) p.value = value;
  return p;
}

function pciConfigOf(op: number, bdf: number, offset: number, size: number, value: number): devtape.v1.PciConfigAccess {
  const p = new v1.PciConfigAccess();
  if (op !== 0) p.op = op;
  if (bdf !== 0) p.bdf = bdf;
  if (offset !== 0) p.offset = offset;
  if (size !== 0) p.size = size;
  if (value !== 0) p.value = value;
  return p;
}

/** A MemoryAccess whose data is body[start, end) (a view; none when empty). */
function memoryOf(
  op: number,
  addr: number,
  body: Uint8Array,
  start: number,
  end: number,
  fillLength: number,
  fillByte: number,
): devtape.v1.MemoryAccess {
  const m = new v1.MemoryAccess();
  if (op !== 0) m.op = op;
  if (addr !== 0) m.addr = addr;
  // subarray of the plain view: cheaper than a view made with the constructor, and plain too.
  if (end > start) m.data = body.subarray(start, end);
  if (fillLength !== 0) m.fillLength = fillLength;
  if (fillByte !== 0) m.fillByte = fillByte;
  return m;
}

function barrierOf(kind: number, flavour: number): devtape.v1.Barrier {
  const m = new v1.Barrier();
  if (kind !== 0) m.kind = kind;
  if (flavour !== 0) m.flavour = flavour;
  return m;
}

/** An Interrupt: a line (target TARGET_LINE: present even when 0), an MSI (address a, data b) or neither. */
function interruptOf(target: number, a: number, b: number, action: number): devtape.v1.Interrupt {
  const irq = new v1.Interrupt();
  if (target === TARGET_LINE) irq.line = a;
  else if (target === TARGET_MSI) {
    const msi = new v1.Msi();
    if (a !== 0) msi.address = a;
    if (b !== 0) msi.data = b;
    irq.msi = msi;
  }
  if (action !== 0) irq.action = action;
  return irq;
}

/** A rare payload (field number `field` of Event) into its place. */
function setOther(ev: DecodedEvent, field: number, value: unknown): void {
  if (field === 16) ev.observation = value as devtape.v1.DeviceObservation;
  else if (field === 17) ev.attach = value as devtape.v1.DeviceAttach;
  else if (field === 18) ev.detach = value as devtape.v1.DeviceDetach;
  else if (field === 19) ev.machine = value as devtape.v1.Machine;
  else ev.marker = value as devtape.v1.Marker;
}

/** Scratch for a varint-only message's fields, by field number (1-5). */
const fields = new Float64Array(6);

/**
 * A message of only varint fields 1…max, each at most once, into `fields` (absent: 0).
 * Anything else is for the generated decoder.
 */
function varintFields(end: number, max: number): void {
  fields.fill(0);
  let seen = 0;
  while (pos < end) {
    const tag = varint(end);
    const field = tag >>> 3;
    if (field === 0 || field > max || (tag & 7) !== 0 || seen & (1 << field)) throw UNEXPECTED;
    seen |= 1 << field;
    fields[field] = varint(end);
  }
}

/**
 * Where the pass puts an event's fields: its columns in `cols`, or, when `cur` is an event
 * (decodeChunk), straight into that object (no columns to read back: a third faster).
 */
let cols = new ChunkColumns();
let cur: DecodedEvent | undefined;

/** Payload fields 1-5 (op, a, b, c, d) of event i, of a kind with no bytes. */
function put(i: number, kind: number, op: number, a: number, b: number, c: number, d: number): void {
  cols.kind[i] = kind;
  cols.op[i] = op;
  cols.a[i] = a;
  cols.b[i] = b;
  cols.c[i] = c;
  cols.d[i] = d;
}

/** MmioAccess, the commonest payload, with its fields written out. */
function mmioAccess(end: number, i: number): void {
  let seen = 0;
  let op = 0;
  let addr = 0;
  let size = 0;
  let value = 0;
  let hi = 0;
  while (pos < end) {
    const tag = varint(end);
    // Fields 1-5, all varints, each at most once; anything else is for the generated decoder.
    if (tag < 8 || tag > 40 || (tag & 7) !== 0 || seen & (1 << (tag >>> 3))) throw UNEXPECTED;
    seen |= 1 << (tag >>> 3);
    const v = varint(end);
    if (tag === 8) op = v;
    else if (tag === 16) addr = v;
    else if (tag === 24) size = v;
    else if (tag === 32) value = v;
    else hi = v;
  }
  if (cur !== undefined) cur.mmio = mmioOf(op, addr, size, value, hi);
  else put(i, KIND_MMIO, op, addr, size, value, hi);
}

/** MemoryAccess: varints and the one bytes field, kept as a range of the body. */
function memoryAccess(end: number, i: number): void {
  let seen = 0;
  let op = 0;
  let addr = 0;
  let fillLength = 0;
  let fillByte = 0;
  let start = 0;
  let stop = 0;
  while (pos < end) {
    const tag = varint(end);
    if (tag < 8 || tag > 40 || seen & (1 << (tag >>> 3))) throw UNEXPECTED;
    seen |= 1 << (tag >>> 3);
    if (tag === 26) {
      const e = lengthEnd(end);
      start = pos;
      stop = e;
      pos = e;
      continue;
    }
    const v = varint(end);
    if (tag === 8) op = v;
    else if (tag === 16) addr = v;
    else if (tag === 32) fillLength = v;
    else if (tag === 40) fillByte = v;
    else throw UNEXPECTED;
  }
  if (cur !== undefined) {
    cur.memory = memoryOf(op, addr, buf, start, stop, fillLength, fillByte);
    return;
  }
  put(i, KIND_MEMORY, op, addr, fillLength, fillByte, 0);
  cols.dataStart[i] = start;
  cols.dataEnd[i] = stop;
}

function interrupt(end: number, i: number): void {
  let target = TARGET_NONE;
  let action = false;
  let a = 0;
  let b = 0;
  let act = 0;
  while (pos < end) {
    const tag = varint(end);
    if (tag === 8 && target === TARGET_NONE) {
      target = TARGET_LINE;
      a = varint(end);
    } else if (tag === 18 && target === TARGET_NONE) {
      target = TARGET_MSI;
      varintFields(lengthEnd(end), 2);
      a = fields[1] as number;
      b = fields[2] as number;
    } else if (tag === 24 && !action) {
      action = true;
      act = varint(end);
    } else {
      throw UNEXPECTED;
    }
  }
  if (cur !== undefined) {
    cur.interrupt = interruptOf(target, a, b, act);
    return;
  }
  put(i, KIND_INTERRUPT, act, a, b, 0, 0);
  cols.target[i] = target;
}

/** A message of only varint fields 1…max (op, a, b, c, d), as `kind` (pio, pciConfig or barrier). */
function varintPayload(end: number, i: number, kind: number, max: number): void {
  varintFields(end, max);
  const op = fields[1] as number;
  const a = fields[2] as number;
  const b = fields[3] as number;
  const c = fields[4] as number;
  const d = fields[5] as number;
  if (cur === undefined) put(i, kind, op, a, b, c, d);
  else if (kind === KIND_PIO) cur.pio = pioOf(op, a, b, c);
  else if (kind === KIND_PCI_CONFIG) cur.pciConfig = pciConfigOf(op, a, b, c, d);
  else cur.barrier = barrierOf(op, a);
}

/** A rare payload, through its generated decoder. */
function generated<T>(decode: (r: InstanceType<typeof Reader>, len: number) => T, end: number): T {
  const r = Reader.create(buf);
  r.pos = pos;
  const value = decode(r, end - pos);
  pos = end;
  return value;
}

const RARE: Record<number, (r: InstanceType<typeof Reader>, len: number) => unknown> = {
  16: v1.DeviceObservation.decode,
  17: v1.DeviceAttach.decode,
  18: v1.DeviceDetach.decode,
  19: v1.Machine.decode,
  20: v1.Marker.decode,
};

/** The fields of event record i, buf[pos, end). */
function event(end: number, i: number): void {
  let payload = false;
  let source = false;
  if (cur === undefined) {
    cols.kind[i] = KIND_NONE;
    cols.hasSource[i] = 0;
  }
  while (pos < end) {
    const tag = varint(end);
    if ((tag & 7) !== 2) throw UNEXPECTED;
    const e = lengthEnd(end);
    const field = tag >>> 3;
    if (field === 4) {
      if (source) throw UNEXPECTED;
      source = true;
      varintFields(e, 2);
      if (cur !== undefined) cur.source = sourceOf(fields[1] as number, fields[2] as number);
      else {
        cols.hasSource[i] = 1;
        cols.srcFile[i] = fields[1] as number;
        cols.srcLine[i] = fields[2] as number;
      }
      continue;
    }
    if (payload) throw UNEXPECTED;
    payload = true;
    switch (field) {
      case 10:
        mmioAccess(e, i);
        break;
      case 11:
        varintPayload(e, i, KIND_PIO, 4);
        break;
      case 12:
        varintPayload(e, i, KIND_PCI_CONFIG, 5);
        break;
      case 13:
        memoryAccess(e, i);
        break;
      case 14:
        varintPayload(e, i, KIND_BARRIER, 2);
        break;
      case 15:
        interrupt(e, i);
        break;
      default: {
        const decode = RARE[field];
        if (decode === undefined) throw UNEXPECTED;
        const value = generated(decode, e);
        if (cur !== undefined) setOther(cur, field, value);
        else {
          cols.kind[i] = KIND_OTHER;
          cols.target[i] = field;
          cols.others[i] = value;
        }
      }
    }
    if (pos !== e) throw UNEXPECTED;
  }
}

/** A reusable list of numbers (a chunk's times or agent references): no array grows per chunk. */
class NumberList {
  values = new Float64Array(4096);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(2 * this.values.length);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }
}

const timesList = new NumberList();
const refsList = new NumberList();

/** A packed (or, as protobuf allows, unpacked) list of varints, appended to `out`. */
function varints(tag: number, end: number, out: NumberList): void {
  if ((tag & 7) === 0) {
    out.push(varint(end));
    return;
  }
  if ((tag & 7) !== 2) throw UNEXPECTED;
  const e = lengthEnd(end);
  while (pos < e) out.push(varint(e));
}

interface RawChunk {
  events: DecodedEvent[];
  times: ArrayLike<number>;
  agents: AgentProps[];
  agentRefs: ArrayLike<number>;
}

/**
 * The first pass over a chunk body: where each event record is (into dataStart/dataEnd,
 * which the second pass then overwrites), and the times, agents and agent references that
 * come after the records.
 */
function envelope(body: Uint8Array, count: number): void {
  // A plain Uint8Array view (not a Buffer): subarray then makes plain views, without
  // Buffer's species lookup, for every bytes field.
  buf = new Uint8Array(body.buffer, body.byteOffset, body.length);
  pos = 0;
  const end = body.length;
  let n = 0;
  const agents: AgentProps[] = [];
  timesList.length = 0;
  refsList.length = 0;
  while (pos < end) {
    const tag = varint(end);
    switch (tag >>> 3) {
      case 1: {
        if ((tag & 7) !== 2 || n === count) throw UNEXPECTED;
        const e = lengthEnd(end);
        cols.dataStart[n] = pos;
        cols.dataEnd[n++] = e;
        pos = e;
        break;
      }
      case 2:
        varints(tag, end, timesList);
        break;
      case 3: {
        if ((tag & 7) !== 2) throw UNEXPECTED;
        const e = lengthEnd(end);
        agents.push(generated(v1.Agent.decode, e));
        break;
      }
      case 4:
        varints(tag, end, refsList);
        break;
      default:
        throw UNEXPECTED;
    }
  }
  if (n !== count || timesList.length !== count || refsList.length !== count) throw UNEXPECTED;
  cols.agents = agents;
  cols.agentDevices.length = agents.length + 1;
  for (let k = 0; k < agents.length; k++) cols.agentDevices[k + 1] = (agents[k] as AgentProps).device ?? undefined;
}

/**
 * The envelope, then each event record with its time and agent: into the columns, or, when
 * `out` is given, as event objects into `out` (each made with its seq, time and agent and
 * its own fields in that order, so every event object has the same shape from birth).
 */
function fastPass(body: Uint8Array, firstSeq: number, count: number, out: DecodedEvent[] | undefined): void {
  cols.firstSeq = firstSeq;
  cols.count = count;
  cols.lo = 0;
  cols.hi = count;
  cols.fallback = undefined;
  cols.others.length = 0;
  cols.reserve(count);
  envelope(body, count);
  cols.body = buf;
  const times = timesList.values;
  const refs = refsList.values;
  const agents = cols.agents;
  let prev = 0;
  for (let i = 0; i < count; i++) {
    const code = times[i] as number;
    if (code !== 0) prev += unzigzag(code - 1);
    const ref = refs[i] as number;
    if (ref > agents.length) throw UNEXPECTED; // the generated path names the damage
    if (out !== undefined) {
      cur = eventOf(firstSeq + i, code !== 0, prev, agents, ref);
      out[i] = cur;
    } else {
      cols.time[i] = prev;
      cols.hasTime[i] = code !== 0 ? 1 : 0;
      cols.agentRef[i] = ref;
    }
    pos = cols.dataStart[i] as number;
    event(cols.dataEnd[i] as number, i);
  }
}

/** A zigzag-coded delta back to its value (with 32-bit integer operations where they are exact: `%` on doubles is slow). */
function unzigzag(z: number): number {
  if (z < 0x80000000) return (z & 1) === 0 ? z >>> 1 : -((z >>> 1) + 1);
  const half = Math.floor(z / 2);
  return half * 2 === z ? half : -(half + 1);
}

/**
 * Decodes a chunk body into `into` (its arrays reused): the fast path, or the generated
 * decoder's events when the chunk needs it. Throws ChunkDecodeError for a damaged body.
 */
export function decodeColumns(body: Uint8Array, firstSeq: number, count: number, into: ChunkColumns): ChunkColumns {
  if (fast(body, firstSeq, count, into, undefined)) return into;
  into.reserve(count);
  into.kind.fill(KIND_OTHER, 0, count);
  into.fallback = generatedChunk(body, firstSeq, count);
  into.body = EMPTY;
  into.others.length = 0;
  return into;
}

/** Scratch columns for decodeChunk (record bounds and agents). */
const scratch = new ChunkColumns();

/** Decodes a chunk body into events with seq, time and agent restored. */
export function decodeChunk(body: Uint8Array, firstSeq: number, count: number): DecodedEvent[] {
  const events = new Array<DecodedEvent>(count);
  if (fast(body, firstSeq, count, scratch, events)) return events;
  return generatedChunk(body, firstSeq, count);
}

/** The fast pass into `into` (and `out`), or false when the chunk needs the generated decoder. */
function fast(body: Uint8Array, firstSeq: number, count: number, into: ChunkColumns, out: DecodedEvent[] | undefined): boolean {
  cols = into;
  try {
    fastPass(body, firstSeq, count, out);
    return true;
  } catch {
    // Something only the generated decoder handles, or damage it will name.
    return false;
  } finally {
    buf = EMPTY;
    cur = undefined;
    if (out !== undefined) {
      into.body = EMPTY;
      into.agents = [];
      into.others.length = 0;
    }
  }
}

/** decodeChunk through the generated decoder only. */
function generatedChunk(body: Uint8Array, firstSeq: number, count: number): DecodedEvent[] {
  const { events, times, agents, agentRefs } = slowChunk(body);
  if (events.length !== count || times.length !== count || agentRefs.length !== count) {
    throw new ChunkDecodeError(
      `chunk body holds ${events.length} events, ${times.length} times and ${agentRefs.length} agent references; its row says ${count}`,
    );
  }
  let prev = 0;
  for (let i = 0; i < count; i++) {
    const ev = events[i] as DecodedEvent;
    ev.seq = firstSeq + i;
    const code = times[i] as number;
    if (code !== 0) {
      prev += unzigzag(code - 1);
      ev.timeNs = prev;
    }
    const ref = agentRefs[i] as number;
    if (ref !== 0) {
      const agent = agents[ref - 1];
      if (agent === undefined) throw new ChunkDecodeError(`event ${firstSeq + i} refers to agent ${ref} of ${agents.length}`);
      ev.agent = agent;
    }
  }
  return events;
}

/** Which decoder a chunk body takes (for tests: the fast path must not silently give up). */
export function decoderFor(body: Uint8Array, count: number): "fast" | "generated" {
  return fast(body, 0, count, new ChunkColumns(), undefined) ? "fast" : "generated";
}

/** The generated decoder: every protobuf corner, and protobufjs's errors for damaged bytes. */
export function slowChunk(body: Uint8Array): RawChunk {
  try {
    return Chunk.decode(body) as unknown as RawChunk;
  } catch (e) {
    throw new ChunkDecodeError(`chunk body does not decode: ${(e as Error).message}`);
  }
}
