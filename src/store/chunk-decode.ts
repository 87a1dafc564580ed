// Decoding a chunk body (a devtape.v1.Chunk protobuf) back into events, fast.
//
// Replay reads every event of a session, so this is on its hot path: protobufjs's
// generated decoder spends a third of replay time on a Reader per message, the oneof
// bookkeeping of each payload and a Buffer object per bytes field. This decoder walks the
// wire format directly for the fields the store writes (the chunk envelope; an event's
// source and its access, memory, barrier and interrupt payloads) and builds the same
// generated message objects, with the same fields set, that Chunk.decode would: proto3
// defaults are left to the prototypes, bytes are views into the body. The rare payloads
// (observation, attach, detach, machine, marker) go to the generated decoders. Anything this
// decoder does not expect (an unknown field, a field twice, a wire type it does not write)
// hands the whole chunk to Chunk.decode, which keeps unknown fields and raises protobufjs's
// own errors: both paths give equal events (test/store/chunk-decode.test.ts).
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

type Msg = Record<string, unknown>;

/** A message of only varint fields, read into `msg` (field number → property name in `names`). */
function varintsOnly<T extends object>(msg: T, names: readonly string[], end: number): T {
  varintMessage(msg as unknown as Msg, names, end);
  return msg;
}

/** Fields of a message of only varint fields: number → property name, in field order. */
function varintMessage(msg: Msg, names: readonly string[], end: number): void {
  let seen = 0;
  while (pos < end) {
    const tag = varint(end);
    const field = tag >>> 3;
    const name = names[field];
    if (name === undefined || (tag & 7) !== 0 || seen & (1 << field)) throw UNEXPECTED;
    seen |= 1 << field;
    const v = varint(end);
    if (v !== 0) msg[name] = v;
  }
}

const SOURCE = ["", "file", "line"] as const;
const PIO = ["", "op", "port", "size", "value"] as const;
const PCI_CONFIG = ["", "op", "bdf", "offset", "size", "value"] as const;
const BARRIER = ["", "kind", "flavour"] as const;
const MSI = ["", "address", "data"] as const;

/** varintMessage for MmioAccess, the commonest payload, with its field names written out (no keyed stores). */
function mmioAccess(end: number): devtape.v1.MmioAccess {
  const m = new v1.MmioAccess();
  let seen = 0;
  while (pos < end) {
    const tag = varint(end);
    // Fields 1-5, all varints, each at most once; anything else is for the generated decoder.
    if (tag < 8 || tag > 40 || (tag & 7) !== 0 || seen & (1 << (tag >>> 3))) throw UNEXPECTED;
    seen |= 1 << (tag >>> 3);
    const v = varint(end);
    if (v === 0) continue;
    if (tag === 8) m.op = v;
    else if (tag === 16) m.addr = v;
    else if (tag === 24) m.size = v;
    else if (tag === 32) m.value = v;
    else m.valueHi = v;
  }
  return m;
}

/** MemoryAccess: varints and the one bytes field, which becomes a view into the body. */
function memoryAccess(end: number): devtape.v1.MemoryAccess {
  const m = new v1.MemoryAccess();
  let seen = 0;
  while (pos < end) {
    const tag = varint(end);
    if (tag < 8 || tag > 40 || seen & (1 << (tag >>> 3))) throw UNEXPECTED;
    seen |= 1 << (tag >>> 3);
    if (tag === 26) {
      const e = lengthEnd(end);
      // subarray of the plain view: cheaper than a view made with the constructor, and plain too.
      if (e > pos) m.data = buf.subarray(pos, e);
      pos = e;
      continue;
    }
    const v = varint(end);
    if (tag === 8) {
      if (v !== 0) m.op = v;
    } else if (tag === 16) {
      if (v !== 0) m.addr = v;
    } else if (tag === 32) {
      if (v !== 0) m.fillLength = v;
    } else if (tag === 40) {
      if (v !== 0) m.fillByte = v;
    } else {
      throw UNEXPECTED;
    }
  }
  return m;
}

function interrupt(end: number): devtape.v1.Interrupt {
  const i = new v1.Interrupt();
  let target = false;
  let action = false;
  while (pos < end) {
    const tag = varint(end);
    if (tag === 8 && !target) {
      target = true;
      i.line = varint(end);
    } else if (tag === 18 && !target) {
      target = true;
      i.msi = varintsOnly(new v1.Msi(), MSI, lengthEnd(end));
    } else if (tag === 24 && !action) {
      action = true;
      const v = varint(end);
      if (v !== 0) i.action = v;
    } else {
      throw UNEXPECTED;
    }
  }
  return i;
}

/** A rare payload, through its generated decoder. */
function generated<T>(decode: (r: InstanceType<typeof Reader>, len: number) => T, end: number): T {
  const r = Reader.create(buf);
  r.pos = pos;
  const value = decode(r, end - pos);
  pos = end;
  return value;
}

/** The fields of an event record buf[pos, end) into `ev` (made with its seq, time and agent already set). */
function event(end: number, ev: DecodedEvent): DecodedEvent {
  let payload = false;
  while (pos < end) {
    const tag = varint(end);
    if ((tag & 7) !== 2) throw UNEXPECTED;
    const e = lengthEnd(end);
    const field = tag >>> 3;
    if (field === 4) {
      if (ev.source != null) throw UNEXPECTED;
      ev.source = varintsOnly(new v1.Source(), SOURCE, e);
      continue;
    }
    if (payload) throw UNEXPECTED;
    payload = true;
    switch (field) {
      case 10:
        ev.mmio = mmioAccess(e);
        break;
      case 11:
        ev.pio = varintsOnly(new v1.PortIoAccess(), PIO, e);
        break;
      case 12:
        ev.pciConfig = varintsOnly(new v1.PciConfigAccess(), PCI_CONFIG, e);
        break;
      case 13:
        ev.memory = memoryAccess(e);
        break;
      case 14:
        ev.barrier = varintsOnly(new v1.Barrier(), BARRIER, e);
        break;
      case 15:
        ev.interrupt = interrupt(e);
        break;
      case 16:
        ev.observation = generated(v1.DeviceObservation.decode, e);
        break;
      case 17:
        ev.attach = generated(v1.DeviceAttach.decode, e);
        break;
      case 18:
        ev.detach = generated(v1.DeviceDetach.decode, e);
        break;
      case 19:
        ev.machine = generated(v1.Machine.decode, e);
        break;
      case 20:
        ev.marker = generated(v1.Marker.decode, e);
        break;
      default:
        throw UNEXPECTED;
    }
    if (pos !== e) throw UNEXPECTED;
  }
  return ev;
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

/** Where each event record of the chunk being decoded starts and ends (reused from chunk to chunk). */
let eventStarts = new Int32Array(4096);
let eventEnds = new Int32Array(4096);

/**
 * The first pass over a chunk body: where each event record is, and the times, agents and
 * agent references that come after the records (into the module's scratch lists). Returns
 * the agents.
 */
function envelope(body: Uint8Array, count: number): AgentProps[] {
  // A plain Uint8Array view (not a Buffer): subarray then makes plain views, without
  // Buffer's species lookup, for every bytes field.
  buf = new Uint8Array(body.buffer, body.byteOffset, body.length);
  pos = 0;
  const end = body.length;
  if (eventStarts.length < count) {
    eventStarts = new Int32Array(count);
    eventEnds = new Int32Array(count);
  }
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
        eventStarts[n] = pos;
        eventEnds[n++] = e;
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
  return agents;
}

/**
 * Two passes: the envelope first, then each event made with its seq, time and agent and
 * its own fields in that order, so every event object has the same shape from birth.
 */
function fastChunk(body: Uint8Array, firstSeq: number, count: number): DecodedEvent[] {
  const agents = envelope(body, count);
  const times = timesList.values;
  const refs = refsList.values;
  const events = new Array<DecodedEvent>(count);
  let prev = 0;
  for (let i = 0; i < count; i++) {
    const ev = new v1.Event();
    ev.seq = firstSeq + i;
    const code = times[i] as number;
    if (code !== 0) {
      prev += unzigzag(code - 1);
      ev.timeNs = prev;
    }
    const ref = refs[i] as number;
    if (ref !== 0) {
      const agent = agents[ref - 1];
      if (agent === undefined) throw UNEXPECTED; // the generated path names the damage
      ev.agent = agent;
    }
    pos = eventStarts[i] as number;
    events[i] = event(eventEnds[i] as number, ev);
  }
  return events;
}

/** A zigzag-coded delta back to its value (with 32-bit integer operations where they are exact: `%` on doubles is slow). */
function unzigzag(z: number): number {
  if (z < 0x80000000) return (z & 1) === 0 ? z >>> 1 : -((z >>> 1) + 1);
  const half = Math.floor(z / 2);
  return half * 2 === z ? half : -(half + 1);
}

/** Decodes a chunk body into events with seq, time and agent restored. */
export function decodeChunk(body: Uint8Array, firstSeq: number, count: number): DecodedEvent[] {
  try {
    return fastChunk(body, firstSeq, count);
  } catch {
    // Something only the generated decoder handles, or damage it will name: below.
  } finally {
    buf = new Uint8Array(0);
  }
  return generatedChunk(body, firstSeq, count);
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
  try {
    fastChunk(body, 0, count);
    return "fast";
  } catch {
    return "generated";
  } finally {
    buf = new Uint8Array(0);
  }
}

/** The generated decoder: every protobuf corner, and protobufjs's errors for damaged bytes. */
export function slowChunk(body: Uint8Array): RawChunk {
  try {
    return Chunk.decode(body) as unknown as RawChunk;
  } catch (e) {
    throw new ChunkDecodeError(`chunk body does not decode: ${(e as Error).message}`);
  }
}
